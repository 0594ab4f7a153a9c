/**
 * `npm run soak -- --kills 1000 --seed S`: the crash-and-fault soak (see driver.ts). Prints the table; exits 1 when
 * an invariant failed. Options: --kills N (default 100), --seed S (default: random, printed), --minutes M (stop
 * starting rounds after M minutes), --no-tmpfs (no disk-full rounds), --start-budget-ms (default 1000),
 * --settle-ms (default 20000), --restore-every N (default 6), --trace FILE (every call and answer).
 */
import { parseArgs } from 'node:util';
import buildCli from '../helpers/build-cli.js';
import { runSoak } from './driver.js';
import { formatReport } from './report.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '100' },
    seed: { type: 'string' },
    minutes: { type: 'string' },
    'no-tmpfs': { type: 'boolean', default: false },
    'start-budget-ms': { type: 'string', default: '1000' },
    'settle-ms': { type: 'string', default: '20000' },
    'restore-every': { type: 'string', default: '6' },
    trace: { type: 'string' },
  },
});
// The servers run the bundle a user gets (bin/filmroom.js would otherwise compile the sources at every start).
buildCli();
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
// Ctrl-C (or SIGTERM) ends the current round and cleans up (servers, store, tmpfs) before the table is printed.
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
const report = await runSoak({
  signal: stop.signal,
  kills: Number(values.kills),
  seed,
  tmpfs: !values['no-tmpfs'],
  startBudgetMs: Number(values['start-budget-ms']),
  settleMs: Number(values['settle-ms']),
  maxMs: values.minutes ? Number(values.minutes) * 60_000 : Number.POSITIVE_INFINITY,
  restoreEvery: Number(values['restore-every']),
  log: (line) => console.log(line),
  traceFile: values.trace,
});
console.log(`\n${formatReport(report)}`);
process.exit(report.failures.length > 0 ? 1 : 0);
