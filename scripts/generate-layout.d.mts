// Types of scripts/generate-layout.mjs, for the test that checks the generated file is current.
export declare const GENERATED_PATH: string;
export declare function render(constants: ReadonlyArray<{ name: string; doc: string; value: number }>): string;
