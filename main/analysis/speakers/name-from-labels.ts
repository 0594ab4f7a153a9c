/**
 * Names for speakers found by diarization ("Speaker 1, 2…"): a transcript's voice labels (`<v Dana>`, `Dana: …`)
 * that align in time with a detected speaker (see align.ts: most of that speaker's talk inside the label's cues)
 * give their name, the full name of the session participant the label names when there is one ("Dana" →
 * "Dana Whitfield"). Each label names at most one speaker, and the closest pairs are named first. Speakers no
 * label aligns with keep "Speaker N". Pure.
 */
import type { Interval } from '../chunks/intervals.js';
import { MAJORITY, overlapSeconds } from './align.js';
import { normalizeIntervals, totalLength } from '../chunks/intervals.js';

export interface Label {
  start: number;
  end: number;
  speaker: string;
}

export interface NamedParticipant {
  name: string;
  role: string;
}

const fold = (s: string): string =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ');

/** The participant a label or a speaker's name stands for: the same name, or its first name (folded). */
export function participantNamed<P extends { name: string }>(name: string, participants: readonly P[]): P | undefined {
  const n = fold(name);
  if (n === '') return undefined;
  return (
    participants.find((p) => fold(p.name) === n) ??
    participants.find((p) => fold(p.name).split(' ')[0] === n && n.length > 1)
  );
}

export function nameFromLabels<S extends { name: string; segments: readonly Interval[] }>(
  speakers: readonly S[],
  labels: readonly Label[],
  participants: readonly NamedParticipant[] = [],
): S[] {
  const byLabel = new Map<string, Interval[]>();
  for (const l of labels) {
    const name = l.speaker.trim();
    if (!name || !(l.end > l.start)) continue;
    byLabel.set(name, [...(byLabel.get(name) ?? []), [l.start, l.end]]);
  }
  const pairs: { speaker: number; label: string; overlap: number }[] = [];
  speakers.forEach((s, i) => {
    const talk = totalLength(normalizeIntervals(s.segments));
    for (const [label, cues] of byLabel) {
      const overlap = overlapSeconds(s.segments, cues);
      if (overlap > 0 && overlap > MAJORITY * talk) pairs.push({ speaker: i, label, overlap });
    }
  });
  pairs.sort((a, b) => b.overlap - a.overlap);
  const names = new Map<number, string>();
  const used = new Set<string>();
  for (const p of pairs) {
    if (names.has(p.speaker) || used.has(p.label)) continue;
    const full = participantNamed(p.label, participants)?.name ?? p.label;
    if (used.has(full)) continue;
    names.set(p.speaker, full);
    used.add(p.label);
    used.add(full);
  }
  // A name a label gave must not repeat an untouched "Speaker N".
  return speakers.map((s, i) => ({ ...s, name: names.get(i) ?? s.name }));
}
