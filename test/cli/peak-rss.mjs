// Loaded with `node --import` by the CLI tests: at exit, writes the process's peak resident set size (KiB) to the
// file named by PEAK_RSS_FILE, so that a test can bound the memory of a run of the command line.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

process.on('exit', () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
