import { describe, expect, it } from 'vitest';
import { lastPacketEnd, maxKeyframeGap, mediaInfoFromProbe, parseRate } from '../../../main/analysis/probe.js';

describe('parseRate', () => {
  it('reads fractions', () => {
    expect(parseRate('30000/1001')).toBe(29.97);
    expect(parseRate('25/1')).toBe(25);
    expect(parseRate('0/0')).toBeNull();
    expect(parseRate(undefined)).toBeNull();
  });
});

describe('maxKeyframeGap', () => {
  it('largest gap between K packets, counting the window end', () => {
    const csv = ['0.000000,K__', '0.040000,___', '2.000000,K__', '7.000000,K__', '8.000000,___'].join('\n');
    expect(maxKeyframeGap(csv, 9)).toBe(5);
    expect(maxKeyframeGap('0.0,K__\n', 180)).toBe(180);
    expect(maxKeyframeGap('', 10)).toBeNull();
  });
});

describe('mediaInfoFromProbe', () => {
  it('maps ffprobe JSON, ignoring cover art', () => {
    const info = mediaInfoFromProbe(
      {
        format: { format_name: 'mov,mp4', duration: '12.5', bit_rate: '256000' },
        streams: [
          {
            codec_type: 'video',
            codec_name: 'h264',
            width: 1280,
            height: 720,
            avg_frame_rate: '30/1',
            duration: '12.4',
          },
          { codec_type: 'audio', codec_name: 'aac', duration: '12.5' },
          { codec_type: 'audio', codec_name: 'aac' },
          { codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 } },
        ],
      },
      2,
    );
    expect(info).toMatchObject({
      duration: 12.5,
      container: 'mov,mp4',
      video_codec: 'h264',
      audio_codec: 'aac',
      width: 1280,
      height: 720,
      fps: 30,
      bitrate: 256000,
      video_streams: 1,
      audio_streams: 2,
      keyframe_interval_s: 2,
      container_duration: 12.5,
      stream_durations: { video: 12.4, audio: 12.5 },
    });
  });

  it('audio-only has no keyframe interval or geometry', () => {
    const info = mediaInfoFromProbe(
      { format: { duration: '3' }, streams: [{ codec_type: 'audio', codec_name: 'opus' }] },
      1,
    );
    expect(info).toMatchObject({ video_streams: 0, width: null, keyframe_interval_s: null, video_codec: null });
  });
});

describe('lastPacketEnd', () => {
  it('end of the last packet across streams, ignoring N/A', () => {
    expect(lastPacketEnd('0.000000,0.040000\n2.960000,0.040000\n2.990000,0.020000\nN/A,N/A\n')).toBe(3.01);
    expect(lastPacketEnd('')).toBe(0);
  });
});
