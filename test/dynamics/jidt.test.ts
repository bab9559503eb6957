// infometa/dynamics against JIDT, the reference implementation of transfer entropy and its relatives. The values in
// test/fixtures/jidt_dynamics.json were computed by JIDT itself (test/fixtures/jidt/JidtFixtures.java, which calls its
// public API with noise off); the series are stored beside them, so these tests need no Java.
import { describe, expect, it } from 'vitest';
import {
  activeInformationStorage,
  activeInformationStorageLocal,
  conditionalTransferEntropy,
  entropyRate,
  predictiveInformation,
  selectEmbedding,
  transferEntropy,
  transferEntropyLocal,
} from '../../src/dynamics/index.js';
import { loadFixture } from '../helpers/fixtures.js';

interface Case {
  measure: 'te' | 'cte' | 'ais' | 'pi' | 'entropyRate' | 'embedding';
  estimator?: 'ksg' | 'gaussian' | 'discrete';
  series: string;
  k?: number;
  kTau?: number;
  l?: number;
  lTau?: number;
  delay?: number;
  tau?: number;
  neighbours?: number;
  algorithm?: 1 | 2;
  normalize?: boolean;
  conditionalK?: number;
  conditionalTau?: number;
  conditionalDelay?: number;
  value?: number;
  bits?: number;
  locals?: number[];
  method?: 'RAGWITZ' | 'MAX_CORR_AIS';
  kMax?: number;
  tauMax?: number;
  ais?: number;
}
type S = number[] | number[][];
interface Fixture {
  series: Record<string, { x: S; y?: S; z?: S }>;
  cases: Case[];
}

const fx = loadFixture<Fixture>('jidt_dynamics.json');

/** The series a case names: a suffix -reverse swaps source and target, -x / -y picks one of a pair. */
function seriesOf(name: string): S[] {
  const m = /^(.*?)(-reverse|-x|-y)?$/.exec(name) as RegExpExecArray;
  const s = fx.series[m[1]];
  if (m[2] === '-reverse') return [s.y as S, s.x];
  if (m[2] === '-x') return [s.x];
  if (m[2] === '-y') return [s.y as S];
  return [s.x, s.y, s.z].filter((v): v is S => v !== undefined);
}

function label(c: Case): string {
  const p = ['k', 'kTau', 'l', 'lTau', 'delay', 'tau', 'neighbours', 'algorithm', 'normalize', 'conditionalK', 'conditionalDelay']
    .filter((key) => c[key as keyof Case] !== undefined)
    .map((key) => `${key}=${String(c[key as keyof Case])}`);
  return `${c.measure} ${c.estimator ?? ''} ${c.series} ${p.join(' ')}`;
}

const TOL = 1e-9;

describe('equals JIDT to 1e-9 with noise off', () => {
  for (const c of fx.cases.filter((x) => x.measure !== 'embedding')) {
    it(label(c), () => {
      const s = seriesOf(c.series);
      const o = {
        noise: false as const,
        neighbours: c.neighbours,
        algorithm: c.algorithm,
        normalize: c.normalize,
        base: c.bits !== undefined ? 2 : undefined,
      };
      const te = { ...o, estimator: c.estimator as 'ksg', k: c.k, kTau: c.kTau, l: c.l, lTau: c.lTau, delay: c.delay };
      const own = { ...o, estimator: c.estimator as 'ksg', k: c.k, tau: c.tau };
      let v: number;
      if (c.measure === 'te') v = transferEntropy(s[0], s[1], te);
      else if (c.measure === 'cte') {
        v = conditionalTransferEntropy(s[0], s[1], [s[2]], { ...te, conditionalK: c.conditionalK, conditionalTau: c.conditionalTau, conditionalDelay: c.conditionalDelay });
      } else if (c.measure === 'ais') v = activeInformationStorage(s[0], own);
      else if (c.measure === 'pi') v = predictiveInformation(s[0], own);
      else v = entropyRate(s[0], { ...own, estimator: 'discrete' });
      const ref = (c.value ?? c.bits) as number;
      expect(Math.abs(v - ref), `ours ${v}, JIDT ${ref}`).toBeLessThanOrEqual(TOL);
      if (c.locals !== undefined) {
        const l = c.measure === 'te' ? transferEntropyLocal(s[0], s[1], te) : activeInformationStorageLocal(s[0], own);
        expect(l.values.length).toBe(c.locals.length);
        let worst = 0;
        for (let i = 0; i < l.values.length; i++) worst = Math.max(worst, Math.abs(l.values[i] - c.locals[i]));
        expect(worst).toBeLessThanOrEqual(TOL);
        expect(Math.abs(l.average - ref)).toBeLessThanOrEqual(TOL);
      }
    });
  }
});

describe("embedding selection makes JIDT's choices (AUTO_EMBED_METHOD)", () => {
  for (const c of fx.cases.filter((x) => x.measure === 'embedding')) {
    it(`${c.method} on ${c.series}, k ≤ ${c.kMax}, tau ≤ ${c.tauMax}`, () => {
      const [x] = seriesOf(c.series);
      const e = selectEmbedding(x, { method: c.method === 'RAGWITZ' ? 'ragwitz' : 'ais', kMax: c.kMax, tauMax: c.tauMax, neighbours: c.neighbours, noise: false });
      expect([e.k, e.tau]).toEqual([c.k, c.tau]);
      const ais = activeInformationStorage(x, { k: e.k, tau: e.tau, neighbours: c.neighbours, noise: false });
      expect(Math.abs(ais - (c.ais as number))).toBeLessThanOrEqual(TOL);
    });
  }
});
