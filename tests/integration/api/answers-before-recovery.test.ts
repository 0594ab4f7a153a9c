/**
 * Issue 19, "the API answers within 1 s of start": start-up recovery (here: removing 2,000 session folders a crash
 * left without rows) used to run before the server listened, so on a large library nothing answered for seconds.
 * Now the API listens first: reads answer while recovery runs, changes wait until it is done (never meeting its
 * sweep), and `api.json` is written once it is done. Real HTTP server, real SQLite, real folders.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitsForRecovery } from '../../../main/api/http-server.js';
import { startFilmroom, type FilmroomApp } from '../../../main/composition/index.js';
import { newId } from '../../../main/platform/ids.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { asIfKilled, startTestServer } from '../../helpers/server.js';

const LEFT_BY_A_CRASH = 2000;
let app: FilmroomApp | undefined;
afterAll(async () => {
  await app?.close();
});

describe('start-up', () => {
  it('answers reads while recovery runs; changes wait for it; api.json once it is done', async () => {
    const first = await startTestServer({ watchFolders: false });
    const { dataDir } = first;
    await first.stop();
    rmSync(join(dataDir, 'api.json')); // as a kill -9 leaves it: stale, and written anew by the next start
    asIfKilled(dataDir); // and the run marked in use, so the next start walks the session folders
    const library = join(dataDir, 'library');
    for (let i = 0; i < LEFT_BY_A_CRASH; i += 1) {
      const folder = join(library, newId('ses_'));
      mkdirSync(folder);
      writeFileSync(join(folder, 'recording.mp4.part'), 'half');
    }

    const order: string[] = [];
    const answers: Promise<void>[] = [];
    let apiJsonAtListen = true;
    app = await startFilmroom({
      dataDir,
      port: 0,
      logger: silentLogger,
      autoAnalyze: false,
      watchFolders: false,
      onListening: ({ url, adminToken }) => {
        apiJsonAtListen = existsSync(join(dataDir, 'api.json'));
        const auth = { authorization: `Bearer ${adminToken}` };
        answers.push(
          fetch(`${url}/api/v1/health`).then((r) => void order.push(`health ${r.status}`)),
          fetch(`${url}/api/v1/sessions?limit=1`, { headers: auth }).then((r) => void order.push(`list ${r.status}`)),
          fetch(`${url}/api/v1/settings`, {
            method: 'PATCH',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ url_import_allow_local: true }),
          }).then((r) => void order.push(`change ${r.status}`)),
        );
      },
    });
    order.push('recovered');
    await Promise.all(answers);

    expect(apiJsonAtListen).toBe(false); // written once recovered, so whoever finds it finds a recovered library
    expect(existsSync(join(dataDir, 'api.json'))).toBe(true);
    expect(order.indexOf('health 200')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('list 200')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('health 200')).toBeLessThan(order.indexOf('recovered'));
    expect(order.indexOf('list 200')).toBeLessThan(order.indexOf('recovered'));
    expect(order.at(-1)).toBe('change 200');
    expect(readdirSync(library).filter((n) => n.startsWith('ses_'))).toEqual([]);
  }, 120_000);

  it('holds every change, the bytes of recordings and the admin routes until recovery is done', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(waitsForRecovery(method, '/api/v1/trash')).toBe(true);
    expect(waitsForRecovery('GET', '/api/v1/sessions/ses_x/media')).toBe(true);
    expect(waitsForRecovery('GET', '/api/v1/sessions/ses_x/artifacts/poster.jpg?exp=1&sig=a')).toBe(true);
    expect(waitsForRecovery('GET', '/api/admin/cleanup/status')).toBe(true);
    expect(waitsForRecovery('GET', '/api/v1/health')).toBe(false);
    expect(waitsForRecovery('GET', '/api/v1/sessions?q=media')).toBe(false);
    expect(waitsForRecovery('GET', '/api/v1/sessions/ses_x')).toBe(false);
    expect(waitsForRecovery('GET', '/')).toBe(false);
  });
});
