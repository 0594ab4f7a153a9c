import { describe, expect, it, vi } from 'vitest';
import { contract, EVENTS_CHANNEL, listOperations, type FilmroomEvent } from '../../../shared/contract/index.js';
import {
  BRIDGE_KEYS,
  DIALOG_OPEN_RECORDINGS,
  isIpcErrorEnvelope,
  type FilmroomBridge,
} from '../../../shared/contract/bridge.js';
import { CATALOGUE_CHANNELS, isCatalogueChannel } from '../../../preload/bridge-channels.js';
import { installMainWorldApi, type RawBridge } from '../../../preload/main-world-api.js';

function fakeRaw() {
  const listeners = new Set<(e: FilmroomEvent) => void>();
  const raw: RawBridge = {
    invoke: vi.fn(async () => 'result'),
    on: vi.fn((_name, listener: (e: FilmroomEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    pickRecordings: vi.fn(async () => ['/tmp/a.mp4']),
    pathForFile: vi.fn(() => '/tmp/dropped.mp4'),
  };
  const emit = (e: FilmroomEvent) => listeners.forEach((l) => l(e));
  return { raw, listeners, emit };
}

const deleted: FilmroomEvent = { type: 'session.deleted', id: 's1', coach_id: 'c1' };

function install(raw: RawBridge): FilmroomBridge {
  const target: { api?: FilmroomBridge } = {};
  installMainWorldApi(raw, 'linux', target);
  if (!target.api) throw new Error('not installed');
  return target.api;
}

describe('preload channel allow-list', () => {
  it('is exactly the catalogue', () => {
    expect([...CATALOGUE_CHANNELS].sort()).toEqual(
      listOperations(contract)
        .map((e) => e.channel)
        .sort(),
    );
    expect(isCatalogueChannel('sessions:list')).toBe(true);
  });

  it('refuses everything else, including the push channel and the desktop-only dialog', () => {
    for (const channel of [
      EVENTS_CHANNEL,
      DIALOG_OPEN_RECORDINGS,
      'sessions:nope',
      '',
      'constructor',
      '__proto__',
      42,
      null,
    ]) {
      expect(isCatalogueChannel(channel), String(channel)).toBe(false);
    }
  });
});

describe('window.api as installed in the main world', () => {
  it('has exactly the documented keys, frozen and not replaceable', () => {
    const target: { api?: FilmroomBridge } = {};
    installMainWorldApi(fakeRaw().raw, 'darwin', target);
    expect(Object.keys(target.api ?? {}).sort()).toEqual([...BRIDGE_KEYS].sort());
    expect(Object.isFrozen(target.api)).toBe(true);
    expect(target.api?.platform).toBe('darwin');
    expect(() => {
      (target as Record<string, unknown>).api = {};
    }).toThrow();
  });

  it('forwards invoke and pickRecordings', async () => {
    const { raw } = fakeRaw();
    const api = install(raw);
    expect(await api.invoke('sessions:list', { q: 'x' })).toBe('result');
    expect(raw.invoke).toHaveBeenCalledWith('sessions:list', { q: 'x' });
    expect(await api.pickRecordings()).toEqual(['/tmp/a.mp4']);
  });

  it('removes a listener when its AbortSignal aborts', () => {
    const { raw, listeners, emit } = fakeRaw();
    const api = install(raw);
    const seen: FilmroomEvent[] = [];
    const controller = new AbortController();
    api.on('event', (e) => seen.push(e), { signal: controller.signal });
    emit(deleted);
    controller.abort();
    emit(deleted);
    expect(seen).toHaveLength(1);
    expect(listeners.size).toBe(0);
  });

  it('adds nothing for an already-aborted signal, and the returned function also removes', () => {
    const { raw, listeners } = fakeRaw();
    const api = install(raw);
    api.on('event', () => {}, { signal: AbortSignal.abort() });
    expect(raw.on).not.toHaveBeenCalled();
    const off = api.on('event', () => {});
    expect(listeners.size).toBe(1);
    off();
    off();
    expect(listeners.size).toBe(0);
  });

  it('survives serialization: Electron runs it from its source text in another world', () => {
    // executeInMainWorld ships Function.prototype.toString() of the function; it must not rely on closures/imports.
    const rebuilt = new Function(`return (${installMainWorldApi.toString()})`)() as typeof installMainWorldApi;
    const { raw, emit } = fakeRaw();
    const target: { api?: FilmroomBridge } = {};
    rebuilt(raw, 'win32', target);
    const seen: FilmroomEvent[] = [];
    const controller = new AbortController();
    target.api?.on('event', (e) => seen.push(e), { signal: controller.signal });
    controller.abort();
    emit(deleted);
    expect(seen).toEqual([]);
    expect(Object.keys(target.api ?? {}).sort()).toEqual([...BRIDGE_KEYS].sort());
  });
});

describe('IPC error envelope', () => {
  it('recognises only well-formed envelopes', () => {
    expect(isIpcErrorEnvelope({ __filmroomError: { error: 'x', code: 400 } })).toBe(true);
    expect(isIpcErrorEnvelope({ __filmroomError: 'x' })).toBe(false);
    expect(isIpcErrorEnvelope({ items: [] })).toBe(false);
    expect(isIpcErrorEnvelope(null)).toBe(false);
  });
});
