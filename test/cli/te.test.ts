// `infometa te`, run from the built command line (dist/cli.js) as a shell would.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transferEntropy, transferEntropyMatrix } from '../../src/index.js';
import { cliRunner, root } from './helpers.js';

const eustocks = join(root, 'examples', 'data', 'eustocks.csv');
const { dir, run } = cliRunner('infometa-cli-te-');

function logReturns(col: string): Float64Array {
  const lines = readFileSync(eustocks, 'utf8').trim().split('\n');
  const j = lines[0].split(',').indexOf(col);
  const p = lines.slice(1).map((l) => Number(l.split(',')[j]));
  return Float64Array.from(p.slice(1), (v, t) => Math.log(v) - Math.log(p[t]));
}

describe('infometa te', () => {
  it('one pair, as JSON, equals the library', () => {
    const r = run(['te', eustocks, '--source', 'DAX', '--target', 'CAC', '--log-returns', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { te: number; n: number; estimator: string; transform: string };
    expect(j.n).toBe(1859);
    expect(j.estimator).toBe('ksg');
    expect(j.transform).toBe('log-returns');
    expect(j.te).toBe(transferEntropy(logReturns('DAX'), logReturns('CAC')));
  });

  it('a table with a surrogate test, options passed through', () => {
    const csv = 'x,y\n' + Array.from({ length: 300 }, (_, t) => `${t % 3},${(t + 2) % 3}`).join('\n') + '\n';
    writeFileSync(join(dir, 'd.csv'), csv);
    const r = run(['te', 'd.csv', '--source', 'x', '--target', 'y', '--estimator', 'discrete', '--base', '2', '--surrogates', '99', '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/source\s+target\s+n\s+estimator\s+TE \(bits\)\s+p-value/);
    expect(r.out).toMatch(/x\s+y\s+300\s+discrete\s+0\.000000\s+1\.000/);
    const stdin = run(['te', '--source', '1', '--target', '2', '--estimator', 'gaussian', '--k', '2', '--json'], 'a,b\n' + Array.from({ length: 50 }, (_, t) => `${(t * 7919) % 101},${(t * 104729 + 7) % 97}`).join('\n'));
    expect(stdin.code).toBe(0);
    expect(Number.isFinite((JSON.parse(stdin.out) as { te: number }).te)).toBe(true);
  });

  it('--matrix with p-values and corrected significance equals the library', () => {
    const r = run(['te', eustocks, '--matrix', '--cols', 'DAX,SMI,CAC,FTSE', '--log-returns', '--estimator', 'gaussian', '--surrogates', '199', '--seed', '1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { names: string[]; values: number[]; pValues: number[]; qValues: number[]; edges: { source: string; target: string }[] };
    expect(j.names).toEqual(['DAX', 'SMI', 'CAC', 'FTSE']);
    const m = transferEntropyMatrix(j.names.map(logReturns), j.names, { estimator: 'gaussian', surrogates: 199, seed: 1 });
    expect(j.values).toEqual(Array.from(m.values));
    expect(j.pValues).toEqual(Array.from(m.pValues as Float64Array));
    expect(j.qValues).toEqual(Array.from(m.qValues as Float64Array));
    expect(j.edges).toEqual(m.edges());
    const t = run(['te', eustocks, '--matrix', '--cols', 'DAX,SMI,CAC,FTSE', '--log-returns', '--estimator', 'gaussian', '--surrogates', '199', '--seed', '1']);
    expect(t.code).toBe(0);
    expect(t.out).toContain('row = source → column = target');
    expect(t.out).toContain('Benjamini–Hochberg q');
    expect(t.out).toMatch(/significant edges:|no significant edges/);
  });

  it('bad usage exits 2, bad data exits 1, with the reason', () => {
    for (const [args, re] of [
      [['te', eustocks, '--source', 'DAX'], /missing --target COL/],
      [['te', eustocks, '--source', 'DAX', '--target', 'XYZ'], /no column 'XYZ'/],
      [['te', eustocks, '--source', 'DAX', '--target', 'CAC', '--estimator', 'foo'], /unknown --estimator 'foo'/],
      [['te', eustocks, '--source', 'DAX', '--target', 'CAC', '--k', '1.5'], /--k must be an integer/],
      [['te', eustocks, '--source', 'DAX', '--target', 'CAC', '--diff', '--log-returns'], /at most one of --log-returns and --diff/],
      [['te', eustocks, '--matrix', '--source', 'DAX'], /--matrix takes --cols/],
      [['te', eustocks, '--source', 'DAX', '--target', 'CAC', '--surrogate', 'phase'], /unknown --surrogate 'phase'/],
    ] as [string[], RegExp][]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(re);
    }
    writeFileSync(join(dir, 'bad.csv'), 'x,y\n1,2\n-1,3\n4,5\n');
    const neg = run(['te', 'bad.csv', '--source', 'x', '--target', 'y', '--log-returns']);
    expect(neg.code).toBe(1);
    expect(neg.err).toMatch(/--log-returns needs positive values, but column 'x' has -1 in data row 2/);
    const short = run(['te', 'bad.csv', '--source', 'x', '--target', 'y', '--k', '5']);
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/transferEntropy: source \(and its partners\) is too short for the embedding/);
    // The discrete estimator counts categories: negative integers are labels like any other.
    const neg1 = run(['te', 'bad.csv', '--source', 'x', '--target', 'y', '--estimator', 'discrete', '--json']);
    expect(neg1.code).toBe(0);
    expect((JSON.parse(neg1.out) as { te: number }).te).toBe(transferEntropy([1, 0, 2], [0, 1, 2], { estimator: 'discrete' }));
  });

  it('is listed by --help, and te --help / help te print its options; --json errors are JSON', () => {
    expect(run(['--help']).out).toContain('infometa te [FILE] --source COL --target COL');
    expect(run(['--help']).out).toMatch(/\n {2}te\s+transfer entropy/);
    for (const args of [['te', '--help'], ['help', 'te']]) {
      const r = run(args);
      expect(r.code).toBe(0);
      expect(r.out).toContain('--surrogates M');
      expect(r.out).toContain('--let');
    }
    // A value out of range is bad usage (checked before reading); one the data cannot support is the library's error.
    const k0 = run(['te', eustocks, '--source', 'DAX', '--target', 'CAC', '--k', '0', '--json']);
    expect(k0.code).toBe(2);
    expect(JSON.parse(k0.err)).toEqual({ error: { message: "--k must be an integer ≥ 1 (got '0')", code: 'USAGE', exitCode: 2 } });
    const e = run(['te', eustocks, '--source', 'DAX', '--target', 'CAC', '--neighbours', '100000', '--json']);
    expect(e.code).toBe(1);
    expect(JSON.parse(e.err)).toMatchObject({ error: { code: 'INVALID_OPTION', exitCode: 1 } });
    const u = run(['te', eustocks, '--source', 'DAX', '--json']);
    expect(u.code).toBe(2);
    expect(JSON.parse(u.err)).toMatchObject({ error: { code: 'USAGE', exitCode: 2 } });
  });

  it('--let and --where reach the columns before the transform', () => {
    const r = run(['te', eustocks, '--let', 'dax = DAX + 0', '--where', 'FTSE > 0', '--source', 'dax', '--target', 'CAC', '--log-returns', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { te: number; source: string };
    expect(j.source).toBe('dax');
    expect(j.te).toBe(transferEntropy(logReturns('DAX'), logReturns('CAC')));
    const few = run(['te', eustocks, '--where', 'DAX < 2000', '--source', 'DAX', '--target', 'CAC', '--json']);
    expect(few.code).toBe(0);
    expect((JSON.parse(few.out) as { n: number }).n).toBe(633);
  });
});
