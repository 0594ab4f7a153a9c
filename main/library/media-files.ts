/**
 * The bytes behind the byte-streaming routes: a session's recording and its analysis artifacts, resolved through
 * the library layout (a managed file whose real path leaves the library is never served).
 */
import { conflict, notFound } from '../../shared/contract/errors.js';
import type { Actor } from '../platform/actor.js';
import type { LibraryLayout, RemoteStorage } from '../storage/index.js';
import type { LibraryService } from './library-service.js';
import type { SessionsRepository } from './sessions/sessions-repository.js';

/** Where a recording's bytes are: a library file, or (offloaded to S3) a presigned GET the route streams from. */
export type RecordingSource = { kind: 'local'; path: string } | { kind: 'remote'; url: string; size: number };

const REMOTE_LINK_S = 3600;

export class MediaFiles {
  constructor(
    private readonly deps: {
      library: LibraryService;
      sessions: SessionsRepository;
      layout: LibraryLayout;
      remote?: RemoteStorage;
    },
  ) {}

  /**
   * The recording of a session the actor may see. An offloaded recording (or one being restored, until its copy is
   * renamed into place) is held in S3 only: a presigned link when S3 is configured, else a 409 that says so.
   */
  async recordingSource(actor: Actor, id: string): Promise<RecordingSource> {
    this.deps.library.visibleRow(actor, id);
    const file = this.deps.layout.mainRecording(this.deps.sessions.files(id));
    if (file?.offload_state && file.s3_key) {
      const store = this.deps.remote?.current();
      if (!store?.presignGet)
        throw conflict(
          'This recording is held in S3 only, and S3 is not configured: restore the local copy to play it',
        );
      return { kind: 'remote', url: await store.presignGet(file.s3_key, REMOTE_LINK_S), size: file.size };
    }
    const path = file && this.deps.layout.openablePath(file);
    if (!path) throw notFound('Recording', { id });
    return { kind: 'local', path };
  }

  /** One analysis artifact (thumbnail, strip, poster) by bare name. */
  artifact(actor: Actor, id: string, name: string): string {
    this.deps.library.visibleRow(actor, id);
    const path = this.deps.layout.artifact(id, name);
    if (!path) throw notFound('Artifact', { id, name });
    return path;
  }
}
