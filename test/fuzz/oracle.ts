// What every call must do, whatever its arguments: return a finite result (no NaN anywhere in it; ±Infinity only
// where the function documents it) or throw an InfometaError whose message starts with the called function's name;
// leave its arguments as they were (and its receiver, when it throws); and return within the time limit.
import fc from 'fast-check';
import { InfometaError, Tensor } from '../../src/index.js';

/** One function, method or constructor the fuzz suite calls. */
export interface Target {
  /** What is called: `entropy`, `DependencyMatrix.get`, `Rng.int`, `new DependencyMatrix`. */
  readonly name: string;
  /** The export (as listed by the export snapshot) this target belongs to. */
  readonly export: string;
  /**
   * Expected start of an error message, before the colon: a name, or several accepted names (a learner's methods
   * are named after the learner the user made, `maml.adapt`). Default: `name` without `new `.
   */
  readonly prefix?: string | readonly string[];
  /** Well-formed argument lists (for a method, the receiver first). */
  readonly valid: fc.Arbitrary<unknown[]>;
  /** Malformed replacements, per argument position (for a method, position 0, the receiver, is never replaced). */
  readonly hostile: readonly (fc.Arbitrary<unknown> | null)[];
  /** Calls the target with an argument list. */
  readonly call: (args: unknown[]) => unknown;
  /** Where the result may be ±Infinity by documentation (`klDivergence` of disjoint supports, …). */
  readonly allowInfinity?: boolean;
  /** Argument positions the target writes to by design (`rng.shuffle(a)`, `optimizer.step(params, …)`). */
  readonly mutates?: readonly number[];
  /** For a method: the receiver may change on success (fit, step); it must still be unchanged when the call throws. */
  readonly mutatesReceiver?: boolean;
  /** A method: position 0 of the argument list is the receiver. */
  readonly isMethod?: boolean;
  /** The result is the caller's own argument handed back (`rng.shuffle(a)`): its contents are not checked. */
  readonly returnsArgument?: boolean;
  /** A further promise about a successful result (a well-formed SVG, …): a description of what broke, or null. */
  readonly post?: (result: unknown, args: readonly unknown[]) => string | null;
}

/** How one call went, when it broke a promise. */
export interface Failure {
  /** `non-finite`, `raw-error`, `wrong-prefix`, `mutation`, `slow`, `hang`, `crash`. */
  kind: string;
  /** What went wrong. */
  detail: string;
  /** The arguments, printed. */
  args: string;
  /** Index of the case (with the seed and the target, enough to replay it). */
  index: number;
}

/** A copy of v small enough to print: long arrays and typed arrays cut to their first 20 entries. */
function capped(v: unknown, depth: number, seen: Set<unknown>): unknown {
  if (typeof v === 'function') return `<function ${v.name}>`;
  if (typeof v !== 'object' || v === null || seen.has(v) || depth > 5) return v;
  seen.add(v);
  try {
    if (Array.isArray(v) && v.length > 20) {
      const head: unknown[] = [];
      for (let i = 0; i < 20; i++) head.push(i in v ? capped(v[i], depth + 1, seen) : undefined);
      return { [`<array of length ${v.length}, first 20>`]: head };
    }
    if (ArrayBuffer.isView(v) && !(v instanceof DataView) && (v as unknown as ArrayLike<unknown>).length > 20) {
      const a = v as unknown as ArrayLike<unknown>;
      return { [`<${v.constructor.name} of length ${a.length}, first 20>`]: Array.from({ length: 20 }, (_, i) => a[i]) };
    }
    if (Array.isArray(v)) return v.map((x) => capped(x, depth + 1, seen));
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, unknown> = proto === null ? (Object.create(null) as Record<string, unknown>) : {};
      for (const [k, x] of Object.entries(v)) out[k] = capped(x, depth + 1, seen);
      return out;
    }
    if (!ArrayBuffer.isView(v) && !(v instanceof Map) && !(v instanceof Set) && !(v instanceof Date) && !(v instanceof RegExp)) {
      const cls = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        try {
          return { [`<${cls}>`]: capped((toJSON as () => unknown).call(v), depth + 1, seen) };
        } catch {
          // fall through to the bare class name
        }
      }
      return `<${cls}>`;
    }
    return v;
  } finally {
    seen.delete(v);
  }
}

/** A short printable form of an argument list. */
export function describe(args: readonly unknown[]): string {
  let s: string;
  try {
    s = fc.stringify(capped(args, 0, new Set()));
  } catch {
    s = '<unprintable>';
  }
  return s.length > 600 ? s.slice(0, 600) + '…' : s;
}

const TYPED = Object.getPrototypeOf(Int8Array) as abstract new () => ArrayLike<unknown>;

/**
 * A fingerprint of a value's observable state: primitives (−0 and NaN distinguished), array entries (holes marked),
 * typed-array contents, own data properties of objects (getters are not invoked) and their class. Two fingerprints
 * differ iff something a caller could see changed.
 */
export function fingerprint(v: unknown, depth = 0, seen: Set<unknown> = new Set()): string {
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'string':
      return JSON.stringify(v);
    case 'symbol':
      return String(v);
    case 'function':
      return 'fn';
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(v);
  }
  if (v === null) return 'null';
  if (seen.has(v)) return '<cycle>';
  if (depth > 8) return '<deep>';
  seen.add(v);
  try {
    if (v instanceof TYPED) {
      const a = v as unknown as ArrayLike<unknown>;
      const parts: string[] = [];
      for (let i = 0; i < a.length; i++) parts.push(fingerprint(a[i], depth + 1, seen));
      return `${(v as object).constructor.name}[${parts.join(',')}]`;
    }
    if (v instanceof DataView || v instanceof ArrayBuffer) {
      const bytes = new Uint8Array(v instanceof DataView ? v.buffer : v);
      return `${(v as object).constructor.name}[${bytes.join(',')}]`;
    }
    if (Array.isArray(v)) {
      if (v.length > 100000) {
        // A sparse giant: its set keys and length.
        return `Array(${v.length}){${Object.keys(v)
          .map((k) => `${k}:${fingerprint(v[Number(k)], depth + 1, seen)}`)
          .join(',')}}`;
      }
      const parts: string[] = [];
      for (let i = 0; i < v.length; i++) parts.push(i in v ? fingerprint(v[i], depth + 1, seen) : '<hole>');
      return `[${parts.join(',')}]`;
    }
    if (v instanceof Map) return `Map{${[...v.entries()].map(([k, x]) => `${fingerprint(k, depth + 1, seen)}=>${fingerprint(x, depth + 1, seen)}`).join(',')}}`;
    if (v instanceof Set) return `Set{${[...v].map((x) => fingerprint(x, depth + 1, seen)).join(',')}}`;
    if (v instanceof Date) return `Date(${v.getTime()})`;
    // A tensor's visible state; its graph bookkeeping (marks, pending gradients) is not the caller's data.
    if (v instanceof Tensor) return `Tensor(${fingerprint(v.shape, depth + 1, seen)},${fingerprint(v.data, depth + 1, seen)},${v.requiresGrad})`;
    const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
    const name = proto === null ? 'null' : (proto.constructor?.name ?? '?');
    // An instance of a class with toJSON (a model, a learner, an optimizer): its state is what toJSON says, not its
    // private caches and workspaces.
    if (proto !== null && proto !== Object.prototype && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      try {
        return `${name}.toJSON:${fingerprint((v as { toJSON: () => unknown }).toJSON(), depth + 1, seen)}`;
      } catch {
        // toJSON refused (an unfitted model): fall back to its own properties.
      }
    }
    const desc = Object.getOwnPropertyDescriptors(v);
    const parts: string[] = [];
    for (const key of Reflect.ownKeys(desc)) {
      const d = desc[key as string];
      parts.push(`${String(key)}:${'value' in d ? fingerprint(d.value, depth + 1, seen) : 'accessor'}`);
    }
    return `${name}{${parts.join(',')}}`;
  } finally {
    seen.delete(v);
  }
}

/** The path of the first NaN (or ±Infinity unless allowed) in a result, or null when every number in it is fine. */
export function nonFinite(v: unknown, allowInfinity: boolean, path = 'result', depth = 0, seen: Set<unknown> = new Set()): string | null {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return `${path} is NaN`;
    if (!allowInfinity && !Number.isFinite(v)) return `${path} is ${v}`;
    return null;
  }
  if (typeof v !== 'object' || v === null || depth > 6 || seen.has(v)) return null;
  seen.add(v);
  if (v instanceof TYPED) {
    const a = v as unknown as ArrayLike<unknown>;
    for (let i = 0; i < a.length; i++) {
      const r = nonFinite(a[i], allowInfinity, `${path}[${i}]`, depth + 1, seen);
      if (r !== null) return r;
    }
    return null;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length && i < 100000; i++) {
      const r = nonFinite(v[i], allowInfinity, `${path}[${i}]`, depth + 1, seen);
      if (r !== null) return r;
    }
    return null;
  }
  if (v instanceof Error || v instanceof Map || v instanceof Set) return null;
  if (v instanceof Tensor) return nonFinite(v.data, allowInfinity, `${path}.data`, depth + 1, seen);
  const desc = Object.getOwnPropertyDescriptors(v);
  for (const key of Object.keys(desc)) {
    const d = desc[key];
    if (!('value' in d)) continue;
    const r = nonFinite(d.value, allowInfinity, `${path}.${key}`, depth + 1, seen);
    if (r !== null) return r;
  }
  return null;
}

/** Replaces digits and quoted text so that failures that differ only in values count once. */
export function signature(f: Pick<Failure, 'kind' | 'detail'>): string {
  return `${f.kind}: ${f.detail.replace(/"[^"]*"|'[^']*'/g, '…').replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/g, '#').slice(0, 160)}`;
}

/** How a call ended: its result, or what it threw (or rejected with). */
interface Outcome {
  result: unknown;
  threw: unknown;
  didThrow: boolean;
}

/** True for a Promise (or any thenable) returned by an async target. */
function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * Calls the target with `args` and checks the promises. Returns null when they all hold, else the failure; for an
 * async target (one that returns a promise), a promise of that, its rejection treated as a throw and a promise
 * still pending after `limitMs` a failure (`hang`). `limitMs` is the time budget of one call.
 */
export function check(target: Target, args: unknown[], index: number, limitMs: number, printed = describe(args)): Failure | null | Promise<Failure | null> {
  // Array.from, not map: a case whose argument list has a hole (a later argument replaced) fingerprints it too.
  const before = Array.from(args, (a) => fingerprint(a));
  const t0 = performance.now();
  let out: Outcome;
  try {
    out = { result: target.call(args), threw: undefined, didThrow: false };
  } catch (e) {
    out = { result: undefined, threw: e, didThrow: true };
  }
  if (!out.didThrow && isThenable(out.result)) {
    const pending = out.result;
    return new Promise<Failure | null>((resolve) => {
      const timer = setTimeout(() => resolve({ kind: 'hang', detail: `the promise did not settle within ${limitMs} ms`, args: printed, index }), limitMs);
      const done = (o: Outcome): void => {
        clearTimeout(timer);
        resolve(judge(target, args, before, o, performance.now() - t0, index, limitMs, printed));
      };
      pending.then(
        (result) => done({ result, threw: undefined, didThrow: false }),
        (e: unknown) => done({ result: undefined, threw: e, didThrow: true }),
      );
    });
  }
  return judge(target, args, before, out, performance.now() - t0, index, limitMs, printed);
}

function judge(target: Target, args: unknown[], before: string[], out: Outcome, ms: number, index: number, limitMs: number, printed: string): Failure | null {
  const fail = (kind: string, detail: string): Failure => ({ kind, detail, args: printed, index });
  const { result, threw, didThrow } = out;
  if (ms > limitMs) return fail('slow', `took ${ms.toFixed(0)} ms (limit ${limitMs} ms)`);
  const prefixes = typeof target.prefix === 'string' ? [target.prefix] : (target.prefix ?? [target.name.replace(/^new /, '')]);
  if (didThrow) {
    if (!(threw instanceof InfometaError)) {
      const e = threw as { name?: unknown; message?: unknown };
      return fail('raw-error', `${String(e?.name ?? typeof threw)}: ${String(e?.message ?? threw).slice(0, 200)}`);
    }
    const msg = threw.message;
    if (!prefixes.some((p) => msg.startsWith(`${p}: `))) return fail('wrong-prefix', `expected "${prefixes.join('" or "')}: …", got "${msg.slice(0, 200)}"`);
  } else {
    const bad = target.returnsArgument === true ? null : nonFinite(result, target.allowInfinity === true);
    if (bad !== null) return fail('non-finite', bad);
    const broken = target.post?.(result, args) ?? null;
    if (broken !== null) return fail('post', broken);
  }
  // A `__proto__` key in JSON or options must never reach Object.prototype.
  if ((Object.prototype as Record<string, unknown>).polluted !== undefined) {
    delete (Object.prototype as Record<string, unknown>).polluted;
    return fail('mutation', 'Object.prototype was polluted');
  }
  for (let i = 0; i < args.length; i++) {
    const isReceiver = target.isMethod === true && i === 0;
    if (isReceiver && target.mutatesReceiver === true && !didThrow) continue;
    if (!isReceiver && target.mutates?.includes(i)) continue;
    if (fingerprint(args[i]) !== before[i]) {
      return fail('mutation', isReceiver ? `the receiver changed${didThrow ? ' although the call threw' : ''}` : `argument ${i} changed`);
    }
  }
  return null;
}
