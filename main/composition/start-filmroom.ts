/**
 * The composition root: opens the library, builds the modules top-down (build-modules.ts), hands each module's job
 * types to the queue and the operations a higher module completes to the lower one (gather-handlers.ts), starts
 * them in the owner process, then the HTTP transport. Shared by `filmroom serve`, the CLI and the Electron main
 * process. Read top-down: nothing is registered from afar or filled in later.
 */
import { startApiServer, TokenStore } from '../api/index.js';
import { openDatabase, openWorkConnection, type LibraryDb, type WorkDb } from '../db/index.js';
import { systemClock } from '../platform/clock.js';
import { makeDataDirPrivate, type LibraryPaths } from '../platform/data-dir.js';
import { EventBus } from '../platform/event-bus.js';
import { createLogger } from '../platform/logger.js';
import { MediaSigner } from '../platform/media-signing.js';
import type { RequestContext } from '../platform/request-context.js';
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import { LibraryLayout } from '../storage/index.js';
import { RunState } from '../platform/run-state.js';
import type { FilmroomApp, StartOptions } from './app-types.js';
import { buildModules, type Foundation, type Modules } from './build-modules.js';
import { resolveEnvironment } from './environment.js';
import { gatherHandlers, gatherVariants, jobTypesOf, startOrder } from './gather-handlers.js';
import { StartupTimer } from './startup-timer.js';

export type { FilmroomApp, StartOptions } from './app-types.js';

export async function startFilmroom(options: StartOptions): Promise<FilmroomApp> {
  const timer = new StartupTimer();
  const f = await openFoundation(options);
  timer.lap('database');
  const modules = buildModules(f);
  for (const registration of jobTypesOf(modules)) modules.jobs.queue.register(registration);
  const handlers = gatherHandlers(modules);
  timer.lap('modules built');
  const tokens = new TokenStore(f.db, () => f.clock.now().toISOString());
  const running = new Running(f, modules);
  let api: Awaited<ReturnType<typeof startTransport>>;
  let adminToken: string;
  // The API listens before start-up recovery runs: reads answer at once, and the requests that depend on recovery
  // wait for it (http-server.ts `waitsForRecovery`). On a large library the walk of its session folders took
  // seconds, during which nothing answered (issue 19: "the API answers within 1 s of start").
  let settle!: (ok: boolean) => void;
  const recovered = new Promise<boolean>((resolve) => (settle = resolve));
  try {
    adminToken = tokens.ensureAdminToken(f.env.paths.tokenFile);
    api = await startTransport(f, modules, handlers, tokens, f.owner ? recovered : undefined);
    running.server = api?.server ?? null;
    if (api) {
      timer.lap('listening');
      options.onListening?.({ url: api.url, port: api.port, adminToken, startupMs: { ...timer.steps } });
    }
    await running.start(timer);
    settle(true);
    api?.publish(); // api.json, once recovered: tests and tools that find it may rely on a recovered library
  } catch (error) {
    settle(false);
    await running.stop().catch(() => undefined); // a port in use must not leave the database open
    throw error;
  }
  return {
    handlers,
    events: f.events,
    api: api ? { url: api.url, port: api.port } : null,
    server: api?.server ?? null,
    dataDir: f.env.paths.dataDir,
    paths: f.env.paths,
    db: f.db,
    adminToken,
    tokens,
    mediaTools: f.env.mediaTools,
    startupMs: timer.steps,
    services: servicesOf(modules),
    close: () => running.stop(),
  };
}

/** The environment, both connections and the platform services every module may be given. */
async function openFoundation(options: StartOptions): Promise<Foundation> {
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const env = resolveEnvironment(options, logger);
  const { db, workDb } = await openConnections(env.paths, options.nativeBinding);
  // The process that owns the library recovers interrupted work and runs the queue; one-shot CLI commands must
  // not, or they would remove the `.part` file of an import the running app is writing.
  const owner = options.recover ?? true;
  let run: { runState: RunState | null; previousStoppedCleanly: boolean };
  try {
    run = beginRun(owner, env.paths.dataDir);
  } catch (error) {
    db.close();
    workDb.close();
    throw error;
  }
  return {
    options,
    env,
    db,
    workDb,
    events: new EventBus(),
    clock,
    logger,
    layout: new LibraryLayout(env.paths.libraryDir, env.paths.incomingDir),
    signer: new MediaSigner(() => clock.now().getTime()),
    owner,
    ...run,
  };
}

/**
 * Marks the library in use before any work; the owner also learns whether its previous owner stopped cleanly.
 */
function beginRun(owner: boolean, dataDir: string): { runState: RunState | null; previousStoppedCleanly: boolean } {
  const runState = new RunState(dataDir);
  if (!owner) {
    runState.markInUse(); // what it writes into the library may be left half-done by a kill
    return { runState: null, previousStoppedCleanly: false };
  }
  return { runState, previousStoppedCleanly: runState.begin().previousStoppedCleanly };
}

async function openConnections(
  paths: LibraryPaths,
  nativeBinding: string | undefined,
): Promise<{ db: LibraryDb; workDb: WorkDb }> {
  const db = await openDatabase(paths.database, { nativeBinding });
  makeDataDirPrivate(paths); // and the database files it just created: 0600
  try {
    return { db, workDb: openWorkConnection(paths.database, { nativeBinding }) };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The modules' start in the owner process, and the stop of everything (transport, queue, modules, connections). */
class Running {
  readonly #started: { stop?(): void | Promise<void> }[] = [];
  server: FilmroomApp['server'] = null;

  constructor(
    private readonly f: Foundation,
    private readonly modules: Modules,
  ) {}

  async start(timer: StartupTimer): Promise<void> {
    if (!this.f.owner) return;
    for (const module of startOrder(this.modules)) {
      this.#started.push(module);
      await module.start?.();
      timer.lap(`${module.name} start`);
    }
    this.f.runState?.recovered();
    this.modules.jobs.start();
  }

  async stop(): Promise<void> {
    await this.server?.close();
    // Running work first (its handlers still use the modules), then the modules, last started first.
    if (this.f.owner) await this.modules.jobs.stop();
    for (const module of this.#started.reverse()) await module.stop?.();
    this.f.workDb.close();
    this.f.db.close();
    this.f.runState?.end();
  }
}

/** The HTTP API, when a port is asked for (tests and one-shot CLI commands only need the services). */
async function startTransport(
  f: Foundation,
  modules: Modules,
  handlers: FilmroomHandlers<RequestContext>,
  tokens: TokenStore,
  recovered: Promise<boolean> | undefined,
) {
  if (f.options.port === undefined) return null;
  return startApiServer(
    {
      handlers,
      tokens,
      events: f.events,
      logger: f.logger,
      version: f.env.version,
      rendererDir: f.options.rendererDir,
      variants: gatherVariants(modules),
      media: { files: modules.library.services.media, signer: f.signer },
      libraryDir: f.layout.root,
      uploadIdleMs: f.options.uploadIdleMs,
      recovered,
    },
    f.options.port,
    f.env.paths.apiInfoFile,
  );
}

function servicesOf(m: Modules): FilmroomApp['services'] {
  return {
    queue: m.jobs.queue,
    settings: m.settings.services.settings,
    ...m.library.services,
    ...m.analysis.services,
    ...m.video.services,
    cleanup: m.cleanup.services,
    sync: m.sync.services,
  };
}
