import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-ordered-search.js';
import { migration0003 } from './0003-dedup-per-coach.js';
import { migration0004 } from './0004-trash-and-cleanup.js';
import { migration0010 } from './0010-offloads.js';
import { migration0011 } from './0011-sorted-search.js';
import { migration0014 } from './0014-file-fingerprints.js';
import { migration0015 } from './0015-participant-names.js';
import { migration0016 } from './0016-restored-files.js';
import { migration0020 } from './0020-search-everything.js';
import { migration0018 } from './0018-presigned-uploads.js';
import { migration0019 } from './0019-verify-runs.js';
import { migration0022 } from './0022-analyze-after-download.js';
import { migration0026 } from './0026-speaker-edits.js';
import { migration0028 } from './0028-deletion-queue.js';
import { migration0030 } from './0030-job-dedupe-key.js';
import { migration0031 } from './0031-title-order.js';
import { migration0032 } from './0032-restore-run-counts.js';
import { migration0033 } from './0033-upload-paused-state.js';
import { migration0034 } from './0034-devices.js';
import { migration0035 } from './0035-trash-owns-its-rows.js';
import { migration0037 } from './0037-device-coach-scope.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration in order. Add a file `NNNN-name.ts` and insert it here in number order; each gets its own test. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0010,
  migration0011,
  migration0014,
  migration0015,
  migration0016,
  migration0018,
  migration0019,
  migration0020,
  migration0022,
  migration0026,
  migration0028,
  migration0030,
  migration0031,
  migration0032,
  migration0033,
  migration0034,
  migration0035,
  migration0037,
];
