import type * as KafkaJS from 'kafkajs';

import { loadKafkaJS } from './peer.js';

// KafkaJS exports these for its consumer and admin client, which ferrokafka/kafkajs hands to
// kafkajs. The numeric ones are Kafka protocol constants; the assigners and the assigner protocol
// are kafkajs's own code, taken from it on first use. Each is typed as kafkajs's own, so the values
// fit the handed-over admin client's and consumer's parameters.

/** Resource types of `admin.describeConfigs()` / `alterConfigs()`. */
export const ConfigResourceTypes: typeof KafkaJS.ConfigResourceTypes = {
  UNKNOWN: 0,
  TOPIC: 2,
  BROKER: 4,
  BROKER_LOGGER: 8,
} as typeof KafkaJS.ConfigResourceTypes;

/** Where a configuration value comes from (`admin.describeConfigs()`). */
export const ConfigSource: typeof KafkaJS.ConfigSource = {
  UNKNOWN: 0,
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as typeof KafkaJS.ConfigSource;

/** ACL resource types (`admin.createAcls()`, ...). */
export const AclResourceTypes: typeof KafkaJS.AclResourceTypes = {
  UNKNOWN: 0,
  ANY: 1,
  TOPIC: 2,
  GROUP: 3,
  CLUSTER: 4,
  TRANSACTIONAL_ID: 5,
  DELEGATION_TOKEN: 6,
} as typeof KafkaJS.AclResourceTypes;

/** ACL operations. */
export const AclOperationTypes: typeof KafkaJS.AclOperationTypes = {
  UNKNOWN: 0,
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
} as typeof KafkaJS.AclOperationTypes;

/** ACL permission types. */
export const AclPermissionTypes: typeof KafkaJS.AclPermissionTypes = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as typeof KafkaJS.AclPermissionTypes;

/** ACL resource pattern types. */
export const ResourcePatternTypes: typeof KafkaJS.ResourcePatternTypes = {
  UNKNOWN: 0,
  ANY: 1,
  MATCH: 2,
  LITERAL: 3,
  PREFIXED: 4,
} as typeof KafkaJS.ResourcePatternTypes;

/** kafkajs's partition assigners for its consumer (read from kafkajs, which must be installed). */
export const PartitionAssigners: typeof KafkaJS.PartitionAssigners = {
  get roundRobin() {
    return (loadKafkaJS('consumer') as unknown as typeof KafkaJS).PartitionAssigners.roundRobin;
  },
};

/** kafkajs's assigner protocol, for custom assigners of its consumer (read from kafkajs). */
export const AssignerProtocol: typeof KafkaJS.AssignerProtocol = {
  get MemberMetadata() {
    return (loadKafkaJS('consumer') as unknown as typeof KafkaJS).AssignerProtocol.MemberMetadata;
  },
  get MemberAssignment() {
    return (loadKafkaJS('consumer') as unknown as typeof KafkaJS).AssignerProtocol.MemberAssignment;
  },
};
