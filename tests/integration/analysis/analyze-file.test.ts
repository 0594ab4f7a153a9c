import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile, NoUsableStreamError } from '../../../main/analysis/analyze-file.js';
import { CancelledError } from '../../../main/analysis/ffmpeg/run-ffmpeg.js';
import { UnreadableMediaError } from '../../../main/analysis/probe.js';
import type { AnalysisData } from '../../../main/analysis/types.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import {
  createAnalysisFixtures,
  createLongFixture,
  TRUTH,
  type AnalysisFixtures,
} from '../../helpers/analysis-fixtures.js';
import { isAlive } from '../../helpers/processes.js';

const tools = locateMediaTools();
const FRAME = 1 / TRUTH.fps;
let fx: AnalysisFixtures;
let meeting: AnalysisData;
let stage1: AnalysisData | undefined;
const progress: { pct: number; message: string }[] = [];

beforeAll(async () => {
  fx = createAnalysisFixtures();
  meeting = await analyzeFile(fx.meeting, {
    tools,
    outDir: join(fx.dir, 'out-meeting'),
    participants: [
      { name: 'coach', path: fx.speakerA },
      { name: 'client', path: fx.speakerB },
    ],
    onStage1: (d) => (stage1 = d),
    onProgress: (pct, message) => progress.push({ pct, message }),
  });
});
afterAll(() => fx.cleanup());

const sum = (segs: readonly (readonly [number, number])[]): number => segs.reduce((a, [s, e]) => a + e - s, 0);

describe('analyzeFile on the meeting fixture (ground truth by construction)', () => {
  it('media facts', () => {
    expect(meeting.media).toMatchObject({ width: 320, height: 180, fps: 25, video_codec: 'h264', audio_codec: 'aac' });
    expect(meeting.stage).toBe('complete');
  });

  it('talk time within 1 % and speech boundaries within 0.25 s', () => {
    const speech = meeting.speech;
    expect(speech).not.toBeNull();
    expect(Math.abs((speech?.talk_time_s ?? 0) - TRUTH.talkTimeS) / TRUTH.talkTimeS).toBeLessThan(0.01);
    expect(speech?.segments).toHaveLength(TRUTH.mixedSpeech.length);
    speech?.segments.forEach(([s, e], i) => {
      const [ts, te] = TRUTH.mixedSpeech[i] ?? [NaN, NaN];
      expect(Math.abs(s - ts)).toBeLessThan(0.25);
      expect(Math.abs(e - te)).toBeLessThan(0.25);
    });
    expect(speech?.silence_time_s).toBeCloseTo(TRUTH.duration - TRUTH.talkTimeS, 1);
    expect(speech?.longest_monologue_s).toBeCloseTo(2, 1);
  });

  it('per-speaker talk time and share (within 1 point) from participant tracks', () => {
    const speakers = meeting.speakers;
    expect(speakers?.source).toBe('participant_audio');
    const [coach, client] = speakers?.per_speaker ?? [];
    const a = sum(TRUTH.speakerA);
    const b = sum(TRUTH.speakerB);
    expect(coach?.name).toBe('coach');
    expect(Math.abs((coach?.talk_time_s ?? 0) - a) / a).toBeLessThan(0.01);
    expect(Math.abs((client?.talk_time_s ?? 0) - b) / b).toBeLessThan(0.01);
    expect(Math.abs((coach?.share ?? 0) - a / (a + b))).toBeLessThan(0.01);
    expect(Math.abs((client?.share ?? 0) - b / (a + b))).toBeLessThan(0.01);
    expect(speakers?.talk_ratio).toBeCloseTo(a / b, 1);
    // turns: coach, client, coach, client → 3 switches in 12 s
    expect(speakers?.switches).toBe(3);
    expect(speakers?.switches_per_minute).toBeCloseTo(15, 5);
    expect(speakers?.overlap.count).toBe(0);
    expect(speakers?.response_gaps.count).toBe(3);
    expect(speakers?.response_gaps.mean_s).toBeCloseTo(1, 1);
  });

  it('scene cuts within one frame', () => {
    expect(meeting.scenes?.cuts).toHaveLength(TRUTH.cuts.length);
    meeting.scenes?.cuts.forEach((t, i) =>
      expect(Math.abs(t - (TRUTH.cuts[i] ?? NaN))).toBeLessThanOrEqual(FRAME + 1e-6),
    );
  });

  it('loudness, waveform peaks and thumbnails', () => {
    expect(meeting.loudness?.integrated_lufs).toBeGreaterThan(-20);
    expect(meeting.loudness?.integrated_lufs).toBeLessThan(-5);
    const w = meeting.waveform;
    const pairs = (w?.peaks.length ?? 0) / 2;
    expect(pairs).toBeGreaterThanOrEqual(1000);
    expect(pairs).toBeLessThanOrEqual(4000 + 2);
    // A pair in the first second (silence) is flat; one at 2 s (speech, amplitude 0.4) is not.
    const at = (t: number): number => {
      const i = Math.floor(t / (w?.seconds_per_peak ?? 1));
      return (w?.peaks[2 * i + 1] ?? 0) - (w?.peaks[2 * i] ?? 0);
    };
    expect(at(0.5)).toBeLessThan(0.01);
    expect(at(2)).toBeGreaterThan(0.6);
    const th = meeting.thumbnails;
    expect(th?.poster).toBe('poster.jpg');
    expect(th?.strip).toBe('strip.jpg');
    expect(th?.frames.length).toBe(4);
    for (const f of [th?.poster, th?.strip, ...(th?.frames.map((x) => x.file) ?? [])]) {
      expect(existsSync(join(fx.dir, 'out-meeting', f ?? 'missing'))).toBe(true);
    }
  });

  it('quality is clean', () => {
    expect(meeting.quality).toMatchObject({
      no_audio: false,
      silent_audio: false,
      black_video: false,
      truncated: false,
    });
  });

  it('stage-1 results were published before the video stage, with progress messages per segment', () => {
    expect(stage1?.stage).toBe('audio');
    expect(stage1?.speech?.talk_time_s).toBe(meeting.speech?.talk_time_s);
    expect(stage1?.scenes).toBeNull();
    expect(progress.some((p) => /Analyzing segment \d+\/\d+/.test(p.message))).toBe(true);
    expect(progress.at(-1)?.pct).toBe(100);
    const pcts = progress.map((p) => p.pct);
    expect([...pcts].sort((a, b) => a - b)).toEqual(pcts);
  });
});

describe('chunked analysis', () => {
  it('small chunks give the same cuts, black segments and thumbnails as one chunk', async () => {
    const one = await analyzeFile(fx.meeting, { tools, outDir: join(fx.dir, 'one'), chunkS: 1000 });
    // chunkS 2.5 → 5 planned chunks (2.4, 4.8, 7.2, 9.6) snapped to the keyframes 3, 6, 9, analysed 2 at a time.
    const many = await analyzeFile(fx.meeting, { tools, outDir: join(fx.dir, 'many'), chunkS: 2.5, padS: 0.5 });
    expect(many.scenes).toEqual(one.scenes);
    expect(many.quality.black_segments).toEqual(one.quality.black_segments);
    expect(many.thumbnails?.frames).toEqual(one.thumbnails?.frames);
    expect(many.speech).toEqual(one.speech);
  });

  it('a cut exactly on a chunk boundary is found once', async () => {
    // chunkS 3.5 on 12 s → 4 chunks of 3 s: boundaries at keyframes 3, 6, 9 — the first cut sits on one, where
    // the chunk starting there decodes without pre-roll and only the previous chunk's post-roll can see the cut.
    const d = await analyzeFile(fx.meeting, { tools, outDir: join(fx.dir, 'boundary'), chunkS: 3.5, padS: 0.5 });
    expect(d.scenes?.cuts).toEqual([3, 7]);
  });
});

describe('speakers from a labelled transcript', () => {
  it('is used when there are no participant tracks', async () => {
    const transcript = [
      ...TRUTH.speakerA.map(([start, end]) => ({ start, end, speaker: 'Coach' })),
      ...TRUTH.speakerB.map(([start, end]) => ({ start, end, speaker: 'Client' })),
    ];
    const d = await analyzeFile(fx.audioOnly, { tools, outDir: join(fx.dir, 'tr'), transcript });
    expect(d.speakers?.source).toBe('transcript');
    expect(d.speakers?.per_speaker.map((s) => s.name)).toEqual(['Coach', 'Client']);
    expect(d.speakers?.per_speaker[0]?.share).toBeCloseTo(3 / 6.5, 2);
    expect(d.scenes).toBeNull();
    expect(d.quality.no_video).toBe(true);
  });
});

describe('quality flags', () => {
  const run = (path: string, name: string): Promise<AnalysisData> =>
    analyzeFile(path, { tools, outDir: join(fx.dir, name) });

  it('silent audio', async () => {
    const d = await run(fx.silentAudio, 'silent');
    expect(d.quality).toMatchObject({ silent_audio: true, no_audio: false, black_video: false, truncated: false });
    expect(d.speech?.talk_time_s).toBe(0);
  });

  it('black video', async () => {
    const d = await run(fx.blackVideo, 'black');
    expect(d.quality).toMatchObject({ black_video: true, silent_audio: false });
    expect(d.speech?.segments).toHaveLength(1);
  });

  it('no audio', async () => {
    const d = await run(fx.noAudio, 'noaudio');
    expect(d.quality).toMatchObject({ no_audio: true, black_video: false });
    expect(d.speech).toBeNull();
    expect(d.waveform).toBeNull();
  });

  it('truncated (header claims more than the data holds)', async () => {
    const d = await run(fx.truncated, 'trunc');
    expect(d.quality.truncated).toBe(true);
    expect(d.quality.decoded_duration_s).toBeLessThan(TRUTH.duration - 1);
    expect(d.quality.decode_errors.length).toBeGreaterThan(0);
  });

  it('a streamed WebM without any duration in its header is measured, not treated as empty', async () => {
    const d = await run(fx.streamedWebm, 'webm');
    expect(d.media.container_duration).toBeNull();
    expect(d.media.duration).toBeCloseTo(3, 1);
    expect(d.speech?.segments).toHaveLength(1);
    expect(d.speech?.talk_time_s).toBeCloseTo(1, 1);
    expect(d.thumbnails?.frames).toHaveLength(4);
    expect((d.waveform?.peaks.length ?? 0) / 2).toBeLessThanOrEqual(1001);
  });

  it('garbage and stream-less files fail with a clear reason', async () => {
    await expect(run(fx.garbage, 'g')).rejects.toBeInstanceOf(UnreadableMediaError);
    await expect(run(fx.noStreams, 'n')).rejects.toThrow(/no audio or video stream/);
    await expect(
      analyzeFile(fx.audioOnly, { tools, outDir: join(fx.dir, 'v'), analysisType: 'video' }),
    ).rejects.toBeInstanceOf(NoUsableStreamError);
  });
});

describe('cancellation', () => {
  it('aborting mid-analysis rejects and leaves no ffmpeg process', async () => {
    const long = createLongFixture(fx.dir, 90);
    const controller = new AbortController();
    const pids: number[] = [];
    let aliveAtAbort: number[] = [];
    const run = analyzeFile(long, {
      tools,
      outDir: join(fx.dir, 'cancel'),
      chunkS: 20,
      signal: controller.signal,
      onSpawn: (pid) => pids.push(pid),
      onProgress: (pct, message) => {
        // Abort while video chunks are being decoded (stage 1 is the first 15 %).
        if (message.startsWith('Analyzing segment') && pct > 20 && !controller.signal.aborted) {
          aliveAtAbort = pids.filter(isAlive);
          controller.abort();
        }
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(pids.length).toBeGreaterThanOrEqual(3); // probe ×2, audio, at least one video chunk
    expect(aliveAtAbort.length).toBeGreaterThan(0); // ffmpeg was really running when cancelled
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
