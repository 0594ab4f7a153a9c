/**
 * Finds ffmpeg and ffprobe. Order (the brief's): FFMPEG_PATH / FFPROBE_PATH, then the binaries shipped by the
 * optional npm packages (ffmpeg-static, @ffprobe-installer/ffprobe — absent where their download cannot run),
 * then PATH. A missing tool is reported as a clear message, never a crash at import time.
 */
import { ApiError } from '../../shared/contract/errors.js';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, sep } from 'node:path';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

export class MediaToolsMissingError extends Error {
  constructor(readonly tool: 'ffmpeg' | 'ffprobe') {
    super(
      `${tool} was not found. Install ffmpeg (e.g. 'apt-get install ffmpeg' or 'brew install ffmpeg'), ` +
        `or set ${tool === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH'} to the ${tool} binary.`,
    );
    this.name = 'MediaToolsMissingError';
  }
}

// Not named `require`: electron-vite's ESM shim declares its own in the bundle.
const requireOptional = createRequire(import.meta.url);
const exe = process.platform === 'win32' ? '.exe' : '';

function isExecutable(path: string | undefined | null): path is string {
  if (!path) return false;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fromPackage(load: () => string | null | undefined): string | undefined {
  try {
    // In the packaged app the binaries are unpacked beside the asar archive (see electron-builder.yml).
    const path = load()?.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
    return isExecutable(path) ? path : undefined;
  } catch {
    return undefined; // optional dependency not installed
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name + exe);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function locateFfmpeg(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isExecutable(env.FFMPEG_PATH)) return env.FFMPEG_PATH;
  return fromPackage(() => requireOptional('ffmpeg-static') as string | null) ?? onPath('ffmpeg', env);
}

export function locateFfprobe(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isExecutable(env.FFPROBE_PATH)) return env.FFPROBE_PATH;
  // The ffprobe beside the ffmpeg we use belongs to the same build: prefer it to any other.
  const ffmpeg = locateFfmpeg(env);
  const sibling = ffmpeg ? join(dirname(ffmpeg), 'ffprobe' + exe) : undefined;
  if (isExecutable(sibling)) return sibling;
  return (
    fromPackage(() => (requireOptional('@ffprobe-installer/ffprobe') as { path: string }).path) ??
    onPath('ffprobe', env)
  );
}

/** Both tools, or a MediaToolsMissingError naming the one that is missing. */
export function locateMediaTools(env: NodeJS.ProcessEnv = process.env): MediaTools {
  const ffmpeg = locateFfmpeg(env);
  if (!ffmpeg) throw new MediaToolsMissingError('ffmpeg');
  const ffprobe = locateFfprobe(env);
  if (!ffprobe) throw new MediaToolsMissingError('ffprobe');
  return { ffmpeg, ffprobe };
}

/** The located tools, or a 503 naming what is missing: browsing works without ffmpeg, importing and analysis do not. */
export function requireMediaTools(tools: MediaTools | null): MediaTools {
  if (tools) return tools;
  throw new ApiError(503, new MediaToolsMissingError('ffmpeg').message);
}
