/** App settings that a coach changes in the UI (and tools through the API). */
import { z } from 'zod';
import { operation } from './operation.js';

export const settingsSchema = z.object({
  /** Folders watched for new recordings (default: the OS Zoom recordings folder). */
  watch_folders: z.array(z.string().trim().min(1).max(4096)).max(20),
  watch_enabled: z.boolean(),
  /** Copy watched recordings into the library (true) or reference them where they are. */
  watch_copy: z.boolean(),
  /** Queue analysis of every new import. */
  auto_analyze: z.boolean(),
  /** The coach's name: signs the notes written in the desktop app (empty: notes are signed "admin"). */
  display_name: z.string().trim().max(100),
  /**
   * URL imports started with an admin token may fetch local and private network addresses (127.0.0.1, the LAN).
   * Off by default; coach tokens only ever fetch public addresses.
   */
  url_import_allow_local: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsContract = {
  get: operation({
    method: 'GET',
    path: '/api/v1/settings',
    summary: 'App settings (watch folders, automatic analysis, URL import addresses, display name) (admin)',
    access: 'admin',
    input: z.strictObject({}),
    output: settingsSchema.extend({ default_watch_folder: z.string() }),
  }),
  update: operation({
    method: 'PATCH',
    path: '/api/v1/settings',
    summary: 'Change app settings (admin)',
    access: 'admin',
    input: z.strictObject(settingsSchema.partial().shape),
    output: settingsSchema.extend({ default_watch_folder: z.string() }),
  }),
};
