/**
 * The steps every two-device test takes through the API: turn sync on with settings, and "sync now" until a pass
 * that started after the request has emptied this device's outbox.
 */
import { expect } from 'vitest';
import type { Loose } from '../../helpers/server.js';
import type { ServeChild } from '../import-api/child-process.js';
import { until } from '../sync/sync-helpers.js';

/** Turns sync on (poll once an hour unless given: the tests sync by hand), no automatic downloads. */
export async function enableSync(server: ServeChild, settings: Loose): Promise<Loose> {
  const put = await server.api('/api/v1/devices/settings', {
    method: 'PUT',
    json: { enabled: true, poll_seconds: 3600, keep_local_days: null, ...settings },
  });
  expect(put.status, put.text).toBe(200);
  return put.body;
}

/** "Sync now", then wait until this device's outbox is empty and a pass ended after the request. */
export async function syncNow(server: ServeChild): Promise<Loose> {
  const before = (await server.api('/api/v1/devices')).body.devices[0].last_seen_at as string | null;
  const started = await server.api('/api/v1/devices/sync-now', { method: 'POST', json: {} });
  expect(started.status, started.text).toBe(202);
  return until(async () => {
    const view = (await server.api('/api/v1/devices')).body;
    const self = view.devices[0];
    return self.pending_out === 0 && self.last_seen_at !== null && self.last_seen_at !== before ? view : undefined;
  }, 60_000);
}
