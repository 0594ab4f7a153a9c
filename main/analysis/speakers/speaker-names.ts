/**
 * The speakers a stored analysis shows: diarized "Speaker N" named from the transcript's voice labels where they
 * align (name-from-labels.ts), then the coach's renames and merges replayed (apply-edits.ts); and the coach's share
 * of talk time that the session row keeps for the library's sort and filter. Reads the library's transcript,
 * participants and `speaker_edits` through their repositories.
 */
import type { SessionsRepository, SpeakerEditsRepository, TranscriptsRepository } from '../../library/index.js';
import type { AnalysisData } from '../types.js';
import { applySpeakerEdits, coachShare } from './apply-edits.js';
import { nameFromLabels } from './name-from-labels.js';

export interface SpeakerNamesDeps {
  edits: SpeakerEditsRepository;
  transcripts: TranscriptsRepository;
  sessions: SessionsRepository;
}

export class SpeakerNames {
  constructor(private readonly deps: SpeakerNamesDeps) {}

  /** `data` with its speakers named and edited as the coach left them (unchanged without speakers). */
  effective(sessionId: string, data: AnalysisData): AnalysisData {
    let speakers = data.speakers;
    if (!speakers) return data;
    if (speakers.source === 'diarization') {
      const labels = this.deps.transcripts
        .segments(sessionId)
        .flatMap((s) => (s.speaker ? [{ start: s.start, end: s.end, speaker: s.speaker }] : []));
      if (labels.length > 0) {
        const named = nameFromLabels(speakers.per_speaker, labels, this.deps.sessions.participants(sessionId));
        speakers = { ...speakers, per_speaker: named };
      }
    }
    speakers = applySpeakerEdits(speakers, this.deps.edits.list(sessionId), data.media.duration);
    return speakers === data.speakers ? data : { ...data, speakers };
  }

  /** The coach's share of talk time in `data` (the session's coach participant, else the first speaker). */
  coachShare(sessionId: string, data: AnalysisData): number | null {
    const coaches = this.deps.sessions
      .participants(sessionId)
      .filter((p) => p.role === 'coach')
      .map((p) => p.name);
    return coachShare(data.speakers, coaches);
  }
}
