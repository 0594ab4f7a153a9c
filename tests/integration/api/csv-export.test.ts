/** GET /api/v1/sessions/export.csv: every matching session (not one page), RFC 4180 quoting, formulas neutralised. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let tricky: string;
const N = 700; // more than one list page (max 500) and more than one CSV batch (500)

/** A small RFC 4180 parser (quoted fields, doubled quotes, CRLF inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

beforeAll(async () => {
  srv = await startTestServer();
  seedLibrary(srv.app.db, { sessions: N, seed: 11, now: new Date() });
  const r = await srv.api('/api/v1/sessions/import', {
    method: 'POST',
    json: { path: makeVideo(tempDir()), title: 'Zebracorn, "final" cut', client: "=cmd|' /C calc'!A0" },
  });
  expect(r.status).toBe(202);
  tricky = r.body.sessions[0].id;
  await srv.api(`/api/v1/sessions/${tricky}`, {
    method: 'PATCH',
    json: {
      tags: ['+SUM(1)', 'plain'],
      participants: [
        { name: '@evil', role: 'client' },
        { name: 'Line\nbreak', role: 'coach' },
      ],
    },
  });
});
afterAll(async () => {
  await srv?.close();
});

async function csv(query = '') {
  const r = await srv.api(`/api/v1/sessions/export.csv${query}`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
  return { rows: parseCsv(r.text), text: r.text, headers: r.headers };
}

describe('CSV export', () => {
  it('has a header row and one row per matching session across the whole library', async () => {
    const { rows, headers } = await csv('?exclude_failed=false');
    const header = rows[0]!;
    expect(header).toEqual(
      expect.arrayContaining(['id', 'title', 'status', 'client', 'recorded_at', 'duration', 'size']),
    );
    const body = rows.slice(1);
    expect(body).toHaveLength(N + 1);
    expect(body.every((r) => r.length === header.length)).toBe(true);
    const ids = body.map((r) => r[header.indexOf('id')]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(headers.get('content-disposition')).toMatch(/attachment/);
  });

  it('applies the list filters (default hides failed; status_filter; platform)', async () => {
    const def = await csv();
    const total = (await srv.api('/api/v1/sessions?limit=1')).body.total;
    expect(def.rows.length - 1).toBe(total);
    const statusCol = def.rows[0]!.indexOf('status');
    expect(def.rows.slice(1).every((r) => r[statusCol] !== 'failed')).toBe(true);

    const failed = await csv('?status_filter=failed');
    const failedTotal = (await srv.api('/api/v1/sessions?status_filter=failed&limit=1')).body.total;
    expect(failed.rows.length - 1).toBe(failedTotal);
    expect(failed.rows.slice(1).every((r) => r[statusCol] === 'failed')).toBe(true);

    const zoom = await csv('?platform=zoom&exclude_failed=false');
    const zoomTotal = (await srv.api('/api/v1/sessions?platform=zoom&exclude_failed=false&limit=1')).body.total;
    expect(zoom.rows.length - 1).toBe(zoomTotal);
  });

  it('rows follow the list order and values', async () => {
    const { rows } = await csv('?sort=title');
    const header = rows[0]!;
    const page = (await srv.api('/api/v1/sessions?sort=title&limit=20')).body.items;
    for (let i = 0; i < 20; i++) {
      const r = rows[i + 1]!;
      expect(r[header.indexOf('id')]).toBe(page[i].id);
      expect(r[header.indexOf('size')]).toBe(String(page[i].size));
      expect(r[header.indexOf('recorded_at')]).toBe(page[i].recorded_at);
    }
  });

  it('quotes commas and quotes, and neutralises formulas', async () => {
    const { rows, text } = await csv('?q=zebracorn');
    expect(rows).toHaveLength(2);
    const header = rows[0]!;
    const row = rows[1]!;
    expect(row[header.indexOf('id')]).toBe(tricky);
    expect(row[header.indexOf('title')]).toBe('Zebracorn, "final" cut');
    expect(text).toContain('"Zebracorn, ""final"" cut"');
    const client = row[header.indexOf('client')]!;
    expect(client.startsWith('=')).toBe(false);
    expect(client).toContain("=cmd|' /C calc'!A0");
    for (const col of ['participants', 'tags']) {
      const cell = row[header.indexOf(col)]!;
      expect(/^[=+\-@]/.test(cell), `${col}: ${cell}`).toBe(false);
    }
    expect(row[header.indexOf('tags')]).toContain('+SUM(1)');
  });

  it('rejects bad filters with 400 naming the field', async () => {
    const r = await srv.api('/api/v1/sessions/export.csv?sort=nope');
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('sort');
    const u = await srv.api('/api/v1/sessions/export.csv?limit=10');
    expect(u.status).toBe(400);
    expect(u.body.field).toBe('limit');
  });

  it('an empty result is just the header', async () => {
    const { rows } = await csv('?from=1999-01-01&to=1999-01-02');
    expect(rows).toHaveLength(1);
  });
});
