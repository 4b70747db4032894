import { loadKafkaJS } from './peer.js';

// KafkaJS exports these for its consumer and admin client, which ferrokafka/kafkajs hands to
// kafkajs. The numeric ones are Kafka protocol constants; the assigners and the assigner protocol
// are kafkajs's own code, taken from it on first use.

/** Resource types of `admin.describeConfigs()` / `alterConfigs()`. */
export const ConfigResourceTypes = { UNKNOWN: 0, TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;

/** Where a configuration value comes from (`admin.describeConfigs()`). */
export const ConfigSource = {
  UNKNOWN: 0,
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as const;

/** ACL resource types (`admin.createAcls()`, ...). */
export const AclResourceTypes = { UNKNOWN: 0, ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6 } as const;

/** ACL operations. */
export const AclOperationTypes = {
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
} as const;

/** ACL permission types. */
export const AclPermissionTypes = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as const;

/** ACL resource pattern types. */
export const ResourcePatternTypes = { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;

/** kafkajs's partition assigners for its consumer (read from kafkajs, which must be installed). */
export const PartitionAssigners: { readonly roundRobin: unknown } = {
  get roundRobin(): unknown {
    return (loadKafkaJS('consumer') as unknown as { PartitionAssigners: { roundRobin: unknown } }).PartitionAssigners.roundRobin;
  },
};

/** kafkajs's assigner protocol, for custom assigners of its consumer (read from kafkajs). */
export const AssignerProtocol: { readonly MemberMetadata: unknown; readonly MemberAssignment: unknown } = {
  get MemberMetadata(): unknown {
    return (loadKafkaJS('consumer') as unknown as { AssignerProtocol: { MemberMetadata: unknown } }).AssignerProtocol.MemberMetadata;
  },
  get MemberAssignment(): unknown {
    return (loadKafkaJS('consumer') as unknown as { AssignerProtocol: { MemberAssignment: unknown } }).AssignerProtocol.MemberAssignment;
  },
};
