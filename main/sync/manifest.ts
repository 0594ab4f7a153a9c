/**
 * `session.json`: everything a new machine needs to rebuild a session from the bucket (row, participants,
 * transcript, markers and notes, the analysis result, files, trash state). Signed (`restore/manifest-signer.ts`). Volatile fields (updated_at, upload_state) are left
 * out so an unchanged session gives a byte-identical manifest and is not sent twice.
 */
import { z } from 'zod';
import type { Marker } from '../../shared/contract/analysis.js';
import { PLATFORMS } from '../../shared/contract/session-schema.js';
import type { SessionFileRow, SessionRow } from '../library/index.js';
import type { Participant } from '../../shared/contract/session-schema.js';
import type { StoredSpeakerEdit, TranscriptSegmentOut } from '../library/index.js';

export const MANIFEST_VERSION = 1;

export const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  session: z.object({
    id: z.string().min(1).max(64),
    title: z.string(),
    platform: z.enum(PLATFORMS),
    coach_id: z.string(),
    client: z.string(),
    recorded_at: z.string(),
    created_at: z.string(),
    duration: z.number().nullable(),
    size: z.number(),
    sha256: z.string().nullable(),
    notes: z.string(),
    tags: z.array(z.string()),
    status: z.string(),
    analysis_status: z.string().optional(),
    /** The coach's share of talk time (0–1) the row keeps for the list; only when the analysis found speakers. */
    coach_share: z.number().min(0).max(1).nullish(),
    /** Set while the session is in the trash: it comes back in the trash, with its purge date. */
    trash: z.object({ former_status: z.string(), deleted_at: z.string(), purge_at: z.string() }).nullish(),
  }),
  participants: z.array(z.object({ name: z.string(), role: z.string() })),
  transcript: z.array(
    z.object({ start: z.number(), end: z.number(), speaker: z.string().nullable(), text: z.string() }),
  ),
  markers: z.array(
    z.object({
      t: z.number().nullable(),
      kind: z.string(),
      author: z.string().nullable(),
      text: z.string(),
      created_at: z.string(),
    }),
  ),
  analysis: z.record(z.string(), z.unknown()).nullable(),
  /**
   * The coach's renames and merges of speakers (`speaker_edits`, in order): the analysis above already shows them,
   * and a re-analysis of the restored session replays them. Absent when there are none (older manifests too).
   */
  speaker_edits: z
    .array(
      z.object({
        kind: z.enum(['rename', 'merge']),
        name: z.string().optional(),
        target: z.array(z.tuple([z.number(), z.number()])),
        source: z.array(z.tuple([z.number(), z.number()])).optional(),
      }),
    )
    .optional(),
  files: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      size: z.number(),
      sha256: z.string().nullable(),
      key: z.string(),
      participant: z.string().nullish(),
    }),
  ),
});
export type Manifest = z.infer<typeof manifestSchema>;

export interface ManifestInput {
  row: SessionRow;
  participants: Participant[];
  transcript: TranscriptSegmentOut[];
  markers: Marker[];
  analysis: Record<string, unknown> | null;
  speakerEdits?: StoredSpeakerEdit[];
  files: (SessionFileRow & { key: string })[];
  trash?: { former_status: string; deleted_at: string; purge_at: string } | null;
}

export function buildManifest(input: ManifestInput): Manifest {
  const { row } = input;
  let tags: string[];
  try {
    tags = JSON.parse(row.tags) as string[];
  } catch {
    tags = [];
  }
  return {
    version: MANIFEST_VERSION,
    session: {
      id: row.id,
      title: row.title,
      platform: row.platform,
      coach_id: row.coach_id,
      client: row.client,
      recorded_at: row.recorded_at,
      created_at: row.created_at,
      duration: row.duration,
      size: row.size,
      sha256: row.sha256,
      notes: row.notes,
      tags,
      status: input.trash ? input.trash.former_status : row.status,
      analysis_status: row.analysis_status,
      // Only when set: an unchanged session without speakers keeps a byte-identical manifest (not sent again).
      ...(row.coach_share !== null && row.coach_share !== undefined ? { coach_share: row.coach_share } : {}),
      ...(input.trash ? { trash: input.trash } : {}),
    },
    participants: input.participants.map((p) => ({ name: p.name, role: p.role })),
    transcript: input.transcript,
    markers: input.markers.map((m) => ({
      t: m.t,
      kind: m.kind,
      author: m.author,
      text: m.text,
      created_at: m.created_at,
    })),
    // The whole result (speech segments, speakers, media facts…): a restored session answers the same analysis.
    analysis: input.analysis,
    ...(input.speakerEdits?.length ? { speaker_edits: input.speakerEdits } : {}),
    files: input.files.map((f) => ({
      kind: f.kind,
      name: f.name,
      size: f.size,
      sha256: f.sha256,
      key: f.key,
      ...(f.participant ? { participant: f.participant } : {}),
    })),
  };
}
