/**
 * main/index.ts end to end under plain Node with a fake Electron: a seeded library opens, the window gets the secure
 * options and our app:// page, every catalogue channel answers through the sender check with HTTP's bodies, events
 * reach the window, and quitting closes the services. The real window is covered by tests/electron/ where a binary
 * exists.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract, EVENTS_CHANNEL, listOperations } from '../../../shared/contract/index.js';
import { fake, FakeBrowserWindow, FakeUtilityProcess, type FakeFrame } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).fakeElectron);

const root = join(import.meta.dirname, '../../..');
let dataDir: string;
let win: FakeBrowserWindow;

const ourFrame = () => win.webContents.mainFrame;
const call = (channel: string, input?: unknown, frame: FakeFrame = ourFrame()) => {
  const handler = fake.ipc.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler({ sender: win.webContents, senderFrame: frame }, input);
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'filmroom-main-'));
  execFileSync(process.execPath, ['bin/filmroom.js', 'seed', '--sessions', '12', '--data-dir', dataDir], { cwd: root });
  vi.stubEnv('FILMROOM_DATA_DIR', dataDir);
  vi.stubEnv('FILMROOM_PORT', '0');
  vi.stubEnv('FILMROOM_LOG_LEVEL', 'silent');
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  await import('../../../main/index.js');
  // Startup failures end in an error box instead of a window: stop waiting at the first of the two.
  for (let waited = 0; !FakeBrowserWindow.all[0] && fake.errorBoxes.length === 0 && waited < 20_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (fake.errorBoxes.length) throw new Error(`startup failed: ${JSON.stringify(fake.errorBoxes)}`);
  win = FakeBrowserWindow.all[0] as FakeBrowserWindow;
}, 60_000);

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Electron main process wiring', () => {
  it('keeps the profile beside an explicit library and enables the sandbox before ready', () => {
    expect(fake.paths.get('userData')).toBe(join(dataDir, 'electron-profile'));
    expect(fake.sandboxEnabled).toBe(true);
    expect(fake.schemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });

  it('opens one secure window on app://filmroom', () => {
    expect(FakeBrowserWindow.all).toHaveLength(1);
    expect(win.url).toBe('app://filmroom/index.html');
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(win.options.webPreferences?.preload)).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('serves our page with the CSP header and nothing outside the renderer folder', async () => {
    const serve = fake.protocols.get('app');
    if (!serve) throw new Error('app:// not registered');
    const page = await serve(new Request('app://filmroom/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await serve(new Request('app://filmroom/%2e%2e/package.json'))).status).toBe(404);
    // Reads under /api/ reach the local API (signed media URLs are root-relative); writes do not.
    const health = await serve(new Request('app://filmroom/api/v1/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect((await serve(new Request('app://filmroom/api/v1/sessions/x', { method: 'DELETE' }))).status).toBe(404);
  });

  it('registers exactly the catalogue plus the Import dialog', () => {
    expect([...fake.ipc.keys()].sort()).toEqual(
      [...listOperations(contract).map((e) => e.channel), 'dialog:openRecordings'].sort(),
    );
  });

  it('answers our frame like HTTP and drops foreign frames', async () => {
    expect(await call('system:health', {})).toMatchObject({ status: 'ok', sessions: 12 });
    expect(await call('sessions:list', { limit: 0 })).toMatchObject({ __filmroomError: { code: 400, field: 'limit' } });
    const foreign = { url: 'https://evil.example/', isDestroyed: () => false };
    expect(await call('system:health', {}, foreign)).toEqual({
      __filmroomError: { error: 'This page may not call Filmroom', code: 403 },
    });
    expect(await call('dialog:openRecordings')).toEqual(['/recordings/a.mp4']);
  });

  it('pushes service events to the window', async () => {
    const page = (await call('sessions:list', {})) as { items: { id: string }[] };
    const id = page.items[0]?.id ?? '';
    expect(await call('sessions:remove', { id })).toBeNull();
    expect(win.sent).toContainEqual([EVENTS_CHANNEL, expect.objectContaining({ type: 'session.deleted', id })]);
    expect(await call('sessions:get', { id })).toMatchObject({ __filmroomError: { code: 404 } });
  });

  it('denies permissions, new windows and foreign navigation', async () => {
    const granted = await new Promise((resolve) => fake.permissionRequest?.(null, 'media', resolve));
    expect(granted).toBe(false);
    expect(win.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const navigation = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    const willNavigate = win.contentsEvents.listeners.get('will-navigate')?.[0] as
      ((e: typeof navigation, url: string) => void) | undefined;
    willNavigate?.(navigation, 'file:///etc/passwd');
    expect(navigation.prevented).toBe(true);
  });

  it('starts the analysis worker as a utility process with the bundled worker entry', () => {
    expect(FakeUtilityProcess.all).toHaveLength(1);
    const worker = FakeUtilityProcess.all[0]!;
    expect(worker.script).toBe(join(root, 'main', 'analysis-worker.js')); // out/main/analysis-worker.js when built
    expect(worker.options.serviceName).toBe('Filmroom analysis');
    expect(worker.killed).toBe(false);
  });

  it('writes api.json and closes the services before quitting', async () => {
    const info = JSON.parse(readFileSync(join(dataDir, 'api.json'), 'utf8')) as { url: string };
    expect((await fetch(`${info.url}/api/v1/health`)).ok).toBe(true);
    const quit = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    const willQuit = fake.app.listeners.get('will-quit')?.[0] as ((e: typeof quit) => void) | undefined;
    willQuit?.(quit);
    expect(quit.prevented).toBe(true);
    await vi.waitFor(() => expect(fake.quitCalls).toBeGreaterThan(0), { timeout: 10_000 });
    await expect(fetch(`${info.url}/api/v1/health`)).rejects.toThrow();
    expect(FakeUtilityProcess.all[0]?.killed).toBe(true);
  });
});
