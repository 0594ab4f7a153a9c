/** Cleanup (docs/api.md "Cleanup (admin role)"): orphaned files, failed sessions, dry run, status, config, history. */
import { z } from 'zod';
import { queryBool } from './fields.js';
import { operation } from './operation.js';

export const CLEANUP_KINDS = ['all', 'orphaned-files', 'failed-sessions', 'trash'] as const;
export type CleanupKind = (typeof CLEANUP_KINDS)[number];
export const CLEANUP_TRIGGERS = ['manual', 'schedule', 'startup'] as const;
export type CleanupTrigger = (typeof CLEANUP_TRIGGERS)[number];

/** The stored, validated settings (PUT body; every field optional there). */
export const cleanupSettings = z.object({
  failed_session_retention_days: z.number().int().min(0).max(3650),
  orphaned_file_retention_hours: z.number().int().min(1).max(87_600),
  auto_cleanup_on_startup: z.boolean(),
  cleanup_schedule_hour: z.number().int().min(0).max(23),
  trash_retention_days: z.number().int().min(0).max(3650),
});
export type CleanupSettings = z.infer<typeof cleanupSettings>;
export type CleanupSettingKey = keyof CleanupSettings;

export const configSource = z.enum(['env', 'settings', 'default']);
export const cleanupConfig = cleanupSettings.extend({
  library_dir: z.string(),
  source: z.record(z.string(), configSource),
});
export type CleanupConfig = z.infer<typeof cleanupConfig>;

/** One file a run deleted or would delete: what, why, how big. */
export const cleanupItem = z.object({
  name: z.string(),
  size: z.number(),
  reason: z.string(),
});

export const cleanupResult = z.object({
  orphaned_files_deleted: z.array(z.string()),
  orphaned_files_count: z.number(),
  failed_sessions_cleaned: z.array(z.string()),
  failed_sessions_count: z.number(),
  total_space_freed_mb: z.number(),
  errors: z.array(z.string()),
  error_count: z.number(),
  dry_run: z.boolean(),
  /** Additions to docs/api.md's shape: sizes and reasons per file, and the S3 / trash / retry parts of a run. */
  orphaned_files: z.array(cleanupItem),
  bytes_freed: z.number(),
  empty_folders_removed: z.array(z.string()),
  trash_purged: z.array(z.string()),
  s3_objects_deleted: z.array(z.string()),
  multipart_uploads_aborted: z.number(),
  storage_debts_settled: z.number(),
});
export type CleanupResult = z.infer<typeof cleanupResult>;

export const cleanupRun = z.object({
  id: z.number(),
  kind: z.enum(CLEANUP_KINDS),
  trigger: z.enum(CLEANUP_TRIGGERS),
  dry_run: z.boolean(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  result: cleanupResult.nullable(),
});
export type CleanupRun = z.infer<typeof cleanupRun>;

const dryRunInput = z.strictObject({ dry_run: queryBool.default(false) });

export const cleanupContract = {
  config: operation({
    method: 'GET',
    path: '/api/admin/cleanup/config',
    summary: 'Cleanup settings in effect, each with its source (environment, stored settings or default)',
    access: 'admin',
    input: z.strictObject({}),
    output: cleanupConfig,
  }),
  updateConfig: operation({
    method: 'PUT',
    path: '/api/admin/cleanup/config',
    summary: 'Change the stored cleanup settings (validated; environment variables still win)',
    access: 'admin',
    input: z.strictObject(cleanupSettings.partial().shape),
    output: cleanupConfig,
  }),
  status: operation({
    method: 'GET',
    path: '/api/admin/cleanup/status',
    summary: 'What a cleanup would delete now (a dry run of everything; changes nothing)',
    access: 'admin',
    input: z.strictObject({}),
    output: z.object({ success: z.boolean(), message: z.string(), potential_cleanup: cleanupResult }),
  }),
  orphanedFiles: operation({
    method: 'POST',
    path: '/api/admin/cleanup/orphaned-files',
    summary: 'Delete (or with dry_run list) library files no session references, older than the retention',
    access: 'admin',
    input: dryRunInput,
    output: cleanupResult,
  }),
  failedSessions: operation({
    method: 'POST',
    path: '/api/admin/cleanup/failed-sessions',
    summary: 'Delete (or with dry_run list) failed sessions older than the retention, as DELETE /sessions/{id} does',
    access: 'admin',
    input: dryRunInput,
    output: cleanupResult,
  }),
  all: operation({
    method: 'POST',
    path: '/api/admin/cleanup/all',
    summary: 'Orphaned files, failed sessions and trash past its retention, in one run',
    access: 'admin',
    input: dryRunInput,
    output: cleanupResult,
  }),
  history: operation({
    method: 'GET',
    path: '/api/admin/cleanup/history',
    summary: 'Past cleanup runs, newest first',
    access: 'admin',
    input: z.strictObject({}),
    output: z.object({ items: z.array(cleanupRun) }),
  }),
};
