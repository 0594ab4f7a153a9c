/** What the review view reads and writes beside the recording: the transcript and the markers and notes. */
import { notFound } from '../../shared/contract/errors.js';
import type { Marker } from '../../shared/contract/analysis.js';
import { actorName, type Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import type { SettingsService } from '../settings/index.js';
import type { LibraryService } from './library-service.js';
import type { MarkersRepository } from './markers-repository.js';
import type { ChangeLog } from './change-log.js';
import type { TranscriptSegmentOut, TranscriptsRepository } from './transcripts-repository.js';

export class ReviewService {
  constructor(
    private readonly deps: {
      library: LibraryService;
      transcripts: TranscriptsRepository;
      markers: MarkersRepository;
      settings: SettingsService;
      clock: Clock;
      /** Told of every marker added or removed, inside its transaction (the devices module's outbox). */
      changes: ChangeLog;
      transaction: <T>(fn: () => T) => T;
    },
  ) {}

  transcript(actor: Actor, id: string): { segments: TranscriptSegmentOut[] } {
    this.deps.library.visibleRow(actor, id);
    return { segments: this.deps.transcripts.segments(id) };
  }

  markers(actor: Actor, id: string): { items: Marker[] } {
    this.deps.library.visibleRow(actor, id);
    return { items: this.deps.markers.list(id) };
  }

  addMarker(actor: Actor, id: string, m: { t: number | null; kind: Marker['kind']; text: string }): Marker {
    const { coach_id } = this.deps.library.visibleRow(actor, id);
    const now = this.deps.clock.now().toISOString();
    // The desktop user's (admin's) notes are signed with the coach's display name when one is set.
    const author = (actor.role === 'admin' && this.deps.settings.get().display_name) || actorName(actor);
    return this.deps.transaction(() => {
      const marker = this.deps.markers.add(id, { ...m, author, now });
      this.deps.changes.record({ op: 'marker.add', session_id: id, coach_id, marker });
      return marker;
    });
  }

  removeMarker(actor: Actor, id: string, markerId: number): void {
    const { coach_id } = this.deps.library.visibleRow(actor, id);
    const removed = this.deps.transaction(() => {
      if (!this.deps.markers.remove(id, markerId)) return false;
      this.deps.changes.record({ op: 'marker.remove', session_id: id, coach_id, marker_id: markerId });
      return true;
    });
    if (!removed) throw notFound('Marker', { id, marker_id: markerId });
  }
}
