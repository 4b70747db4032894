// Types of scripts/librdkafka-properties.mjs, for the test that checks the generated file is current.
export declare const GENERATED_PATH: string;
export declare function locateLibrdkafka(): { dir: string; version: string } | undefined;
export declare function generate(configurationMd: string, confC: string, version: string): string;
