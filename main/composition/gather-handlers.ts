/**
 * What the root collects from the built modules: their job types, their operation handlers (a lower module's
 * operation that a higher one completes takes it as a typed option here — a delete into the trash, an analysis
 * that downloads from the bucket first), their HTTP variants, and the order they start in.
 */
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import type { JobRegistration } from '../jobs/index.js';
import type { HttpVariants } from '../platform/http-variants.js';
import type { RequestContext } from '../platform/request-context.js';
import type { Modules } from './build-modules.js';
import { mergeHandlers } from './merge-handlers.js';

/** What the root needs of a module to start and stop it. */
interface StartedModule {
  readonly name: string;
  readonly http?: Partial<HttpVariants>;
  readonly jobTypes?: readonly JobRegistration[];
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
}

/** The modules in the order they start (and stop, reversed); the job queue starts after them all. */
export function startOrder(m: Modules): readonly StartedModule[] {
  return [m.settings, m.library, m.analysis, m.sync, m.video, m.cleanup, m.devices];
}

export function jobTypesOf(m: Modules): JobRegistration[] {
  return startOrder(m).flatMap((module) => module.jobTypes ?? []);
}

export function gatherHandlers(m: Modules): FilmroomHandlers<RequestContext> {
  return mergeHandlers([
    m.settings.handlers,
    m.library.handlers({ trash: m.cleanup.services.trash }),
    m.analysis.handlers({
      afterDownload: (actor, id, type) => m.sync.services.analyzeAfterDownload.firstDownload(actor, id, type),
    }),
    m.sync.handlers,
    m.video.handlers,
    m.cleanup.handlers,
    m.devices.handlers,
  ]);
}

export function gatherVariants(m: Modules): HttpVariants {
  const variants: HttpVariants = { streams: {}, uploads: {} };
  for (const module of startOrder(m)) {
    Object.assign(variants.streams, module.http?.streams);
    Object.assign(variants.uploads, module.http?.uploads);
  }
  return variants;
}
