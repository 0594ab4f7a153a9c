/**
 * Issue 21: one answer whatever the sort. Transcript-only, tag-only and accented-prefix matches are found by every
 * sort with the same total; tags are searchable right after a PATCH and filterable with `tag=` (list and CSV).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { TranscriptsRepository } from '../../../main/library/index.js';
import { SESSION_SORTS } from '../../../shared/contract/sessions.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let ids: string[];

beforeAll(async () => {
  srv = await startTestServer();
  seedLibrary(srv.app.db, { sessions: 400, seed: 5, now: new Date('2026-06-01T00:00:00Z') });
  ids = srv.app.db.prepare("SELECT id FROM sessions WHERE status <> 'failed' ORDER BY seq").pluck().all() as string[];
}, 60_000);
afterAll(async () => {
  await srv?.close();
});

async function list(params: [string, string][]): Promise<Loose> {
  const r = await srv.api(`/api/v1/sessions?${new URLSearchParams(params).toString()}`);
  expect(r.status, r.text).toBe(200);
  return r.body;
}

/** Every sort's whole answer (walked by cursor): the set and the total of each. */
async function everySort(params: [string, string][]): Promise<Map<string, { ids: string[]; total: number }>> {
  const out = new Map<string, { ids: string[]; total: number }>();
  for (const sort of SESSION_SORTS) {
    const got: string[] = [];
    let page = await list([...params, ['sort', sort], ['limit', '7']]);
    const total = page.total as number;
    got.push(...page.items.map((s: Loose) => s.id));
    while (page.next_cursor) {
      page = await list([...params, ['sort', sort], ['limit', '7'], ['cursor', page.next_cursor]]);
      got.push(...page.items.map((s: Loose) => s.id));
    }
    out.set(sort, { ids: got.sort(), total });
  }
  return out;
}

function expectOneTruth(answers: Map<string, { ids: string[]; total: number }>, want: string[]) {
  for (const [sort, a] of answers) {
    expect({ sort, ids: a.ids, total: a.total }).toEqual({ sort, ids: [...want].sort(), total: want.length });
  }
}

describe('one truth for every sort', () => {
  it('a transcript-only match is found by every sort, with the same total', async () => {
    const transcripts = new TranscriptsRepository(srv.app.db);
    const hit = [ids[3]!, ids[150]!, ids[300]!];
    for (const [i, id] of hit.entries())
      transcripts.replaceSegments(id, [
        { start: 0, end: 2, speaker: null, text: 'Good morning, shall we start?' },
        { start: 2, end: 4, speaker: null, text: `Let us talk about the quokkaesque plan number ${i}.` },
      ]);
    expectOneTruth(await everySort([['q', 'quokkaesque']]), hit);
    expectOneTruth(await everySort([['q', 'quokka']]), hit); // as a prefix too
    const page = await list([
      ['q', 'quokka'],
      ['sort', 'title'],
    ]);
    expect(page.items[0].snippet).toMatchObject({ field: 'transcript', t: 2 });
    // Replacing a transcript replaces what it is found by.
    transcripts.replaceSegments(hit[0]!, [{ start: 0, end: 1, speaker: null, text: 'nothing special' }]);
    expectOneTruth(await everySort([['q', 'quokkaesque']]), hit.slice(1));
  });

  it('a tag is searchable right after the PATCH, and filterable with tag= (every given tag)', async () => {
    const a = ids[10]!;
    const b = ids[20]!;
    for (const [id, tags] of [
      [a, ['delegation', 'Q3 goals']],
      [b, ['delegation']],
    ] as const) {
      const r = await srv.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: { tags } });
      expect(r.status, r.text).toBe(200);
    }
    expectOneTruth(await everySort([['q', 'delegation']]), [a, b]);
    expectOneTruth(await everySort([['q', 'delega']]), [a, b]);
    const page = await list([['q', 'delegation']]);
    expect(page.items[0].snippet.field).toBe('tag');
    expect(page.items.find((s: Loose) => s.id === a).tags).toEqual(['delegation', 'Q3 goals']);
    expectOneTruth(await everySort([['tag', 'delegation']]), [a, b]);
    expectOneTruth(
      await everySort([
        ['tag', 'delegation'],
        ['tag', 'Q3 goals'],
      ]),
      [a],
    );
    expectOneTruth(await everySort([['tag', 'Q3']]), []); // a tag filter is the whole tag
    const csv = await srv.api(`/api/v1/sessions/export.csv?tag=delegation&tag=${encodeURIComponent('Q3 goals')}`);
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split('\n')).toHaveLength(2);
    expect(csv.text).toContain(a);
    // Untagging takes the session out at once.
    await srv.api(`/api/v1/sessions/${b}`, { method: 'PATCH', json: { tags: [] } });
    expectOneTruth(await everySort([['q', 'delegation']]), [a]);
    const bad = await srv.api('/api/v1/sessions?tag=');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toMatch(/^tag/);
  });

  it('accented names are found by folded prefixes in every sort, and the snippet shows the match', async () => {
    const full = await everySort([['q', 'Müller']]);
    const want = full.get('-recorded_at')!.ids;
    expect(want.length).toBeGreaterThan(0);
    for (const q of ['Mül', 'Mul', 'Mull', 'Mulle', 'muller', 'MÜLLER'])
      expectOneTruth(await everySort([['q', q]]), want);
    const id = ids[33]!;
    await srv.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: { title: 'Intro with Zoë Müllerová' } });
    for (const q of ['Zoe Mü', 'zoë mull', 'Zoe Mullerova']) {
      const page = await list([
        ['q', q],
        ['sort', 'title'],
      ]);
      const row = page.items.find((s: Loose) => s.id === id);
      expect(row, q).toBeDefined();
      expect(row.snippet.field).toBe('title');
      const marked = row.snippet.highlights.map(([s, e]: [number, number]) => row.snippet.text.slice(s, e));
      expect(marked).toEqual(['Zoë', 'Müllerová']);
    }
  });
});
