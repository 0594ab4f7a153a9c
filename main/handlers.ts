/** The main-side implementation of every catalogue operation: thin calls into the services. */
import type { FilmroomHandlers } from '../shared/contract/index.js';
import { ApiError, notFound } from '../shared/contract/errors.js';
import type { RequestContext } from './api/context.js';
import type { MediaSigner } from './api/media-signing.js';
import type { AnalysisService } from './analysis/session-jobs/analysis-service.js';
import type { VideoApiService } from './analysis/session-jobs/video-api-service.js';
import type { BulkDelete } from './cleanup/bulk-delete.js';
import type { DeletionService } from './cleanup/deletion-service.js';
import type { ImportService } from './library/import/import-service.js';
import type { LibraryService } from './library/library-service.js';
import type { MarkersRepository } from './library/markers-repository.js';
import type { SessionsRepository } from './library/sessions/sessions-repository.js';
import type { TranscriptsRepository } from './library/transcripts-repository.js';
import { actorName, scopedCoach } from './platform/actor.js';
import type { Clock } from './platform/clock.js';
import type { SettingsService } from './settings/settings-service.js';
import { APP_VERSION } from './platform/version.js';

export interface HandlerServices {
  sessions: SessionsRepository;
  library: LibraryService;
  imports: ImportService;
  deletion: DeletionService;
  bulkDelete: BulkDelete;
  analysis: AnalysisService;
  video: VideoApiService;
  markers: MarkersRepository;
  transcripts: TranscriptsRepository;
  signer: MediaSigner;
  settings: SettingsService;
  clock: Clock;
  libraryDir: string;
}

const MEDIA_URL_TTL_S = 3600;

export function createHandlers(
  s: HandlerServices,
): Omit<FilmroomHandlers<RequestContext>, 'sync' | 'uploads' | 'recordings'> {
  return {
    system: {
      health: () => ({ status: 'ok' as const, version: APP_VERSION, sessions: s.sessions.countAll() }),
      stats: (_input, { actor }) => {
        const byStatus = s.sessions.totalsByStatus(scopedCoach(actor));
        const totals = Object.values(byStatus).reduce(
          (a, b) => ({ sessions: a.sessions + b.sessions, bytes: a.bytes + b.bytes }),
          {
            sessions: 0,
            bytes: 0,
          },
        );
        return { ...totals, by_status: byStatus, library_dir: actor.role === 'admin' ? s.libraryDir : null };
      },
    },
    sessions: {
      list: (input, { actor }) => s.library.list(actor, input),
      exportCsv: (input, { actor }) => [...s.library.csv(actor, input)].join(''),
      bulkDelete: (input, { actor }) => s.bulkDelete.run(actor, input),
      import: (input, { actor }) => s.imports.importPath(actor, input),
      previewImport: async (input, { actor }) => {
        const { meetings, refused } = await s.imports.preview(actor, input.path);
        return {
          meetings: meetings.map((m) => ({
            platform: m.platform,
            title: m.title,
            recorded_at: m.recordedAt,
            participants: m.participants,
            files: m.files.map((f) => ({ name: f.name, kind: f.kind, path: f.path })),
          })),
          refused,
        };
      },
      get: (input, { actor }) => s.library.get(actor, input.id),
      update: (input, { actor }) => s.library.update(actor, input),
      remove: async (input, { actor }) => {
        s.library.visibleRow(actor, input.id);
        await s.deletion.deleteMany([input.id], actor, 'deleted by request');
        return null;
      },
    },
    analysis: {
      analyze: (input, { actor }) => s.analysis.enqueue(actor, input.id, input.analysis_type),
      result: (input, { actor }) => s.analysis.result(actor, input.id),
      cancel: (input, { actor }) => s.analysis.cancel(actor, input.id),
      mediaUrl: (input, { actor }) => {
        s.library.visibleRow(actor, input.id);
        const { exp, sig } = s.signer.sign(input.id, MEDIA_URL_TTL_S);
        const query = `exp=${exp}&sig=${sig}`;
        return {
          url: `/api/v1/sessions/${input.id}/media?${query}`,
          artifacts_url: `/api/v1/sessions/${input.id}/artifacts/{name}?${query}`,
          expires_in: MEDIA_URL_TTL_S,
        };
      },
    },
    review: {
      transcript: (input, { actor }) => {
        s.library.visibleRow(actor, input.id);
        return { segments: s.transcripts.segments(input.id) };
      },
      markers: (input, { actor }) => {
        s.library.visibleRow(actor, input.id);
        return { items: s.markers.list(input.id) };
      },
      addMarker: (input, { actor }) => {
        s.library.visibleRow(actor, input.id);
        const now = s.clock.now().toISOString();
        return s.markers.add(input.id, {
          t: input.t,
          kind: input.kind,
          author: actorName(actor),
          text: input.text,
          now,
        });
      },
      removeMarker: (input, { actor }) => {
        s.library.visibleRow(actor, input.id);
        if (!s.markers.remove(input.id, input.marker_id))
          throw notFound('Marker', { id: input.id, marker_id: input.marker_id });
        return null;
      },
    },
    settings: {
      get: () => s.settings.get(),
      update: (input) => s.settings.update(input),
    },
    video: {
      upload: () => {
        // Only the multipart form carries a video (see the HTTP upload variant); IPC has no file to send.
        throw new ApiError(400, "Invalid 'video': send the video as multipart/form-data in the 'video' field", {
          field: 'video',
        });
      },
      status: (input, { actor }) => s.video.status(actor, input.sessionId),
      results: (input, { actor }) => s.video.results(actor, input.sessionId),
      cancel: (input, { actor }) => s.video.cancel(actor, input.sessionId),
      cleanup: (input, { actor }) => s.video.cleanup(actor, input.sessionId),
    },
  };
}
