/**
 * Child process for the kill -9 test: runs the job queue with the analysis handler on a database file and prints
 * every ffmpeg pid it spawns (so the parent can tell orphans apart). Not a test file itself.
 */
import { JobQueue, jobRegistration } from '../../../main/jobs/index.js';
import { ANALYSIS_JOB, createAnalysisHandler } from '../../../main/analysis/pipeline.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import { createTestDb } from '../../helpers/analysis-fixtures.js';

const [dbFile, pidDir] = process.argv.slice(2);
if (!dbFile || !pidDir) throw new Error('usage: crash-worker <db> <pid records folder>');
const db = createTestDb(dbFile);
const queue = new JobQueue({ db });
queue.register(
  jobRegistration(
    ANALYSIS_JOB,
    createAnalysisHandler({
      tools: locateMediaTools(),
      pidDir, // the restarted queue's own: its next attempt reaps what this one recorded
      parallel: 1,
      onSpawn: (pid) => process.stdout.write(`pid ${pid}\n`),
    }),
  ),
);
queue.start();
process.stdout.write('started\n');
