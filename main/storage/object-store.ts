/**
 * The remote copy of a library (S3 today): what the deletion orchestrator and the cleanup service need of it,
 * without depending on the sync module that implements it.
 */
export interface ObjectStore {
  /** Deletes up to 1000 keys; keys the store refused come back in `errors` (never thrown away). */
  deleteObjects(keys: string[]): Promise<{ deleted: string[]; errors: { key: string; message: string }[] }>;
}
