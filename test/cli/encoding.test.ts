// The encoding check of the CLI's input: the first byte that is not UTF-8 (or UTF-16LE after its byte-order mark),
// found the same wherever the input is cut into chunks, and never a false alarm on valid text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EncodingCheck, firstInvalidUtf8, hexBytes } from '../../src/cli/encoding.js';

/** The first invalid byte as WHATWG's fatal decoder sees it, by bisection (the reference). */
function referenceInvalid(b: Uint8Array): number {
  const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const ok = (n: number): boolean => {
    try {
      dec.decode(b.subarray(0, n));
      return true;
    } catch {
      return false;
    }
  };
  if (ok(b.length)) return -1;
  // The longest valid prefix ends at a character boundary; the fault starts there.
  let lo = 0;
  for (let n = 1; n <= b.length; n++) if (ok(n)) lo = n;
  return lo;
}

/** Bytes that are mostly text, with some random bytes mixed in. */
const textish = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => Array.from(Buffer.from(s))),
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 3 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

/** Runs the streaming check over `b` cut at `cuts`. */
function streamed(b: Uint8Array, cuts: number[], declared: 'utf8' | 'latin1' = 'utf8'): EncodingCheck {
  const check = new EncodingCheck(declared);
  let at = 0;
  for (const c of [...cuts.filter((x) => x <= b.length).sort((x, y) => x - y), b.length]) {
    check.push(Buffer.from(b.subarray(at, c)));
    at = c;
  }
  check.end();
  return check;
}

describe('firstInvalidUtf8', () => {
  it('agrees with the fatal TextDecoder on text with random bytes', () => {
    fc.assert(
      fc.property(textish, (b) => {
        expect(firstInvalidUtf8(b)).toBe(referenceInvalid(b));
      }),
      { seed: 13, numRuns: 2000 },
    );
  });

  it('refuses overlong forms, surrogates, code points past U+10FFFF and truncated sequences', () => {
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1); // overlong NUL
    expect(firstInvalidUtf8(Uint8Array.from([0xe0, 0x80, 0x80]))).toBe(0); // overlong 3-byte
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0); // U+D800
    expect(firstInvalidUtf8(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // U+110000
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(1); // € cut short
    expect(firstInvalidUtf8(Buffer.from('aé€😀'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array(0))).toBe(-1);
  });
});

describe('EncodingCheck', () => {
  it('finds the same fault at the same offset however the input is cut into chunks', () => {
    fc.assert(
      fc.property(textish, fc.array(fc.nat({ max: 200 }), { maxLength: 6 }), (b, cuts) => {
        const body = Buffer.concat([Buffer.from('a,b\n'), b]);
        const want = referenceInvalid(body);
        const check = streamed(body, cuts);
        expect(check.bad?.offset ?? -1).toBe(want);
        if (want >= 0) expect(check.bad?.bytes[0]).toBe(body[want]);
      }),
      { seed: 17, numRuns: 2000 },
    );
  });

  it('accepts a character split across every possible chunk boundary', () => {
    const b = Buffer.from('x,y\né,😀\n€,ß\n');
    for (let i = 0; i <= b.length; i++) for (let j = i; j <= b.length; j++) expect(streamed(b, [i, j]).bad, `${i} ${j}`).toBeUndefined();
  });

  it('reads UTF-16LE after its byte-order mark and refuses a lone surrogate or an odd byte at the end', () => {
    const bom = Buffer.from([0xff, 0xfe]);
    const good = Buffer.concat([bom, Buffer.from('a,b\n😀,é\n', 'utf16le')]);
    for (let i = 0; i <= good.length; i++) expect(streamed(good, [i]).bad, String(i)).toBeUndefined();
    const lone = Buffer.concat([bom, Buffer.from('a', 'utf16le'), Buffer.from([0x00, 0xdc]), Buffer.from('b', 'utf16le')]);
    expect(streamed(lone, [3]).bad).toMatchObject({ offset: 4, encoding: 'UTF-16LE', bytes: Uint8Array.from([0x00, 0xdc]) });
    const high = Buffer.concat([bom, Buffer.from('a', 'utf16le'), Buffer.from([0x3d, 0xd8]), Buffer.from('b', 'utf16le')]);
    expect(streamed(high, [5]).bad?.offset).toBe(4);
    const odd = Buffer.concat([bom, Buffer.from('ab', 'utf16le'), Buffer.from([0x41])]);
    expect(streamed(odd, []).bad).toMatchObject({ offset: 6, encoding: 'UTF-16LE' });
  });

  it('checks UTF-8 after a UTF-8 byte-order mark even when latin1 is declared; latin1 accepts every byte', () => {
    const bad = Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xe9, 0x0a]);
    expect(streamed(bad, [1], 'latin1').bad).toMatchObject({ offset: 4, encoding: 'UTF-8' });
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(streamed(all, [100], 'latin1').bad).toBeUndefined();
    expect(streamed(all, [100], 'utf8').bad?.offset).toBe(128);
  });

  it('writes bytes as hex for messages', () => {
    expect(hexBytes(Uint8Array.from([0xe9, 0x0a]))).toBe('0xE9 0x0A');
  });
});
