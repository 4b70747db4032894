import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';

/** How each input line becomes a record. */
export type InputFormat = 'lines' | 'jsonl';

/** One line of input, without its line break. */
export interface InputLine {
  /** 1-based, as editors count. */
  number: number;
  text: Buffer;
}

/** A record made from one line. */
export interface LineRecord {
  key: Buffer | string | null;
  value: Buffer;
}

/** A line that cannot become a record; the message names the line and what is wrong with it. */
export class BadInputLine extends Error {
  constructor(
    readonly lineNumber: number,
    reason: string,
  ) {
    super(`line ${lineNumber}: ${reason}`);
    this.name = 'BadInputLine';
  }
}

const NEWLINE = 0x0a;
/** Refuses bytes that are not UTF-8 instead of replacing them; keeps a BOM, which JSON text may not have. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CARRIAGE_RETURN = 0x0d;

/**
 * Reads lines from a file or from standard input as a stream: chunks are read only as fast as the
 * caller takes lines (async iteration of a Readable pauses it between pulls), so a file of any size
 * needs memory for one chunk plus what the producer still holds.
 */
export class InputReader {
  /** Bytes read so far (for progress). */
  bytesRead = 0;

  private constructor(
    private readonly stream: Readable,
    /** The input's size when it is a regular file, for percent done and time left. */
    readonly totalBytes: number | undefined,
    /** Where lines come from, for messages. */
    readonly source: string,
  ) {}

  /** Opens `file`, or standard input when none is given. Throws an Error naming the file when it cannot be read. */
  static open(file: string | undefined, stdin: Readable = process.stdin): InputReader {
    if (file === undefined || file === '-') return new InputReader(stdin, undefined, 'standard input');
    let size: number;
    try {
      const stats = statSync(file);
      if (stats.isDirectory()) throw new Error('it is a directory');
      size = stats.isFile() ? stats.size : Number.NaN;
    } catch (error) {
      throw new Error(`cannot read the input file ${file}: ${(error as Error).message}`);
    }
    return new InputReader(createReadStream(file), Number.isNaN(size) ? undefined : size, file);
  }

  /**
   * Every line, numbered; a last line without a line break counts too, an empty end does not.
   * The pieces of a line that spans many chunks are joined once, at its end: joining them chunk
   * by chunk would copy a 50 MB line hundreds of times.
   */
  async *lines(): AsyncGenerator<InputLine> {
    let number = 0;
    let pieces: Buffer[] = [];
    for await (const chunk of this.stream as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      this.bytesRead += bytes.length;
      let start = 0;
      for (let end = bytes.indexOf(NEWLINE, start); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
        const tail = bytes.subarray(start, end);
        const line = pieces.length === 0 ? tail : Buffer.concat([...pieces, tail]);
        pieces = [];
        yield { number: ++number, text: withoutCarriageReturn(line) };
        start = end + 1;
      }
      if (start < bytes.length) pieces.push(bytes.subarray(start));
    }
    if (pieces.length > 0) yield { number: ++number, text: withoutCarriageReturn(Buffer.concat(pieces)) };
  }

  /** Stops reading (after an interrupt or a fatal error). */
  close(): void {
    this.stream.destroy();
  }
}

function withoutCarriageReturn(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN ? line.subarray(0, line.length - 1) : line;
}

/**
 * Turns a line into a record, or returns undefined for a line to skip (a blank line in JSON Lines).
 * `lines`: the line's bytes are the value. `jsonl`: the line must be valid JSON; it is sent as
 * written, keyed by `keyField` if given (a string field as is, any other value as JSON; a field
 * that is missing makes the line bad). Throws BadInputLine.
 */
export function recordOfLine(line: InputLine, format: InputFormat, keyField: string | undefined): LineRecord | undefined {
  if (format === 'lines') return { key: null, value: line.text };
  let text: string;
  try {
    text = STRICT_UTF8.decode(line.text);
  } catch {
    // JSON text is UTF-8 (RFC 8259); decoding would quietly turn bad bytes into U+FFFD.
    throw new BadInputLine(line.number, 'not valid JSON (not valid UTF-8)');
  }
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BadInputLine(line.number, `not valid JSON (${(error as Error).message})`);
  }
  if (keyField === undefined) return { key: null, value: line.text };
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadInputLine(line.number, `--key-field ${keyField} needs a JSON object; got ${Array.isArray(parsed) ? 'an array' : String(parsed)}`);
  }
  // Only the object's own fields: `toString` or `constructor` must not find Object.prototype's.
  const key = Object.hasOwn(parsed, keyField) ? (parsed as Record<string, unknown>)[keyField] : undefined;
  if (key === undefined) throw new BadInputLine(line.number, `has no field '${keyField}' (--key-field)`);
  return { key: key === null ? null : typeof key === 'string' ? key : JSON.stringify(key), value: line.text };
}
