/**
 * The recording date a container states itself: the `creation_time` tag cameras, phones, OBS and most encoders
 * write (ffprobe reads it from the format or a stream). A loose file's modification time is only when it was last
 * copied — an upload's is the upload — so a plausible tag wins over it.
 */
import { execFile } from 'node:child_process';

/** Earliest date taken as real: encoders write 1904-01-01 (QuickTime's epoch) or 1970-01-01 when they know none. */
const EARLIEST = Date.UTC(1990, 0, 1);
/** A clock set a little ahead is tolerated; a date further in the future than this is not believed. */
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

/** The tag as an ISO-8601 UTC instant (whole seconds), or null when it is absent, unparsable or implausible. */
export function plausibleCreationTime(tag: unknown, nowMs: number): string | null {
  if (typeof tag !== 'string' || tag.trim() === '') return null;
  const text = tag.trim();
  // ISO dates without a zone are UTC in ffprobe's output (it prints what the container holds, which is UTC).
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > nowMs + FUTURE_SLACK_MS) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

interface TagsJson {
  format?: { tags?: Record<string, unknown> };
  streams?: { tags?: Record<string, unknown> }[];
}

/** The first `creation_time` of the format, else of a stream (tag names are matched case-insensitively). */
export function creationTag(json: TagsJson): unknown {
  const find = (tags: Record<string, unknown> | undefined) =>
    tags ? Object.entries(tags).find(([k]) => k.toLowerCase() === 'creation_time')?.[1] : undefined;
  return find(json.format?.tags) ?? (json.streams ?? []).map((s) => find(s.tags)).find((v) => v !== undefined);
}

/** Reads the tag with ffprobe; any failure (not media, ffprobe gone) is "no date here", never an error. */
export function probeCreationTime(ffprobe: string, path: string, nowMs = Date.now()): Promise<string | null> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_entries', 'format_tags:stream_tags', '--', path];
  return new Promise((resolve) => {
    execFile(ffprobe, args, { maxBuffer: 4 * 1024 * 1024, timeout: 30_000 }, (error, stdout) => {
      if (error) return resolve(null);
      try {
        resolve(plausibleCreationTime(creationTag(JSON.parse(stdout) as TagsJson), nowMs));
      } catch {
        resolve(null);
      }
    });
  });
}
