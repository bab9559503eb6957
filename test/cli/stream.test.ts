// The streamed command line: results equal to the library on files of many chunks, CSV edge cases with the line
// numbers of the old parser, --let / --where through mathjs, help per command, --json everywhere, progress.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entropyOf, ksgMutualInformation, mutualInformationOf, taskDependencyMatrix } from '../../src/index.js';
import { cliRunner, emotions, root } from './helpers.js';

const { dir, run } = cliRunner('infometa-stream-');

/** 30 000 rows (four chunks of the reader): a category, an integer written several ways, two labels, a price. */
function bigFile(): { file: string; color: string[]; k: number[]; a: number[]; b: number[]; open: number[]; close: number[] } {
  let s = 7;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const color: string[] = [];
  const k: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const open: number[] = [];
  const close: number[] = [];
  const lines = ['color,k,a,b,open,close'];
  for (let i = 0; i < 30000; i++) {
    const c = ['red', 'green', 'blue'][Math.floor(rnd() * 3)];
    const kk = Math.floor(rnd() * 4);
    const aa = rnd() < (c === 'red' ? 0.8 : 0.3) ? 1 : 0;
    const bb = rnd() < (aa ? 0.7 : 0.2) ? 1 : 0;
    const o = Math.round(100 + rnd() * 50);
    const cl = Math.round(o * (0.95 + rnd() * 0.1));
    color.push(c);
    k.push(kk);
    a.push(aa);
    b.push(bb);
    open.push(o);
    close.push(cl);
    // The integer k is written as 01, +1 or 1 at random: the same category.
    const kText = kk === 1 ? ['01', '+1', '1'][i % 3] : String(kk);
    lines.push(`${c},${kText},${aa},${bb},${o},${cl}`);
  }
  const file = join(dir, 'big.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return { file, color, k, a, b, open, close };
}

// Each test spawns several Node processes (mathjs loads in each): generous timeouts for a loaded machine.
describe('the streamed command line', { timeout: 240_000 }, () => {
  const big = bigFile();

  it('gives the library values on a file of many chunks', () => {
    const e = JSON.parse(run(['entropy', big.file, '--col', 'color', '--col', 'k', '--estimator', 'miller-madow', '--json']).out) as { results: { n: number; categories: number; entropy: number }[] };
    expect(e.results[0].n).toBe(30000);
    expect(e.results[0].entropy).toBeCloseTo(entropyOf(big.color, { estimator: 'miller-madow' }), 13);
    expect(e.results[1].categories).toBe(4);
    expect(e.results[1].entropy).toBeCloseTo(entropyOf(big.k, { estimator: 'miller-madow' }), 13);
    const m = JSON.parse(run(['mi', big.file, '--x', 'color', '--y', 'a', '--json']).out) as { mi: number; n: number };
    expect(m.n).toBe(30000);
    expect(m.mi).toBeCloseTo(mutualInformationOf(big.color, big.a), 14);
    const t = JSON.parse(run(['tasks', big.file, '--cols', 'color,k,a,b', '--measure', 'ami', '--json']).out) as { values: number[]; names: string[] };
    const want = taskDependencyMatrix([big.color, big.k, big.a, big.b], { measure: 'ami' }).values;
    expect(t.names).toEqual(['color', 'k', 'a', 'b']);
    t.values.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });

  it('tasks on emotions, from a file and from stdin, equals taskDependencyMatrix (streamed and with permutations)', () => {
    const text = readFileSync(emotions, 'utf8');
    const rows = text.trim().split('\n').slice(1).map((l) => l.split(','));
    const labels = Array.from({ length: 6 }, (_, t) => rows.map((r) => Number(r[r.length - 6 + t])));
    for (const measure of ['mi', 'nmi', 'conditional-entropy']) {
      const want = taskDependencyMatrix(labels, { measure: measure as 'mi', base: 2 });
      const got = JSON.parse(run(['tasks', '-', '--labels', '6', '--measure', measure, '--base', '2', '--json'], text).out) as { values: number[] };
      got.values.forEach((v, i) => expect(v).toBeCloseTo(want.values[i], 13));
    }
    const p = JSON.parse(run(['tasks', emotions, '--labels', '6', '--permutations', '99', '--seed', '3', '--json']).out) as { pValues: number[] };
    expect(p.pValues).toEqual(Array.from(taskDependencyMatrix(labels, { permutations: 99, seed: 3 }).pValues as Float64Array));
  });

  it('--let and --where: derived columns and filters through mathjs', () => {
    const ret = big.open.map((o, i) => Math.log(big.close[i]) - Math.log(o));
    const r = run(['mi', big.file, '--let', 'ret = log(close) - log(open)', '--x', 'ret', '--y', 'open', '--estimator', 'ksg', '--k', '3', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { mi: number }).mi).toBeCloseTo(ksgMutualInformation(ret, big.open, { k: 3 }), 12);
    const keep = big.color.map((c, i) => c !== 'red' && big.open[i] > 120);
    const f = run(['mi', big.file, '--where', 'not equalText(color, "red") and open > 120', '--x', 'a', '--y', 'b', '--json']);
    const fj = JSON.parse(f.out) as { mi: number; n: number };
    expect(fj.n).toBe(keep.filter(Boolean).length);
    expect(fj.mi).toBeCloseTo(mutualInformationOf(big.a.filter((_, i) => keep[i]), big.b.filter((_, i) => keep[i])), 14);
    // Booleans become 0/1 labels; a later --let sees an earlier one; col("…") reaches any column.
    const up = big.open.map((o, i) => (big.close[i] > o ? 1 : 0));
    const e = run(['entropy', big.file, '--let', 'up = close > open', '--let', 'both = up and col("a") == 1', '--col', 'up', '--col', 'both', '--json']);
    const ej = JSON.parse(e.out) as { results: { column: string; entropy: number }[] };
    expect(ej.results.map((x) => x.column)).toEqual(['up', 'both']);
    expect(ej.results[0].entropy).toBeCloseTo(entropyOf(up), 14);
    expect(ej.results[1].entropy).toBeCloseTo(entropyOf(up.map((u, i) => u & big.a[i])), 14);
    const t = run(['tasks', emotions, '--let', 'calm_or_quiet = col("relaxing-calm") or col("quiet-still")', '--labels', '3', '--json']);
    expect((JSON.parse(t.out) as { names: string[] }).names).toEqual(['sad-lonely', 'angry-aggresive', 'calm_or_quiet']);
  });

  it('a bad expression names the expression and the row (or the header), with the exit code of its kind', () => {
    const f = join(dir, 'prices.csv');
    writeFileSync(f, 'date,open,close,volume\n2024-01-02,10,11,5\n2024-01-03,12,0,7\n2024-01-04,9,x,0\n');
    const cases: [string[], number, string][] = [
      [['--let', 'ret = log(close) - log(opn)'], 2, `infometa: ${f}: --let "ret = log(close) - log(opn)" names no column 'opn' (the header on line 1 has: date, open, close, volume)`],
      [['--let', 'ret = log(close) - log(open)'], 1, `infometa: ${f}: --let "ret = log(close) - log(open)" gives -Infinity on line 3, not a finite number`],
      [['--let', 'ret = log(open - 11)'], 1, `infometa: ${f}: --let "ret = log(open - 11)" gives the complex number 3.14159i on line 2, not a finite number`],
      [['--let', 'd = date'], 1, `infometa: ${f}: --let "d = date" gives the text "2024-01-02" on line 2, not a finite number`],
      [['--let', 'r = close / open', '--where', 'volume > 0'], 1, `infometa: ${f}: --let "r = close / open" fails on line 4: Cannot convert "x" to a number`],
      [['--where', 'volume'], 1, `infometa: ${f}: --where "volume" gives 5 on line 2, not true or false`],
      [['--where', 'volume > 100'], 1, `infometa: ${f}: --where "volume > 100" keeps none of the 3 rows`],
      [['--let', 'ret = (close'], 2, 'infometa: --let "ret = (close": Parenthesis ) expected (char 13)'],
      [['--let', 'close = 1'], 2, `infometa: --let "close = 1": there is already a column 'close'`],
      [['--let', 'f(x) = x'], 2, 'infometa: --let "f(x) = x" must be NAME = EXPRESSION (for example --let "ret = log(close) - log(open)")'],
    ];
    for (const [flags, code, msg] of cases) {
      const r = run(['entropy', f, ...flags, '--col', 'volume']);
      expect(r.code, flags.join(' ')).toBe(code);
      expect(r.err.split('\n')[0]).toBe(msg);
    }
  });

  it('CSV edge cases keep the old line numbers and messages', () => {
    const f = join(dir, 'edge.csv');
    // BOM, CRLF, a blank line, a quoted field spanning two lines, doubled quotes; then a ragged row on line 8.
    writeFileSync(f, '\ufeffx,y\r\n1,"a"\r\n\r\n2,"multi\nline"\r\n3,"say ""hi"""\n4,b\n5\n');
    expect(run(['entropy', f]).err).toBe(`infometa: ${f}: line 8 has 1 fields but the header has 2\n`);
    writeFileSync(f, '\ufeffx,y\r\n1,"a"\r\n\r\n2,"multi\nline"\r\n3,"say ""hi"""\n4,b\n');
    const j = JSON.parse(run(['entropy', f, '--json']).out) as { results: { column: string; n: number; categories: number }[] };
    expect(j.results.map((r) => [r.column, r.n, r.categories])).toEqual([['x', 4, 4], ['y', 4, 4]]);
    writeFileSync(f, 'x,y\n1,2\n\n3,"open\n4,5\n');
    expect(run(['entropy', f]).err).toBe(`infometa: ${f}: unterminated quoted field starting on line 4\n`);
    writeFileSync(f, 'x,y\n1,2\n3,"a\nb",4\n5,oops\n');
    const r = run(['mi', f, '--x', 'x', '--y', 'y', '--estimator', 'gaussian']);
    expect(r.err).toBe(`infometa: ${f}: line 3 has 3 fields but the header has 2\n`);
    writeFileSync(f, 'x,y\n1,2\n3,"4"\n5,oops\n');
    expect(run(['mi', f, '--x', 'x', '--y', 'y', '--estimator', 'gaussian']).err).toBe(`infometa: ${f}: non-numeric value "oops" on line 4 in column 'y'\n`);
    writeFileSync(f, '');
    expect(run(['entropy', f]).err).toBe(`infometa: ${f}: no header row (the file is empty)\n`);
    writeFileSync(f, 'x,y\n\n');
    const h = run(['entropy', f]);
    expect([h.code, h.err]).toEqual([1, `infometa: ${f}: no data rows after the header\n`]);
  });

  it('--help for every command, with an example; --version; --json everywhere, errors included', () => {
    for (const cmd of ['entropy', 'mi', 'tasks']) {
      for (const args of [[cmd, '--help'], ['help', cmd]]) {
        const r = run(args);
        expect(r.code).toBe(0);
        expect(r.out).toContain(`infometa ${cmd}`);
        expect(r.out).toMatch(/\nExample:\n {2}infometa /);
        expect(r.out).toContain('--let "NAME = EXPR"');
      }
    }
    const v = run(['--version', '--json']);
    expect(JSON.parse(v.out)).toEqual({ name: 'infometa', version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version });
    expect(JSON.parse(run(['entropy', '--probs', '1,1', '--json']).out)).toEqual({ entropy: Math.log(2), base: Math.E });
    const bad = run(['mi', emotions, '--x', 'nope', '--y', '1', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(JSON.parse(bad.err)).toEqual({ error: { message: expect.stringMatching(/^no column 'nope'/) as unknown, code: 'USAGE', exitCode: 2 } });
    const lib = run(['mi', '-', '--x', 'x', '--y', 'y', '--estimator', 'ksg', '--k', '5', '--json'], 'x,y\n1,2\n3,4\n');
    expect(lib.code).toBe(1);
    expect(JSON.parse(lib.err)).toMatchObject({ error: { code: 'INVALID_OPTION', exitCode: 1 } });
    const data = run(['entropy', join(dir, 'missing.csv'), '--json']);
    expect(JSON.parse(data.err)).toMatchObject({ error: { code: 'BAD_DATA', exitCode: 1 } });
    expect(run(['help', 'frob']).code).toBe(2);
  });

  it('shows bytes read, rows and rows per second on stderr', () => {
    const r = run(['entropy', big.file, '--col', 'color', '--progress']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(new RegExp(`${big.file.replace(/[/.]/g, '\\$&')}: \\d+\\.\\d MB of \\d+\\.\\d MB \\(100%\\), 30,000 rows, [\\d,]+ rows/s in \\d+\\.\\d s\\n$`));
    expect(r.out).not.toContain('rows/s');
  });
});
