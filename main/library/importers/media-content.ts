/**
 * Recognising recordings by content, not by extension alone (review round 2, item 5): `.ts` is both an MPEG
 * transport stream and a TypeScript source file, and an import of a source tree took 1,157 TypeScript files for
 * video. An MPEG-TS stream is 188-byte packets each starting with the sync byte 0x47 (M2TS/MTS: 192-byte packets
 * with a 4-byte timestamp first); a file whose first packets lack it is not one.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';

const TRANSPORT_STREAM_EXTENSIONS = new Set(['.ts', '.mts', '.m2ts']);
const SYNC = 0x47;
/** Packets checked at the start of the file (fewer when the file is shorter, at least one). */
const PACKETS = 4;

/** True when the bytes start like an MPEG transport stream (188-byte packets, or 192-byte M2TS packets). */
export function looksLikeTransportStream(head: Uint8Array): boolean {
  for (const [size, offset] of [
    [188, 0],
    [192, 4],
  ] as const) {
    const packets = Math.min(PACKETS, Math.floor((head.length - offset) / size));
    if (packets < 1) continue;
    let ok = true;
    for (let i = 0; i < packets && ok; i += 1) ok = head[offset + i * size] === SYNC;
    if (ok) return true;
  }
  return false;
}

/** Why a file named like a recording is not one (by its first bytes), or null when its content fits its name. */
export async function contentMismatch(path: string): Promise<string | null> {
  if (!TRANSPORT_STREAM_EXTENSIONS.has(extname(path).toLowerCase())) return null;
  let handle;
  try {
    handle = await open(path, 'r');
    const head = new Uint8Array(PACKETS * 192 + 4);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (looksLikeTransportStream(head.subarray(0, bytesRead))) return null;
    return 'not an MPEG-TS video (no transport stream sync bytes): a source file or other text named .ts?';
  } catch {
    return null; // unreadable here: the import's own read reports it
  } finally {
    await handle?.close();
  }
}

/** Splits paths into those whose content may be a recording and those refused, with the reason. */
export async function screenByContent(
  paths: string[],
): Promise<{ kept: string[]; refused: { path: string; reason: string }[] }> {
  const kept: string[] = [];
  const refused: { path: string; reason: string }[] = [];
  for (const path of paths) {
    const reason = await contentMismatch(path);
    if (reason) refused.push({ path, reason });
    else kept.push(path);
  }
  return { kept, refused };
}
