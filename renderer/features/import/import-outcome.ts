/** Reads an import answer or error into what the dialog shows: imported ids, refused files with reasons. */
import { ApiError, type ImportResult } from '../../../shared/contract/index.js';
import { errorMessage } from '../../lib/error-message.js';

export interface ImportOutcome {
  imported: ImportResult['sessions'];
  refused: ImportResult['refused'];
  /** One line per path that imported nothing (duplicate, unreadable folder, bad path). */
  messages: string[];
}

export function outcomeFromResult(result: ImportResult): ImportOutcome {
  // A large folder imports in the background as a job: its sessions appear in the library as they are imported.
  const messages = result.job_id
    ? ['A large folder: importing in the background; sessions appear in the library as they are imported.']
    : [];
  return { imported: result.sessions, refused: result.refused, messages };
}

export function outcomeFromError(error: unknown): ImportOutcome {
  if (error instanceof ApiError && error.status === 409) {
    const title = typeof error.details.existing_title === 'string' ? error.details.existing_title : null;
    return { imported: [], refused: [], messages: [title ? `Already in your library: ${title}` : error.message] };
  }
  const refused = error instanceof ApiError ? refusedFrom(error.details.refused) : [];
  // A 422 may explain itself in `reason` (e.g. "no recordings found") when there is no file to list.
  const reason = error instanceof ApiError && refused.length === 0 ? error.details.reason : undefined;
  const message = typeof reason === 'string' && reason ? `${errorMessage(error)}: ${reason}` : errorMessage(error);
  return { imported: [], refused, messages: [message] };
}

function refusedFrom(value: unknown): ImportResult['refused'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { path, reason } = item as { path?: unknown; reason?: unknown };
    return typeof path === 'string' && typeof reason === 'string' ? [{ path, reason }] : [];
  });
}

/** Several picked files imported one by one read as one outcome. */
export function mergeOutcomes(outcomes: readonly ImportOutcome[]): ImportOutcome {
  return {
    imported: outcomes.flatMap((o) => o.imported),
    refused: outcomes.flatMap((o) => o.refused),
    messages: outcomes.flatMap((o) => o.messages),
  };
}
