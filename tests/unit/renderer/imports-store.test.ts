import { describe, expect, it } from 'vitest';
import type { FilmroomEvent } from '../../../shared/contract/index.js';
import { createImportsStore, importPercent } from '../../../renderer/stores/imports-store.js';
import { fakeSession } from './fake-session.js';

const progress = (id: string, done: number, total: number | null): FilmroomEvent => ({
  type: 'import.progress',
  import_id: id,
  source: `/recordings/${id}.mp4`,
  bytes_done: done,
  bytes_total: total,
  coach_id: 'default',
});

describe('imports store', () => {
  it('tracks import.progress by session id and finishes at the last byte', () => {
    const store = createImportsStore(-1);
    store.getState().applyEvent(progress('s1', 10, 100));
    expect(store.getState().items).toEqual([
      { id: 's1', label: 's1.mp4', bytesDone: 10, bytesTotal: 100, state: 'running' },
    ]);
    store.getState().applyEvent(progress('s1', 100, 100));
    expect(store.getState().items[0]?.state).toBe('done');
    // A late event does not reopen it.
    store.getState().applyEvent(progress('s1', 50, 100));
    expect(store.getState().items[0]?.bytesDone).toBe(100);
  });

  it('follows URL imports through the session status', () => {
    const store = createImportsStore(-1);
    const importing = fakeSession({ id: 's2', title: 'Download', status: 'importing' });
    store.getState().applyEvent({ type: 'session.created', session: importing });
    store.getState().applyEvent(progress('s2', 5, null));
    expect(store.getState().items[0]).toMatchObject({ label: 'Download', bytesDone: 5, state: 'running' });
    store.getState().applyEvent({
      type: 'session.changed',
      session: { ...importing, status: 'failed', status_detail: 'HTTP 404' },
    });
    expect(store.getState().items[0]).toMatchObject({ state: 'failed', detail: 'HTTP 404' });
  });

  it('removes finished imports after the linger time', async () => {
    const store = createImportsStore(5);
    store.getState().upsert('u1', { label: 'Uploading a.mp4', bytesTotal: 10 });
    store.getState().finish('u1', 'done');
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getState().items).toEqual([]);
  });

  it('computes a percentage only when the size is known', () => {
    expect(importPercent({ bytesDone: 25, bytesTotal: 100 })).toBe(25);
    expect(importPercent({ bytesDone: 25, bytesTotal: null })).toBeNull();
    expect(importPercent({ bytesDone: 200, bytesTotal: 100 })).toBe(100);
  });
});
