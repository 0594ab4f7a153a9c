/**
 * The orphaned-files part of a cleanup: scan, then (unless a dry run) delete each candidate after re-checking it —
 * still unreferenced in the database, its session folder still idle, still the same old file or link — and remove
 * the folders it leaves empty. Deleting is confined to the library folder: every path is resolved inside it, and
 * links are unlinked, never followed.
 */
import { lstat, rmdir, unlink } from 'node:fs/promises';
import { resolveInside } from '../platform/safe-path.js';
import { DbReferenceIndex, type ReferenceLookup, type ReferenceSources } from './reference-index.js';
import { scanForOrphans, type OrphanCandidate, type ScanResult } from './orphan-scan.js';

export interface OrphanFilesOutcome {
  files: { name: string; size: number; reason: string }[];
  emptyFolders: string[];
  bytes: number;
  errors: string[];
}

export interface OrphanFilesDeps {
  /** The repositories that know what references a file (see ReferenceSources). */
  sources: ReferenceSources;
  libraryDir: string;
}

export interface OrphanPlan {
  index: DbReferenceIndex;
  scan: ScanResult;
  cutoffMs: number;
}

/** Scans and decides (changes nothing). */
export async function planOrphanedFiles(
  deps: OrphanFilesDeps,
  options: { cutoffMs: number; emptiedSinceMs?: number; signal?: AbortSignal; lookup?: ReferenceLookup },
): Promise<OrphanPlan> {
  const index = await DbReferenceIndex.load(deps.sources, deps.libraryDir, options.lookup);
  const scan = await scanForOrphans({
    libraryDir: deps.libraryDir,
    index,
    cutoffMs: options.cutoffMs,
    emptiedSinceMs: options.emptiedSinceMs,
    signal: options.signal,
  });
  return { index, scan, cutoffMs: options.cutoffMs };
}

/** Files deleted between two progress notes of a real run (`beforeBatch`). */
const BATCH = 500;

export interface ApplyOptions {
  dryRun: boolean;
  signal?: AbortSignal;
  /** Called before each batch of deletions with the batch and what is deleted so far (a run's checkpoint). */
  beforeBatch?: (batch: OrphanFilesOutcome['files'], done: OrphanFilesOutcome) => void;
}

export async function cleanOrphanedFiles(
  deps: OrphanFilesDeps,
  options: ApplyOptions & { cutoffMs: number; emptiedSinceMs?: number },
): Promise<OrphanFilesOutcome> {
  const plan = await planOrphanedFiles(deps, options);
  return applyOrphanPlan(deps, plan, options);
}

/** Lists the plan (dry run) or deletes it, re-checking every file against the database first. */
export async function applyOrphanPlan(
  deps: OrphanFilesDeps,
  plan: OrphanPlan,
  options: ApplyOptions,
): Promise<OrphanFilesOutcome> {
  const { index, scan } = plan;
  const outcome: OrphanFilesOutcome = { files: [], emptyFolders: [], bytes: 0, errors: [] };
  const sorted = [...scan.candidates].sort((a, b) => a.relative.localeCompare(b.relative));
  if (options.dryRun) {
    for (const c of sorted) record(outcome, c);
    outcome.emptyFolders = scan.emptyFolders;
    return outcome;
  }
  for (const [i, candidate] of sorted.entries()) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    if (i % BATCH === 0) options.beforeBatch?.(sorted.slice(i, i + BATCH).map(asFile), outcome);
    const error = await deleteCandidate(deps.libraryDir, index, candidate, plan.cutoffMs);
    if (error === null) record(outcome, candidate);
    else if (error !== 'skip') outcome.errors.push(error);
  }
  for (const folder of scan.emptyFolders) {
    const absolute = resolveInside(deps.libraryDir, folder);
    if (!absolute) continue;
    try {
      await rmdir(absolute); // only when empty: a file that appeared meanwhile keeps its folder
      outcome.emptyFolders.push(folder);
    } catch {
      // not empty any more, or gone already
    }
  }
  return outcome;
}

const asFile = (c: OrphanCandidate) => ({ name: c.relative, size: c.size, reason: c.reason });

function record(outcome: OrphanFilesOutcome, c: OrphanCandidate): void {
  outcome.files.push(asFile(c));
  outcome.bytes += c.size;
}

/** null when deleted, 'skip' when the re-check spared it, else the error text. */
async function deleteCandidate(
  libraryDir: string,
  index: DbReferenceIndex,
  candidate: OrphanCandidate,
  cutoffMs: number,
): Promise<string | null | 'skip'> {
  const absolute = resolveInside(libraryDir, candidate.relative);
  if (!absolute) return `refused ${candidate.relative}: outside the library folder`;
  try {
    const now = await lstat(absolute);
    const sameKind = candidate.link ? now.isSymbolicLink() : now.isFile();
    if (!sameKind || now.mtimeMs >= cutoffMs) return 'skip'; // replaced or written since the scan
    if (index.stillReferenced(candidate.relative)) return 'skip'; // gained a reference or its session got busy
    await unlink(absolute); // a link is removed as a link; its target is never touched
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'skip';
    return `could not delete ${candidate.relative}: ${(error as Error).message}`;
  }
}
