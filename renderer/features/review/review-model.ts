/**
 * The review view's reading of the analysis `data` — typed by the catalogue (`AnalysisDataOut`, the schema the
 * engine's own type is inferred from) — and its pure helpers, unit-tested in Node.
 */
import type { AnalysisDataOut, AnalysisResult, Marker } from '../../../shared/contract/index.js';

type SpeakersSection = NonNullable<AnalysisDataOut['speakers']>;

/** One speaker's figures, as the analysis has them. */
export type SpeakerShare = SpeakersSection['per_speaker'][number];

export interface ReviewAnalysis {
  stage: AnalysisDataOut['stage'];
  duration: number | null;
  speech: AnalysisDataOut['speech'];
  speakers: SpeakerShare[];
  /** Where the speakers come from ('diarization' = detected from the mixed audio) and how sure (0–1), if said. */
  speakerSource?: { source: SpeakersSection['source']; confidence: number | null } | null;
  loudness: AnalysisDataOut['loudness'];
  cuts: number[];
  thumbnails: AnalysisDataOut['thumbnails'];
  waveform: AnalysisDataOut['waveform'];
  quality: Partial<AnalysisDataOut['quality']>;
}

/**
 * How sure diarization is, in words a coach reads at a glance (the confidence is how well the voices separate:
 * the mean silhouette of the speech windows, 0–1).
 */
export function confidenceWords(confidence: number | null): string {
  if (confidence === null) return 'how sure is not known for this analysis';
  if (confidence >= 0.75) return 'high confidence: the voices are clearly distinct';
  if (confidence >= 0.45) return 'fair confidence: check a few turns';
  return 'low confidence: the voices sound alike, check who is who';
}

/** The sections the review shows, from the catalogue's typed `data` (null while there is none). */
export function readAnalysis(data: AnalysisResult['data']): ReviewAnalysis | null {
  if (!data) return null;
  const { speakers } = data;
  return {
    stage: data.stage,
    duration: Number.isFinite(data.media.duration) ? data.media.duration : null,
    speech: data.speech,
    speakerSource: speakers ? { source: speakers.source, confidence: speakers.confidence ?? null } : null,
    speakers: speakers?.per_speaker ?? [],
    loudness: data.loudness,
    cuts: data.scenes?.cuts ?? [],
    thumbnails: data.thumbnails,
    waveform: data.waveform,
    quality: data.quality,
  };
}

/**
 * Index of the segment playing at `t`: the last one that has started (segments sorted by start), as long as it has
 * not ended; between two lines the previous one stays current until the next starts. -1 before the first.
 */
export function currentSegmentIndex(segments: readonly { start: number; end: number }[], t: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((segments[mid]?.start ?? Infinity) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export interface ChapterMark {
  t: number;
  /** Image URL (artifacts_url with the file name filled in), or null without a frame. */
  image: string | null;
  label: string;
}

/** One mark per thumbnail frame (sorted by time); scene cuts without a frame add marks of their own. */
export function chapterMarks(
  frames: readonly { t: number; file: string }[],
  cuts: readonly number[],
  artifactsUrl: string | null,
  format: (t: number) => string = formatClock,
): ChapterMark[] {
  const url = (file: string) => (artifactsUrl ? artifactsUrl.replace('{name}', encodeURIComponent(file)) : null);
  const marks: ChapterMark[] = frames.map((f) => ({ t: f.t, image: url(f.file), label: `Frame at ${format(f.t)}` }));
  for (const cut of cuts) marks.push({ t: cut, image: null, label: `Scene cut at ${format(cut)}` });
  return marks.sort((a, b) => a.t - b.t);
}

/** The frame nearest before `t` (for a scene cut's preview), or null. */
export function frameBefore<T extends { t: number }>(frames: readonly T[], t: number): T | null {
  let best: T | null = null;
  for (const f of frames) if (f.t <= t && (!best || f.t > best.t)) best = f;
  return best;
}

/** Playback time as m:ss (h:mm:ss past an hour); '0:00' for anything not a finite non-negative number. */
export function formatClock(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function formatShare(share: number): string {
  return `${Math.round((Number.isFinite(share) ? share : 0) * 100)}%`;
}

type QualityFlag = 'no_audio' | 'silent_audio' | 'black_video' | 'truncated';

const QUALITY_TEXT: Record<QualityFlag, string> = {
  no_audio: 'No audio track: speech, speakers and loudness cannot be measured.',
  silent_audio: 'The audio is silent throughout.',
  black_video: 'The video is black throughout.',
  truncated: 'The recording looks truncated: it ends before its stated duration.',
};

/** Readable warnings for the quality flags that are set, in a fixed order. */
export function qualityWarnings(quality: Partial<Pick<AnalysisDataOut['quality'], QualityFlag>>): string[] {
  return (Object.keys(QUALITY_TEXT) as QualityFlag[]).flatMap((flag) =>
    quality[flag] === true ? [QUALITY_TEXT[flag]] : [],
  );
}

/** Root-relative media URLs (docs/api.md) get the API origin in a browser; under Electron app:// serves /api/ itself. */
export function absoluteMediaUrl(url: string, base: string): string {
  return /^[a-z]+:/i.test(url) ? url : `${base.replace(/\/+$/, '')}${url}`;
}

/** The flat [min, max, min, max, …] pairs as the one channel wavesurfer draws (the larger magnitude of each pair). */
export function peaksForWaveSurfer(flat: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const min = flat[i] ?? 0;
    const max = flat[i + 1] ?? 0;
    out.push(Math.abs(max) >= Math.abs(min) ? max : min);
  }
  return out;
}

/** Time order, timeless notes last, then by creation. */
export function sortMarkers(markers: readonly Marker[]): Marker[] {
  return [...markers].sort(
    (a, b) => (a.t ?? Infinity) - (b.t ?? Infinity) || a.created_at.localeCompare(b.created_at) || a.id - b.id,
  );
}
