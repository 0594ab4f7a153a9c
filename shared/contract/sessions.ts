/** Library operations: list, read, import, edit, delete, bulk delete, CSV export (docs/api.md "Sessions"). */
import { z } from 'zod';
import { isoDateOrTime, queryBool, queryInt, queryList, queryNumber, sessionId } from './fields.js';
import { operation } from './operation.js';
import { participant, platform, session, sessionStatus } from './session-schema.js';

/** `relevance` ranks search matches (bm25 over the newest 2,000 matches); without `q` it is `-recorded_at`. */
export const SESSION_SORTS = [
  '-recorded_at',
  'recorded_at',
  'title',
  '-duration',
  '-size',
  '-created_at',
  'relevance',
  '-coach_share',
  'coach_share',
] as const;
export type SessionSort = (typeof SESSION_SORTS)[number];

/** The list filters, shared by the list, the CSV export and the UI. */
export const sessionFilters = z.object({
  status_filter: sessionStatus.optional(),
  exclude_failed: queryBool.default(true),
  q: z.string().trim().max(200).optional(),
  platform: platform.optional(),
  coach_id: z.string().trim().min(1).max(100).optional(),
  client: z.string().trim().min(1).max(200).optional(),
  /** Repeatable: sessions carrying every given tag (exact tag text). */
  tag: queryList(z.string().trim().min(1).max(50), 20)
    .optional()
    .describe('Repeatable (`tag=a&tag=b`): sessions carrying every given tag'),
  from: isoDateOrTime.optional(),
  to: isoDateOrTime.optional(),
  coach_share_min: queryNumber(0, 1)
    .optional()
    .describe(
      "sessions where the coach's share of talk time (0–1) is at least this; sessions without speakers are left out",
    ),
  coach_share_max: queryNumber(0, 1)
    .optional()
    .describe(
      "sessions where the coach's share of talk time (0–1) is at most this; sessions without speakers are left out",
    ),
  sort: z.enum(SESSION_SORTS).default('-recorded_at'),
});
export type SessionFilters = z.output<typeof sessionFilters>;

const listInput = z.strictObject({
  ...sessionFilters.shape,
  limit: queryInt(1, 500).default(50),
  offset: queryInt(0).default(0),
  cursor: z.string().max(2000).optional(),
  include_transcript: queryBool.default(false),
  include_analysis: queryBool.default(false),
});

/** Where a search matched a session: an excerpt, the matched words as [start, end) offsets into it, and for a
 * transcript line its time in seconds. */
export const searchSnippet = z.object({
  field: z.enum(['title', 'client', 'participant', 'tag', 'transcript']),
  text: z.string(),
  highlights: z.array(z.tuple([z.number(), z.number()])),
  t: z.number().nullable(),
});
export type SearchSnippet = z.infer<typeof searchSnippet>;

export const sessionPage = z.object({
  items: z.array(
    session.extend({
      snippet: searchSnippet.optional().describe('With `q`: where this session matched'),
    }),
  ),
  total: z.number(),
  total_is_lower_bound: z
    .boolean()
    .describe(
      'true when `total` is a floor: a search or date-filtered view with more than 10,000 matches answers 10000 ' +
        'rather than counting every match (the UI shows "10,000+"); where counting even that far would take more ' +
        'than a few milliseconds (a word combined with several common filters), the count so far (at least 2000)',
    ),
  limit: z.number(),
  offset: z.number(),
  next_cursor: z.string().nullable(),
});
export type SessionPage = z.infer<typeof sessionPage>;

/** A time zone this runtime knows (Intl throws a RangeError for any other name). */
function isTimeZoneName(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The month counts' filters: the list's, less the search words and the sort (months come newest first). */
const monthsInput = z.strictObject({
  status_filter: sessionFilters.shape.status_filter,
  exclude_failed: sessionFilters.shape.exclude_failed,
  platform: sessionFilters.shape.platform,
  coach_id: sessionFilters.shape.coach_id,
  client: sessionFilters.shape.client,
  tag: sessionFilters.shape.tag,
  from: sessionFilters.shape.from,
  to: sessionFilters.shape.to,
  tz: z
    .string()
    .max(64)
    .refine(isTimeZoneName, 'an IANA time zone name, e.g. Europe/Berlin')
    .optional()
    .describe(
      "Count months in this time zone (IANA name, e.g. `Europe/Berlin`: the coach's own), not UTC: a session " +
        'recorded at 23:30 on 31 March in Berlin is in March. Default UTC',
    ),
});
export type MonthsInput = z.output<typeof monthsInput>;

export const sessionMonths = z.object({
  items: z
    .array(
      z.object({
        month: z.string().describe('`YYYY-MM` of `recorded_at` (UTC, or in the zone `tz` names)'),
        count: z.number(),
      }),
    )
    .describe('Months holding at least one matching session, newest first'),
  total: z.number().describe("The sum of the counts: the list's `total` for the same filters"),
});
export type SessionMonths = z.infer<typeof sessionMonths>;

/** Files one import upload may carry (a recording, its transcript, chat, per-participant audio…). */
export const MAX_UPLOAD_FILES = 20;

/** Options of an import, whatever brings the file (path, URL or multipart upload). */
const importOptions = {
  platform: platform.optional(),
  title: z.string().trim().min(1).max(300).optional(),
  client: z.string().trim().max(200).optional(),
  coach_id: z.string().trim().min(1).max(100).optional(),
  copy: queryBool.default(true),
};
export const importUploadFields = z.strictObject(importOptions);

export const importInput = z
  .strictObject({
    path: z.string().trim().min(1).max(4096).optional(),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    ...importOptions,
  })
  .refine((v) => (v.path === undefined) !== (v.url === undefined), {
    message: 'give exactly one of path or url',
    path: ['path'],
  });
export type ImportInput = z.output<typeof importInput>;

export const importResult = z.object({
  sessions: z.array(z.object({ id: z.string(), status: z.string() })),
  refused: z.array(z.object({ path: z.string(), reason: z.string() })),
  job_id: z
    .string()
    .optional()
    .describe(
      'A large folder (more than 20 meetings): the import runs as a job — `sessions` is empty, follow ' +
        '`job.progress` events or GET /imports/{job_id}; cancel with POST /imports/{job_id}/cancel',
    ),
});
export type ImportResult = z.infer<typeof importResult>;

export const importJobStatus = z.object({
  job_id: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  progress: z.number(),
  message: z.string(),
  error: z.string().nullable(),
  result: importResult.nullable().describe('Once done: the sessions created and the files refused'),
});
export type ImportJobStatus = z.infer<typeof importJobStatus>;
const importJobId = z.strictObject({ job_id: z.string().trim().min(1).max(100) });

/** What a coach reads when ffprobe cannot read a recording (the import preview, a failed session's card). */
export const UNREADABLE_RECORDING = 'This file is not a recording Filmroom can read (it may be damaged or incomplete)';

export const importPreview = z.object({
  meetings: z.array(
    z.object({
      platform: platform,
      title: z.string(),
      recorded_at: z.string(),
      participants: z.array(z.object({ name: z.string(), role: z.string() })),
      files: z.array(z.object({ name: z.string(), kind: z.string(), path: z.string() })),
      unreadable: z
        .object({ path: z.string(), message: z.string(), detail: z.string() })
        .nullable()
        .describe(
          'The recording was probed (ffprobe) and cannot be read: plain words, and the raw detail. Importing it ' +
            'makes a failed session keeping this reason. Null when it reads (or when the folder is too large to ' +
            'probe every meeting)',
        ),
    }),
  ),
  refused: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type ImportPreview = z.infer<typeof importPreview>;

export const bulkDeleteInput = z
  .strictObject({
    status_filter: sessionStatus.optional(),
    older_than_days: queryInt(0, 36500).optional(),
    dry_run: queryBool.default(false),
  })
  .refine((v) => v.status_filter !== undefined || v.older_than_days !== undefined, {
    message: 'give at least one filter: status_filter or older_than_days',
    path: ['status_filter'],
  });

export const bulkDeleteResult = z.object({
  deleted_count: z.number(),
  s3_files_deleted: z.number(),
  local_files_deleted: z.number(),
  bytes_freed: z.number(),
  filters_applied: z.object({ status: z.string().nullable(), older_than_days: z.number().nullable() }),
  dry_run: z.boolean(),
  errors: z.array(z.object({ session_id: z.string(), error: z.string() })),
});
export type BulkDeleteResult = z.infer<typeof bulkDeleteResult>;

const byId = z.strictObject({ id: sessionId });

export const sessionsContract = {
  list: operation({
    method: 'GET',
    path: '/api/v1/sessions',
    summary: 'A page of sessions, newest first, failed ones hidden unless asked for',
    access: 'user',
    input: listInput,
    output: sessionPage,
  }),
  months: operation({
    method: 'GET',
    path: '/api/v1/sessions/months',
    summary:
      'How many sessions each month holds (by recorded date, UTC or the time zone `tz`), for the list filters less `q` and `sort`: ' +
      "the library's timeline scrubber",
    access: 'user',
    input: monthsInput,
    output: sessionMonths,
  }),
  exportCsv: operation({
    method: 'GET',
    path: '/api/v1/sessions/export.csv',
    summary: 'Every session matching the list filters as CSV',
    access: 'user',
    input: z.strictObject(sessionFilters.shape),
    output: z.string(),
    produces: 'text/csv',
  }),
  bulkDelete: operation({
    method: 'DELETE',
    path: '/api/v1/sessions/bulk',
    summary: 'Delete every session matching the filters (at least one filter; dry_run to preview)',
    access: 'user',
    input: bulkDeleteInput,
    output: bulkDeleteResult,
  }),
  import: operation({
    method: 'POST',
    path: '/api/v1/sessions/import',
    errors: {
      408: 'The upload stalled',
      409: 'Already in your library (names your copy)',
      422: 'Nothing here can be imported',
      503: 'ffmpeg is missing',
    },
    summary:
      'Import a recording by path or URL, or a multipart upload in the `file` field (repeat it to send a recording ' +
      'with its transcript: the files are grouped like a folder import)',
    access: 'user',
    input: importInput,
    output: importResult,
    status: 202,
    multipartFile: 'file',
    multipartMaxFiles: MAX_UPLOAD_FILES,
    multipartFields: importUploadFields,
  }),
  importJob: operation({
    method: 'GET',
    path: '/api/v1/imports/{job_id}',
    summary: 'A large folder import running as a job: its state, progress and, once done, its result',
    access: 'admin',
    input: importJobId,
    output: importJobStatus,
  }),
  cancelImportJob: operation({
    method: 'POST',
    path: '/api/v1/imports/{job_id}/cancel',
    errors: { 409: 'The import has already ended' },
    summary: 'Stop a large folder import between two meetings (those imported so far stay)',
    access: 'admin',
    input: importJobId,
    output: importJobStatus,
  }),
  previewImport: operation({
    method: 'POST',
    path: '/api/v1/sessions/import/preview',
    errors: { 422: 'Nothing here can be imported' },
    summary: 'What importing a file or folder would create (meetings as recognised, files refused and why)',
    access: 'admin',
    input: z.strictObject({ path: z.string().trim().min(1).max(4096) }),
    output: importPreview,
  }),
  get: operation({
    method: 'GET',
    path: '/api/v1/sessions/{id}',
    summary: 'One session with participants, files and statuses',
    access: 'user',
    input: byId,
    output: session,
  }),
  update: operation({
    method: 'PATCH',
    path: '/api/v1/sessions/{id}',
    summary: 'Edit title, client, participants, notes or tags',
    access: 'user',
    input: z.strictObject({
      id: sessionId,
      title: z.string().trim().min(1).max(300).optional(),
      client: z.string().trim().max(200).optional(),
      participants: z.array(participant).max(100).optional(),
      notes: z.string().max(100_000).optional(),
      tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
    }),
    output: session,
  }),
  remove: operation({
    method: 'DELETE',
    path: '/api/v1/sessions/{id}',
    summary:
      'Delete a session: its jobs, uploads, rows, managed files and S3 objects (trash=true: move it to the trash)',
    access: 'user',
    input: z.strictObject({ id: sessionId, trash: queryBool.default(false) }),
    output: z.null(),
    status: 204,
  }),
};
