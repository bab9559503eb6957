#!/usr/bin/env node
// The `infometa` command line: entropy, mutual information (with a permutation test), task-dependency matrices and
// transfer entropy of CSV files, streamed, for Node users and shell scripts. Exit codes: 0 success, 1 bad data, 2 bad usage.
import { version } from '../../package.json';
import { InfometaError } from '../core/index.js';
import { CsvError } from './csv.js';
import { entropyCommand } from './entropy.js';
import { UsageError } from './kit.js';
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
  Every command that reads a file also takes --let "NAME = EXPR" (a derived column, mathjs syntax) and
  --where "EXPR" (a row filter).

Columns are names from the header, or 1-based positions.
Estimators: discrete plugin (default), miller-madow, grassberger, shrinkage, chao-shen;
            continuous ksg (Kraskov et al., k = 3), gaussian (closed form), mixed (labels x, numbers y).
Measures (tasks): mi (default), nmi, ami, conditional-entropy.
Results are in nats unless --base is given (2 for bits).
Exit codes: 0 ok, 1 bad data, 2 bad usage.

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
    const err = e as Error & { code?: string };
    let exit: number;
    if (e instanceof UsageError || (typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS'))) exit = 2;
    else if (e instanceof CsvError || e instanceof InfometaError) exit = 1;
    else throw e;
    if (json) {
      const code = e instanceof InfometaError ? e.code : exit === 2 ? 'USAGE' : 'BAD_DATA';
      io.stderr(JSON.stringify({ error: { message: err.message, code, exitCode: exit } }) + '\n');
    } else {
      io.stderr(`infometa: ${err.message}\n${exit === 2 ? `Run 'infometa ${cmd !== undefined && COMMANDS.some((c) => c.name === cmd) ? `${cmd} ` : ''}--help' for usage.\n` : ''}`);
    }
    return exit;
  }
}

async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: () => process.stdin,
    stderrIsTTY: process.stderr.isTTY === true,
  });
}

void main();
