import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { startProgress, type ProgressSnapshot } from '../../lib/cli/progress.js';

/** A stream that records what is written; `tty` makes it claim to be a terminal, 120 columns wide. */
function capture(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: tty, columns: 120 });
  return { stream, text: () => text };
}

const halfway: ProgressSnapshot = { sent: 5000, delivered: 4000, failed: 2, bytesRead: 500, totalBytes: 1000 };
const ESC = String.fromCharCode(0x1b);

describe('progress display', () => {
  it('draws a bar with percent and time left on a terminal, and prints log lines above it', async () => {
    const out = capture(true);
    const progress = startProgress(out.stream, () => halfway);
    await new Promise((resolve) => setTimeout(resolve, 300));
    progress.log('ferrokafka: line 3: not valid JSON');
    progress.stop();
    progress.stop(); // twice is harmless
    expect(out.text()).toContain(' 50% | 4000 delivered, 2 failed | 500 B |');
    expect(out.text()).toMatch(/ left/);
    expect(out.text()).toContain('ferrokafka: line 3: not valid JSON\n');
    expect(out.text()).toContain(ESC);
  });

  it('prints plain lines, no escape codes, only when outcomes came in', async () => {
    const out = capture(false);
    let snapshot: ProgressSnapshot = { sent: 10, delivered: 0, failed: 0, bytesRead: 0, totalBytes: undefined };
    const progress = startProgress(out.stream, () => snapshot, 40);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(out.text()).toBe('');
    snapshot = halfway;
    await new Promise((resolve) => setTimeout(resolve, 100));
    progress.stop();
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^5000 sent, 4000 delivered, 2 failed, 500 B read \(50%\), [\d.]+ records\/sec$/);
    expect(out.text()).not.toContain(ESC);
  });
});
