import { describe, expect, it } from 'vitest';
import { audioPassArgs } from '../../../main/analysis/analyzers/audio-pass.js';
import { videoPassArgs } from '../../../main/analysis/analyzers/video-pass.js';
import { thumbnailTimes, choosePoster } from '../../../main/analysis/analyzers/thumbnails.js';
import { keyframesOnlyAllowed } from '../../../main/analysis/stage2-video.js';
import { mediaInfoFromProbe } from '../../../main/analysis/probe.js';

const base = {
  ffmpeg: 'ffmpeg',
  path: '/rec/a b; rm -rf.mp4',
  window: { start: 9.5, end: 20.5 },
  thumbnails: [{ index: 3, t: 12 }],
  outDir: '/out',
  tag: 'c1',
};

describe('video pass arguments', () => {
  it('one decode, downscaled first, seeking by input options; the file name stays one argument', () => {
    const args = videoPassArgs({ ...base, keyframesOnly: false });
    expect(args).toContain(base.path);
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 4)).toEqual(['-ss', '9.500', '-t', '11.000']);
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(graph).toMatch(/^\[0:v:0\]split=2\[a\]\[b\];\[a\]scale=160:90/);
    expect(graph).toContain('blackdetect');
    expect(graph).toContain('scdet');
    // the thumbnail target 12 s is 2.5 s into the window
    expect(graph).toContain('gte(t\\,2.500)');
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args).not.toContain('-skip_frame');
  });

  it('keyframe-only decoding only when asked', () => {
    const args = videoPassArgs({ ...base, keyframesOnly: true });
    expect(args.slice(args.indexOf('-skip_frame'), args.indexOf('-skip_frame') + 2)).toEqual(['-skip_frame', 'nokey']);
  });

  it('keyframe-only is allowed only for keyframes ≤ 2 s apart', () => {
    const media = (gap: number | null) => ({
      ...mediaInfoFromProbe({ streams: [{ codec_type: 'video' }] }, null),
      keyframe_interval_s: gap,
    });
    expect(keyframesOnlyAllowed(media(1))).toBe(true);
    expect(keyframesOnlyAllowed(media(2))).toBe(true);
    expect(keyframesOnlyAllowed(media(2.5))).toBe(false);
    expect(keyframesOnlyAllowed(media(120))).toBe(false);
    expect(keyframesOnlyAllowed(media(null))).toBe(false);
  });
});

describe('audio pass arguments', () => {
  it('one decode split into detection, loudness and the PCM waveform branch', () => {
    const args = audioPassArgs({ ffmpeg: 'ffmpeg', path: '/x.m4a', durationS: 10, audioIndex: 1 });
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(graph).toMatch(/^\[0:a:1\]asplit=2/);
    expect(graph).toContain('silencedetect=n=-50dB');
    expect(graph).toContain('ebur128');
    expect(args.slice(-3)).toEqual(['-f', 's16le', 'pipe:1']);
    expect(audioPassArgs({ ffmpeg: 'ffmpeg', path: '/x', durationS: 1, speechOnly: true }).join(' ')).not.toContain(
      'ebur128',
    );
  });
});

describe('thumbnails', () => {
  it('4 to 40 evenly spread times', () => {
    expect(thumbnailTimes(12)).toEqual([1.5, 4.5, 7.5, 10.5]);
    expect(thumbnailTimes(600)).toHaveLength(30);
    expect(thumbnailTimes(7200)).toHaveLength(40);
    expect(thumbnailTimes(0)).toEqual([]);
  });

  it('the poster is near 10 % and never a black frame when another exists', () => {
    const frames = [
      { t: 1, file: 'a' },
      { t: 10, file: 'b' },
      { t: 50, file: 'c' },
    ];
    expect(choosePoster(frames, 100, [])).toBe('b');
    expect(choosePoster(frames, 100, [[5, 20]])).toBe('a');
    expect(choosePoster(frames, 100, [[0, 100]])).toBe('b');
  });
});
