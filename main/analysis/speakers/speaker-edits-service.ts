/**
 * Renaming and merging a session's speakers (the review view's inline edit and "Merge into…"): each edit is stored
 * in `speaker_edits` first (the coach's work, on the library connection), then the stored result is rewritten
 * with every edit applied and the session's coach share updated, so the list, the backup manifest and the review
 * all see the edited speakers. A re-analysis replays the same edits (see apply-edits.ts for the rule).
 */
import type { AnalysisResult } from '../../../shared/contract/analysis.js';
import { ApiError, conflict, notFound } from '../../../shared/contract/errors.js';
import type {
  AnalysesRepository,
  LibraryService,
  SessionsRepository,
  SpeakerEditsRepository,
} from '../../library/index.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { AnalysisData } from '../types.js';
import type { StoredSpeakerEdit } from '../../library/index.js';
import type { SpeakerNames } from './speaker-names.js';

export interface SpeakerEditsDeps {
  edits: SpeakerEditsRepository;
  analyses: AnalysesRepository;
  /** On the library connection: the session's coach share, written after the result (on the work connection). */
  sessions: SessionsRepository;
  library: LibraryService;
  names: SpeakerNames;
  clock: Clock;
  /** The analysis as GET /analysis answers it. */
  result: (actor: Actor, sessionId: string) => AnalysisResult;
}

type Speaker = NonNullable<AnalysisData['speakers']>['per_speaker'][number];

export class SpeakerEditsService {
  constructor(private readonly deps: SpeakerEditsDeps) {}

  rename(actor: Actor, sessionId: string, speaker: string, name: string): AnalysisResult {
    const speakers = this.#speakers(actor, sessionId);
    const found = this.#find(speakers, speaker, 'speaker');
    if (name === found.name) return this.deps.result(actor, sessionId);
    if (speakers.some((s) => s.name === name)) {
      throw conflict(`Another speaker is already called '${name}': merge the two speakers instead`, {
        field: 'name',
      });
    }
    this.#record(sessionId, { kind: 'rename', name, target: found.segments });
    return this.deps.result(actor, sessionId);
  }

  merge(actor: Actor, sessionId: string, from: string, into: string): AnalysisResult {
    const speakers = this.#speakers(actor, sessionId);
    const source = this.#find(speakers, from, 'from');
    const target = this.#find(speakers, into, 'into');
    this.#record(sessionId, { kind: 'merge', target: target.segments, source: source.segments });
    return this.deps.result(actor, sessionId);
  }

  /** The speakers the coach sees now (a session they may see, with an analysis that found speakers). */
  #speakers(actor: Actor, sessionId: string): Speaker[] {
    this.deps.library.visibleRow(actor, sessionId);
    const stored = this.deps.analyses.load<AnalysisData>(sessionId);
    const data = stored ? this.deps.names.effective(sessionId, stored.data) : undefined;
    if (!data?.speakers || data.speakers.per_speaker.length === 0) {
      throw conflict('This session has no speakers to edit yet: analyse it first (speakers need speech)', {
        field: 'id',
      });
    }
    return data.speakers.per_speaker;
  }

  #find(speakers: readonly Speaker[], name: string, field: string): Speaker {
    const found = speakers.find((s) => s.name === name);
    if (!found) throw notFound(`Speaker '${name}'`, { field });
    if (found.segments.length === 0) {
      throw new ApiError(409, `'${name}' never speaks in this recording: there is nothing to attribute`, { field });
    }
    return found;
  }

  /** Stores the edit, then the result with every edit applied and the coach share it gives. */
  #record(sessionId: string, edit: StoredSpeakerEdit): void {
    const now = this.deps.clock.now().toISOString();
    this.deps.edits.add(sessionId, edit, now);
    const stored = this.deps.analyses.load<AnalysisData>(sessionId);
    if (!stored) return;
    const data = this.deps.names.effective(sessionId, stored.data);
    // The result on the work connection, then the session's coach share on the library connection: two commits,
    // never one connection's write inside the other's (see AnalysisService.onDone).
    this.deps.analyses.save({ sessionId, jobId: stored.jobId, data, now });
    this.deps.sessions.update(sessionId, { coach_share: this.deps.names.coachShare(sessionId, data) }, now);
    this.deps.library.announce(sessionId, 'session.changed');
  }
}
