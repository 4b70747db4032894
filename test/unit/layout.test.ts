import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import native from '#native';

import * as layout from '../../lib/native/layout.generated.js';
import { GENERATED_PATH, render } from '../../scripts/generate-layout.mjs';

describe('the shared-memory layout', () => {
  const constants = (native as unknown as { sharedMemoryLayout(): Array<{ name: string; doc: string; value: number }> }).sharedMemoryLayout();

  it('TypeScript reads the same offsets as Rust: the generated file is current', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(render(constants));
  });

  it('every constant of the Rust definition is exported with its value, and no other', () => {
    expect(Object.fromEntries(constants.map(({ name, value }) => [name, value]))).toEqual({ ...layout });
  });
});
