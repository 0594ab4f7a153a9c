/**
 * Pure: who spoke when → per-speaker talk time and share, talk ratio, speaker switches per minute, overlaps and
 * response gaps. Input comes from per-participant audio (each its own speech detection) or a speaker-labelled
 * transcript; both reduce to speech segments per speaker.
 */
import { normalizeIntervals, totalLength, type Interval } from '../chunks/intervals.js';
import type { SpeakersSection } from '../../../shared/contract/analysis-data.js';

export interface SpeakerSegments {
  speaker: string;
  segments: readonly Interval[];
}

export interface LabelledSegment {
  start: number;
  end: number;
  speaker: string;
}

/** The catalogue's `speakers` section (confidence: 1 for per-person tracks and transcript labels; for diarization,
 * how well the voices separate). */
export type SpeakersData = SpeakersSection;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Groups a labelled transcript into per-speaker segments, keeping first-appearance order. */
export function segmentsFromTranscript(lines: readonly LabelledSegment[]): SpeakerSegments[] {
  const bySpeaker = new Map<string, Interval[]>();
  for (const { start, end, speaker } of lines) {
    if (!(end > start)) continue;
    const list = bySpeaker.get(speaker) ?? [];
    list.push([start, end]);
    bySpeaker.set(speaker, list);
  }
  return [...bySpeaker].map(([speaker, segments]) => ({ speaker, segments }));
}

interface Turn {
  speaker: string;
  start: number;
  end: number;
}

/** Consecutive segments of the same speaker (in start order across everyone) form one turn. */
function turnsOf(speakers: readonly SpeakerSegments[]): Turn[] {
  const all = speakers
    .flatMap(({ speaker, segments }) => normalizeIntervals(segments).map(([start, end]) => ({ speaker, start, end })))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const turns: Turn[] = [];
  for (const seg of all) {
    const last = turns[turns.length - 1];
    if (last && last.speaker === seg.speaker) last.end = Math.max(last.end, seg.end);
    else turns.push({ ...seg });
  }
  return turns;
}

/** Time covered by at least two speakers at once, and how many such stretches. */
function overlaps(speakers: readonly SpeakerSegments[]): { count: number; total_s: number } {
  const events = speakers.flatMap(({ segments }) =>
    normalizeIntervals(segments).flatMap(([s, e]) => [
      { t: s, d: 1 },
      { t: e, d: -1 },
    ]),
  );
  events.sort((a, b) => a.t - b.t || a.d - b.d); // ends before starts at equal times: touching is not overlapping
  let active = 0;
  let since = 0;
  let count = 0;
  let total = 0;
  for (const { t, d } of events) {
    if (active >= 2) total += t - since;
    const before = active;
    active += d;
    if (before < 2 && active >= 2) count++;
    since = t;
  }
  return { count, total_s: round3(total) };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export function speakerMetrics(
  speakers: readonly SpeakerSegments[],
  durationS: number,
  source: SpeakersData['source'],
  confidence = 1,
): SpeakersData {
  const talk = speakers.map(({ segments }) => totalLength(normalizeIntervals(segments)));
  const totalTalk = talk.reduce((a, b) => a + b, 0);
  const turns = turnsOf(speakers);
  const perSpeaker = speakers.map(({ speaker, segments }, i) => {
    const own = turns.filter((t) => t.speaker === speaker);
    return {
      name: speaker,
      talk_time_s: round3(talk[i] ?? 0),
      share: totalTalk > 0 ? round3((talk[i] ?? 0) / totalTalk) : 0,
      turns: own.length,
      longest_monologue_s: round3(own.reduce((m, t) => Math.max(m, t.end - t.start), 0)),
      segments: normalizeIntervals(segments).map(([s, e]): [number, number] => [round3(s), round3(e)]),
    };
  });
  const gaps: number[] = [];
  for (let i = 1; i < turns.length; i++) {
    const prev = turns[i - 1];
    const next = turns[i];
    if (prev && next && next.start >= prev.end) gaps.push(next.start - prev.end);
  }
  const switches = Math.max(0, turns.length - 1);
  const others = totalTalk - (talk[0] ?? 0);
  return {
    source,
    confidence,
    per_speaker: perSpeaker,
    talk_ratio: others > 0 ? round3((talk[0] ?? 0) / others) : null,
    switches,
    switches_per_minute: durationS > 0 ? round3(switches / (durationS / 60)) : 0,
    overlap: overlaps(speakers),
    response_gaps: {
      count: gaps.length,
      mean_s: gaps.length ? round3(gaps.reduce((a, b) => a + b, 0) / gaps.length) : 0,
      median_s: round3(median(gaps)),
      max_s: round3(gaps.reduce((m, g) => Math.max(m, g), 0)),
    },
  };
}
