import { describe, expect, it } from 'vitest';
import { longRunning, progressEvery } from '../../src/internal/long-running.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

describe('the one check of { seed, signal, onProgress } (issue 13, item 4)', () => {
  it('validates each option and names the function', () => {
    expect(errorCodeAndMessage(() => longRunning('fit', { seed: NaN }))).toBe('INVALID_OPTION: fit: seed must be an integer (got NaN)');
    expect(errorCodeAndMessage(() => longRunning('fit', { signal: {} as AbortSignal }))).toBe('INVALID_OPTION: fit: signal must be an AbortSignal (got object Object)');
    expect(errorCodeAndMessage(() => longRunning('fit', { signal: true as unknown as AbortSignal }))).toBe('INVALID_OPTION: fit: signal must be an AbortSignal (got true)');
    expect(errorCodeAndMessage(() => longRunning('fit', { onProgress: 'log' as unknown as () => void }))).toBe('INVALID_OPTION: fit: onProgress must be a function (got "log")');
  });
  it('defaults: seed 0 (or the given default), no signal, no callback', () => {
    const r = longRunning('fit', undefined, 7);
    expect(r.seed).toBe(7);
    expect(r.signal).toBeUndefined();
    expect(r.onProgress).toBeUndefined();
    expect(() => r.report({ done: 1 })).not.toThrow();
    expect(r.rng().next()).toBe(longRunning('g', { seed: 7 }).rng().next());
  });
  it('throws ABORTED at once for a signal that has already fired, before any work', () => {
    const c = new AbortController();
    c.abort();
    expect(errorCodeAndMessage(() => longRunning('fit', { signal: c.signal }))).toBe('ABORTED: fit: aborted by signal');
  });
  it('report() calls onProgress, then stops when the callback fired the signal', () => {
    const c = new AbortController();
    const seen: number[] = [];
    const r = longRunning<{ i: number }>('fit', {
      signal: c.signal,
      onProgress: (p) => {
        seen.push(p.i);
        if (p.i === 2) c.abort();
      },
    });
    r.report({ i: 1 });
    expect(errorCodeAndMessage(() => r.report({ i: 2 }))).toBe('ABORTED: fit: aborted by signal');
    expect(seen).toEqual([1, 2]);
    expect(errorCodeAndMessage(() => r.throwIfAborted())).toBe('ABORTED: fit: aborted by signal');
  });
  it('accepts a signal-like object (a polyfill or another realm)', () => {
    let fired = false;
    const r = longRunning('fit', { signal: { get aborted() { return fired; } } as AbortSignal });
    r.throwIfAborted();
    fired = true;
    expect(() => r.throwIfAborted()).toThrow(/aborted by signal/);
  });
  it('progressEvery reports about every 1%', () => {
    expect(progressEvery(1)).toBe(1);
    expect(progressEvery(250)).toBe(2);
    expect(progressEvery(10000)).toBe(100);
  });
});
