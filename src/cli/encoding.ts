// The text encoding of a CSV input, checked as the bytes arrive: csv-parse decodes every field with replacement, so a
// Latin-1 `é` and `è` would both become U+FFFD, and two distinct categories one. The check finds the first byte that
// is not valid in the input's encoding (UTF-8 unless a UTF-16LE byte-order mark or `--encoding latin1` says
// otherwise) without decoding anything: Node's `isUtf8` (simdutf) on each chunk, and a byte scan only to locate the
// fault. Latin-1 maps every byte to one character, so nothing is checked.
import * as nodeBuffer from 'node:buffer';

/** The encodings a user may declare (`--encoding`). */
export const ENCODINGS = ['utf8', 'latin1'] as const;
/** A declared encoding. */
export type InputEncoding = (typeof ENCODINGS)[number];

/** The first bytes that are not text in the input's encoding. */
export interface BadBytes {
  /** Offset of the first such byte from the start of the input (the byte-order mark included). */
  offset: number;
  /** The offending byte (UTF-8) or code unit (UTF-16LE: 2 bytes, or the last odd byte), for the message. */
  bytes: Uint8Array;
  /** The encoding they break. */
  encoding: 'UTF-8' | 'UTF-16LE';
}

// `isUtf8` is in Node since 18.14 / 19.4; the byte scan stands in for it before that.
const isUtf8: ((b: Uint8Array) => boolean) | undefined = (nodeBuffer as { isUtf8?: (b: Uint8Array) => boolean }).isUtf8;

/**
 * Index of the first byte of the first ill-formed UTF-8 sequence in `b` (Unicode's Table 3-7: no overlong forms, no
 * surrogates, nothing past U+10FFFF; a sequence cut short by the end is ill-formed), or -1 when all of `b` is UTF-8.
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const second = b[i + 1];
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Where a chunk's complete UTF-8 characters end: before a multi-byte sequence at the very end that the next chunk
 * may complete (a lead byte followed by fewer continuation bytes than it announces).
 */
function completeUtf8(b: Uint8Array): number {
  const n = b.length;
  for (let i = n - 1; i >= 0 && i >= n - 3; i--) {
    const c = b[i];
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return len > n - i && c >= 0xc2 && c <= 0xf4 ? i : n;
  }
  return n;
}

/**
 * Index of the first code unit of `b` (little-endian pairs) that is not well-formed UTF-16: a low surrogate without a
 * high one, or a high surrogate without a low one. A high surrogate or an odd byte at the end is left for the next
 * chunk: `complete` tells where the checked part ends.
 */
function scanUtf16le(b: Uint8Array, final: boolean): { bad: number; complete: number } {
  const n = b.length;
  let i = 0;
  while (i + 1 < n) {
    const u = b[i] | (b[i + 1] << 8);
    if (u >= 0xdc00 && u <= 0xdfff) return { bad: i, complete: i };
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= n) break; // the low surrogate may come in the next chunk
      const v = b[i + 2] | (b[i + 3] << 8);
      if (v < 0xdc00 || v > 0xdfff) return { bad: i, complete: i };
      i += 4;
      continue;
    }
    i += 2;
  }
  if (final && i < n) return { bad: i, complete: i };
  return { bad: -1, complete: i };
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];

function startsWith(b: Uint8Array, prefix: readonly number[]): boolean {
  return b.length >= prefix.length && prefix.every((x, i) => b[i] === x);
}

/**
 * Checks a stream's bytes, chunk by chunk, in the encoding csv-parse will decode them with: UTF-8 after a UTF-8
 * byte-order mark, UTF-16LE after a UTF-16LE one (csv-parse switches on both), else the declared encoding. Push each
 * chunk before the parser sees it; `bad` then tells the first fault among the bytes pushed so far.
 */
export class EncodingCheck {
  /** The first bytes that are not text, once seen. */
  bad: BadBytes | undefined;
  private mode: 'utf8' | 'utf16le' | 'latin1' | undefined;
  /** Bytes not yet checked: the start of the input before the mode is known, or an unfinished character. */
  private pending: Buffer = Buffer.alloc(0);
  /** Offset of `pending[0]` in the input. */
  private offset = 0;

  constructor(private readonly declared: InputEncoding) {}

  /** Checks the next chunk of the input. */
  push(chunk: Buffer): void {
    if (this.bad !== undefined || this.mode === 'latin1') return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.check(false);
  }

  /** Checks what is left at the end of the input (an unfinished character is a fault). */
  end(): void {
    if (this.bad !== undefined || this.mode === 'latin1') return;
    this.check(true);
  }

  private check(final: boolean): void {
    const b = this.pending;
    if (this.mode === undefined) {
      if (b.length < 3 && !final) return; // the byte-order mark may not be complete yet
      this.mode = startsWith(b, UTF8_BOM) ? 'utf8' : startsWith(b, UTF16LE_BOM) ? 'utf16le' : this.declared;
      if (this.mode === 'latin1') {
        this.pending = Buffer.alloc(0);
        return;
      }
    }
    let bad: number;
    let complete: number;
    if (this.mode === 'utf16le') {
      ({ bad, complete } = scanUtf16le(b, final));
    } else {
      complete = final ? b.length : completeUtf8(b);
      const part = b.subarray(0, complete);
      bad = isUtf8 === undefined || !isUtf8(part) ? firstInvalidUtf8(part) : -1;
    }
    if (bad >= 0) {
      this.bad = { offset: this.offset + bad, bytes: Uint8Array.from(b.subarray(bad, bad + (this.mode === 'utf16le' ? 2 : 1))), encoding: this.mode === 'utf16le' ? 'UTF-16LE' : 'UTF-8' };
      this.pending = Buffer.alloc(0);
      return;
    }
    this.offset += complete;
    this.pending = complete === b.length ? Buffer.alloc(0) : Buffer.from(b.subarray(complete));
  }
}

/** Bytes as the message shows them: `0xE9 0x0A`. */
export function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => `0x${x.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
}
