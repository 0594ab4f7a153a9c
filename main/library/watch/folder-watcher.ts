/**
 * Watches folders (by default the OS's Zoom folder) and hands each new meeting to the importer once its files are
 * complete: no `.zoom`/`.tmp` left from Zoom's conversion, no browser partial download, and names, sizes and
 * modification times unchanged across `stableMs`.
 *
 * - A sub-folder of a watched folder is one meeting unit (Zoom local recordings); `onReady` gets all its files.
 * - Loose files in a watched folder are grouped with the platform recognisers once all of them have settled
 *   (a Zoom cloud video and its transcript are one meeting), and `onReady` is called per meeting.
 * - Dedupe: the key `unit path # fingerprint(files)` goes into the injected store after `onReady` succeeds, so a
 *   restart (which sees every existing file again) imports nothing twice, while a failed import is retried.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { groupIntoMeetings, type GroupingOptions } from '../importers/group-meetings.js';
import { listFolderRecursive } from '../importers/list-folder.js';
import type { RefusedFile } from '../importers/types.js';
import {
  fingerprint,
  isInProgressMarker,
  sameSnapshots,
  snapshotFiles,
  unitOf,
  type FileSnapshot,
} from './watch-units.js';

export interface SeenStore {
  has(key: string): boolean;
  add(key: string): void;
}

export interface FolderWatcherOptions {
  folders: readonly string[];
  onReady: (paths: string[]) => void | Promise<void>;
  store: SeenStore;
  /** How long files must stay unchanged before a unit is handed over; default 5 s. */
  stableMs?: number;
  onError?: (error: Error) => void;
  /** Loose files that belong to no meeting (a PDF dropped in the folder). Each is reported once per change. */
  onRefused?: (refused: RefusedFile[]) => void;
  grouping?: GroupingOptions;
  /** How often every root is swept again in case an event was missed; default 60 s. */
  rescanMs?: number;
  /** Polling instead of native events (network drives). */
  usePolling?: boolean;
}

interface UnitState {
  root: string;
  path: string;
  isFolder: boolean;
  timer: NodeJS.Timeout | null;
  last: FileSnapshot[] | null;
  settled: boolean;
  checking: boolean;
}

export class FolderWatcher {
  readonly #options: FolderWatcherOptions;
  readonly #stableMs: number;
  readonly #units = new Map<string, UnitState>();
  readonly #inFlight = new Set<string>();
  readonly #reportedRefused = new Set<string>();
  #watcher: FSWatcher | null = null;
  #closed = false;
  #rescan: NodeJS.Timeout | undefined;

  constructor(options: FolderWatcherOptions) {
    this.#options = options;
    this.#stableMs = options.stableMs ?? 5000;
  }

  /** Starts watching; resolves once the initial scan is done (existing files are then checked like new ones). */
  async start(): Promise<void> {
    if (this.#watcher) return;
    const roots = [...this.#options.folders];
    const watcher = watch(roots, {
      ignoreInitial: false,
      usePolling: this.#options.usePolling ?? false,
      interval: 500,
      ignored: (path: string) => basename(path).startsWith('.') && !roots.includes(path),
    });
    this.#watcher = watcher;
    const onPath = (path: string): void => this.#touched(path);
    watcher.on('add', onPath).on('change', onPath).on('unlink', onPath).on('addDir', onPath).on('unlinkDir', onPath);
    watcher.on('error', (error) => this.#options.onError?.(error instanceof Error ? error : new Error(String(error))));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    // chokidar reads a folder before it starts watching it: anything created in between gets no event. One sweep
    // after 'ready', and a slow periodic one, make sure nothing waits forever for an event that never comes.
    await this.#sweep(roots);
    this.#rescan = setInterval(() => void this.#sweep(roots), this.#options.rescanMs ?? 60_000);
    this.#rescan.unref();
  }

  async #sweep(roots: readonly string[]): Promise<void> {
    for (const root of roots) {
      for (const name of await readdir(root).catch(() => [] as string[])) {
        if (this.#closed) return;
        if (!name.startsWith('.')) this.#touched(join(root, name));
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#rescan);
    this.#closed = true;
    for (const unit of this.#units.values()) if (unit.timer) clearTimeout(unit.timer);
    await this.#watcher?.close();
    this.#watcher = null;
  }

  #touched(path: string): void {
    if (this.#closed) return;
    for (const root of this.#options.folders) {
      const unitPath = unitOf(root, path);
      if (!unitPath) continue;
      let unit = this.#units.get(unitPath);
      if (!unit) {
        unit = {
          root,
          path: unitPath,
          isFolder: path !== unitPath,
          timer: null,
          last: null,
          settled: false,
          checking: false,
        };
        this.#units.set(unitPath, unit);
      }
      unit.settled = false;
      this.#schedule(unit);
      return;
    }
  }

  #schedule(unit: UnitState): void {
    if (this.#closed) return;
    if (unit.timer) clearTimeout(unit.timer);
    unit.timer = setTimeout(() => {
      unit.timer = null;
      void this.#check(unit).catch((error: unknown) =>
        this.#options.onError?.(error instanceof Error ? error : new Error(String(error))),
      );
    }, this.#stableMs);
  }

  async #check(unit: UnitState): Promise<void> {
    if (this.#closed) return;
    if (unit.checking) return this.#schedule(unit);
    unit.checking = true;
    try {
      const kind = await stat(unit.path).then(
        (s) => (s.isDirectory() ? 'folder' : 'file'),
        () => null,
      );
      if (kind === null) {
        this.#units.delete(unit.path);
        if (!unit.isFolder) await this.#flushLoose(unit.root);
        return;
      }
      unit.isFolder = kind === 'folder';
      const files = unit.isFolder ? await listFolderRecursive(unit.path) : [unit.path];
      if (files.length === 0 || files.some(isInProgressMarker)) {
        // Empty, or Zoom / a browser is not done: wait for the next file event (conversion and downloads end with
        // one) instead of polling, and start the stability wait over from there.
        unit.last = null;
        return;
      }
      const snapshots = await snapshotFiles(files);
      if (!sameSnapshots(unit.last, snapshots)) {
        unit.last = snapshots;
        return this.#schedule(unit);
      }
      unit.settled = true;
      if (unit.isFolder) await this.#hand(`${unit.path}#${fingerprint(snapshots, unit.path)}`, files);
      else await this.#flushLoose(unit.root);
    } finally {
      unit.checking = false;
    }
  }

  /** Groups the settled loose files of a root into meetings once none of them is still changing. */
  async #flushLoose(root: string): Promise<void> {
    const loose = [...this.#units.values()].filter((u) => u.root === root && !u.isFolder);
    if (loose.some((u) => !u.settled)) return; // the last one to settle flushes
    const snapshots = loose.flatMap((u) => u.last ?? []);
    const { meetings, refused } = await groupIntoMeetings(
      snapshots.map((s) => s.path),
      this.#options.grouping,
    );
    for (const meeting of meetings) {
      const paths = meeting.files.map((f) => f.path);
      const own = snapshots.filter((s) => paths.includes(s.path));
      await this.#hand(`${root}#${meeting.meetingKey}#${fingerprint(own, root)}`, paths);
    }
    const fresh = refused.filter((r) => {
      const snap = snapshots.find((s) => s.path === r.path);
      const key = `${r.path}#${snap?.size}#${snap?.mtimeMs}`;
      if (this.#reportedRefused.has(key)) return false;
      this.#reportedRefused.add(key);
      return true;
    });
    if (fresh.length > 0) this.#options.onRefused?.(fresh);
  }

  async #hand(key: string, paths: string[]): Promise<void> {
    const { store } = this.#options;
    if (this.#closed || store.has(key) || this.#inFlight.has(key)) return;
    this.#inFlight.add(key);
    try {
      await this.#options.onReady([...paths].sort());
      store.add(key);
    } catch (error) {
      this.#options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.#inFlight.delete(key);
    }
  }
}
