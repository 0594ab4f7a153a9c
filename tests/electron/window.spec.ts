/**
 * The desktop window end to end: the built app launched by Playwright on a seeded temporary library. Runs where an
 * Electron binary and an Electron build of better-sqlite3 exist; elsewhere it is reported as skipped with the reason.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromiumSandboxArgs,
  findDisplay,
  findElectronBinary,
  findSqliteBinding,
  repoRoot,
} from './electron-runtime.js';

/** What page.evaluate sees; the test tsconfig has no DOM lib, so the page globals are typed here. */
interface PageGlobals {
  api: { invoke(channel: string, input: unknown): Promise<unknown> } & Record<string, unknown>;
  require?: unknown;
  process?: unknown;
  location: { href: string };
  open(url: string, target: string): unknown;
}

test('Electron window: secure, bridged, showing the session list', async () => {
  const binary = findElectronBinary();
  const binding = findSqliteBinding();
  const display = findDisplay();
  const missing = [binary, binding, display].flatMap((f) => (f.ok ? [] : [f.reason]));
  if (missing.length > 0) console.log(`SKIPPED: ${missing.join('; ')}`);
  test.skip(missing.length > 0, missing.join('; '));
  if (!binary.ok || !binding.ok) return;

  const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
  node([join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
  const dataDir = mkdtempSync(join(tmpdir(), 'filmroom-electron-'));
  node(['bin/filmroom.js', 'seed', '--sessions', '40', '--data-dir', dataDir]);
  const listed = JSON.parse(node(['bin/filmroom.js', 'list', '--json', '--data-dir', dataDir])) as {
    items: { title: string }[];
  };
  const firstTitle = listed.items[0]?.title ?? '';

  const { ELECTRON_RENDERER_URL: _devServer, ...env } = process.env; // always the built renderer, as users get it
  const app = await electron.launch({
    executablePath: binary.path,
    args: [...chromiumSandboxArgs(), repoRoot],
    cwd: repoRoot,
    env: {
      ...env,
      FILMROOM_DATA_DIR: dataDir,
      FILMROOM_SQLITE_BINDING: binding.path,
      FILMROOM_PORT: '0',
      FILMROOM_LOG_LEVEL: 'warn',
    },
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe('app://filmroom/index.html');
    await expect(page).toHaveTitle(/Filmroom/);

    // Our pages are served with the CSP header.
    const csp = await page.evaluate(async () => {
      const response = await fetch((globalThis as unknown as PageGlobals).location.href);
      return response.headers.get('content-security-policy');
    });
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');

    // No Node in the page; the bridge has exactly its documented keys.
    expect(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).api).sort())).toEqual([
      'invoke',
      'on',
      'pathForFile',
      'pickRecordings',
      'platform',
    ]);

    // The catalogue over IPC: a result, the HTTP-identical 400 body, and refusal of channels outside the catalogue.
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).api.invoke('system:health', {})),
    ).toMatchObject({
      status: 'ok',
      sessions: 40,
    });
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).api.invoke('sessions:list', { limit: 0 })),
    ).toMatchObject({
      __filmroomError: { code: 400, field: 'limit' },
    });
    const refused = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).api.invoke('events:push', {}).then(
        () => 'answered',
        (e: unknown) => String(e),
      ),
    );
    expect(refused).toMatch(/Unknown channel/);

    // The session list renders the seeded library.
    expect(firstTitle).not.toBe('');
    await expect(page.getByText(firstTitle).first()).toBeVisible({ timeout: 20_000 });

    // New windows are denied and foreign navigation is blocked.
    await page.evaluate(() => void (globalThis as unknown as PageGlobals).open('https://example.com/', '_blank'));
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'file:///etc/passwd';
    });
    await page.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe('app://filmroom/index.html');
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
