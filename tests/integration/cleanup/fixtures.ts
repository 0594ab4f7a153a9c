/**
 * Library fixtures for the cleanup tests (not a test file): sessions with real files written into the library and
 * rows inserted through the repository, stray files aged with utimes, and a full listing of a folder tree (path,
 * kind, size, mtime) to compare before and after.
 */
import { lstatSync, mkdirSync, readdirSync, readlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { FilmroomApp } from '../../../main/composition/index.js';
import type { SessionRow } from '../../../main/library/sessions/session-row.js';

let counter = 0;

export function sessionId(): string {
  counter += 1;
  return `ses_cln${String(counter).padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`;
}

/** Writes `content` at library-relative `rel` and sets its mtime `ageMs` before `nowMs`. */
export function writeAged(libraryDir: string, rel: string, content: string, nowMs: number, ageMs: number): string {
  const absolute = join(libraryDir, rel);
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, content);
  age(absolute, nowMs, ageMs);
  return absolute;
}

export function age(absolute: string, nowMs: number, ageMs: number): void {
  const t = new Date(nowMs - ageMs);
  utimesSync(absolute, t, t);
}

export interface SessionSpec {
  status?: SessionRow['status'];
  createdAt?: string;
  coachId?: string;
  title?: string;
  files?: { name: string; content: string }[];
}

/** A session whose files exist in `<library>/<id>/` and are referenced by its rows (files aged like the session). */
export function addSession(app: FilmroomApp, nowMs: number, spec: SessionSpec = {}): { id: string; paths: string[] } {
  const id = sessionId();
  const created = spec.createdAt ?? new Date(nowMs - 30 * 86_400_000).toISOString();
  const files = spec.files ?? [{ name: 'recording.mp4', content: `video of ${id}` }];
  const paths = files.map((f) => join(id, f.name));
  files.forEach((f, i) =>
    writeAged(app.paths.libraryDir, paths[i]!, f.content, nowMs, nowMs - Date.parse(created) + 60_000),
  );
  age(join(app.paths.libraryDir, id), nowMs, nowMs - Date.parse(created) + 60_000);
  app.services.sessions.insert(
    {
      id,
      title: spec.title ?? `Session ${id}`,
      status: spec.status ?? 'ready',
      platform: 'local',
      coach_id: spec.coachId ?? 'default',
      client: '',
      recorded_at: created,
      created_at: created,
      size: files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0),
    },
    [],
    files.map((f, i) => ({
      kind: i === 0 ? 'recording' : 'other',
      name: f.name,
      path: paths[i]!,
      managed: true,
      size: Buffer.byteLength(f.content),
    })),
  );
  return { id, paths };
}

export interface ListingEntry {
  path: string;
  kind: 'file' | 'dir' | 'link';
  size: number;
  mtimeMs: number;
  target?: string;
}

/** Every entry under `root` (links not followed), sorted: the "full listing" a dry run must leave unchanged. */
export function listing(root: string): ListingEntry[] {
  const out: ListingEntry[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const absolute = join(dir, name);
      const s = lstatSync(absolute);
      const path = relative(root, absolute);
      if (s.isSymbolicLink())
        out.push({ path, kind: 'link', size: 0, mtimeMs: s.mtimeMs, target: readlinkSync(absolute) });
      else if (s.isDirectory()) {
        out.push({ path, kind: 'dir', size: 0, mtimeMs: s.mtimeMs });
        walk(absolute);
      } else out.push({ path, kind: 'file', size: s.size, mtimeMs: s.mtimeMs });
    }
  };
  walk(root);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Files in the library no row references, and rows of managed files that point at nothing: both must be empty. */
export function orphansBothWays(
  db: FilmroomApp['db'],
  libraryDir: string,
): { filesWithoutRow: string[]; rowsWithoutFile: string[] } {
  const rows = db.prepare('SELECT path FROM session_files WHERE managed = 1').pluck().all() as string[];
  const referenced = new Set(rows);
  const files = listing(libraryDir).filter((e) => e.kind !== 'dir');
  const present = new Set(files.map((f) => f.path));
  return {
    filesWithoutRow: files.map((f) => f.path).filter((p) => !referenced.has(p)),
    rowsWithoutFile: rows.filter((p) => !present.has(p)),
  };
}
