/**
 * The review view's reading of the analysis `data` (typed loosely by the contract; the full shape lives in
 * main/analysis/types.ts, which the renderer may not import) and its pure helpers, unit-tested in Node.
 */
import type { AnalysisResult, Marker } from '../../../shared/contract/index.js';

export interface SpeakerShare {
  name: string;
  talk_time_s: number;
  /** 0–1 of all speakers' talk time. */
  share: number;
  turns: number;
  longest_monologue_s: number;
  /** When this speaker spoke (analyses before issue 13 have none: the transcript's labels stand in). */
  segments: [number, number][];
}

export interface ReviewAnalysis {
  stage: 'audio' | 'complete';
  duration: number | null;
  speech: {
    segments: [number, number][];
    talk_time_s: number;
    silence_time_s: number;
    longest_monologue_s: number;
  } | null;
  speakers: SpeakerShare[];
  /** Where the speakers come from ('diarization' = detected from the mixed audio) and how sure (0–1), if said. */
  speakerSource?: { source: string; confidence: number | null } | null;
  loudness: { integrated_lufs: number; range_lu: number } | null;
  cuts: number[];
  thumbnails: { poster: string | null; strip: string | null; frames: { t: number; file: string }[] } | null;
  waveform: { seconds_per_peak: number; peaks: number[] } | null;
  quality: Record<string, unknown>;
}

type Loose = Record<string, unknown> | null | undefined;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

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

/** Reads `data` defensively: a section missing or of an unexpected shape reads as absent, never as a crash. */
export function readAnalysis(data: AnalysisResult['data']): ReviewAnalysis | null {
  if (!data) return null;
  const speech = data.speech as Loose;
  const speakers = data.speakers as Loose;
  const loudness = data.loudness as Loose;
  const thumbs = data.thumbnails as Loose;
  const wave = data.waveform as Loose;
  const pairs = (v: unknown) =>
    arr(v).flatMap((p) =>
      Array.isArray(p) && num(p[0]) !== null && num(p[1]) !== null ? [[p[0], p[1]] as [number, number]] : [],
    );
  return {
    stage: data.stage,
    duration: num(data.media.duration),
    speech: speech
      ? {
          segments: pairs(speech.segments),
          talk_time_s: num(speech.talk_time_s) ?? 0,
          silence_time_s: num(speech.silence_time_s) ?? 0,
          longest_monologue_s: num(speech.longest_monologue_s) ?? 0,
        }
      : null,
    speakerSource:
      speakers && typeof speakers.source === 'string'
        ? { source: speakers.source, confidence: num(speakers.confidence) }
        : null,
    speakers: arr(speakers?.per_speaker).flatMap((s) => {
      const o = s as Loose;
      if (!o || typeof o.name !== 'string') return [];
      return [
        {
          name: o.name,
          talk_time_s: num(o.talk_time_s) ?? 0,
          share: num(o.share) ?? 0,
          turns: num(o.turns) ?? 0,
          longest_monologue_s: num(o.longest_monologue_s) ?? 0,
          segments: pairs(o.segments),
        },
      ];
    }),
    loudness:
      loudness && num(loudness.integrated_lufs) !== null
        ? { integrated_lufs: loudness.integrated_lufs as number, range_lu: num(loudness.range_lu) ?? 0 }
        : null,
    cuts: arr((data.scenes as Loose)?.cuts).flatMap((c) => (num(c) !== null ? [c as number] : [])),
    thumbnails: thumbs
      ? {
          poster: typeof thumbs.poster === 'string' ? thumbs.poster : null,
          strip: typeof thumbs.strip === 'string' ? thumbs.strip : null,
          frames: arr(thumbs.frames).flatMap((f) => {
            const o = f as Loose;
            return o && num(o.t) !== null && typeof o.file === 'string' ? [{ t: o.t as number, file: o.file }] : [];
          }),
        }
      : null,
    waveform:
      wave && num(wave.seconds_per_peak) !== null && Array.isArray(wave.peaks)
        ? {
            seconds_per_peak: wave.seconds_per_peak as number,
            peaks: (wave.peaks as unknown[]).map((p) => num(p) ?? 0),
          }
        : null,
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

const QUALITY_TEXT: Record<string, string> = {
  no_audio: 'No audio track: speech, speakers and loudness cannot be measured.',
  silent_audio: 'The audio is silent throughout.',
  black_video: 'The video is black throughout.',
  truncated: 'The recording looks truncated: it ends before its stated duration.',
};

/** Readable warnings for the quality flags that are set, in a fixed order. */
export function qualityWarnings(quality: Record<string, unknown>): string[] {
  return Object.entries(QUALITY_TEXT).flatMap(([flag, text]) => (quality[flag] === true ? [text] : []));
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
