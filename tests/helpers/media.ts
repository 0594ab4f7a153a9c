/**
 * Tiny media fixtures generated at test time with the real ffmpeg (lavfi sources), so nothing binary is committed.
 * Every file gets a random comment tag: two calls never produce the same bytes (the library de-duplicates by sha256).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateMediaTools } from '../../main/platform/ffmpeg-locate.js';

// The same lookup as the app (FFMPEG_PATH, ffmpeg-static, PATH), so the tests run on a machine without Debian's ffmpeg.
export const { ffmpeg: FFMPEG, ffprobe: FFPROBE } = locateMediaTools();

function ffmpeg(args: string[]): void {
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A small mp4: testsrc2 video + sine audio, `seconds` long; `creationTime` sets the container's creation_time tag. */
export function makeVideo(
  dir: string,
  name = `clip-${randomUUID().slice(0, 8)}.mp4`,
  seconds = 1,
  { creationTime }: { creationTime?: string } = {},
): string {
  const out = join(dir, name);
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=160x120:rate=10:duration=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=16000:duration=${seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '32k',
    '-shortest',
    '-movflags',
    '+faststart',
    '-metadata',
    `comment=${randomUUID()}`,
    ...(creationTime ? ['-metadata', `creation_time=${creationTime}`] : []),
    out,
  ]);
  return out;
}

/** An audio-only m4a of silence or a tone. */
export function makeAudio(
  dir: string,
  name = `audio-${randomUUID().slice(0, 8)}.m4a`,
  seconds = 1,
  silent = false,
): string {
  const out = join(dir, name);
  const src = silent ? `anullsrc=r=16000:cl=mono` : `sine=frequency=330:sample_rate=16000`;
  ffmpeg([
    '-f',
    'lavfi',
    '-t',
    String(seconds),
    '-i',
    src,
    '-c:a',
    'aac',
    '-b:a',
    '32k',
    '-metadata',
    `comment=${randomUUID()}`,
    out,
  ]);
  return out;
}

/**
 * The start of an MP4 whose recorder stopped before writing its index: an `ftyp` box, then an `mdat` box of zeros
 * with a random tail (unique per call, so two are never duplicates). ffprobe always answers "moov atom not found"
 * (300 of 300 generated files refused). Zeros with a random tail alone were read as media about 1 time in a few
 * hundred (lrc, MP3 noise: a flaky "generated media is real" in a clean-clone run), plain random bytes 1 in 150.
 */
export function unreadableBytes(bytes = 64 * 1024): Buffer {
  const ftyp = Buffer.from('00000018667479706d703432000000006d70343269736f6d', 'hex');
  const mdat = Buffer.alloc(8);
  mdat.writeUInt32BE(0x7fffffff, 0); // claims far more than the file holds: the box never ends
  mdat.write('mdat', 4);
  const zeros = Buffer.alloc(Math.max(0, bytes - ftyp.length - mdat.length - 16));
  return Buffer.concat([ftyp, mdat, zeros, randomBytes(16)]);
}

export function makeCorrupt(dir: string, name = `corrupt-${randomUUID().slice(0, 8)}.mp4`, bytes = 64 * 1024): string {
  const out = join(dir, name);
  writeFileSync(out, unreadableBytes(bytes));
  return out;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Duration in seconds as ffprobe reports it (the oracle the import must agree with). */
export function probeDuration(path: string): number {
  const out = execFileSync(FFPROBE, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], {
    encoding: 'utf8',
  });
  return Number(out.trim());
}
