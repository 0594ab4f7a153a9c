/**
 * The video API module: transient sessions for other tools' `/video/*` calls, analysed on the shared queue and
 * expired (files and rows removed, a tombstone answering `expired`) after their retention.
 */
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import type { AnalysisParams } from '../../shared/contract/analysis.js';
import type { AnalysisModule, AnalysisType } from '../analysis/index.js';
import type { LibraryModule } from '../library/index.js';
import type { Clock } from '../platform/clock.js';
import type { HttpVariants } from '../platform/http-variants.js';
import type { Logger } from '../platform/logger.js';
import type { RequestContext } from '../platform/request-context.js';
import type { LibraryLayout } from '../storage/index.js';
import { VideoApiService } from './video-api-service.js';
import { videoHandlers } from './video-handlers.js';

const EXPIRY_SWEEP_MS = 60_000;

export interface VideoApiModuleDeps {
  library: LibraryModule;
  analysis: AnalysisModule;
  layout: LibraryLayout;
  clock: Clock;
  logger: Logger;
  /** Lifetime of /video/upload sessions (docs/api.md: 24 h by default). */
  retentionMs: number;
}

export type VideoApiModule = ReturnType<typeof createVideoApiModule>;

export function createVideoApiModule(deps: VideoApiModuleDeps) {
  const video = new VideoApiService({
    sessions: deps.library.services.sessions,
    deletion: deps.library.services.deletion,
    analysis: deps.analysis.services.analysis,
    clock: deps.clock,
    logger: deps.logger,
    layout: deps.layout,
    retentionMs: deps.retentionMs,
  });
  let sweep: NodeJS.Timeout | undefined;
  const handlers: Pick<FilmroomHandlers<RequestContext>, 'video'> = { video: videoHandlers(video) };
  const http: Partial<HttpVariants> = {
    uploads: {
      'video:upload': (file, name, fields, ctx) =>
        video.upload(
          ctx.actor,
          file,
          name,
          fields as () => Promise<{ analysis_type: AnalysisType; params?: AnalysisParams }>,
        ),
    },
  };
  return {
    name: 'video-api' as const,
    services: { video },
    handlers,
    http,
    /** Expires what is due now, then sweeps every minute. */
    async start(): Promise<void> {
      await video.expireDue();
      sweep = setInterval(
        () => void video.expireDue().catch((e: Error) => deps.logger.error(e, 'expiry sweep failed')),
        EXPIRY_SWEEP_MS,
      );
      sweep.unref();
    },
    stop(): void {
      clearInterval(sweep);
    },
  };
}
