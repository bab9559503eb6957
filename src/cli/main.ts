#!/usr/bin/env node
// The `infometa` command line: entropy, mutual information (with a permutation test), task-dependency matrices and
// transfer entropy of CSV files, streamed, for Node users and shell scripts. Exit codes: 0 success, 1 bad data, 2 bad usage.
import { version } from '../../package.json';
import { InfometaError } from '../core/index.js';
import { CsvError } from './csv.js';
import { entropyCommand } from './entropy.js';
import { OutputError, printable, UsageError } from './kit.js';
import type { Command, Io } from './kit.js';
import { miCommand } from './mi.js';
import { tasksCommand } from './tasks.js';
import { teCommand } from './te.js';

/** The commands, in the order `--help` lists them. A new command adds itself here. */
const COMMANDS: Command[] = [entropyCommand, miCommand, tasksCommand, teCommand];

const HELP = `infometa ${version}: information theory on CSV files, streamed (FILE or - for stdin, with a header row)

Usage:
  infometa COMMAND [FILE] [options]
  infometa COMMAND --help        the command's options, with an example
  infometa --version [--json]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

Usage of each command:
  infometa entropy [FILE] [--col COL]... [--estimator E] [--base B] [--json]
  infometa entropy --probs P1,P2,... [--base B] [--json]
  infometa mi [FILE] --x COL --y COL [--estimator E] [--k K] [--base B] [--test]
              [--permutations M] [--seed S] [--json] [--progress]
  infometa tasks [FILE] (--labels LAST_N | --cols A,B,...) [--measure M] [--base B]
              [--permutations M] [--seed S] [--svg OUT.svg] [--json] [--progress]
  infometa te [FILE] --source COL --target COL [--estimator ksg|gaussian|discrete] [--k K] [--l L]
              [--delay D] [--log-returns | --diff] [--surrogates M] [--seed S] [--json] [--progress]
  infometa te [FILE] --matrix [--cols A,B,...] [the same options] [--correction bh|bonferroni|none]
  Every command that reads a file also takes --let "NAME = EXPR" (a derived column, mathjs syntax),
  --where "EXPR" (a row filter), --encoding utf8|latin1 and --max-row-size SIZE (default 16M).

Columns are names from the header (which must name each column once), or 1-based positions.
Discrete estimators count labels (text or integers: 1, 01 and 1.0 are one category); a number with a fraction
is refused there: use --estimator ksg, or bin the column with --let.
Estimators: discrete plugin (default), miller-madow, grassberger, shrinkage, chao-shen;
            continuous ksg (Kraskov et al., k = 3), gaussian (closed form), mixed (labels x, numbers y).
Measures (tasks): mi (default), nmi, ami, conditional-entropy.
Results are in nats unless --base is given (2 for bits).
Exit codes: 0 ok, 1 bad data (or a failure to read or write), 2 bad usage (an unknown or repeated flag, a value
out of range, an estimator that does not fit the columns).

Example:
  infometa tasks emotions.csv --labels 6 --measure nmi --json | jq '.values'`;

function wantsJson(args: readonly string[]): boolean {
  return args.includes('--json');
}

/** Runs the command line with the given arguments; resolves to the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  const json = wantsJson(argv);
  try {
    if (cmd === undefined || cmd === '--help' || cmd === '-h') {
      io.stdout(HELP + '\n');
      return cmd === undefined ? 2 : 0;
    }
    if (cmd === 'help') {
      const c = COMMANDS.find((x) => x.name === rest[0]);
      if (rest.length > 0 && c === undefined) throw new UsageError(`unknown command '${rest[0]}' (${COMMANDS.map((x) => x.name).join(', ')})`);
      io.stdout((c ? c.help : HELP) + '\n');
      return 0;
    }
    if (cmd === '--version' || cmd === '-v') {
      io.stdout(json ? JSON.stringify({ name: 'infometa', version }) + '\n' : version + '\n');
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === cmd);
    if (command === undefined) throw new UsageError(`unknown command '${cmd}' (${COMMANDS.map((c) => c.name).join(', ')}; see --help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.help + '\n');
      return 0;
    }
    await command.run(rest, io);
    return 0;
  } catch (e) {
    const err: Error & { code?: unknown } = e instanceof Error ? e : new Error(String(e));
    let exit = 1;
    let code: string;
    let message = err.message;
    if (e instanceof UsageError || (typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS'))) {
      exit = 2;
      code = 'USAGE';
    } else if (e instanceof InfometaError) code = e.code;
    else if (e instanceof CsvError) code = 'BAD_DATA';
    else if (e instanceof OutputError) code = 'OUTPUT';
    else {
      // Not one of the failures the commands foresee (a bug, or the machine out of memory): one line, no stack trace
      // unless asked for.
      code = 'INTERNAL';
      message = `unexpected error: ${err.name}: ${err.message} (please report it with the command you ran${process.env.INFOMETA_DEBUG ? '' : '; INFOMETA_DEBUG=1 shows where it happened'})`;
      if (process.env.INFOMETA_DEBUG) message += `\n${err.stack ?? ''}`;
    }
    if (json) {
      io.stderr(JSON.stringify({ error: { message, code, exitCode: exit } }) + '\n');
    } else {
      // Column names, values and paths in a message are shown, not obeyed, by the terminal.
      const shown = message.split('\n').map(printable).join('\n');
      io.stderr(`infometa: ${shown}\n${exit === 2 ? `Run 'infometa ${cmd !== undefined && COMMANDS.some((c) => c.name === cmd) ? `${cmd} ` : ''}--help' for usage.\n` : ''}`);
    }
    return exit;
  }
}

async function main(): Promise<void> {
  // A reader that stops early (`infometa tasks … | head -3`) closes the pipe: that ends the run quietly, as in any
  // Unix tool, rather than with an EPIPE stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await run(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: () => process.stdin,
    stderrIsTTY: process.stderr.isTTY === true,
  });
}

void main();
