/** csv.ts: RFC 4180 quoting and formula neutralisation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../shared/contract/session-schema.js';
import { csvCell, SESSION_CSV_HEADER, toCsvRow } from '../../../main/library/sessions/csv.js';

/** Parses one CSV cell as a spreadsheet would. */
function unquote(cell: string): string {
  if (!cell.startsWith('"')) return cell;
  expect(cell.endsWith('"')).toBe(true);
  const inner = cell.slice(1, -1);
  expect(inner.replace(/""/g, '')).not.toContain('"');
  return inner.replace(/""/g, '"');
}

const session = (over: Partial<Session> = {}): Session => ({
  id: 'ses_1',
  title: 'Weekly check-in',
  status: 'ready',
  status_detail: null,
  platform: 'zoom',
  coach_id: 'c1',
  client: 'Alex',
  participants: [
    { name: 'Ana', role: 'coach' },
    { name: 'Alex', role: 'client' },
  ],
  recorded_at: '2026-01-01T10:00:00.000Z',
  created_at: '2026-01-02T10:00:00.000Z',
  updated_at: '2026-01-02T10:00:00.000Z',
  duration: 3600.5,
  size: 123456,
  sha256: null,
  upload_state: 'local_only',
  transcript_status: 'none',
  analysis_status: 'ready',
  analysis_progress: 100,
  notes: '',
  tags: ['a', 'b'],
  expires_at: null,
  synthetic: false,
  ...over,
});

describe('csvCell', () => {
  it('plain values pass through; null and undefined are empty', () => {
    expect(csvCell('Alex')).toBe('Alex');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
  });

  it.each(['=cmd|" /C calc"!A0', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])('neutralises the formula %j', (value) => {
    const text = unquote(csvCell(value));
    expect(text).toBe(`'${value}`);
    expect(/^[=+\-@\t\r]/.test(text)).toBe(false);
  });

  it('neutralises and quotes together', () => {
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it(
    'property: a cell parses back to the value (or the value behind a neutralising quote) and never starts a formula',
    { timeout: 30_000 },
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({
              unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'", 'a', 'é', ' ', '🎥'),
              maxLength: 20,
            }),
            fc.string({ maxLength: 30 }),
          ),
          (value) => {
            const cell = csvCell(value);
            let back = cell;
            if (cell.startsWith('"')) {
              if (!cell.endsWith('"') || cell.length < 2) return false;
              const inner = cell.slice(1, -1);
              if (inner.replace(/""/g, '').includes('"')) return false;
              back = inner.replace(/""/g, '"');
            } else if (/[",\r\n]/.test(cell)) return false; // an unquoted cell never holds a separator or quote
            return (back === value || back === `'${value}`) && !/^[=+\-@\t\r]/.test(back);
          },
        ),
      );
    },
  );
});

describe('toCsvRow', () => {
  const header = SESSION_CSV_HEADER.trimEnd().split(',');

  it('one CRLF-terminated row with a cell per header column', () => {
    const row = toCsvRow(session());
    expect(row.endsWith('\r\n')).toBe(true);
    const cells = row.trimEnd().split(',');
    expect(cells).toHaveLength(header.length);
    expect(cells[header.indexOf('id')]).toBe('ses_1');
    expect(cells[header.indexOf('participants')]).toBe('Ana; Alex');
    expect(cells[header.indexOf('tags')]).toBe('a; b');
    expect(cells[header.indexOf('duration')]).toBe('3600.5');
  });

  it('a null duration is an empty cell', () => {
    const cells = toCsvRow(session({ duration: null }))
      .trimEnd()
      .split(',');
    expect(cells[header.indexOf('duration')]).toBe('');
  });

  it('neutralises formulas in title, client, participants and tags', () => {
    const row = toCsvRow(
      session({
        title: '=HYPERLINK("x")',
        client: '+cmd',
        participants: [{ name: '@me', role: 'client' }],
        tags: ['-1'],
      }),
    );
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain(`'+cmd`);
    expect(row).toContain(`'@me`);
    expect(row).toContain(`'-1`);
  });

  it('the header names the documented columns', () => {
    expect(header).toEqual(
      expect.arrayContaining([
        'id',
        'title',
        'status',
        'platform',
        'coach_id',
        'client',
        'recorded_at',
        'duration',
        'size',
      ]),
    );
    expect(SESSION_CSV_HEADER.endsWith('\r\n')).toBe(true);
  });
});
