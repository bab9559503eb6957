// Fuzz targets of infometa/meta: autodiff tensors and ops, losses, models, optimizers, tasks, MAML-family learners,
// multi-task models and the MI-regularized trainer. Training calls are kept to a few steps so that each case takes
// milliseconds.
import fc from 'fast-check';
import * as I from '../../../src/index.js';
import { anyBad, badCount, badNumber, badOptions, badTable, badVector, fresh, polluted } from '../hostile.js';
import { nonFinite } from '../oracle.js';
import type { Target } from '../oracle.js';
import { ctor, fn, method, methodWith } from '../target.js';
import { signal } from '../valid.js';

type T = I.Tensor;

const finite = fc.double({ min: -4, max: 4, noNaN: true });
const big = fc.constantFrom(1e308, -1e308, 5e-324, 1e200, -1e200);
const entry = fc.oneof({ arbitrary: finite, weight: 6 }, { arbitrary: big, weight: 1 });

/** A tensor of the given shape. */
function tensorOf(shape: number[], values = entry): fc.Arbitrary<T> {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc.array(values, { minLength: n, maxLength: n }).map((v) => I.tensor(v, shape));
}
const shape = fc.oneof(fc.constant([] as number[]), fc.tuple(fc.integer({ min: 1, max: 4 })).map((s) => [...s]), fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).map((s) => [...s]));
const anyTensor = shape.chain((s) => tensorOf(s));
const positiveTensor = shape.chain((s) => tensorOf(s, fc.double({ min: 1e-3, max: 4, noNaN: true })));
/**
 * A Tensor made without its constructor (which refuses such data): a buffer that disagrees with the shape, or
 * holds NaN, as code that writes into `data` leaves it.
 */
function forged(data: Float64Array, shape: number[]): T {
  const t = I.tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);
  t.data = data;
  return t;
}
/** Forged and dead tensors: a Tensor whose data does not match its shape, or one emptied by tidy. */
const badTensor = fc.oneof(
  anyBad,
  fresh(
    () => forged(new Float64Array(2), [3]),
    () => forged(Float64Array.of(NaN, 1), [2]),
    () => {
      let dead: T | null = null;
      I.tidy(() => {
        dead = I.mul(I.tensor([1, 2]), 2);
        return 0;
      });
      return dead;
    },
    () => ({ data: new Float64Array(2), shape: [2], size: 2 }),
    () => I.tensor([1e308, -1e308]),
  ),
);

function unary(name: string, f: (x: T) => T, valid = anyTensor): Target {
  return fn(name, f, valid.map((x) => [x]), [badTensor]);
}
function binary(name: string, f: (a: T | number, b: T | number) => T): Target {
  const pair = shape.chain((s) => fc.tuple(tensorOf(s), fc.oneof(tensorOf(s), finite, tensorOf([]))));
  return fn(name, f, pair, [fc.oneof(badTensor, badNumber), fc.oneof(badTensor, badNumber)]);
}
function axisOp(name: string, f: (x: T, axis?: number) => T): Target {
  const args = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([r, c]) => fc.tuple(tensorOf([r, c]), fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined })));
  return fn(name, f, args, [badTensor, badNumber]);
}

const reduction = fc.constantFrom('mean', 'sum', 'none');
const lossOptions = fc.record({ reduction }, { requiredKeys: [] });
const predTarget = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(tensorOf([n]), tensorOf([n]), lossOptions));

const activation = fc.constantFrom('relu', 'tanh', 'sigmoid', 'softplus', 'identity');
const sizes = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 });
const model = fc.tuple(sizes, activation).map(([s, a]) => I.mlp({ sizes: s, activation: a as I.Activation }));
const badSizes = fc.oneof(badVector, fresh(() => [2, 0, 1], () => [2, 1.5, 1], () => [2, 2 ** 31, 1], () => [1e6, 1e6], // eslint-disable-next-line no-sparse-arrays
  () => [2, , 1], () => [2], () => ['2', '1']));
const mlpOptions = fc.record({ sizes, activation }, { requiredKeys: ['sizes'] });
const linearOptions = fc.record({ inputSize: fc.integer({ min: 1, max: 4 }), outputSize: fc.integer({ min: 1, max: 3 }) });

/** Rows of n inputs for a model with d inputs. */
function rows(n: number, d: number): fc.Arbitrary<number[][]> {
  return fc.array(fc.array(entry, { minLength: d, maxLength: d }), { minLength: n, maxLength: n });
}
const modelParams = model.chain((m) => fc.tuple(fc.constant(m), fc.integer({ min: 0, max: 100 }).map((s) => m.init(s))));

const sgdOptions = fc.record({ lr: fc.double({ min: 1e-4, max: 1, noNaN: true }), momentum: fc.double({ min: 0, max: 0.99, noNaN: true }), weightDecay: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: [] });
const adamOptions = fc.record(
  { lr: fc.double({ min: 1e-4, max: 1, noNaN: true }), beta1: fc.double({ min: 0, max: 0.99, noNaN: true }), beta2: fc.double({ min: 0, max: 0.999, noNaN: true }), eps: fc.constantFrom(1e-8, 1e-3), weightDecay: fc.constantFrom(0, 0.1) },
  { requiredKeys: [] },
);
const optimizer = fc.oneof(sgdOptions.map((o) => I.sgd(o)), adamOptions.map((o) => I.adam(o)));

/** A regression task for a model with one input and one output. */
function task1(n: number): fc.Arbitrary<I.Task> {
  const set = fc.tuple(fc.array(finite, { minLength: n, maxLength: n }), fc.array(finite, { minLength: n, maxLength: n })).map(([x, y]) => ({ x, y }));
  return fc.tuple(set, set).map(([support, query]) => ({ support, query }));
}
const learnerKind = fc.constantFrom('maml', 'metaSgd', 'reptile', 'anil');
const learnerOptions = fc.record(
  { innerLr: fc.double({ min: 1e-3, max: 0.1, noNaN: true }), innerSteps: fc.integer({ min: 1, max: 2 }), firstOrder: fc.boolean(), seed: fc.integer({ min: 0, max: 100 }) },
  { requiredKeys: [] },
);
const makers = { maml: I.maml, metaSgd: I.metaSgd, reptile: I.reptile, anil: I.anil } as const;
const learner = fc.tuple(learnerKind, learnerOptions, fc.constantFrom([1, 4, 1], [1, 1])).map(([k, o, s]) => makers[k as keyof typeof makers]({ model: I.mlp({ sizes: s }), ...o }));
const LEARNER = ['model', 'innerLr', 'innerSteps', 'firstOrder', 'loss', 'params', 'seed', 'init', 'regularization', 'proximal'];
function learnerTarget(name: keyof typeof makers): Target {
  const valid = fc.tuple(learnerOptions, fc.constantFrom([1, 4, 1], [2, 3], [1, 1])).map(([o, s]) => [{ model: I.mlp({ sizes: s }), ...o }]);
  return fn(name, makers[name], valid, [
    badOptions(LEARNER, learnerOptions.map((o) => ({ model: I.mlp({ sizes: [1, 1] }), ...o })), anyBad, {
      innerSteps: badCount,
      model: fresh(() => ({ sizes: [1, 1] }), () => null, () => I.linear({ inputSize: 1, outputSize: 1 }).toJSON()),
      params: fc.oneof(badVector, fresh(() => new Float64Array(1), () => Float64Array.of(NaN, 0))),
    }),
  ]);
}
const fitOptions = fc.record(
  { iterations: fc.integer({ min: 0, max: 2 }), metaBatchSize: fc.integer({ min: 1, max: 2 }), shots: fc.integer({ min: 1, max: 4 }), seed: fc.integer({ min: 0, max: 9 }), signal, onProgress: fc.constant(() => undefined), progressEvery: fc.integer({ min: 1, max: 3 }) },
  { requiredKeys: ['iterations'] },
);
const FIT = ['iterations', 'metaBatchSize', 'shots', 'queryShots', 'outerOptimizer', 'seed', 'signal', 'onProgress', 'progressEvery', 'validation'];

// Multi-task data: tasks sharing d features.
function mtTasks(d: number): fc.Arbitrary<I.MultiTaskData[]> {
  return fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 3, max: 8 }))
    .chain(([T, n]) =>
      fc.array(
        fc.tuple(rows(n, d), fc.constantFrom('regression', 'binary'), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }), fc.array(finite, { minLength: n, maxLength: n })).map(([x, type, yb, yr]) => ({
          x,
          type: type as I.TaskType,
          y: type === 'binary' ? yb : yr,
        })),
        { minLength: T, maxLength: T },
      ),
    )
    .map((ts) => ts.map((t, i) => ({ ...t, name: `t${i}` })));
}
const mtModelOptions = fc.record(
  { lambda: fc.constantFrom(0, 0.01, 1), solver: fc.constantFrom('auto', 'als', 'adam'), iterations: fc.integer({ min: 1, max: 3 }), epochs: fc.integer({ min: 1, max: 3 }), standardize: fc.boolean(), penalty: fc.constantFrom('l2', 'l1') },
  { requiredKeys: [] },
);
const mtFitOptions = fc.record({ seed: fc.integer({ min: 0, max: 9 }), signal, onProgress: fc.constant(() => undefined) }, { requiredKeys: [] });
const MT_OPTIONS = ['lambda', 'penalty', 'lambdaShared', 'sharedPenalty', 'standardize', 'solver', 'codeSolver', 'iterations', 'tol', 'epochs', 'lr', 'batchSize', 'initLambda'];
const latent = mtModelOptions.map((o) => new I.SharedLatentModel({ rank: 1, ...o } as I.SharedLatentOptions));
const dictionary = mtModelOptions.map((o) => new I.SharedDictionaryModel({ k: 1, ...o } as I.SharedDictionaryOptions));
type MT = I.SharedLatentModel | I.SharedDictionaryModel;
/** A fitted multi-task model and data of its input size. */
function fitted(make: fc.Arbitrary<MT>): fc.Arbitrary<{ m: MT; d: number }> {
  return fc.tuple(make, fc.integer({ min: 1, max: 3 })).chain(([m, d]) =>
    mtTasks(d).map((ts) => {
      try {
        m.fit(ts);
      } catch {
        // Data this model cannot fit: fall back to one plain regression task, so the receiver is a fitted model.
        m.fit([{ name: 't0', x: [[1, 0, 0].slice(0, d), [0, 1, 0].slice(0, d), [1, 1, 1].slice(0, d)], y: [1, 2, 3] }]);
      }
      return { m, d };
    }),
  );
}
const badRows = fc.oneof(badTable, badVector, fresh(() => [[1e308, -1e308]], () => [[NaN]], () => [[1, 2, 3, 4, 5, 6, 7]]));

function mtTargets(name: 'SharedLatentModel' | 'SharedDictionaryModel', make: fc.Arbitrary<MT>, ctorOptions: fc.Arbitrary<Record<string, unknown>>, extraNames: string[]): Target[] {
  const C = name === 'SharedLatentModel' ? I.SharedLatentModel : I.SharedDictionaryModel;
  const fromJSON = name === 'SharedLatentModel' ? I.SharedLatentModel.fromJSON : I.SharedDictionaryModel.fromJSON;
  const f = fitted(make);
  const tasksOf = (r: { m: MT; d: number }): fc.Arbitrary<unknown[]> => fc.tuple(fc.constant(r.m), fc.integer({ min: 0, max: Math.max(0, r.m.tasks.length - 1) }), rows(3, r.d));
  const out: Target[] = [
    ctor(name, C, ctorOptions.map((o) => [o]), [badOptions([...MT_OPTIONS, ...extraNames], ctorOptions, anyBad, { iterations: badCount, epochs: badCount })]),
    method(name, `${name}.fit`, make, (m, t: I.MultiTaskData[], o: I.MultiTaskFitOptions) => m.fit(t, o), fc.integer({ min: 1, max: 3 }).chain((d) => fc.tuple(mtTasks(d), mtFitOptions)), [
      fc.oneof(anyBad, fresh(() => [{ x: [[1]], y: [NaN] }], () => [{ x: [[1e308]], y: [1] }, { x: [[1]], y: [1] }], () => [{ x: [[1]], y: [1], weight: NaN }], () => [{ x: [[1]], y: [1e6], type: 'multiclass' }])),
      badOptions(['seed', 'signal', 'onProgress'], mtFitOptions),
    ], { mutatesReceiver: true }),
    methodWith(name, `${name}.predict`, f.chain(tasksOf), (a) => (a[0] as MT).predict(a[1] as number, a[2] as number[][]), [fc.oneof(badNumber, fresh(() => 'nope')), badRows]),
    methodWith(name, `${name}.predictProba`, f.chain(tasksOf), (a) => (a[0] as MT).predictProba(a[1] as number, a[2] as number[][]), [fc.oneof(badNumber, fresh(() => 'nope')), badRows]),
    methodWith(
      name,
      `${name}.fineTune`,
      f.chain((r) => fc.tuple(fc.constant(r.m), fc.constantFrom('new', 't0'), mtTasks(r.d).map((t) => t[0]), fc.record({ freezeShared: fc.boolean(), seed: fc.integer({ min: 0, max: 9 }) }, { requiredKeys: [] }))),
      (a) => (a[0] as MT).fineTune(a[1] as string, a[2] as I.MultiTaskData, a[3] as I.FineTuneOptions),
      [anyBad, fc.oneof(anyBad, fresh(() => ({ x: [[NaN]], y: [1] }))), badOptions(['seed', 'signal', 'onProgress', 'freezeShared'], fc.constant({}))],
      { mutatesReceiver: true },
    ),
    method(name, `${name}.toJSON`, f.map((r) => r.m), (m) => m.toJSON(), fc.constant([]), []),
    fn(`${name}.fromJSON`, fromJSON, f.map((r) => [JSON.parse(JSON.stringify(r.m)) as unknown]), [
      fc.oneof(
        anyBad,
        f.map((r) => polluted(r.m)),
        f.chain((r) =>
          fc.tuple(fc.constantFrom('kind', 'version', 'options', 'tasks', 'heads', 'params', 'scaling', '__proto__', 'rank', 'k', 'lambda'), anyBad).map(([k, v]) => {
            const j = JSON.parse(JSON.stringify(r.m)) as Record<string, unknown>;
            const o = (typeof j.options === 'object' && j.options !== null ? j.options : j) as Record<string, unknown>;
            if (k in j) j[k] = v;
            else o[k] = v;
            return j;
          }),
        ),
      ),
    ], { export: name, post: usable((m: MT) => m.predict(0, [zeros(m.inputSize)])) }),
  ];
  return out;
}

const trainData = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.tuple(rows(n, 1), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }), fc.array(finite, { minLength: n, maxLength: n })).map(([x, yA, yB]) => ({ x, yA, yB })),
);
const trainOptions = fc.record({ lambda: fc.constantFrom(0, 0.1, 1), epochs: fc.integer({ min: 1, max: 3 }), seed: fc.integer({ min: 0, max: 9 }), signal, onProgress: fc.constant(() => undefined) }, { requiredKeys: ['lambda'] });
const TRAIN = ['lambda', 'taskA', 'taskB', 'optimizerA', 'optimizerB', 'paramsA', 'paramsB', 'epochs', 'batchSize', 'centres', 'bandwidth', 'seed', 'signal', 'onProgress'];

const mimlData = fc.integer({ min: 12, max: 24 }).chain((n) =>
  fc.tuple(rows(n, 2), fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }), { minLength: 2, maxLength: 3 })).map(([x, tasks]) => ({ x, tasks })),
);
const mimlOptions = fc.record(
  { target: fc.constant(0), k: fc.constant(1), modelOptions: fc.constant({ epochs: 2, iterations: 2 }), baselines: fc.boolean(), seed: fc.integer({ min: 0, max: 9 }), signal, onProgress: fc.constant(() => undefined), testFraction: fc.constantFrom(0.25, 0.5) },
  { requiredKeys: ['target', 'modelOptions'] },
);
const MIML = ['target', 'k', 'strategy', 'measure', 'model', 'modelOptions', 'relatedWeight', 'testFraction', 'baselines', 'seed', 'signal', 'onProgress'];

const probTensor = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 })).chain(([n, k]) =>
  fc.array(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: k, maxLength: k }), { minLength: n, maxLength: n }).map((r) => {
    const p = r.flatMap((row) => {
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((v) => v / s);
    });
    return I.tensor(p, [n, k]);
  }),
);


/**
 * A restored object must be usable: `use` exercises it (a step, a prediction) and the result must be finite, or an
 * InfometaError. This is how `fromJSON` accepting what the constructor rejects (a negative second moment, NaN
 * weights) shows.
 */
function usable(use: (restored: never) => unknown): (restored: unknown) => string | null {
  return (restored) => {
    let out: unknown;
    try {
      out = use(restored as never);
    } catch (e) {
      return e instanceof I.InfometaError ? null : `using the restored object threw ${String(e)}`;
    }
    return nonFinite(out, false, 'using the restored object gives');
  };
}
const zeros = (n: number): number[] => new Array<number>(n).fill(0.5);
/** An error of the caller's own code, which tidy must pass through untouched. */
const USER_ERROR = new Error('user code');

const targets: Target[] = [
  // Tensors and graph utilities.
  fn('tensor', I.tensor, fc.tuple(fc.array(entry, { minLength: 1, maxLength: 6 })).chain(([v]) => fc.tuple(fc.constant(v), fc.constant([v.length]), fc.record({ requiresGrad: fc.boolean() }, { requiredKeys: [] }))), [
    badVector,
    fc.oneof(badVector, fresh(() => [2, -1], () => [1e9, 1e9], () => [1.5])),
    badOptions(['requiresGrad'], fc.constant({})),
  ]),
  ctor('Tensor', I.Tensor, fc.array(finite, { minLength: 1, maxLength: 4 }).map((v) => [Float64Array.from(v), [v.length]]), [badVector, fc.oneof(badVector, fresh(() => [5], () => [-1]))]),
  method('Tensor', 'Tensor.item', tensorOf([]), (t) => t.item(), fc.constant([]), []),
  method('Tensor', 'Tensor.toArray', anyTensor, (t) => t.toArray(), fc.constant([]), []),
  // tidy hands the caller's own error back unchanged: that error (and only that one) counts as the right outcome.
  {
    ...fn('tidy', I.tidy, fc.constant([() => I.sum(I.mul(I.tensor([1, 2]), 3)).item()]), [fc.oneof(anyBad, fresh(() => () => I.mul(I.tensor([1]), 2), () => () => { throw USER_ERROR; }))]),
    call: (args: unknown[]) => {
      try {
        return I.tidy(args[0] as () => unknown);
      } catch (e) {
        if (e === USER_ERROR) return 0;
        throw e;
      }
    },
  },
  fn('noGrad', I.noGrad, fc.constant([() => I.sum(I.tensor([1, 2])).item()]), [anyBad]),
  fn(
    'grad',
    I.grad,
    fc.integer({ min: 1, max: 4 }).chain((n) => fc.array(finite, { minLength: n, maxLength: n })).map((v) => {
      const x = I.tensor(v, [v.length], { requiresGrad: true });
      return [I.sum(I.mul(x, x)), [x], {}];
    }),
    [badTensor, fc.oneof(anyBad, fresh(() => [null], () => [I.tensor([1])])), badOptions(['createGraph', 'gradOutput'], fc.record({ createGraph: fc.boolean() }))],
  ),
  // Ops.
  binary('add', I.add),
  binary('sub', I.sub),
  binary('mul', I.mul),
  binary('div', I.div),
  unary('neg', I.neg),
  unary('exp', I.exp),
  unary('log', I.log, positiveTensor),
  unary('square', I.square),
  unary('sqrt', I.sqrt, positiveTensor),
  unary('tanh', I.tanh),
  unary('sigmoid', I.sigmoid),
  unary('relu', I.relu),
  unary('softplus', I.softplus),
  fn('pow', I.pow, fc.tuple(positiveTensor, fc.constantFrom(0, 1, 2, 0.5, -1, 3)), [badTensor, badNumber]),
  fn(
    'matmul',
    I.matmul,
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([a, b, c]) => fc.tuple(tensorOf([a, b]), tensorOf([b, c]))),
    [badTensor, badTensor, anyBad, anyBad],
  ),
  unary('transpose', I.transpose, fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([a, b]) => tensorOf([a, b]))),
  fn('reshape', I.reshape, anyTensor.map((t) => [t, [t.size]]), [badTensor, fc.oneof(badVector, fresh(() => [-1], () => [1e9], () => [2 ** 31, 0]))]),
  axisOp('sum', I.sum),
  axisOp('mean', I.mean),
  axisOp('logsumexp', I.logsumexp),
  axisOp('softmax', I.softmax),
  axisOp('logSoftmax', I.logSoftmax),
  fn('gather', I.gather, fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(tensorOf([n]), fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 4 }))), [badTensor, fc.oneof(badVector, fresh(() => [99], () => [-1], () => [0.5]))]),
  fn('oneHot', I.oneHot, fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 4 }), fc.constant(n))), [fc.oneof(badVector, fresh(() => [1e6])), fc.oneof(badNumber, fresh(() => 2 ** 31))]),
  fn('gradReverse', I.gradReverse, fc.tuple(anyTensor, finite), [badTensor, badNumber]),
  // Losses.
  fn('mseLoss', I.mseLoss, predTarget, [badTensor, badTensor, badOptions(['reduction'], lossOptions)]),
  fn('huberLoss', I.huberLoss, predTarget.map(([a, b, o]) => [a, b, { ...o, delta: 1 }]), [badTensor, badTensor, badOptions(['reduction', 'delta'], lossOptions)]),
  fn(
    'softmaxCrossEntropy',
    I.softmaxCrossEntropy,
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 3 })).chain(([n, k]) => fc.tuple(tensorOf([n, k]), fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }), lossOptions)),
    [badTensor, fc.oneof(badVector, fresh(() => [7], () => [0.5], () => [-1])), badOptions(['reduction'], lossOptions)],
  ),
  fn(
    'binaryCrossEntropy',
    I.binaryCrossEntropy,
    fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(tensorOf([n]), fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }).map((y) => I.tensor(y)), lossOptions)),
    [badTensor, badTensor, badOptions(['reduction'], lossOptions)],
  ),
  // Models.
  fn('mlp', I.mlp, mlpOptions.map((o) => [o]), [badOptions(['sizes', 'activation'], mlpOptions, anyBad, { sizes: badSizes })]),
  fn('linear', I.linear, linearOptions.map((o) => [o]), [badOptions(['inputSize', 'outputSize'], linearOptions, anyBad, { inputSize: badCount, outputSize: badCount })]),
  ctor('Mlp', I.Mlp, fc.tuple(sizes, activation), [badSizes, anyBad]),
  method('Mlp', 'Mlp.init', model, (m, s: number, k: I.InitScheme) => m.init(s, k), fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom('pytorch', 'glorot', 'he')), [badNumber, anyBad]),
  methodWith('Mlp', 'Mlp.apply', modelParams.chain(([m, p]) => fc.tuple(fc.constant(m), fc.constant(p), rows(2, m.inputSize).map((r) => r.flat()))), (a) => (a[0] as I.Mlp).apply(a[1] as Float64Array, a[2] as number[]), [
    fc.oneof(badVector, fresh(() => new Float64Array(1), () => Float64Array.of(NaN))),
    fc.oneof(badVector, fresh(() => ['1', '2'])),
  ]),
  methodWith('Mlp', 'Mlp.split', modelParams.map(([m, p]) => [m, p, false]), (a) => (a[0] as I.Mlp).split(a[1] as Float64Array, a[2] as boolean), [badVector, anyBad]),
  methodWith(
    'Mlp',
    'Mlp.forward',
    modelParams.chain(([m, p]) => fc.tuple(fc.constant(m), fc.constant(m.split(p)), tensorOf([2, m.inputSize]))),
    (a) => (a[0] as I.Mlp).forward(a[1] as T[], a[2] as T),
    [fc.oneof(anyBad, fresh(() => [], () => [I.tensor([1])])), badTensor],
  ),
  method('Mlp', 'Mlp.toJSON', model, (m) => m.toJSON(), fc.constant([]), []),
  fn('Mlp.fromJSON', I.Mlp.fromJSON, model.map((m) => [JSON.parse(JSON.stringify(m)) as unknown]), [
    fc.oneof(anyBad, model.map(polluted), model.chain((m) => fc.tuple(fc.constantFrom('kind', 'version', 'sizes', 'activation', '__proto__'), anyBad).map(([k, v]) => ({ ...(JSON.parse(JSON.stringify(m)) as object), [k]: v })))),
  ], { export: 'Mlp', post: usable((m: I.Mlp) => m.apply(m.init(0), zeros(m.inputSize))) }),
  // Optimizers.
  fn('sgd', I.sgd, sgdOptions.map((o) => [o]), [badOptions(['lr', 'momentum', 'nesterov', 'weightDecay'], sgdOptions)]),
  fn('adam', I.adam, adamOptions.map((o) => [o]), [badOptions(['lr', 'beta1', 'beta2', 'eps', 'weightDecay'], adamOptions)]),
  method(
    'sgd',
    'Optimizer.step',
    optimizer,
    (o, p: Float64Array, g: Float64Array) => o.step(p, g),
    fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.array(entry, { minLength: n, maxLength: n }).map((v) => Float64Array.from(v)), fc.array(entry, { minLength: n, maxLength: n }).map((v) => Float64Array.from(v)))),
    [fc.oneof(badVector, fresh(() => Float64Array.of(NaN))), fc.oneof(badVector, fresh(() => Float64Array.of(1e308)))],
    { mutatesReceiver: true, mutates: [1] },
  ),
  method('adam', 'Optimizer.toJSON', optimizer, (o) => o.toJSON(), fc.constant([]), []),
  fn('optimizerFromJSON', I.optimizerFromJSON, optimizer.map((o) => [JSON.parse(JSON.stringify(o)) as unknown]), [
    fc.oneof(
      anyBad,
      optimizer.map(polluted),
      optimizer.chain((o) => fc.tuple(fc.constantFrom('kind', 'version', 'options', 't', 'state', '__proto__'), anyBad).map(([k, v]) => ({ ...(JSON.parse(JSON.stringify(o)) as object), [k]: v }))),
      fresh(() => ({ kind: 'infometa.adam', version: 1, options: { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 }, t: 1, state: [[0], [-1]] })),
    ),
  ], {
    post: usable((o: I.Optimizer) => {
      const n = o.toJSON().state[0]?.length ?? 1;
      const p = Float64Array.from(zeros(n));
      o.step(p, Float64Array.from(zeros(n)));
      return p;
    }),
  }),
  // Tasks.
  fn('sinusoidTasks', I.sinusoidTasks, fc.constant([{}]), [badOptions(['amplitude', 'phase', 'input'], fc.constant({}), fc.oneof(anyBad, fresh(() => [1, 0], () => [-1e308, 1e308], () => [NaN, 1])))]),
  method('sinusoidTasks', 'TaskSampler.sample', fc.constant(null).map(() => I.sinusoidTasks()), (s, r: I.Rng, k: number, q: number) => s.sample(r, k, q), fc.tuple(fc.constant(null).map(() => I.createRng(1)), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })), [
    anyBad,
    fc.oneof(badCount, fresh(() => 1e9)),
    fc.oneof(badCount, fresh(() => 1e9)),
  ], { mutatesReceiver: true, mutates: [1], prefix: ['TaskSampler.sample', 'sinusoidTasks.sample'] }),
  // Learners.
  learnerTarget('maml'),
  learnerTarget('metaSgd'),
  learnerTarget('reptile'),
  learnerTarget('anil'),
  ctor('MetaLearner', I.MetaLearner, fc.constant(['maml', I.mlp({ sizes: [1, 1] }), 0.1, 1, false, 'mse', new Float64Array(2)]), [anyBad, anyBad, badNumber, badCount, anyBad, anyBad, badVector]),
  methodWith('MetaLearner', 'MetaLearner.adapt', fc.tuple(learner, task1(3)).map(([l, t]) => [l, l.params, t.support, { steps: 1 }]), (a) => (a[0] as I.MetaLearner).adapt(a[1] as Float64Array, a[2] as I.TaskData, a[3] as I.AdaptOptions), [
    badVector,
    fc.oneof(anyBad, fresh(() => ({ x: [1], y: [NaN] }), () => ({ x: [1e308], y: [1] }), () => ({ x: [], y: [] }))),
    badOptions(['steps'], fc.constant({}), anyBad, { steps: badCount }),
  ]),
  methodWith('MetaLearner', 'MetaLearner.evaluate', fc.tuple(learner, task1(3)).map(([l, t]) => [l, t, { steps: 1 }]), (a) => (a[0] as I.MetaLearner).evaluate(a[1] as I.Task, a[2] as I.AdaptOptions), [
    fc.oneof(anyBad, fresh(() => ({ support: { x: [1], y: [1] } }))),
    badOptions(['steps'], fc.constant({}), anyBad, { steps: badCount }),
  ]),
  methodWith('MetaLearner', 'MetaLearner.metaGradient', fc.tuple(learner, fc.array(task1(2), { minLength: 1, maxLength: 2 })).map(([l, ts]) => [l, ts]), (a) => (a[0] as I.MetaLearner).metaGradient(a[1] as I.Task[], a[2] as Float64Array), [
    fc.oneof(anyBad, fresh(() => [], () => [{ support: { x: ['1'], y: [1] }, query: { x: [1], y: [1] } }])),
    badVector,
  ]),
  method('MetaLearner', 'MetaLearner.fit', learner, (l, s: I.TaskSampler, o: I.FitOptions) => l.fit(s, o), fc.tuple(fc.constant(null).map(() => I.sinusoidTasks()), fitOptions), [
    fc.oneof(anyBad, fresh(() => ({ sample: () => null }), () => ({ sample: () => ({ support: { x: [NaN], y: [1] }, query: { x: [1], y: [1] } }) }))),
    badOptions(FIT, fitOptions, anyBad, { iterations: badCount, metaBatchSize: badCount, shots: badCount }),
  ], { mutatesReceiver: true, mutates: [1] }),
  method('MetaLearner', 'MetaLearner.toJSON', learner, (l) => l.toJSON(), fc.constant([]), []),
  fn('MetaLearner.fromJSON', I.MetaLearner.fromJSON, learner.map((l) => [JSON.parse(JSON.stringify(l)) as unknown]), [
    fc.oneof(
      anyBad,
      learner.map(polluted),
      learner.chain((l) =>
        fc.tuple(fc.constantFrom('kind', 'version', 'learner', 'model', 'innerLr', 'innerSteps', 'firstOrder', 'loss', 'params', '__proto__'), anyBad).map(([k, v]) => ({ ...(JSON.parse(JSON.stringify(l)) as object), [k]: v })),
      ),
    ),
  ], { export: 'MetaLearner', post: usable((l: I.MetaLearner) => l.adapt(l.params, { x: zeros(l.model.inputSize), y: zeros(l.model.outputSize) })) }),
  // Multi-task models.
  ...mtTargets('SharedLatentModel', latent, mtModelOptions.map((o) => ({ rank: 1, ...o })), ['rank', 'trunk']),
  ...mtTargets('SharedDictionaryModel', dictionary, mtModelOptions.map((o) => ({ k: 1, ...o })), ['k']),
  method('SharedLatentModel', 'SharedLatentModel.projection', fitted(latent).map((r) => r.m as I.SharedLatentModel), (m) => m.projection(), fc.constant([]), []),
  method('SharedDictionaryModel', 'SharedDictionaryModel.dictionary', fitted(dictionary).map((r) => r.m as I.SharedDictionaryModel), (m) => m.dictionary(), fc.constant([]), []),
  methodWith('SharedDictionaryModel', 'SharedDictionaryModel.code', fitted(dictionary).map((r) => [r.m, 0]), (a) => (a[0] as I.SharedDictionaryModel).code(a[1] as number), [fc.oneof(badNumber, fresh(() => 'nope'))]),
  fn(
    'principalAngles',
    I.principalAngles,
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })).chain(([d, p, q]) =>
      fc.tuple(fc.array(entry, { minLength: d * p, maxLength: d * p }), fc.constant(p), fc.array(entry, { minLength: d * q, maxLength: d * q }), fc.constant(q)),
    ),
    [badVector, badCount, badVector, badCount],
  ),
  fn('miml', I.miml, fc.tuple(mimlData, mimlOptions), [
    fc.oneof(anyBad, fresh(() => ({ x: [[1]], tasks: [[0], [1]] }), () => ({ x: [[NaN], [1]], tasks: [[0, 1], [1, 0]] }))),
    badOptions(MIML, mimlOptions, anyBad, { k: badCount }),
  ]),
  fn('softMutualInformation', I.softMutualInformation, probTensor.chain((a) => fc.tuple(fc.constant(a), fc.constant(a))), [badTensor, badTensor]),
  fn('softBin', I.softBin, fc.tuple(tensorOf([3]), fc.constant([0, 1, 2]), fc.option(fc.constantFrom(0.5, 1), { nil: undefined })), [
    fc.oneof(badTensor, fresh(() => I.tensor([1e200, -1e200]))),
    fc.oneof(badVector, fresh(() => [0, 0], () => [1, 0])),
    badNumber,
  ]),
  fn(
    'miRegularizedLoss',
    I.miRegularizedLoss,
    probTensor.map((p) => [{ lossA: I.tensor(0.5), lossB: I.tensor(0.25), predsA: p, predsB: p, lambda: 1 }]),
    [fc.oneof(anyBad, fresh(() => ({ lossA: I.tensor(0.5), lossB: I.tensor(0.25), predsA: I.tensor([1]), predsB: I.tensor([1]), lambda: -1 })))],
  ),
  fn(
    'trainMiRegularized',
    I.trainMiRegularized,
    fc.tuple(trainData, trainOptions).map(([d, o]) => [I.mlp({ sizes: [1, 2] }), I.mlp({ sizes: [1, 1] }), d, o]),
    [anyBad, anyBad, fc.oneof(anyBad, fresh(() => ({ x: [[1], [2]], yA: [0, 5], yB: [1, 2] }))), badOptions(TRAIN, trainOptions, anyBad, { epochs: badCount, batchSize: badCount })],
  ),
];

// Issue 11: any model (sequential stacks, multi-head models, registered custom models) and fine-tuning with frozen
// blocks.
const layer = fc.oneof(fc.record({ dense: fc.integer({ min: 1, max: 4 }) }), activation);
const layers = fc.array(layer, { minLength: 1, maxLength: 4 }).map((ls) => (ls.some((l) => typeof l !== 'string') ? ls : [...ls, { dense: 1 }]));
const stack = fc.tuple(layers, fc.integer({ min: 1, max: 3 })).map(([ls, d]) => I.sequential(ls as I.Layer[], { inputSize: d }));
const headed = fc.integer({ min: 1, max: 3 }).map((w) => {
  const body = I.sequential([{ dense: w }, 'tanh'], { inputSize: 1 });
  return I.multiHead({ body, heads: { regression: I.linear({ inputSize: w, outputSize: 1 }), classification: I.linear({ inputSize: w, outputSize: 2 }) } });
});
const anyModel = fc.oneof(model, stack, headed);
const fineTuneOptions = fc.record(
  { epochs: fc.integer({ min: 1, max: 2 }), batchSize: fc.integer({ min: 1, max: 4 }), freeze: fc.constantFrom(['layer0'], [], ['layer0.bias']), noise: fc.constantFrom(0, 0.1), seed: fc.integer({ min: 0, max: 9 }), signal },
  { requiredKeys: [] },
);
const FINETUNE = ['loss', 'outputSize', 'freeze', 'noise', 'epochs', 'batchSize', 'optimizer', 'seed', 'signal', 'onProgress'];
const fineTuneCase = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 50 }), fineTuneOptions).chain(([n, seed, o]) =>
  fc.tuple(fc.array(finite, { minLength: 2 * n, maxLength: 2 * n }), fc.array(finite, { minLength: n, maxLength: n })).map(([x, y]) => {
    const m = I.mlp({ sizes: [2, 3, 1] });
    return [m, m.init(seed), { x, y }, o];
  }),
);
const mh = (): I.Model => I.mlp({ sizes: [1, 2] });
targets.push(
  fn('sequential', I.sequential, fc.tuple(layers, fc.record({ inputSize: fc.integer({ min: 1, max: 3 }), fastPath: fc.boolean() }, { requiredKeys: ['inputSize'] })), [
    fc.oneof(badVector, fresh(() => [{ dense: 0 }], () => [{ dense: 2, name: 'a.b' }], () => [{ dense: 1, name: 'x' }, { dense: 1, name: 'x' }], () => ['gelu'], () => ['relu'], () => [{ units: 3 }], () => [{ dense: 1, name: '' }])),
    badOptions(['inputSize', 'fastPath'], fc.record({ inputSize: fc.integer({ min: 1, max: 3 }) }), anyBad, { inputSize: badCount }),
  ]),
  fn('multiHead', I.multiHead, headed.map((m) => [{ body: m.body, heads: { regression: I.linear({ inputSize: m.body.outputSize, outputSize: 1 }) } }]), [
    fc.oneof(
      anyBad,
      fresh(
        () => ({ body: mh(), heads: {} }),
        () => ({ body: mh(), heads: { ranking: I.linear({ inputSize: 2, outputSize: 1 }) } }),
        () => ({ body: mh(), heads: { regression: I.linear({ inputSize: 3, outputSize: 1 }) } }),
        () => ({ body: { ...mh(), numParams: 1 }, heads: { regression: I.linear({ inputSize: 2, outputSize: 1 }) } }),
        () => ({ body: mh(), heads: { regression: null } }),
      ),
    ),
  ]),
  fn('fineTune', I.fineTune, fineTuneCase, [
    fc.oneof(anyBad, fresh(() => ({ ...mh(), blocks: [] }))),
    fc.oneof(badVector, fresh(() => new Float64Array(3), () => new Float64Array(16).fill(NaN))),
    fc.oneof(anyBad, fresh(() => ({ x: [1, NaN], y: [1] }), () => ({ x: [1, 2], y: [] }), () => ({ x: [1e308, -1e308], y: [1e308] }))),
    badOptions(FINETUNE, fineTuneOptions, anyBad, { epochs: badCount, batchSize: badCount, outputSize: badCount, freeze: fresh(() => ['nope'], () => 'layer0', () => [1]), noise: badNumber }),
  ]),
  // The methods of the models that sequential() and multiHead() return, as a user calls them.
  method('sequential', 'sequential.init', stack, (m, sd: number, k: I.InitScheme) => m.init(sd, k), fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom('pytorch', 'glorot', 'he')), [badNumber, anyBad]),
  methodWith('sequential', 'sequential.apply', stack.chain((m) => fc.tuple(fc.constant(m), fc.constant(m.init(1)), rows(2, m.inputSize).map((r) => r.flat()))), (a) => (a[0] as I.Model & { apply: (p: Float64Array, x: number[]) => Float64Array }).apply(a[1] as Float64Array, a[2] as number[]), [
    fc.oneof(badVector, fresh(() => new Float64Array(1), () => Float64Array.of(NaN))),
    fc.oneof(badVector, fresh(() => ['1', '2'], () => [1e308, -1e308])),
  ]),
  methodWith('sequential', 'sequential.split', stack.map((m) => [m, m.init(0), false]), (a) => (a[0] as I.Model).split(a[1] as Float64Array, a[2] as boolean), [badVector, anyBad]),
  methodWith(
    'sequential',
    'sequential.forward',
    stack.chain((m) => fc.tuple(fc.constant(m), fc.constant(m.split(m.init(0))), tensorOf([2, m.inputSize]))),
    (a) => (a[0] as I.Model).forward(a[1] as T[], a[2] as T),
    [fc.oneof(anyBad, fresh(() => [], () => [I.tensor([1])])), badTensor],
  ),
  methodWith('multiHead', 'multiHead.apply', headed.map((m) => [m, m.init(0), [0.5, -0.5], 'regression']), (a) => (a[0] as I.Model & { apply: (p: Float64Array, x: number[], k?: string) => Float64Array }).apply(a[1] as Float64Array, a[2] as number[], a[3] as string), [
    fc.oneof(badVector, fresh(() => new Float64Array(1))),
    fc.oneof(badVector, fresh(() => ['1'])),
    fc.oneof(anyBad, fresh(() => 'ranking', () => undefined)),
  ]),
  methodWith(
    'multiHead',
    'multiHead.forward',
    headed.chain((m) => fc.tuple(fc.constant(m), fc.constant(m.split(m.init(0))), tensorOf([2, 1]), fc.constantFrom('regression', 'classification'))),
    (a) => (a[0] as I.Model).forward(a[1] as T[], a[2] as T, a[3] as I.TaskKind),
    [fc.oneof(anyBad, fresh(() => [], () => [I.tensor([1])])), badTensor, fc.oneof(anyBad, fresh(() => 'ranking'))],
  ),
  method('Mlp', 'Mlp.withOutputSize', model, (m, o: number) => m.withOutputSize(o), fc.tuple(fc.integer({ min: 1, max: 4 })), [fc.oneof(badCount, fresh(() => 2 ** 31))]),
  fn('registerModel', I.registerModel, fc.constant(['fuzz.model', () => I.linear({ inputSize: 1, outputSize: 1 })]), [fc.oneof(anyBad, fresh(() => 'infometa.mlp', () => '')), anyBad]),
  fn('modelFromJSON', I.modelFromJSON, anyModel.map((m) => [JSON.parse(JSON.stringify(m)) as unknown]), [
    fc.oneof(
      anyBad,
      anyModel.map(polluted),
      fresh(() => ({ kind: 'nobody.knows', version: 1 }), () => ({ kind: 'infometa.sequential', version: 1, inputSize: 2, layers: [{ dense: NaN }] }), () => ({ kind: 'infometa.multihead', version: 1, body: null, heads: {} })),
      anyModel.chain((m) => fc.tuple(fc.constantFrom('kind', 'version', 'sizes', 'activation', 'inputSize', 'layers', 'body', 'heads', '__proto__'), anyBad).map(([k, v]) => ({ ...(JSON.parse(JSON.stringify(m)) as object), [k]: v }))),
    ),
  ], { post: usable((m: I.Model) => m.init(1)) }),
);

/** Methods named after the object the user made: `maml(…).adapt` reports as `maml.adapt`, `adam().step` as `adam.step`. */
function prefixes(t: Target): Target {
  const [owner, m] = t.name.split('.');
  if (owner === 'MetaLearner' && m !== 'fromJSON' && m !== undefined) return { ...t, prefix: ['MetaLearner', 'maml', 'metaSgd', 'reptile', 'anil'].map((k) => `${k}.${m}`) };
  if (owner === 'Optimizer' && m !== undefined) return { ...t, prefix: ['Optimizer', 'sgd', 'adam'].map((k) => `${k}.${m}`) };
  return t;
}

export const metaTargets: Target[] = targets.map(prefixes);
