/**
 * The coach's speaker edits replayed on an analysis result (migration 0026's log, in order): renames relabel the
 * aligned speaker; merges join two speakers' segments into one (time both spoke counted once) and the totals are
 * computed again. An edit that no speaker of this result aligns with (align.ts) is skipped, never an error: a
 * re-analysis that finds other speakers drops the names that no longer fit. Pure.
 */
import type { Interval } from '../chunks/intervals.js';
import { speakerMetrics, type SpeakersData } from '../analyzers/speaker-metrics.js';
import { alignedSpeaker } from './align.js';
import { participantNamed } from './name-from-labels.js';

export type SpeakerEdit =
  { kind: 'rename'; name: string; target: Interval[] } | { kind: 'merge'; target: Interval[]; source: Interval[] };

interface Working {
  name: string;
  segments: Interval[];
}

export function applySpeakerEdits(
  speakers: SpeakersData,
  edits: readonly SpeakerEdit[],
  durationS: number,
): SpeakersData {
  if (edits.length === 0) return speakers;
  let list: Working[] = speakers.per_speaker.map((s) => ({ name: s.name, segments: s.segments }));
  let merged = false;
  let renamed = false;
  for (const edit of edits) {
    const into = alignedSpeaker(list, edit.target);
    if (into < 0) continue;
    if (edit.kind === 'rename') {
      if (list.some((s, i) => i !== into && s.name === edit.name)) continue;
      list[into] = { ...list[into]!, name: edit.name };
      renamed = true;
    } else {
      const from = alignedSpeaker(list, edit.source);
      if (from < 0 || from === into) continue;
      const target = list[into]!;
      list[into] = { name: target.name, segments: [...target.segments, ...list[from]!.segments] };
      list = list.filter((_, i) => i !== from);
      merged = true;
    }
  }
  if (merged) {
    const bySpeaker = list.map((s) => ({ speaker: s.name, segments: s.segments }));
    return speakerMetrics(bySpeaker, durationS, speakers.source, speakers.confidence);
  }
  if (!renamed) return speakers;
  return { ...speakers, per_speaker: speakers.per_speaker.map((s, i) => ({ ...s, name: list[i]!.name })) };
}

/** The coach's share of talk: the speaker named like the session's coach participant, else the first speaker. */
export function coachShare(speakers: SpeakersData | null, coachNames: readonly string[]): number | null {
  if (!speakers || speakers.per_speaker.length === 0) return null;
  const total = speakers.per_speaker.reduce((a, s) => a + s.talk_time_s, 0);
  if (!(total > 0)) return null;
  const coaches = coachNames.map((name) => ({ name }));
  const coach = speakers.per_speaker.find((s) => participantNamed(s.name, coaches));
  return (coach ?? speakers.per_speaker[0]!).share;
}
