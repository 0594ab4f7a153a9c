/**
 * What the library needs to know of a file at import: is it media ffprobe can read, how long, which streams.
 * (The analysis engine has its own, richer probe; this one stays small because import runs it on every file.)
 */
import { execFile } from 'node:child_process';

export interface ProbeSummary {
  duration: number | null;
  container: string;
  videoStreams: number;
  audioStreams: number;
}

export class ProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

interface FfprobeJson {
  format?: { duration?: string; format_name?: string };
  streams?: { codec_type?: string; duration?: string }[];
}

export function probeMedia(ffprobe: string, path: string, signal?: AbortSignal): Promise<ProbeSummary> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', path];
  return new Promise((resolve, reject) => {
    execFile(ffprobe, args, { signal, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) {
        const reason = stderr.trim().split('\n').filter(Boolean).at(-1) ?? error.message;
        reject(new ProbeError(`ffprobe could not read the file: ${reason.replace(`${path}: `, '')}`));
        return;
      }
      try {
        const json = JSON.parse(stdout) as FfprobeJson;
        const streams = json.streams ?? [];
        const videoStreams = streams.filter((s) => s.codec_type === 'video').length;
        const audioStreams = streams.filter((s) => s.codec_type === 'audio').length;
        if (videoStreams + audioStreams === 0) {
          reject(new ProbeError('ffprobe found no audio or video stream in the file'));
          return;
        }
        const duration = Number(json.format?.duration ?? streams.find((s) => s.duration)?.duration);
        resolve({
          duration: Number.isFinite(duration) ? duration : null,
          container: json.format?.format_name ?? 'unknown',
          videoStreams,
          audioStreams,
        });
      } catch {
        reject(new ProbeError('ffprobe answered with something that is not JSON'));
      }
    });
  });
}
