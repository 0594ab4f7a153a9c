/** The `filmroom` CLI (bin/filmroom.js) as a user runs it: real child processes on a temp data dir. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCorrupt, makeVideo, sha256File } from '../../helpers/media.js';
import { tempDir } from '../../helpers/server.js';

const BIN = fileURLToPath(new URL('../../../bin/filmroom.js', import.meta.url));
const dirs: string[] = [];
const dir = (p?: string) => {
  const d = tempDir(p);
  dirs.push(d);
  return d;
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function filmroom(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, FILMROOM_LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

let dataDir: string;
let media: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dataDir = dir('filmroom-cli-');
  media = dir('filmroom-media-');
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('filmroom serve', () => {
  it('--port 0 prints the URL, writes api.json {url, port, pid}, serves the API, and stops on SIGTERM', async () => {
    const d = dir('filmroom-serve-');
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', d, '--port', '0'], {
      env: { ...process.env, FILMROOM_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout!.on('data', () => {
        const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    const port = Number(new URL(url).port);
    expect(port).toBeGreaterThan(0);

    const info = JSON.parse(readFileSync(join(d, 'api.json'), 'utf8'));
    expect(info).toEqual({ url, port, pid: child.pid });

    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');

    // `filmroom token` against the same data dir prints the token the server accepts
    const admin = await filmroom(['token', '--data-dir', d]);
    expect(admin.code).toBe(0);
    const token = admin.stdout.trim();
    expect(token).toBe(readFileSync(join(d, 'api-token'), 'utf8').trim());
    expect((await fetch(`${url}/api/v1/sessions`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    // `filmroom open` prints the sign-in link of this running server, and the link's token is accepted
    const opened = await filmroom(['open', '--data-dir', d]);
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toContain(`${url}/#token=${token}`);

    // a coach token created by the CLI works on the running server, and is a coach token
    const coach = await filmroom(['token', '--data-dir', d, '--role', 'coach', '--coach-id', 'x']);
    expect(coach.code).toBe(0);
    const coachToken = coach.stdout.trim();
    expect(coachToken).not.toBe(token);
    const list = await fetch(`${url}/api/v1/sessions?coach_id=y`, {
      headers: { authorization: `Bearer ${coachToken}` },
    });
    expect(list.status).toBe(403);
    const own = await fetch(`${url}/api/v1/sessions`, { headers: { authorization: `Bearer ${coachToken}` } });
    expect(own.status).toBe(200);

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
  });

  it('a busy port is a readable error with a non-zero exit', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await filmroom(['serve', '--data-dir', dir(), '--port', String(port)]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`Port ${port} is in use`));
    } finally {
      blocker.close();
    }
  });
});

describe.concurrent('filmroom token', () => {
  it('prints the admin token (the api-token file, created with mode 0600)', async () => {
    const d = dir();
    const r = await filmroom(['token', '--data-dir', d]);
    expect(r.code).toBe(0);
    const file = join(d, 'api-token');
    expect(r.stdout.trim()).toBe(readFileSync(file, 'utf8').trim());
    expect(r.stdout.trim().length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await filmroom(['token', '--data-dir', d])).stdout).toBe(r.stdout); // stable
  });

  it('--role coach without --coach-id is a usage error', async () => {
    const r = await filmroom(['token', '--data-dir', dir(), '--role', 'coach']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--coach-id/);
  });

  it('an unknown role is a usage error', async () => {
    const r = await filmroom(['token', '--data-dir', dir(), '--role', 'root']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--role/);
  });
});

it('filmroom open without a running server says how to start one', async () => {
  const r = await filmroom(['open', '--data-dir', dir('filmroom-open-')]);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/filmroom serve/);
});

describe('filmroom import / list / seed', () => {
  let imported: string;
  let failed: string;

  it('import <file> prints the new session id and copies the file in', async () => {
    const src = makeVideo(media, 'cli_import.mp4');
    const r = await filmroom(['import', src, '--data-dir', dataDir, '--client', 'Sam Patel']);
    expect(r.code, r.stderr).toBe(0);
    const m = /^imported (ses_\w+)$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    imported = m![1]!;
    expect(sha256File(join(dataDir, 'library', imported, 'cli_import.mp4'))).toBe(sha256File(src));
  });

  it('import of a corrupt file reports it as failed, with the reason, and exits non-zero', async () => {
    const r = await filmroom(['import', makeCorrupt(media), '--data-dir', dataDir]);
    const m = /^failed\s+(ses_\w+)$/m.exec(r.stdout);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/could not be read: \S+/);
    expect(r.stderr).not.toContain('no reason given');
    failed = m![1]!;
  });

  it('list --json prints the page of the API (failed hidden by default)', async () => {
    const r = await filmroom(['list', '--data-dir', dataDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const page = JSON.parse(r.stdout);
    expect(page.total).toBe(1);
    expect(page.items.map((s: { id: string }) => s.id)).toEqual([imported]);
    expect(page.items[0].client).toBe('Sam Patel');
    expect(page).toHaveProperty('next_cursor');
  });

  it('list --status failed lists only failed sessions', async () => {
    const r = await filmroom(['list', '--data-dir', dataDir, '--status', 'failed', '--json']);
    expect(r.code).toBe(0);
    const page = JSON.parse(r.stdout);
    expect(page.items.map((s: { id: string }) => s.id)).toEqual([failed]);
    const text = await filmroom(['list', '--data-dir', dataDir, '--status', 'failed']);
    expect(text.stdout).toContain(failed);
    expect(text.stdout).not.toContain(imported);
    expect(text.stdout).toMatch(/1 of 1 sessions/);
  });

  it('import of the same content again fails with a readable 409 message', async () => {
    const src = join(dataDir, 'library', imported, 'cli_import.mp4');
    const r = await filmroom(['import', src, '--data-dir', dataDir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Already in your library/);
  });
});

describe.concurrent('filmroom seed', () => {
  it('seed --sessions 500 fills a library the list then shows', async () => {
    const d = dir('filmroom-seed-');
    const r = await filmroom(['seed', '--sessions', '500', '--data-dir', d]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Seeded 500 synthetic sessions/);
    const all = JSON.parse((await filmroom(['list', '--data-dir', d, '--json', '--limit', '500'])).stdout);
    const failedPage = JSON.parse((await filmroom(['list', '--data-dir', d, '--json', '--status', 'failed'])).stdout);
    expect(all.total + failedPage.total).toBe(500);
    expect(failedPage.total).toBeGreaterThan(0);
    expect(all.items.every((s: { synthetic: boolean }) => s.synthetic)).toBe(true);
  });

  it('seed --realistic: recurring and default titles, tags, accented names, all searchable', async () => {
    const d = dir('filmroom-seed-real-');
    const r = await filmroom(['seed', '--sessions', '600', '--realistic', '--data-dir', d]);
    expect(r.code, r.stderr).toBe(0);
    const all = JSON.parse((await filmroom(['list', '--data-dir', d, '--json', '--limit', '500'])).stdout);
    const items = all.items as { title: string; tags: string[]; client: string }[];
    const titles = new Map<string, number>();
    for (const s of items) titles.set(s.title, (titles.get(s.title) ?? 0) + 1);
    expect(titles.get('Zoom Meeting')).toBeGreaterThan(items.length / 10);
    expect([...titles.keys()].some((t) => /^\d{4}-\d{2}-\d{2} /.test(t))).toBe(true);
    expect([...titles.keys()].some((t) => /^Session \d+ — /.test(t))).toBe(true);
    expect(items.some((s) => s.tags.length > 0)).toBe(true);
    expect(items.some((s) => /[üëéøñ]/i.test(s.client))).toBe(true);
  });
});

describe.concurrent('bad arguments', () => {
  it.each([
    [['frobnicate'], /Unknown command/],
    [['list', '--status', 'bogus'], /--status/],
    [['list', '--limit', 'abc'], /--limit/],
    [['seed', '--sessions', 'many'], /--sessions/],
    [['serve', '--port', '99999'], /--port/],
    [['serve', '--port', 'abc'], /--port/],
    [['import'], /path/],
    [['import', '/no/such/file.mp4'], /no such file/],
    [['list', '--no-such-flag'], /no-such-flag/],
  ])('filmroom %j exits non-zero with a readable message', async (args, message) => {
    const r = await filmroom([...args, '--data-dir', dir()]);
    expect(r.code, r.stdout).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  });
});
