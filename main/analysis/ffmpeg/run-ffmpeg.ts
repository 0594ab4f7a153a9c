/**
 * ffmpeg/ffprobe as a cancelable child process. Always an argument array (never a shell, so file names cannot
 * inject anything); the last stderr lines are kept for error messages; cancellation kills the child and the
 * returned promise settles only once the process is really gone, so "cancelled" means "no ffmpeg left".
 */
import { spawn } from 'node:child_process';
import { parseProgress, type ProgressUpdate } from './progress.js';

export interface RunOptions {
  signal?: AbortSignal;
  /** Expected output duration, for progress fractions. */
  durationS?: number;
  onProgress?: (update: ProgressUpdate) => void;
  /** Every complete stderr line (filters such as silencedetect report through the log). */
  onStderrLine?: (line: string) => void;
  /**
   * Raw stdout data. When absent (and stdout is not captured), stdout is parsed as `-progress pipe:1` output and
   * is the only progress source; otherwise progress comes from stderr's `time=` stats lines.
   */
  onStdout?: (data: Buffer) => void;
  /** Collect stdout as text and return it (ffprobe JSON). */
  captureStdout?: boolean;
  /** How long a child may take to exit after SIGTERM before it gets SIGKILL. */
  killGraceMs?: number;
  /** Called with the pid right after spawning (tests check it is gone after cancel). */
  onSpawn?: (pid: number) => void;
  stderrTailLines?: number;
}

export interface RunResult {
  exitCode: number;
  stderrTail: string;
  stdout: string;
  pid: number;
}

export class ProcessFailedError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    const reason = stderrTail.trim().split('\n').slice(-3).join(' | ') || 'no error output';
    super(`${command} failed (exit ${exitCode ?? 'signal'}): ${reason}`);
    this.name = 'ProcessFailedError';
  }
}

export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'AbortError');
}

/** Splits a byte stream into lines, accepting `\n` and the `\r` ffmpeg uses for its stats line. */
function lineSplitter(onLine: (line: string) => void): { push(data: Buffer): void; flush(): void } {
  let rest = '';
  return {
    push(data) {
      const parts = (rest + data.toString('utf8')).split(/\r\n|\r|\n/);
      rest = parts.pop() ?? '';
      for (const line of parts) onLine(line);
    },
    flush() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}

/** Passes updates on in order, none after `done`, and makes sure a finished run ends with a done update. */
function progressReporter(onProgress: ((update: ProgressUpdate) => void) | undefined) {
  let last: ProgressUpdate | undefined;
  return {
    offer(update: ProgressUpdate | null): void {
      if (!update || !onProgress || last?.done) return;
      last = update;
      onProgress(update);
    },
    finish(durationS: number): void {
      if (!onProgress || last?.done) return;
      last = { timeS: Math.max(last?.timeS ?? 0, durationS), fraction: 1, done: true };
      onProgress(last);
    },
  };
}

/** Runs `bin args`; resolves on exit 0, rejects with ProcessFailedError or CancelledError after the child is gone. */
export function runProcess(bin: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { signal, durationS = 0, killGraceMs = 300, stderrTailLines = 30 } = options;
  if (signal?.aborted) return Promise.reject(new CancelledError());
  const command = bin.split(/[\\/]/).pop() ?? bin;

  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const tail: string[] = [];
    const stdoutText: string[] = [];
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const progress = progressReporter(options.onProgress);
    // One progress source: `-progress pipe:1` on stdout when stdout is free for it, else stderr's stats lines.
    // (ffmpeg writes a final `time=` stats line to stderr even with -nostats; mixed in, it arrived after
    // stdout's `progress=end` as a not-done update.)
    const progressOnStdout = !options.onStdout && !options.captureStdout;

    const stderrLines = lineSplitter((line) => {
      tail.push(line);
      if (tail.length > stderrTailLines) tail.shift();
      options.onStderrLine?.(line);
      if (!progressOnStdout && line.includes('time=')) progress.offer(parseProgress(line, durationS));
    });
    // `-progress` writes key=value blocks ending in `progress=continue|end`; a block may span reads.
    let block: string[] = [];
    const stdoutLines = lineSplitter((line) => {
      block.push(line);
      if (!/^\s*progress=/.test(line)) return;
      progress.offer(parseProgress(block.join('\n'), durationS));
      block = [];
    });
    child.stderr.on('data', (data: Buffer) => stderrLines.push(data));
    child.stdout.on('data', (data: Buffer) => {
      if (options.onStdout) options.onStdout(data);
      else if (options.captureStdout) stdoutText.push(data.toString('utf8'));
      else if (options.onProgress) stdoutLines.push(data);
    });

    const onAbort = (): void => {
      aborted = true;
      child.kill('SIGTERM');
      // ffmpeg may linger flushing outputs after SIGTERM; cancellation must be immediate, so escalate.
      killTimer = setTimeout(() => child.kill('SIGKILL'), killGraceMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);

    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      reject(new Error(`could not start ${command}: ${error.message}`));
    });
    // 'close' fires after the process exited AND its pipes are drained: nothing of it is left.
    child.on('close', (exitCode) => {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      stderrLines.flush();
      stdoutLines.flush();
      const stderrTail = tail.join('\n');
      if (aborted) reject(new CancelledError(`${command} cancelled`));
      else if (exitCode !== 0) reject(new ProcessFailedError(command, exitCode, stderrTail));
      else {
        progress.finish(durationS); // the last update of a successful run always says done
        resolve({ exitCode, stderrTail, stdout: stdoutText.join(''), pid: child.pid ?? -1 });
      }
    });
  });
}
