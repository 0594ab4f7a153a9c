/**
 * The bytes behind the byte-streaming routes: a session's recording and its analysis artifacts, resolved through
 * the library layout (a managed file whose real path leaves the library is never served).
 */
import { notFound } from '../../shared/contract/errors.js';
import type { Actor } from '../platform/actor.js';
import type { LibraryLayout } from '../storage/index.js';
import type { LibraryService } from './library-service.js';
import type { SessionsRepository } from './sessions/sessions-repository.js';

export class MediaFiles {
  constructor(
    private readonly deps: { library: LibraryService; sessions: SessionsRepository; layout: LibraryLayout },
  ) {}

  /** The recording's absolute path, for a session the actor may see. */
  recording(actor: Actor, id: string): string {
    this.deps.library.visibleRow(actor, id);
    const file = this.deps.layout.mainRecording(this.deps.sessions.files(id));
    const path = file && this.deps.layout.openablePath(file);
    if (!path) throw notFound('Recording', { id });
    return path;
  }

  /** One analysis artifact (thumbnail, strip, poster) by bare name. */
  artifact(actor: Actor, id: string, name: string): string {
    this.deps.library.visibleRow(actor, id);
    const path = this.deps.layout.artifact(id, name);
    if (!path) throw notFound('Artifact', { id, name });
    return path;
  }
}
