/**
 * `speaker_lane`: the review's who-spoke-when work for a 2-hour session with 10,000 turns over three speakers —
 * building the tracks and the lookup index, planning the lane's rectangles at 1,200 px, and colouring 1,200
 * waveform bars by speaker — median of 20 runs each, in ms. The lane draws `lane_rects` rectangles, not 10,000.
 */
import type { ReviewAnalysis } from '../renderer/features/review/review-model.js';
import { indexSpeakers, pixelRuns, speakerAt, speakerTracks } from '../renderer/features/review/speaker-timeline.js';
import { planBars } from '../renderer/features/review/waveform-bars.js';

const DURATION_S = 2 * 3600;
const TURNS = 10_000;
const WIDTH_PX = 1200;

function session(): ReviewAnalysis {
  const names = ['Coach', 'Client', 'Observer'];
  const segments = names.map(() => [] as [number, number][]);
  // Deterministic, uneven turns: short back-and-forth and longer monologues.
  for (let i = 0, t = 0; i < TURNS; i++) {
    const len = 0.4 + ((i * 7919) % 97) / 10;
    segments[i % 3 === 2 && i % 5 ? 0 : i % 3]!.push([t, t + len]);
    t += (DURATION_S / TURNS) * (0.6 + ((i * 104729) % 80) / 100);
  }
  return {
    stage: 'complete',
    duration: DURATION_S,
    speech: null,
    speakers: names.map((name, i) => ({
      name,
      talk_time_s: 0,
      share: 1 / 3,
      turns: segments[i]!.length,
      longest_monologue_s: 0,
      segments: segments[i]!,
    })),
    loudness: null,
    cuts: [],
    thumbnails: null,
    waveform: null,
    quality: {},
  };
}

function median(run: () => void, times = 20): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return Math.round(ms[Math.floor(ms.length / 2)]! * 1000) / 1000;
}

export async function benchSpeakerLane(): Promise<Record<string, number>> {
  const analysis = session();
  const tracks = speakerTracks(analysis, []);
  const index = indexSpeakers(tracks);
  const peaks = Array.from({ length: DURATION_S * 10 }, (_, i) => Math.sin(i / 7) * 0.5);
  const maxPeak = 0.5;
  let rects = 0;
  return {
    turns: TURNS,
    tracks_and_index_ms: median(() => indexSpeakers(speakerTracks(analysis, []))),
    lane_plan_ms: median(() => {
      rects = tracks.reduce((n, t) => n + pixelRuns(t.segments, DURATION_S, WIDTH_PX).length, 0);
    }),
    lane_rects: rects,
    waveform_colour_ms: median(() => {
      const bars = planBars(
        peaks,
        { width: WIDTH_PX * 3, height: 72 },
        { barWidth: 2, gap: 1, pixelRatio: 1, maxPeak },
        { offsetCss: 0, totalCss: WIDTH_PX * 3, duration: DURATION_S },
      );
      for (const bar of bars) speakerAt(index, bar.t);
    }),
  };
}
