// placeholder until the importers work lands: see report
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function copyIntoLibrary(src: string, dest: string, opts: { onProgress?: (b: number) => void } = {}) {
  const part = dest + '.part';
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _e, done) {
      hash.update(chunk);
      size += chunk.length;
      opts.onProgress?.(size);
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(src, { highWaterMark: 1 << 20 }), tap, createWriteStream(part, { flush: true }));
    await rename(part, dest);
  } catch (e) {
    await rm(part, { force: true });
    throw e;
  }
  return { sha256: hash.digest('hex'), size };
}

export async function hashFile(path: string, opts: { onProgress?: (b: number) => void } = {}) {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
    opts.onProgress?.(size);
  }
  return { sha256: hash.digest('hex'), size };
}
