/** The trash (docs/api.md "Trash and storage"): trashed sessions, restore, delete for good, empty. */
import { z } from 'zod';
import { sessionId } from './fields.js';
import { operation } from './operation.js';
import { session } from './session-schema.js';

export const trashedSession = session.extend({ deleted_at: z.string(), purge_at: z.string().nullable() });
export type TrashedSession = z.infer<typeof trashedSession>;

export const trashEmptyResult = z.object({
  deleted_count: z.number(),
  bytes_freed: z.number(),
  errors: z.array(z.object({ session_id: z.string(), error: z.string() })),
});

const byId = z.strictObject({ id: sessionId });

export const trashContract = {
  list: operation({
    method: 'GET',
    path: '/api/v1/trash',
    summary: 'Sessions in the trash with when they were deleted and when they will be purged',
    access: 'user',
    input: z.strictObject({}),
    output: z.object({ items: z.array(trashedSession), total: z.number(), bytes: z.number() }),
  }),
  restore: operation({
    method: 'POST',
    path: '/api/v1/trash/{id}/restore',
    summary: 'Bring a trashed session back with its former status',
    access: 'user',
    input: byId,
    output: session,
  }),
  remove: operation({
    method: 'DELETE',
    path: '/api/v1/trash/{id}',
    summary: 'Delete a trashed session for good (as DELETE /sessions/{id})',
    access: 'user',
    input: byId,
    output: z.null(),
    status: 204,
  }),
  empty: operation({
    method: 'DELETE',
    path: '/api/v1/trash',
    summary: 'Delete every trashed session for good',
    access: 'user',
    input: z.strictObject({}),
    output: trashEmptyResult,
  }),
};
