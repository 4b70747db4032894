import { createRequire } from 'node:module';
import { join } from 'node:path';

import { KafkaJSNotImplemented, registerPeerErrors } from './errors.js';

/** The part of the real `kafkajs` package this module uses: its `Kafka` class. */
export interface KafkaJSPackage {
  Kafka: new (config: object) => { consumer(config?: object): unknown; admin(config?: object): unknown };
}

/**
 * Where `kafkajs` (an optional peer dependency) is looked for: next to this file (the CommonJS
 * build), next to the program's entry script, and from the working directory.
 */
function anchors(): string[] {
  const list: string[] = [];
  if (typeof __filename === 'string') list.push(__filename);
  if (typeof process.argv[1] === 'string') list.push(process.argv[1]);
  list.push(join(process.cwd(), 'package.json'));
  return list;
}

let loadedPeer: KafkaJSPackage | undefined;

/** Loads the real `kafkajs`, or throws a KafkaJSNotImplemented saying what to install for `call`. */
export function loadKafkaJS(call: 'consumer' | 'admin'): KafkaJSPackage {
  if (loadedPeer !== undefined) return loadedPeer;
  for (const anchor of anchors()) {
    let loaded: unknown;
    try {
      loaded = createRequire(anchor)('kafkajs');
    } catch {
      continue;
    }
    if (typeof (loaded as Partial<KafkaJSPackage>).Kafka === 'function') {
      registerPeerErrors(loaded as object);
      loadedPeer = loaded as KafkaJSPackage;
      return loadedPeer;
    }
  }
  throw new KafkaJSNotImplemented(
    `kafka.${call}() needs the kafkajs package: ferrokafka/kafkajs implements the producer and hands consumer() and admin() to kafkajs, with the same configuration, when it is installed. Run \`npm install kafkajs\` (ferrokafka declares it as an optional peer dependency), or import { Kafka } from 'kafkajs' for the ${call}.`,
  );
}
