// Runs the built command line (dist/cli.js, built by `npm test` before the tests) as a user's shell would.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entropyOf, ksgMutualInformation, mutualInformationOf } from '../../src/index.js';
import { cliRunner, emotions } from './helpers.js';

const { dir, run } = cliRunner('infometa-cli-');

const small = 'a,b,c,label\n1,2.5,x,0\n2,3.5,y,1\n1,2.0,x,0\n3,9.25,y,1\n2,1.0,z,1\n';

describe('infometa command line', () => {
  it('prints help and version; no command is a usage error', () => {
    expect(run(['--help']).code).toBe(0);
    expect(run(['--help']).out).toContain('infometa mi [FILE] --x COL --y COL');
    expect(run(['--version']).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run([]).code).toBe(2);
  });
  it('entropy of label columns matches the library', () => {
    const r = run(['entropy', emotions, '--col', 'amazed-suprised', '--col', 'sad-lonely', '--json', '--base', '2']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { results: { column: string; entropy: number; n: number }[] };
    const csv = readFileSync(emotions, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const col = (k: number) => csv.map((row) => Number(row[row.length - 6 + k]));
    expect(j.results[0].column).toBe('amazed-suprised');
    expect(j.results[0].n).toBe(593);
    expect(j.results[0].entropy).toBeCloseTo(entropyOf(col(0), { base: 2 }), 14);
    expect(j.results[1].entropy).toBeCloseTo(entropyOf(col(4), { base: 2 }), 14);
  });
  it('prints an aligned table by default; reads stdin; --probs', () => {
    const r = run(['entropy', '-', '--col', 'c'], small);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^column\s+n\s+categories\s+entropy$/);
    expect(r.out).toContain(entropyOf(['x', 'y', 'x', 'y', 'z']).toFixed(6));
    expect(run(['entropy', '--probs', '1,1,1,1', '--base', '2']).out.trim()).toBe('2.000000');
  });
  it('mi with every estimator family, and a permutation test', () => {
    const f = join(dir, 'small.csv');
    writeFileSync(f, small);
    const d = JSON.parse(run(['mi', f, '--x', 'c', '--y', 'label', '--json']).out) as { mi: number };
    expect(d.mi).toBeCloseTo(mutualInformationOf(['x', 'y', 'x', 'y', 'z'], [0, 1, 0, 1, 1]), 14);
    const k = JSON.parse(run(['mi', f, '--x', 'a', '--y', '2', '--estimator', 'ksg', '--k', '2', '--json']).out) as { mi: number };
    expect(k.mi).toBeCloseTo(ksgMutualInformation([1, 2, 1, 3, 2], [2.5, 3.5, 2.0, 9.25, 1.0], { k: 2 }), 12);
    const t = JSON.parse(run(['mi', emotions, '--x', 'relaxing-calm', '--y', 'angry-aggresive', '--test', '--permutations', '200', '--json']).out) as {
      test: { pValue: number; permutations: number };
    };
    expect(t.test.permutations).toBe(200);
    expect(t.test.pValue).toBeCloseTo(1 / 201, 12);
    const g = run(['mi', f, '--x', 'a', '--y', 'b', '--estimator', 'gaussian']);
    expect(g.code).toBe(0);
    expect(g.out).toContain('gaussian');
    const m = run(['mi', f, '--x', 'c', '--y', 'b', '--estimator', 'mixed', '--k', '1']);
    expect(m.code).toBe(0);
  });
  it('progress goes to stderr, results to stdout', () => {
    const r = run(['mi', emotions, '--x', '73', '--y', '74', '--test', '--permutations', '50', '--progress']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('50/50');
    expect(r.out).not.toContain('50/50');
  });
  it('tasks: the dependency table, JSON, and an SVG heatmap', () => {
    const r = run(['tasks', emotions, '--labels', '6', '--measure', 'nmi', '--permutations', '100']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('relaxing-calm');
    expect(r.out).toContain('**');
    const svg = join(dir, 'out.svg');
    const j = run(['tasks', emotions, '--labels', '6', '--json', '--svg', svg]);
    expect(j.code).toBe(0);
    expect((JSON.parse(j.out) as { names: string[] }).names).toHaveLength(6);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg|^<\?xml/);
  });
  it('bad usage exits with code 2 and says why', () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['mi', emotions, '--x', 'nope', '--y', '73'], /no column 'nope' \(columns: Mean_Acc1298/],
      [['mi', emotions, '--y', '73'], /missing --x COL/],
      [['mi', emotions, '--x', '1', '--y', '2', '--estimator', 'magic'], /unknown --estimator 'magic'/],
      [['mi', emotions, '--x', '1', '--y', '2', '--bogus'], /unknown option '--bogus' for mi/],
      [['tasks', emotions], /missing --labels/],
      [['tasks', emotions, '--labels', '1'], /--labels must be an integer ≥ 2 \(got '1'\)/],
      [['tasks', emotions, '--labels', '99'], /--labels must be between 2 and 78/],
      [['tasks', emotions, '--labels', '6', '--measure', 'cosine'], /unknown --measure 'cosine'/],
      [['entropy', emotions, '--base', 'two'], /--base must be a number/],
    ];
    for (const [args, msg] of cases) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
  });
  it('bad data exits with code 1 and names the line', () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'x,y\n1,2\n3,oops\n5,6\n');
    const r = run(['mi', f, '--x', 'x', '--y', 'y', '--estimator', 'ksg', '--k', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`non-numeric value "oops" on line 3 in column 'y'`);
    writeFileSync(f, 'x,y\n1,2\n3\n');
    expect(run(['entropy', f]).err).toContain('line 3 has 1 fields but the header has 2');
    expect(run(['entropy', join(dir, 'missing.csv')]).code).toBe(1);
    // A library error (k ≥ n) is reported, not thrown.
    writeFileSync(f, 'x,y\n1,2\n3,4\n');
    const k = run(['mi', f, '--x', 'x', '--y', 'y', '--estimator', 'ksg', '--k', '5']);
    expect(k.code).toBe(1);
    expect(k.err).toMatch(/^infometa: ksgMutualInformation: /);
  });
});
