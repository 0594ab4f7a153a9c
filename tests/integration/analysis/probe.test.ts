import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia, UnreadableMediaError } from '../../../main/analysis/probe.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import { createAnalysisFixtures, TRUTH, type AnalysisFixtures } from '../../helpers/analysis-fixtures.js';

const { ffprobe } = locateMediaTools();
let fx: AnalysisFixtures;
beforeAll(() => {
  fx = createAnalysisFixtures();
});
afterAll(() => fx.cleanup());

describe('probeMedia', () => {
  it('reads codecs, geometry, durations and the keyframe gap', async () => {
    const info = await probeMedia(fx.meeting, { ffprobe });
    expect(info).toMatchObject({
      container: expect.stringContaining('mp4') as string,
      video_codec: 'h264',
      audio_codec: 'aac',
      width: 320,
      height: 180,
      fps: TRUTH.fps,
      video_streams: 1,
      audio_streams: 1,
    });
    expect(info.duration).toBeCloseTo(TRUTH.duration, 1);
    // x264 with -g 250 at 25 fps puts one keyframe at 0 and the next at 10 s (scene cuts may add some).
    expect(info.keyframe_interval_s).toBeGreaterThan(2);
    expect(info.bitrate).toBeGreaterThan(0);
  });

  it('audio-only file', async () => {
    const info = await probeMedia(fx.audioOnly, { ffprobe });
    expect(info).toMatchObject({ video_streams: 0, audio_streams: 1, keyframe_interval_s: null });
  });

  it('garbage fails with ffprobe’s reason', async () => {
    const error = await probeMedia(fx.garbage, { ffprobe }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableMediaError);
    expect(String((error as Error).message)).toMatch(/Invalid data found/);
  });

  it('a container without audio or video is refused clearly', async () => {
    await expect(probeMedia(fx.noStreams, { ffprobe })).rejects.toThrow(/no audio or video stream/);
  });
});
