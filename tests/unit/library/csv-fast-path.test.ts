/**
 * The export's fast path (issue 12): csvLineOf writes from a raw SQLite row the same line toCsvRow writes from a
 * Session, and CsvChunks hands out exactly the bytes of the lines it was given, in ~1 MB chunks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../shared/contract/session-schema.js';
import { csvLineOf, csvSortKeys, toCsvRow, type CsvSourceRow } from '../../../main/library/sessions/csv.js';
import { CSV_CHUNK_BYTES, CsvChunks } from '../../../main/library/sessions/csv-chunks.js';

const text = fc.oneof(
  fc.string({
    unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', 'a', 'é', ' ', '🎥'),
    maxLength: 12,
  }),
  fc.string({ maxLength: 20 }),
);

const sessionArb = fc.record({
  id: fc.stringMatching(/^ses_[0-9a-z]{10}$/),
  title: text,
  status: fc.constantFrom('ready', 'failed', 'processing'),
  platform: fc.constantFrom('zoom', 'teams', 'meet', 'local'),
  coach_id: text,
  client: text,
  participants: fc.array(fc.record({ name: text, role: fc.constantFrom('coach', 'client') }), { maxLength: 3 }),
  recorded_at: fc.constant('2026-01-01T10:00:00.000Z'),
  created_at: fc.constant('2026-01-02T10:00:00.000Z'),
  duration: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true })),
  size: fc.nat(),
  upload_state: fc.constantFrom('local_only', 'synced'),
  transcript_status: fc.constantFrom('none', 'ready'),
  analysis_status: fc.constantFrom('none', 'ready'),
  tags: fc.array(text, { maxLength: 3 }),
});

/** The row SQLite returns for CSV_SELECT (tags stored as JSON, participant names joined with '; ' or NULL). */
type Arb = typeof sessionArb extends fc.Arbitrary<infer T> ? T : never;

function rawRow(s: Arb): CsvSourceRow {
  const names = s.participants.map((p) => p.name);
  return [
    s.id,
    s.title,
    s.status,
    s.platform,
    s.coach_id,
    s.client,
    names.length ? names.join('; ') : null,
    s.recorded_at,
    s.created_at,
    s.duration,
    s.size,
    s.upload_state,
    s.transcript_status,
    s.analysis_status,
    JSON.stringify(s.tags),
    null,
    1,
  ];
}

describe('csvLineOf', () => {
  it('property: the same line as toCsvRow for the same session', () => {
    fc.assert(
      fc.property(sessionArb, (s) => {
        const line = csvLineOf(rawRow(s));
        expect(line).toBe(toCsvRow(s as unknown as Session));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the sort keys of the row', () => {
    const row = rawRow({
      id: 'ses_0123456789',
      title: 'T',
      status: 'ready',
      platform: 'zoom',
      coach_id: 'c',
      client: 'x',
      participants: [],
      recorded_at: '2026-01-01T10:00:00.000Z',
      created_at: '2026-01-02T10:00:00.000Z',
      duration: 12.5,
      size: 99,
      upload_state: 'local_only',
      transcript_status: 'none',
      analysis_status: 'none',
      tags: [],
    });
    expect(csvSortKeys(row)).toEqual({
      title: 'T',
      recorded_at: '2026-01-01T10:00:00.000Z',
      created_at: '2026-01-02T10:00:00.000Z',
      duration: 12.5,
      size: 99,
      coach_share: null,
    });
  });
});

describe('CsvChunks', () => {
  it('hands out exactly the UTF-8 bytes of the lines, a chunk once ~1 MB is gathered', () => {
    const chunks = new CsvChunks(CSV_CHUNK_BYTES + 1000);
    const lines: string[] = [];
    const out: Buffer[] = [];
    for (let i = 0; i < 40_000; i++) {
      const line = `ses_${i},Café 🎥 ${'x'.repeat(i % 50)}\r\n`;
      lines.push(line);
      chunks.add(line);
      if (chunks.full) out.push(chunks.take());
    }
    expect(chunks.empty).toBe(false);
    out.push(chunks.take());
    expect(chunks.empty).toBe(true);
    expect(out.length).toBeGreaterThan(1);
    for (const c of out.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(CSV_CHUNK_BYTES);
    expect(Buffer.concat(out).toString('utf8')).toBe(lines.join(''));
  });

  it('grows for a line longer than its buffer instead of cutting it', () => {
    const chunks = new CsvChunks(16);
    const long = `${'é'.repeat(5000)}\r\n`;
    chunks.add('a,b\r\n');
    chunks.add(long);
    expect(chunks.take().toString('utf8')).toBe(`a,b\r\n${long}`);
  });
});
