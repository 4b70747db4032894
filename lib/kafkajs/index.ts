/**
 * `ferrokafka/kafkajs`: KafkaJS's producer API over ferrokafka. Change
 * `import { Kafka } from 'kafkajs'` to `import { Kafka } from 'ferrokafka/kafkajs'` and producers
 * run on librdkafka; `kafka.consumer()` and `kafka.admin()` keep running on kafkajs when it is
 * installed. The remaining differences are listed in docs/kafkajs-differences.md.
 *
 * @module
 */
import * as api from './api.js';

export * from './api.js';

/**
 * Every export as one object, like kafkajs's `module.exports`: ES modules that read kafkajs (a
 * CommonJS package) with `import kafkajs from 'kafkajs'` keep working with the import switched.
 */
export default api;
