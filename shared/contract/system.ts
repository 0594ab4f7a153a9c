/** Health and library-wide figures. */
import { z } from 'zod';
import { operation } from './operation.js';

export const systemContract = {
  health: operation({
    method: 'GET',
    path: '/api/v1/health',
    summary: 'Liveness and library size; no token needed',
    access: 'public',
    input: z.strictObject({}),
    output: z.object({ status: z.literal('ok'), version: z.string(), sessions: z.number() }),
  }),
  stats: operation({
    method: 'GET',
    path: '/api/v1/library/stats',
    summary: 'Sessions and storage used, by status (what the status bar shows)',
    access: 'user',
    input: z.strictObject({}),
    output: z.object({
      sessions: z.number(),
      bytes: z.number(),
      by_status: z.record(z.string(), z.object({ sessions: z.number(), bytes: z.number() })),
      library_dir: z.string().nullable(),
    }),
  }),
};
