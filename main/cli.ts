/**
 * The headless entry: `filmroom serve | token | import | list | seed | cleanup`. Each command is a small function; argument
 * parsing is node:util's parseArgs (no dependency for five commands).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { ApiError } from '../shared/contract/errors.js';
import { SESSION_STATUSES, type SessionStatus } from '../shared/contract/session-schema.js';
import { openLink } from './cli-open.js';
import { verifyBackups } from './cli-verify.js';
import { startFilmroom } from './composition/index.js';
import { seedLibrary, seedRealisticLibrary } from './library/index.js';
import { openDatabase } from './db/index.js';
import { ADMIN } from './platform/actor.js';
import { libraryPaths, resolveDataDir } from './platform/data-dir.js';
import { silentLogger } from './platform/logger.js';
import { MediaToolsMissingError } from './platform/ffmpeg-locate.js';

const HELP = `Filmroom — recording manager for coaches

Usage:
  filmroom serve  [--data-dir D] [--port P]          API + web UI on 127.0.0.1 (default port 47800; 0 = any free)
  filmroom token  [--data-dir D] [--role coach --coach-id C]   print the admin token, or create a coach token
  filmroom open   [--data-dir D]                     print the sign-in link of the running \`filmroom serve\`
  filmroom import <path> [--data-dir D] [--no-copy] [--title T] [--client C] [--coach-id C]
  filmroom list   [--data-dir D] [--status S] [--json] [--limit N]
  filmroom seed   --sessions N [--seed S] [--realistic] [--data-dir D]   fill a library with synthetic sessions
                  (--realistic: recurring, default, dated and numbered titles, tags, transcripts, accented names,
                  inserted one by one in recording order as imports do; slower)
  filmroom cleanup [--dry-run] [--kind orphaned-files|failed-sessions|all] [--data-dir D]   clean up now (JSON result)
  filmroom restore --from-bucket [--include-deleted] [--data-dir D]   rebuild the library from the S3 bucket
  filmroom verify-backups [--sample N] [--json] [--data-dir D]   check every backed-up object (N % re-hashed)

The data folder is --data-dir, else $FILMROOM_DATA_DIR, else the OS application-data folder.`;

/** The checkout: the folder holding package.json above this file (main/ from the sources, out/cli/ when built). */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const repoRoot = findRepoRoot();

// The AWS SDK warns on Node 20 that future releases will need Node 22; Filmroom pins an SDK that runs on 20, so the
// warning only confuses `filmroom restore` and the other commands' output. (An explicit setting wins.)
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      role: { type: 'string' },
      'coach-id': { type: 'string' },
      status: { type: 'string' },
      json: { type: 'boolean' },
      limit: { type: 'string' },
      'no-copy': { type: 'boolean' },
      title: { type: 'string' },
      client: { type: 'string' },
      sessions: { type: 'string' },
      seed: { type: 'string' },
      realistic: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'dry-run': { type: 'boolean' },
      kind: { type: 'string' },
      'from-bucket': { type: 'boolean' },
      'include-deleted': { type: 'boolean' },
      sample: { type: 'string' },
    },
  });
  const dataDir = resolveDataDir(values['data-dir']);
  switch (command) {
    case 'serve':
      return serve(dataDir, values.port === undefined ? 47800 : parsePort(values.port));
    case 'token':
      return token(dataDir, values.role, values['coach-id']);
    case 'open': {
      const opened = openLink(dataDir);
      if ('problem' in opened) throw new UsageError(opened.problem);
      console.log(`Open this link in your browser to sign in:\n  ${opened.link}`);
      return 0;
    }
    case 'import':
      return importPath(dataDir, positionals[0], {
        copy: !values['no-copy'],
        title: values.title,
        client: values.client,
        coach: values['coach-id'],
      });
    case 'list': {
      const limit = Number(values.limit ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new UsageError(`--limit must be a whole number 1–500, not '${values.limit}'`);
      return list(dataDir, values.status, values.json ?? false, limit);
    }
    case 'seed': {
      const seedValue = Number(values.seed ?? 1);
      if (!Number.isInteger(seedValue)) throw new UsageError(`--seed must be a whole number, not '${values.seed}'`);
      return seed(dataDir, Number(values.sessions), seedValue, values.realistic ?? false);
    }
    case 'cleanup':
      return cleanupCommand(dataDir, values.kind ?? 'all', values['dry-run'] ?? false);
    case 'restore':
      if (!values['from-bucket']) throw new UsageError('filmroom restore needs --from-bucket');
      return restoreFromBucket(dataDir, values['include-deleted'] ?? false);
    case undefined:
    case 'verify-backups':
      return verifyBackups(dataDir, { sample: Number(values.sample ?? '0'), json: values.json === true });
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command '${command}'.\n\n${HELP}`);
      return 2;
  }
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0–65535, not '${text}'`);
  return port;
}

async function serve(dataDir: string, port: number): Promise<number> {
  const rendererDir = join(repoRoot, 'out', 'renderer');
  const began = performance.now();
  const stepsOf = (steps: Record<string, number>) => Object.entries(steps).map(([step, ms]) => `${step} ${ms}`);
  // Said as soon as the API answers (opening the library and listening; the soak holds this to 1 s). Start-up
  // recovery runs after that: reads answer meanwhile, changes wait for it.
  const onListening = (info: { startupMs: Record<string, number> }) =>
    console.log(
      `  Ready ${Math.round(performance.now() - began)} ms after start (${stepsOf(info.startupMs).join(', ')}); ` +
        'finishing what the last run left…',
    );
  const app = await startFilmroom({ dataDir, port, rendererDir, onListening }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new UsageError(`Port ${port} is in use. Try --port 0 for any free port.`);
    throw error;
  });
  // Printed (and api.json written) once recovery is done: a script that waits for them finds a recovered library.
  const url = app.api?.url ?? '';
  console.log(`Filmroom is serving ${dataDir}`);
  console.log(`  API:    ${url}/api/v1  (token in ${app.paths.tokenFile})`);
  console.log(`  Web UI: ${url}/#token=${app.adminToken}`);
  console.log('          (lost this link, or a bookmark asks you to sign in? `filmroom open` prints it again)');
  // Finishing what a crash left (interrupted deletes and imports, offloads, the trash's work), then the job queue.
  const recovery = stepsOf(app.startupMs).slice(Object.keys(app.startupMs).indexOf('listening') + 1);
  console.log(`  Recovered ${Math.round(performance.now() - began)} ms after start (${recovery.join(', ')})`);
  if (!existsSync(join(rendererDir, 'index.html'))) console.log('  (web UI not built: run `npm run build:web`)');
  if (!app.mediaTools) {
    console.log(
      `  Warning: ${new MediaToolsMissingError('ffmpeg').message} Browsing works; importing and analysis need it.`,
    );
  }
  const stop = () => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined); // runs until a signal
}

async function token(dataDir: string, role: string | undefined, coachId: string | undefined): Promise<number> {
  const app = await startFilmroom({ dataDir, logger: silentLogger, recover: false });
  try {
    if (role === undefined || role === 'admin') console.log(app.adminToken);
    else if (role === 'coach') {
      if (!coachId) throw new UsageError('--role coach needs --coach-id');
      console.log(app.tokens.createCoachToken(coachId));
    } else throw new UsageError(`--role must be admin or coach, not '${role}'`);
    return 0;
  } finally {
    await app.close();
  }
}

async function importPath(
  dataDir: string,
  path: string | undefined,
  opts: { copy: boolean; title?: string; client?: string; coach?: string },
): Promise<number> {
  if (!path) throw new UsageError('filmroom import needs a path');
  const app = await startFilmroom({ dataDir, logger: silentLogger, recover: false });
  try {
    const result = await app.handlers.sessions.import(
      { path: resolve(path), copy: opts.copy, title: opts.title, client: opts.client, coach_id: opts.coach },
      { actor: ADMIN },
    );
    for (const s of result.sessions) {
      console.log(`${s.status === 'failed' ? 'failed  ' : 'imported'} ${s.id}`);
      if (s.status === 'failed') {
        const full = await app.handlers.sessions.get({ id: s.id }, { actor: ADMIN });
        console.error(`${full.title} could not be read: ${full.status_detail ?? 'no reason given'} (kept as failed)`);
      }
    }
    for (const r of result.refused) console.error(`refused  ${r.path}: ${r.reason}`);
    // A recording kept as a failed session (unreadable) is still a failed import for scripts: exit non-zero.
    const ok = result.sessions.some((s) => s.status !== 'failed');
    const anyFailed = result.sessions.some((s) => s.status === 'failed');
    return ok && !anyFailed ? 0 : 1;
  } finally {
    await app.close();
  }
}

async function list(dataDir: string, status: string | undefined, json: boolean, limit: number): Promise<number> {
  if (status !== undefined && !SESSION_STATUSES.includes(status as SessionStatus)) {
    throw new UsageError(`--status must be one of ${SESSION_STATUSES.join(', ')}`);
  }
  const app = await startFilmroom({ dataDir, logger: silentLogger, recover: false });
  try {
    const page = await app.handlers.sessions.list(
      {
        limit,
        offset: 0,
        status_filter: status as SessionStatus | undefined,
        exclude_failed: status === undefined,
        sort: '-recorded_at',
        include_analysis: false,
        include_transcript: false,
      },
      { actor: ADMIN },
    );
    if (json) console.log(JSON.stringify(page, null, 2));
    else {
      for (const s of page.items) {
        console.log([s.id, s.status.padEnd(10), s.recorded_at.slice(0, 16), s.platform.padEnd(5), s.title].join('  '));
      }
      console.log(`${page.items.length} of ${page.total} sessions`);
    }
    return 0;
  } finally {
    await app.close();
  }
}

const CLI_CLEANUP_KINDS = ['orphaned-files', 'failed-sessions', 'all'] as const;

/** Runs a cleanup in this process (recorded in the history like any run; see main/cleanup/cleanup-runs.ts). */
async function cleanupCommand(dataDir: string, kind: string, dryRun: boolean): Promise<number> {
  if (!(CLI_CLEANUP_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--kind must be one of ${CLI_CLEANUP_KINDS.join(', ')}, not '${kind}'`);
  const app = await startFilmroom({ dataDir, logger: silentLogger, recover: false });
  try {
    const result = await app.services.cleanup.runs.run(kind as (typeof CLI_CLEANUP_KINDS)[number], 'manual', dryRun);
    console.log(JSON.stringify(result, null, 2));
    return result.error_count === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
}

async function seed(dataDir: string, count: number, seedValue: number, realistic: boolean): Promise<number> {
  if (!Number.isInteger(count) || count < 1) throw new UsageError('--sessions must be a positive whole number');
  const db = await openDatabase(libraryPaths(dataDir).database);
  try {
    const started = performance.now();
    const options = { sessions: count, seed: seedValue, now: new Date() };
    const inserted = realistic ? seedRealisticLibrary(db, options) : seedLibrary(db, options);
    console.log(
      `Seeded ${inserted} synthetic sessions in ${((performance.now() - started) / 1000).toFixed(1)} s into ${dataDir}`,
    );
    return 0;
  } finally {
    db.close();
  }
}

/**
 * "Restore my library from S3" from the command line: the same `s3.restore-library` job the API starts, run by this
 * process (which owns the data folder meanwhile), with its progress printed. A run a kill interrupted is resumed.
 */
async function restoreFromBucket(dataDir: string, includeDeleted: boolean): Promise<number> {
  const app = await startFilmroom({
    dataDir,
    logger: silentLogger,
    autoAnalyze: false,
    watchFolders: false,
  });
  try {
    const { job_id } = await app.handlers.restore.start({ include_deleted: includeDeleted }, { actor: ADMIN });
    let printed = -1;
    for (;;) {
      const run = (await app.handlers.restore.latest({}, { actor: ADMIN })).items.find((r) => r.job_id === job_id);
      if (run && run.done !== printed) {
        printed = run.done;
        console.log(`restoring ${run.done}/${run.total} sessions (${run.errors.length} errors)`);
      }
      if (run && run.state !== 'running') {
        console.log(
          `Restored ${run.restored} sessions from the bucket (${run.skipped} skipped, ${run.errors.length} errors)`,
        );
        for (const error of run.errors) console.log(`error    ${error}`);
        return run.state === 'completed' && run.errors.length === 0 ? 0 : 1;
      }
      await sleep(250);
    }
  } finally {
    await app.close();
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`filmroom: ${error.message}`);
    else if (error instanceof ApiError) console.error(`filmroom: ${error.message}`);
    else console.error(`filmroom: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
