// The command line under hostile input (issue 13): option values out of range, flags given twice, an --svg path
// that cannot be written, a field of 150 MB, bytes that are not UTF-8, numbers with a fraction given to a discrete
// estimator, control characters in column names, duplicate header names, and the same checks for `te`. Each case drives the built binary and
// checks the exit code, the message, and that nothing half-done reaches stdout.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, cliRunner, emotions } from './helpers.js';

const { dir, run } = cliRunner('infometa-hostile-');

/** Runs the CLI and returns its peak resident set size (MiB) beside its result. */
function runMeasured(args: string[]): { code: number; err: string; out: string; peakMiB: number } {
  const rssFile = join(dir, `rss-${args.length}-${Date.now()}.txt`);
  const preload = pathToFileURL(join(__dirname, 'peak-rss.mjs')).href;
  const r = spawnSync(process.execPath, ['--import', preload, cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, PEAK_RSS_FILE: rssFile } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, peakMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

/** A small table: a label, a binary label, and a float. */
const small = join(dir, 'small.csv');
writeFileSync(small, 'color,a,price\nred,1,1.25\nblue,0,2.5\nred,1,3.75\ngreen,0,0.5\nblue,1,1.5\n');

/** Expects a usage error: exit code 2, the message, the pointer to --help, and no output on stdout. */
function expectUsage(args: string[], message: RegExp): void {
  const r = run(args);
  expect(r.code, args.join(' ')).toBe(2);
  expect(r.err, args.join(' ')).toMatch(message);
  expect(r.err).toMatch(/Run 'infometa (entropy |mi |tasks |te )?--help' for usage/);
  expect(r.out).toBe('');
}

describe('the command line under hostile input', { timeout: 240_000 }, () => {
  it('exits with code 2 for option values out of range, naming the flag, the rule and the value', () => {
    const base = /--base must be a number > 0 other than 1 \(2 for bits, 10 for digits; the default e gives nats\)/;
    expectUsage(['entropy', small, '--col', 'color', '--base', '1'], new RegExp(`${base.source} \\(got '1'\\)`));
    expectUsage(['mi', small, '--x', 'color', '--y', 'a', '--base', '0'], base);
    expectUsage(['mi', small, '--x', 'color', '--y', 'a', '--base', '-2'], base);
    expectUsage(['tasks', small, '--cols', 'color,a', '--base', 'Infinity'], base);
    expectUsage(['entropy', '--probs', '0.5,0.5', '--base', '1'], base);
    expectUsage(['mi', small, '--x', 'price', '--y', 'a', '--estimator', 'ksg', '--k', '0'], /--k must be an integer ≥ 1 \(got '0'\)/);
    expectUsage(['mi', small, '--x', 'price', '--y', 'a', '--estimator', 'ksg', '--k', '1.5'], /--k must be an integer ≥ 1 \(got '1.5'\)/);
    expectUsage(['mi', small, '--x', 'color', '--y', 'a', '--test', '--permutations', '0'], /--permutations must be an integer ≥ 1 \(got '0'\)/);
    expectUsage(['mi', small, '--x', 'color', '--y', 'a', '--test', '--permutations', '-5'], /--permutations must be an integer ≥ 1 \(got '-5'\)/);
    expectUsage(['tasks', small, '--cols', 'color,a', '--permutations', '0'], /--permutations must be an integer ≥ 1 \(got '0'\)/);
    expectUsage(['tasks', small, '--cols', 'color,a', '--permutations', '10', '--seed', '1.5'], /--seed must be an integer from -9007199254740991 to 9007199254740991 \(got '1.5'\)/);
    expectUsage(['entropy', '--probs', '0.5,-0.5'], /--probs: entry 2 must be a number ≥ 0 \(got '-0.5'\)/);
    expectUsage(['entropy', '--probs', '0,0'], /--probs needs an entry > 0/);
    expectUsage(['entropy', small, '--encoding', 'utf16'], /unknown --encoding 'utf16' \(.*one of utf8, latin1\)/);
    expectUsage(['entropy', small, '--max-row-size', '10'], /--max-row-size must be a size from 1K to 256M, in bytes or with K, M or G \(got '10'\)/);
    expectUsage(['tasks', small, '--cols', 'color,a', '--measure', 'ami', '--average', 'joint'], /unknown --average 'joint'/);
    // A value that is checked before anything is read: the missing file is not even opened.
    expectUsage(['mi', join(dir, 'missing.csv'), '--x', 'a', '--y', 'b', '--base', '1'], base);
    // A negative number is a value, not a flag.
    expect(run(['mi', small, '--x', 'color', '--y', 'a', '--test', '--permutations', '20', '--seed', '-1']).code).toBe(0);
  });

  it('refuses flags that have no effect in the command line given', () => {
    expectUsage(['mi', small, '--x', 'color', '--y', 'a', '--k', '5'], /--k applies to --estimator ksg and mixed only \(the estimator is plugin\)/);
    expectUsage(['mi', small, '--x', 'color', '--y', 'a', '--permutations', '50'], /--permutations sets the rounds of the permutation test: add --test/);
    expectUsage(['tasks', small, '--cols', 'color,a', '--seed', '3'], /--seed is the seed of the permutations: add --permutations M/);
    expectUsage(['tasks', small, '--cols', 'color,a', '--average', 'max'], /--average applies to --measure nmi and ami only/);
    expectUsage(['entropy', '--probs', '0.5,0.5', '--where', 'a > 0'], /--where does not apply to --probs/);
  });

  it('refuses a flag given twice, an unknown flag (with the closest one) and a column selected twice', () => {
    expectUsage(['mi', small, '--x', 'color', '--y', 'a', '--x', 'price'], /--x is given twice \(as 'color' and as 'price'\); give it once/);
    expectUsage(['mi', small, '--x', 'color', '--y', 'a', '--base=2', '--base', '2'], /--base is given twice/);
    expectUsage(['entropy', small, '--progress', '--progress'], /--progress is given twice; give it once/);
    const j = run(['entropy', small, '--json', '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.err)).toEqual({ error: { message: '--json is given twice; give it once', code: 'USAGE', exitCode: 2 } });
    expectUsage(['entropy', small, '--col', 'color', '--col', '1'], /column 'color' is selected twice \(--col color and --col 1\)/);
    expectUsage(['tasks', small, '--cols', 'color,a,color'], /column 'color' is selected twice/);
    expectUsage(['mi', small, '--x', 'color', '--y', 'a', '--bsae', '2'], /unknown option '--bsae' for mi \(did you mean --base\?\)/);
    // Repeatable flags stay repeatable.
    const r = run(['entropy', small, '--col', 'color', '--col', 'a', '--let', 'b = a + 1', '--let', 'c = b * 2', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { results: unknown[] }).results).toHaveLength(2);
  });

  it('refuses a header that names two columns the same (exit code 1)', () => {
    const f = join(dir, 'dup.csv');
    writeFileSync(f, 'a,b,a\n1,2,3\n');
    const r = run(['entropy', f, '--col', 'b']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`infometa: ${f}: the header names two columns 'a' (columns 1 and 3); every column needs its own name\n`);
    writeFileSync(f, ' x ,y,x\n1,2,3\n'); // names are trimmed before they are compared
    expect(run(['entropy', f]).err).toContain("the header names two columns 'x' (columns 1 and 3)");
    writeFileSync(f, ',y,\n1,2,3\n');
    expect(run(['entropy', f]).err).toContain('the header has two columns without a name (columns 1 and 3)');
  });

  it('checks an --svg path before reading, and reports a failed write as exit code 1', () => {
    expectUsage(['tasks', small, '--cols', 'color,a', '--svg', join(dir, 'no-such-folder', 'x.svg')], /--svg .*x\.svg: cannot write there \(the folder .*no-such-folder does not exist\)/);
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expectUsage(['tasks', small, '--cols', 'color,a', '--svg', folder], /cannot write there \(it is a folder\)/);
    expectUsage(['tasks', small, '--cols', 'color,a', '--svg', join(small, 'x.svg')], /cannot write there \(.*small\.csv is not a folder\)/);
    expectUsage(['tasks', small, '--cols', 'color,a', '--svg', ''], /cannot write there \(the path is empty\)/);
    // The folder exists and looks writable, but the write fails (procfs): a clean message, no stack trace.
    const r = run(['tasks', small, '--cols', 'color,a', '--svg', '/proc/infometa-test.svg']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('infometa: cannot write --svg /proc/infometa-test.svg: no such file or folder\n');
    const ok = join(dir, 'ok.svg');
    expect(run(['tasks', small, '--cols', 'color,a', '--svg', ok]).code).toBe(0);
    expect(existsSync(ok)).toBe(true);
  });

  it('stops a 150 MB field at the row limit with a clear message, in bounded memory', () => {
    // One field of 150 MiB, quoted, as a stray quote or an embedded blob makes it. Before: the whole field was
    // buffered (about 400 MB resident for 150 MB; "Cannot create a string longer than 0x1fffffe8 characters" and a
    // stack trace from 512 MiB up).
    const f = join(dir, 'huge-field.csv');
    const fd = openSync(f, 'w');
    writeSync(fd, 'a,b\n1,"');
    const mib = 'x'.repeat(2 ** 20);
    for (let i = 0; i < 150; i++) writeSync(fd, mib);
    writeSync(fd, '"\n2,3\n');
    closeSync(fd);
    const r = runMeasured(['entropy', f, '--col', 'a']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `infometa: ${f}: the row starting on line 2 is longer than the limit of 16M bytes (a quoted field left open, or a field too big to read at once); ` +
        'if the data is right, raise the limit with --max-row-size (up to 256M)\n',
    );
    expect(r.out).toBe('');
    // Measured 90 MiB (Node itself takes about 45); the limit leaves room for a loaded machine.
    expect(r.peakMiB).toBeLessThan(200);
    // A stray quote in a file of ordinary rows is stopped at the limit, on the line where it opened.
    const f2 = join(dir, 'open-quote.csv');
    writeFileSync(f2, 'a,b\n1,"2\n' + '3,4\n'.repeat(300_000));
    const r2 = run(['entropy', f2, '--max-row-size', '1K']);
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('the row starting on line 2 is longer than the limit of 1K bytes');
  });

  it('reads a field above the default limit when --max-row-size allows it', () => {
    const f = join(dir, 'wide.csv');
    const big = 'y'.repeat(20 * 2 ** 20);
    writeFileSync(f, `a,b\n1,${big}\n2,${big}\n3,z\n`);
    expect(run(['entropy', f, '--col', 'b']).code).toBe(1);
    const r = run(['entropy', f, '--col', 'b', '--max-row-size', '32M', '--json']);
    expect(r.code).toBe(0);
    const res = (JSON.parse(r.out) as { results: { n: number; categories: number }[] }).results[0];
    expect(res).toMatchObject({ n: 3, categories: 2 });
  });

  it('refuses bytes that are not UTF-8 rather than merging distinct values into U+FFFD; --encoding latin1 reads them', () => {
    const f = join(dir, 'latin1.csv');
    // café and cafè in Latin-1: decoded with replacement, both would be "caf\uFFFD", one category.
    writeFileSync(f, Buffer.concat([Buffer.from('name,y\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(',1\n'), Buffer.from([0x63, 0x61, 0x66, 0xe8]), Buffer.from(',0\n')]));
    const r = run(['mi', f, '--x', 'name', '--y', 'y']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `infometa: ${f}: line 2 (column 'name') is not valid UTF-8 (byte 0xE9 at offset 10): decoding it would merge distinct values into U+FFFD; ` +
        'convert the file to UTF-8 (iconv -f LATIN1 -t UTF-8 FILE), or pass --encoding latin1 to read each byte as one character\n',
    );
    const l = run(['entropy', f, '--col', 'name', '--encoding', 'latin1', '--json']);
    expect(l.code).toBe(0);
    expect((JSON.parse(l.out) as { results: { categories: number; entropy: number }[] }).results[0]).toMatchObject({ categories: 2, entropy: Math.LN2 });
    // A bad byte far into the file (past the first 1 MiB chunk) and in the header are found too.
    const late = join(dir, 'late.csv');
    writeFileSync(late, Buffer.concat([Buffer.from('name,y\n' + 'héllo,1\n'.repeat(200_000)), Buffer.from([0x78, 0xff, 0x2c, 0x30, 0x0a])]));
    expect(run(['entropy', late, '--col', 'name']).err).toMatch(/^infometa: .*late\.csv: line 200002 \(column 'name'\) is not valid UTF-8 \(byte 0xFF at offset 1800008\)/);
    const head = join(dir, 'head.csv');
    writeFileSync(head, Buffer.concat([Buffer.from('a,'), Buffer.from([0xe9]), Buffer.from('\n1,2\n')]));
    expect(run(['entropy', head]).err).toContain('line 1 (the name of column 2) is not valid UTF-8 (byte 0xE9 at offset 2)');
    // A character cut short by the end of the input.
    const cut = join(dir, 'cut.csv');
    writeFileSync(cut, Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.from([0xc3])]));
    expect(run(['entropy', cut]).err).toContain('is not valid UTF-8 (byte 0xC3 at offset 8)');
    // From stdin as well.
    const stdin = spawnSync(process.execPath, [cli, 'entropy', '-', '--col', 'name'], { input: readFileSync(f), cwd: dir, encoding: 'utf8' });
    expect(stdin.status).toBe(1);
    expect(stdin.stderr).toContain('infometa: stdin: line 2 (column \'name\') is not valid UTF-8');
  });

  it('reads UTF-8 and UTF-16LE with a byte-order mark, and refuses broken UTF-16', () => {
    const bom8 = join(dir, 'bom8.csv');
    writeFileSync(bom8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('naïve,b\nç,1\nß,2\n')]));
    const r8 = run(['entropy', bom8, '--json']);
    expect(r8.code).toBe(0);
    expect((JSON.parse(r8.out) as { results: { column: string; categories: number }[] }).results[0]).toMatchObject({ column: 'naïve', categories: 2 });
    const bom16 = join(dir, 'bom16.csv');
    writeFileSync(bom16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\né,1\nè,2\n', 'utf16le')]));
    const r16 = run(['entropy', bom16, '--col', 'a', '--json']);
    expect(r16.code).toBe(0);
    expect((JSON.parse(r16.out) as { results: { categories: number }[] }).results[0].categories).toBe(2);
    const bad16 = join(dir, 'bad16.csv');
    writeFileSync(bad16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\nx', 'utf16le'), Buffer.from([0x00, 0xdc]), Buffer.from(',1\n', 'utf16le')]));
    const b = run(['entropy', bad16]);
    expect(b.code).toBe(1);
    expect(b.err).toContain('line 2 is not valid UTF-16LE (bytes 0x00 0xDC at offset 12: half a surrogate pair, or a byte short of a character)');
  });

  it('refuses numbers with a fraction in a discrete estimate, suggesting --estimator ksg or a bin (exit code 2)', () => {
    const advice = /column 'price' holds numbers with a fraction \(1\.25 on line 2\), which a discrete estimator would count as categories, one per distinct value/;
    for (const extra of [[], ['--estimator', 'miller-madow'], ['--test', '--permutations', '10']]) {
      const r = run(['mi', small, '--x', 'color', '--y', 'price', ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.err).toMatch(advice);
      expect(r.err).toContain('use --estimator ksg for numbers (or mixed: labels --x, numbers --y), or bin it first, e.g. --let "bin = round(price)" and use the column bin');
    }
    expect(run(['mi', small, '--x', 'price', '--y', 'a', '--estimator', 'mixed']).err).toContain(
      '--estimator mixed takes labels for --x: use --estimator ksg for two numeric columns',
    );
    const e = run(['entropy', small, '--col', 'price']);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(advice);
    expect(run(['tasks', small, '--cols', 'color,price']).err).toContain('task columns are labels: bin it first');
    // A name that is not an identifier is written as col("…") in the advice.
    const f = join(dir, 'spaced.csv');
    writeFileSync(f, 'unit price,a\n0.5,1\n1.5,0\n');
    expect(run(['entropy', f, '--col', 'unit price']).err).toContain(`--let 'bin = round(col("unit price"))' and use the column bin`);
    // Integers written with a zero fraction are labels (1.0 is the category 1); the advice's binning works.
    const g = join(dir, 'int-floats.csv');
    writeFileSync(g, 'k,a\n1.0,1\n1,1\n2.00,0\n2,0\n');
    expect((JSON.parse(run(['entropy', g, '--col', 'k', '--json']).out) as { results: { categories: number }[] }).results[0].categories).toBe(2);
    expect(run(['mi', small, '--x', 'color', '--y', 'bin', '--let', 'bin = round(price)']).code).toBe(0);
    // ksg on the same columns works.
    expect(run(['mi', small, '--x', 'price', '--y', 'a', '--estimator', 'ksg', '--k', '1']).code).toBe(0);
  });

  it('te: values out of range, repeated, unknown and no-effect flags, fractions for the discrete estimator (exit code 2)', () => {
    // A short series: two columns of numbers with a fraction, and an integer pair.
    const f = join(dir, 'series.csv');
    const rows = Array.from({ length: 40 }, (_, t) => `${Math.sin(t).toFixed(3)},${Math.cos(t / 2).toFixed(3)},${t % 3},${(t + 1) % 3}`);
    writeFileSync(f, 'x,y,u,v\n' + rows.join('\n') + '\n');
    const pair = ['te', f, '--source', 'x', '--target', 'y'];
    const matrix = ['te', f, '--matrix', '--cols', 'x,y'];
    for (const flag of ['k', 'l', 'delay']) {
      expectUsage([...pair, `--${flag}`, '0'], new RegExp(`--${flag} must be an integer ≥ 1 \\(got '0'\\)`));
      expectUsage([...pair, `--${flag}`, '1.5'], new RegExp(`--${flag} must be an integer ≥ 1 \\(got '1.5'\\)`));
    }
    expectUsage([...pair, '--k', '2', '--k-tau', '0'], /--k-tau must be an integer ≥ 1 \(got '0'\)/);
    expectUsage([...pair, '--l', '2', '--l-tau', '-1'], /--l-tau must be an integer ≥ 1 \(got '-1'\)/);
    expectUsage([...pair, '--neighbours', '0'], /--neighbours must be an integer ≥ 1 \(got '0'\)/);
    expectUsage([...pair, '--surrogates', '0'], /--surrogates must be an integer ≥ 1 \(got '0'\)/);
    expectUsage([...pair, '--surrogates', '10', '--seed', '1e400'], /--seed must be an integer from -9007199254740991 to 9007199254740991 \(got '1e400'\)/);
    expectUsage([...pair, '--base', '1'], /--base must be a number > 0 other than 1/);
    for (const a of ['0', '1', '1.5', '-0.05', 'NaN']) expectUsage([...matrix, '--surrogates', '10', '--alpha', a], new RegExp(`--alpha must be a number > 0 and < 1 \\(got '${a}'\\)`));
    expectUsage([...pair, '--algorithm', '3'], /unknown --algorithm '3' \(did you mean '1'\? one of 1, 2\)/);
    expectUsage([...pair, '--encoding', 'utf16'], /unknown --encoding 'utf16'/);
    expectUsage([...pair, '--max-row-size', '10'], /--max-row-size must be a size from 1K to 256M/);
    // Given twice, unknown, or a column chosen twice.
    expectUsage([...pair, '--source', 'y'], /--source is given twice \(as 'x' and as 'y'\); give it once/);
    expectUsage([...pair, '--k', '2', '--k', '3'], /--k is given twice \(as '2' and as '3'\)/);
    expectUsage([...pair, '--diff', '--diff'], /--diff is given twice; give it once/);
    expectUsage([...pair, '--surogates', '9'], /unknown option '--surogates' for te \(did you mean --surrogates\?\)/);
    expectUsage(['te', f, '--matrix', '--cols', 'x,y,1'], /column 'x' is selected twice \(--cols x and --cols 1\)/);
    // Flags that change nothing.
    expectUsage([...pair, '--cols', 'x,y'], /--cols applies to --matrix only/);
    expectUsage([...pair, '--alpha', '0.1'], /--alpha applies to --matrix only/);
    expectUsage([...matrix, '--source', 'x'], /--matrix takes --cols, not --source \/ --target/);
    expectUsage([...matrix, '--correction', 'bonferroni'], /--correction applies to the surrogate test: add --surrogates M/);
    expectUsage([...pair, '--surrogate', 'circular'], /--surrogate applies to the surrogate test: add --surrogates M/);
    expectUsage([...pair, '--estimator', 'gaussian', '--seed', '3'], /--seed seeds the surrogates and ksg's tie-breaking noise: add --surrogates M \(the estimator is gaussian\)/);
    expectUsage([...pair, '--estimator', 'gaussian', '--neighbours', '3'], /--neighbours applies to --estimator ksg only \(the estimator is gaussian\)/);
    expectUsage(['te', f, '--source', 'u', '--target', 'v', '--estimator', 'discrete', '--algorithm', '2'], /--algorithm applies to --estimator ksg only/);
    expectUsage([...pair, '--k-tau', '2'], /--k-tau spaces the samples of the target history: it has no effect with --k 1/);
    expectUsage([...pair, '--l-tau', '2'], /--l-tau spaces the samples of the source history: it has no effect with --l 1/);
    // The discrete estimator refuses numbers with a fraction (exit code 2), and log-returns, which always have one.
    const r = run(['te', f, '--source', 'u', '--target', 'x', '--estimator', 'discrete']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${f}: column 'x' holds numbers with a fraction (0.841 on line 3), which a discrete estimator would count as categories, one per distinct value; ` +
        'use --estimator ksg or gaussian for numbers, or bin it first, e.g. --let "bin = round(x)" and use the column bin',
    );
    expect(r.out).toBe('');
    expectUsage(['te', f, '--source', 'u', '--target', 'v', '--estimator', 'discrete', '--log-returns'], /--log-returns makes numbers with a fraction, which --estimator discrete would count as categories; use --estimator ksg or gaussian/);
    // What the advice says works, and integers written as 1.0 are integers.
    expect(run(['te', f, '--source', 'u', '--target', 'bin', '--estimator', 'discrete', '--let', 'bin = round(x)']).code).toBe(0);
    expect(run([...pair, '--estimator', 'gaussian']).code).toBe(0);
    const g = join(dir, 'int-floats-te.csv');
    writeFileSync(g, 'a,b\n' + Array.from({ length: 30 }, (_, t) => `${t % 2}.0,${(t + 1) % 2}`).join('\n') + '\n');
    expect(run(['te', g, '--source', 'a', '--target', 'b', '--estimator', 'discrete']).code).toBe(0);
    // Values that parse but the data cannot support stay the library's error (exit code 1), after reading.
    const big = run([...pair, '--k', '100']);
    expect(big.code).toBe(1);
    expect(big.err).toMatch(/transferEntropy: source \(and its partners\) is too short for the embedding/);
    // A negative seed is a value.
    expect(run([...pair, '--seed', '-1']).code).toBe(0);
  });

  it('te: checks the encoding and the row limit like the other commands', () => {
    const f = join(dir, 'latin1-te.csv');
    const rows = Array.from({ length: 20 }, (_, t) => `${t},${(t * 7) % 11}`).join('\n');
    writeFileSync(f, Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(',y\n' + rows + '\n')]));
    const r = run(['te', f, '--source', '1', '--target', 'y', '--estimator', 'gaussian']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 1 (the name of column 1) is not valid UTF-8 (byte 0xE9 at offset 3)');
    const l = run(['te', f, '--source', '1', '--target', 'y', '--estimator', 'gaussian', '--encoding', 'latin1', '--json']);
    expect(l.code).toBe(0);
    expect((JSON.parse(l.out) as { source: string }).source).toBe('café');
    const q = join(dir, 'open-quote-te.csv');
    writeFileSync(q, 'a,b\n1,"2\n' + '3,4\n'.repeat(1000));
    const o = run(['te', q, '--source', 'a', '--target', 'b', '--max-row-size', '1K']);
    expect(o.code).toBe(1);
    expect(o.err).toContain('the row starting on line 2 is longer than the limit of 1K bytes');
  });

  it('escapes control characters in names: in the SVG, in the terminal table and in error messages', () => {
    const f = join(dir, 'control.csv');
    writeFileSync(f, 'a\u0001b,c\u001b[31md,e<f\n1,0,1\n0,1,1\n1,1,0\n0,0,0\n');
    const svg = join(dir, 'control.svg');
    const r = run(['tasks', f, '--labels', '3', '--svg', svg]);
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(r.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.out).toContain('a\\x01b');
    expect(r.out).toContain('c\\x1B[31md');
    const text = readFileSync(svg, 'utf8');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(text).toContain('e&lt;f');
    expect(text).not.toContain('e<f');
    const e = run(['mi', f, '--x', 'no\u001b]0;pwned\u0007', '--y', '1']);
    expect(e.code).toBe(2);
    expect(e.err).toContain("no column 'no\\x1B]0;pwned\\x07'");
    // JSON output keeps the names exactly (JSON escapes them itself).
    expect((JSON.parse(run(['tasks', f, '--labels', '3', '--json']).out) as { names: string[] }).names[1]).toBe('c\u001b[31md');
  });

  it('exits quietly when the reader of stdout stops early', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" tasks "${emotions}" --labels 6 | head -c 10 >/dev/null`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
