import { describe, expect, it } from 'vitest';
import {
  LoudnessCollector,
  blackCollector,
  isDecodeErrorLine,
  parseScdetCut,
  parseShowinfoTime,
  silenceCollector,
} from '../../../main/analysis/analyzers/log-parsers.js';
import { PeakAccumulator, peakCountFor } from '../../../main/analysis/analyzers/waveform.js';

describe('silence and black collectors', () => {
  it('pairs start/end lines and closes an open one at end of stream', () => {
    const c = silenceCollector();
    [
      '[silencedetect @ 0x55b6feeed140] silence_start: 0',
      '[silencedetect @ 0x55b6feeed140] silence_end: 1.0217 | silence_duration: 1.0217',
      'size=N/A time=00:00:02.00 bitrate=N/A',
      '[silencedetect @ 0x55b6feeed140] silence_start: 6.0141',
    ].forEach((l) => c.push(l));
    expect(c.finish(8)).toEqual([
      [0, 1.0217],
      [6.0141, 8],
    ]);
  });

  it('reads blackdetect lines', () => {
    const c = blackCollector();
    c.push('[blackdetect @ 0x5581] black_start:0 black_end:3.96 black_duration:3.96');
    expect(c.finish(4)).toEqual([[0, 3.96]]);
  });
});

describe('LoudnessCollector', () => {
  it('reads integrated loudness and range from the summary only', () => {
    const c = new LoudnessCollector();
    const lines = [
      '[Parsed_ebur128_1 @ 0x55] t: 0.1 TARGET:-23 LUFS M: -120.7 S:-120.7 I: -70.0 LUFS LRA: 0.0 LU',
      '[Parsed_ebur128_1 @ 0x55] Summary:',
      '',
      '  Integrated loudness:',
      '    I:         -22.7 LUFS',
      '    Threshold: -32.9 LUFS',
      '  Loudness range:',
      '    LRA:         3.0 LU',
    ];
    lines.forEach((l) => c.push(l));
    expect(c.result()).toEqual({ integrated_lufs: -22.7, range_lu: 3 });
  });

  it('is null without a summary', () => {
    expect(new LoudnessCollector().result()).toBeNull();
  });
});

describe('line parsers', () => {
  it('scdet cuts and showinfo times', () => {
    expect(parseScdetCut('[scdet @ 0x5] lavfi.scd.score: 54.110, lavfi.scd.time: 3')).toBe(3);
    expect(parseScdetCut('[blackdetect @ 0x5] black_start:3')).toBeUndefined();
    expect(parseShowinfoTime('[Parsed_showinfo_6 @ 0x5] n:   0 pts:  38 pts_time:1.52 duration: 1')).toBe(1.52);
  });

  it('recognises damage reports but not file names or our filters', () => {
    expect(isDecodeErrorLine('[mov,mp4 @ 0x5] stream 1, offset 0x2f674: partial file')).toBe(true);
    expect(isDecodeErrorLine('Error while decoding stream #0:0: Invalid data found when processing input')).toBe(true);
    expect(isDecodeErrorLine("Input #0, mov, from '/tmp/corrupt-error.mp4':")).toBe(false);
    expect(isDecodeErrorLine('[silencedetect @ 0x5] silence_start: 1')).toBe(false);
  });
});

describe('PeakAccumulator', () => {
  it('min/max per bucket, samples split across chunks', () => {
    const acc = new PeakAccumulator(4, 2);
    const pcm = Buffer.alloc(10);
    [0.5, -0.25, 1, 0, -1].forEach((v, i) =>
      pcm.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32768))), i * 2),
    );
    acc.push(pcm.subarray(0, 3)); // half a sample at the end
    acc.push(pcm.subarray(3));
    expect(acc.decodedS).toBe(5 / 4);
    const w = acc.finish();
    expect(w.peaks).toEqual([-0.25, 0.5, 0, 1, -1, -1]);
    expect(w.seconds_per_peak).toBe(0.5);
  });

  it('aims at 1000–4000 pairs', () => {
    expect(peakCountFor(10)).toBe(1000);
    expect(peakCountFor(600)).toBe(2400);
    expect(peakCountFor(3600)).toBe(4000);
  });
});
