/** What "Clean up old sessions" deletes: failed sessions created more than a week ago (docs/api.md retention default). */
export const CLEANUP_FILTER = { status_filter: 'failed', older_than_days: 7 } as const;
