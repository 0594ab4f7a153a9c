/** Issue 11 item 10: the data folder is private to the user (0700) and the library database files are 0600. */
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';

const mode = (path: string) => statSync(path).mode & 0o777;
let srv: TestServer | undefined;
afterAll(async () => {
  await srv?.close();
});

describe.skipIf(process.platform === 'win32')('data folder permissions', () => {
  it('a folder created 0755 with a 0644 database is made 0700 / 0600 at start', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'placeholder'), '');
    srv = await startTestServer({ dataDir });
    await srv.api('/api/v1/sessions'); // a write-ahead log exists once the library has been used
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'library.db'))).toBe(0o600);
    expect(mode(join(dataDir, 'api-token'))).toBe(0o600);
  });
});
