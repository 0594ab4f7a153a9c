/**
 * ffprobe → the `media` facts the analysis needs: codecs, geometry, durations (container and per stream, to spot
 * truncation) and the largest keyframe gap (keyframe-only decoding is only allowed when keyframes are ≤ 2 s apart).
 */
import { runProcess, ProcessFailedError } from './ffmpeg/run-ffmpeg.js';
import type { MediaSection } from '../../shared/contract/analysis-data.js';

/** What the file is (ffprobe): the catalogue's `media` section. */
export type MediaInfo = MediaSection;

export class UnreadableMediaError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read media file ${path}: ${reason}`);
    this.name = 'UnreadableMediaError';
  }
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
}
interface ProbeJson {
  format?: { format_name?: string; duration?: string; bit_rate?: string };
  streams?: ProbeStream[];
}

function num(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** "30000/1001" → 29.97; "0/0" → null. */
export function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [n, d] = rate.split('/').map(Number);
  if (n === undefined || !Number.isFinite(n) || n <= 0) return null;
  const value = d ? n / d : n;
  return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) / 1000 : null;
}

/** Pure: ffprobe JSON (plus the keyframe gap measured separately) → MediaInfo. */
export function mediaInfoFromProbe(json: ProbeJson, keyframeIntervalS: number | null): MediaInfo {
  const streams = json.streams ?? [];
  // Cover art is a "video" stream of one picture: not a video for analysis purposes.
  const videos = streams.filter((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audios = streams.filter((s) => s.codec_type === 'audio');
  const video = videos[0];
  const audio = audios[0];
  const containerDuration = num(json.format?.duration);
  const videoDuration = num(video?.duration);
  const audioDuration = num(audio?.duration);
  const duration = containerDuration ?? Math.max(videoDuration ?? 0, audioDuration ?? 0);
  return {
    duration,
    container: json.format?.format_name ?? 'unknown',
    video_codec: video?.codec_name ?? null,
    audio_codec: audio?.codec_name ?? null,
    width: video?.width ?? null,
    height: video?.height ?? null,
    fps: parseRate(video?.avg_frame_rate) ?? parseRate(video?.r_frame_rate),
    bitrate: num(json.format?.bit_rate),
    video_streams: videos.length,
    audio_streams: audios.length,
    keyframe_interval_s: video ? keyframeIntervalS : null,
    container_duration: containerDuration,
    stream_durations: { video: videoDuration, audio: audioDuration },
  };
}

/**
 * Pure: largest gap between keyframes from `pts_time,flags` CSV lines. The scan window's end counts as a
 * boundary: one keyframe in a 3-minute window means "at least 3 minutes apart".
 */
export function maxKeyframeGap(csv: string, windowEndS: number): number | null {
  const times = keyframeTimes(csv);
  if (times.length === 0) return null;
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, (times[i] ?? 0) - (times[i - 1] ?? 0));
  const last = times[times.length - 1] ?? 0;
  return Math.round(Math.max(gap, windowEndS - last) * 1000) / 1000;
}

export interface ProbeOptions {
  ffprobe: string;
  signal?: AbortSignal;
  /** Seconds of packets scanned for keyframes (demux only, no decoding: cheap). */
  keyframeScanS?: number;
}

async function ffprobeJson(path: string, options: ProbeOptions): Promise<ProbeJson> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path];
  try {
    const { stdout } = await runProcess(options.ffprobe, args, { signal: options.signal, captureStdout: true });
    return JSON.parse(stdout) as ProbeJson;
  } catch (error) {
    if (error instanceof ProcessFailedError) {
      throw new UnreadableMediaError(path, error.stderrTail.trim().split('\n').pop() || 'ffprobe failed');
    }
    throw error;
  }
}

/** Packet flags of the first `keyframeScanS` seconds of video (empty output when there is no video). */
async function keyframePacketsCsv(path: string, options: ProbeOptions): Promise<string> {
  const scanS = options.keyframeScanS ?? 180;
  const args = ['-v', 'error', '-select_streams', 'v:0', '-read_intervals', `%+${scanS}`];
  args.push('-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', path);
  const { stdout } = await runProcess(options.ffprobe, args, { signal: options.signal, captureStdout: true });
  return stdout;
}

/** Every video keyframe time of the whole file, sorted (demux only: reads the file once, decodes nothing). */
export async function scanKeyframes(path: string, options: Omit<ProbeOptions, 'keyframeScanS'>): Promise<number[]> {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags'];
  args.push('-of', 'csv=p=0', path);
  const { stdout } = await runProcess(options.ffprobe, args, { signal: options.signal, captureStdout: true });
  return keyframeTimes(stdout);
}

/** Pure: keyframe times from `pts_time,flags` CSV lines. */
export function keyframeTimes(csv: string): number[] {
  return csv
    .split('\n')
    .map((line) => line.split(','))
    .filter(([pts, flags]) => pts !== undefined && pts !== '' && flags?.includes('K') && Number.isFinite(Number(pts)))
    .map(([pts]) => Number(pts))
    .sort((a, b) => a - b);
}

/** Pure: end of the last packet from `pts_time,duration_time` CSV lines (0 when none). */
export function lastPacketEnd(csv: string): number {
  let end = 0;
  for (const line of csv.split('\n')) {
    const [pts, dur] = line.split(',').map(Number);
    if (pts !== undefined && Number.isFinite(pts))
      end = Math.max(end, pts + (dur !== undefined && Number.isFinite(dur) ? dur : 0));
  }
  return Math.round(end * 1000) / 1000;
}

async function measureDuration(path: string, options: ProbeOptions): Promise<number> {
  const args = ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', path];
  const { stdout } = await runProcess(options.ffprobe, args, { signal: options.signal, captureStdout: true });
  return lastPacketEnd(stdout);
}

/** Probes a file; throws UnreadableMediaError with ffprobe's reason when it is not media. */
export async function probeMedia(path: string, options: ProbeOptions): Promise<MediaInfo> {
  // Both ffprobe runs at once: the keyframe scan does not need the stream list, and stage 1 waits for the probe.
  const [probed, packets] = await Promise.allSettled([ffprobeJson(path, options), keyframePacketsCsv(path, options)]);
  if (probed.status === 'rejected') throw probed.reason;
  let info = mediaInfoFromProbe(probed.value, null);
  if (!(info.duration > 0) && (info.video_streams > 0 || info.audio_streams > 0)) {
    // Streamed recordings (e.g. browser WebM) carry no duration: measure it from the packets.
    info = { ...info, duration: await measureDuration(path, options) };
  }
  if (info.video_streams === 0 && info.audio_streams === 0) {
    throw new UnreadableMediaError(path, 'no audio or video stream');
  }
  if (info.video_streams === 0) return info;
  if (packets.status === 'rejected') throw packets.reason;
  const windowEnd = Math.min(options.keyframeScanS ?? 180, info.duration);
  return { ...info, keyframe_interval_s: maxKeyframeGap(packets.value, windowEnd) };
}
