import { appendFileSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderWatcher, type SeenStore } from '../../../main/library/watch/folder-watcher.js';
import { fixedOffset } from '../../../main/library/importers/local-time.js';

const STABLE_MS = 150;

class MemoryStore implements SeenStore {
  readonly keys = new Set<string>();
  has(key: string): boolean {
    return this.keys.has(key);
  }
  add(key: string): void {
    this.keys.add(key);
  }
}

const watchers: FolderWatcher[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-watch-'));
  dirs.push(dir);
  return dir;
}

async function startWatcher(root: string, store: SeenStore, onRefused?: (paths: string[]) => void) {
  const ready: string[][] = [];
  const errors: Error[] = [];
  const watcher = new FolderWatcher({
    folders: [root],
    store,
    stableMs: STABLE_MS,
    onReady: (paths) => void ready.push(paths),
    onError: (e) => errors.push(e),
    onRefused: (refused) => onRefused?.(refused.map((r) => r.path)),
    grouping: { toUtc: fixedOffset(0) },
  });
  watchers.push(watcher);
  await watcher.start();
  return { watcher, ready, errors };
}

async function until(condition: () => boolean, timeoutMs = 8000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the watcher');
    await sleep(25);
  }
}

describe('FolderWatcher', () => {
  it('waits for Zoom to convert a meeting folder, then hands over all its files once', async () => {
    const root = tempRoot();
    const { ready, errors } = await startWatcher(root, new MemoryStore());
    const meeting = join(root, '2024-03-05 14.30.12 Weekly coaching 81234567890');
    mkdirSync(join(meeting, 'Audio Record'), { recursive: true });
    writeFileSync(join(meeting, 'double_click_to_convert_01.zoom'), 'x');
    writeFileSync(join(meeting, 'video1.mp4.tmp'), 'partial');
    await sleep(STABLE_MS * 5);
    expect(ready).toEqual([]);

    // Zoom converts: markers go, the real files appear.
    unlinkSync(join(meeting, 'double_click_to_convert_01.zoom'));
    unlinkSync(join(meeting, 'video1.mp4.tmp'));
    writeFileSync(join(meeting, 'video1.mp4'), 'video');
    writeFileSync(join(meeting, 'audio1.m4a'), 'audio');
    writeFileSync(join(meeting, 'Audio Record', 'audioLeePark21.m4a'), 'lee');
    await until(() => ready.length > 0);
    await sleep(STABLE_MS * 5);
    expect(ready).toEqual([
      [join(meeting, 'Audio Record', 'audioLeePark21.m4a'), join(meeting, 'audio1.m4a'), join(meeting, 'video1.mp4')],
    ]);
    expect(errors).toEqual([]);
  });

  it('does not hand over a file that is still growing', async () => {
    const root = tempRoot();
    const { ready } = await startWatcher(root, new MemoryStore());
    const file = join(root, 'Session with Ana.mp4');
    writeFileSync(file, 'start');
    const grower = setInterval(() => appendFileSync(file, 'more data'), STABLE_MS / 3);
    await sleep(STABLE_MS * 6);
    clearInterval(grower);
    expect(ready).toEqual([]);
    await until(() => ready.length === 1);
    expect(ready).toEqual([[file]]);
  });

  it('groups loose cloud downloads of one meeting into one hand-over, reports strays once', async () => {
    const root = tempRoot();
    const strays: string[][] = [];
    const { ready } = await startWatcher(root, new MemoryStore(), (paths) => strays.push(paths));
    const video = join(root, 'GMT20240305-143012_Recording_1920x1080.mp4');
    const vtt = join(root, 'GMT20240305-143012_Recording.transcript.vtt');
    writeFileSync(join(root, 'notes.pdf'), 'pdf');
    writeFileSync(vtt, 'WEBVTT\n');
    writeFileSync(`${video}.crdownload`, 'half');
    await sleep(STABLE_MS * 5);
    expect(ready).toEqual([]); // the browser is still downloading the video
    unlinkSync(`${video}.crdownload`);
    writeFileSync(video, 'whole video');
    await until(() => ready.length === 1);
    await sleep(STABLE_MS * 4);
    expect(ready).toEqual([[vtt, video]]); // sorted paths
    expect(strays).toEqual([[join(root, 'notes.pdf')]]);
  });

  it('imports nothing twice across restarts, because of the store', async () => {
    const root = tempRoot();
    const store = new MemoryStore();
    const meeting = join(root, '2024-03-06 09.00.00 Check-in');
    mkdirSync(meeting);
    writeFileSync(join(meeting, 'zoom_0.mp4'), 'v');
    writeFileSync(join(root, 'Teams sync-20240305_143012UTC-Meeting Recording.mp4'), 't');

    const first = await startWatcher(root, store);
    await until(() => first.ready.length === 2);
    await first.watcher.close();

    const second = await startWatcher(root, store);
    await sleep(STABLE_MS * 6);
    expect(second.ready).toEqual([]);

    // A watcher with an empty store sees the same two meetings: the store is what prevents re-importing.
    const fresh = await startWatcher(root, new MemoryStore());
    await until(() => fresh.ready.length === 2);
  });

  it('retries a meeting whose import failed (the key is stored only after success)', async () => {
    const root = tempRoot();
    const store = new MemoryStore();
    let calls = 0;
    const errors: Error[] = [];
    const watcher = new FolderWatcher({
      folders: [root],
      store,
      stableMs: STABLE_MS,
      onReady: () => {
        calls++;
        throw new Error('disk full');
      },
      onError: (e) => errors.push(e),
    });
    watchers.push(watcher);
    await watcher.start();
    writeFileSync(join(root, 'call.mp4'), 'x');
    await until(() => calls === 1);
    expect(errors.map((e) => e.message)).toEqual(['disk full']);
    expect(store.keys.size).toBe(0);
  });
});
