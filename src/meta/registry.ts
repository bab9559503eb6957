// Models from JSON: the built-in kinds, and the kinds users register for their own models.
import { InfometaError, fail, fmt } from '../internal/errors.js';
import { Mlp } from './models.js';
import { checkModel } from './model.js';
import type { Model } from './model.js';
import { multiHeadFromJSON } from './multihead.js';
import { sequentialFromJSON } from './sequential.js';

// One registry per JavaScript realm (a page, a worker), shared by every copy of infometa loaded in it: a worker's setup
// module (createPool({ setup })) imports the package, while the worker script carries its own bundled copy.
const REGISTRY = Symbol.for('infometa.models');
const realm = globalThis as unknown as Record<symbol, Map<string, (json: unknown) => Model> | undefined>;
const custom = (realm[REGISTRY] ??= new Map<string, (json: unknown) => Model>());

function builtin(kind: string): ((json: unknown) => Model) | undefined {
  if (kind === 'infometa.mlp') return (j) => Mlp.fromJSON(j);
  if (kind === 'infometa.sequential') return sequentialFromJSON;
  if (kind === 'infometa.multihead') return multiHeadFromJSON;
  return undefined;
}

/**
 * Registers how to rebuild a custom model from its JSON, so that {@link modelFromJSON} and
 * {@link MetaLearner.fromJSON} can restore learners built on it. Registering a kind again replaces the reader.
 *
 * Cost: O(1).
 *
 * @param kind - the `kind` tag your model's `toJSON()` writes (not an `infometa.` tag, which are reserved)
 * @param fromJSON - builds the model from that JSON
 * @throws InfometaError `INVALID_ARGUMENT` for an empty or reserved kind or a fromJSON that is not a function
 * @example
 * ```ts
 * import { linear, modelFromJSON, registerModel } from 'infometa';
 * registerModel('example.line', () => linear({ inputSize: 1, outputSize: 1 }));
 * console.log(modelFromJSON({ kind: 'example.line', version: 1 }).numParams); // 2
 * ```
 */
export function registerModel(kind: string, fromJSON: (json: unknown) => Model): void {
  const fn = 'registerModel';
  if (typeof kind !== 'string' || kind.length === 0) fail('INVALID_ARGUMENT', fn, `kind must be a non-empty string (got ${fmt(kind)})`);
  if (kind.startsWith('infometa.')) fail('INVALID_ARGUMENT', fn, `kind ${fmt(kind)} is reserved for infometa's own models`);
  if (typeof fromJSON !== 'function') fail('INVALID_ARGUMENT', fn, `fromJSON must be a function (got ${fmt(fromJSON)})`);
  custom.set(kind, fromJSON);
}

/**
 * Rebuilds a model from its `toJSON()` output: an {@link Mlp}, a {@link sequential} or {@link multiHead} model, or a
 * custom model whose kind was registered with {@link registerModel}.
 *
 * Cost: that of the model's own `fromJSON`.
 *
 * @param json - parsed JSON
 * @param caller - name of the calling function for error messages (default `'modelFromJSON'`)
 * @returns the model
 * @throws InfometaError `INVALID_JSON` for a non-object, an unknown kind (naming it, and how to register it), or
 *   malformed fields
 * @example
 * ```ts
 * import { mlp, modelFromJSON } from 'infometa';
 * const m = modelFromJSON(JSON.parse(JSON.stringify(mlp({ sizes: [2, 8, 1] }))));
 * console.log(m.numParams); // 33
 * ```
 */
export function modelFromJSON(json: unknown, caller = 'modelFromJSON'): Model {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('INVALID_JSON', caller, `model must be an object with a kind (got ${fmt(json)})`);
  const kind = (json as { kind?: unknown }).kind;
  if (typeof kind !== 'string') fail('INVALID_JSON', caller, `model.kind must be a string (got ${fmt(kind)})`);
  const read = builtin(kind) ?? custom.get(kind);
  if (read === undefined) {
    fail('INVALID_JSON', caller, `unknown model kind ${fmt(kind)}: a custom model must be registered with registerModel(${fmt(kind)}, fromJSON) before its JSON is read`);
  }
  let model: unknown;
  try {
    model = read(json);
  } catch (e) {
    // The reader's error, told as the caller's: `MetaLearner.fromJSON: model: sizes must be …`.
    const msg = e instanceof Error ? e.message : String(e);
    fail('INVALID_JSON', caller, `model: ${e instanceof InfometaError ? msg.slice(msg.indexOf(': ') + 2) : `the reader of kind ${fmt(kind)} threw: ${msg}`}`);
  }
  return checkModel(caller, model, `the model read from kind ${fmt(kind)}`, 'INVALID_JSON');
}
