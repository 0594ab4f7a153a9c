/** The trash (docs/api.md "Trash and storage"): trashed sessions, restore, delete for good, empty. */
import { z } from 'zod';
import { queryInt, sessionId } from './fields.js';
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
    summary: 'A page of the trash, newest first, with when each was deleted and when it will be purged',
    access: 'user',
    input: z.strictObject({
      limit: queryInt(1, 500).default(50),
      offset: queryInt(0).default(0),
      cursor: z.string().max(500).optional().describe('From `next_cursor`: the page after it (offset is ignored)'),
    }),
    output: z.object({
      items: z.array(trashedSession),
      total: z.number().describe('Sessions in the whole trash (every page)'),
      bytes: z.number().describe('Bytes of the whole trash (every page)'),
      limit: z.number(),
      offset: z.number(),
      next_cursor: z.string().nullable(),
    }),
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
