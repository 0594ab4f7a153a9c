/**
 * The soak's operations: each picks its target with the seeded generator, calls the real API, and records in the
 * ledger what a 2xx answer acknowledged (and, before the answer, what may be under way). An answer that is neither
 * a 2xx nor a clear refusal (4xx / 503 with `{ error, code }`) is reported, except while the disk is full.
 */
import { relative } from 'node:path';
import { call, clearRefusal, type Answer, type CallOptions } from './http.js';
import type { Entry, Ledger } from './ledger.js';
import type { MediaHost, MediaPool } from './media.js';
import type { Failure } from './invariants.js';
import type { Rng } from './rng.js';

export interface Ctx {
  rng: Rng;
  ledger: Ledger;
  pool: MediaPool;
  host: MediaHost;
  base: string;
  token: string;
  step: number;
  /** Sessions an operation is working on now (two operations never target the same one at once). */
  busy: Set<string>;
  diskFull: boolean;
  failures: (Failure & { step: number })[];
  /** Every call and its answer, when tracing (`--trace FILE`). */
  trace: ((line: string) => void) | null;
  /** The running server's output (its log), for the report of an unclear answer. */
  serverLog: () => string;
}

export type OpName = keyof typeof OPS;

async function api(ctx: Ctx, label: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const a = await call(ctx.base, ctx.token, path, o);
  ctx.trace?.(
    `${ctx.step} ${label} ${o.method ?? 'GET'} ${path} ${o.json ? JSON.stringify(o.json) : ''} -> ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`,
  );
  const unclear = a.status !== 0 && !(a.status >= 200 && a.status < 300) && !clearRefusal(a);
  if (unclear && !ctx.diskFull)
    ctx.failures.push({
      check: 'every answer is a 2xx or a clear refusal',
      detail: `${label} ${o.method ?? 'GET'} ${path}: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}; log: ${logExcerpt(ctx.serverLog())}`,
      step: ctx.step,
    });
  return a;
}

/** The server's last error lines (pino JSON with level >= 50, or any line mentioning an error). */
function logExcerpt(log: string): string {
  const lines = log.split('\n').filter((l) => /"level":(50|60)|Error|error/.test(l));
  return lines.slice(-3).join(' | ').slice(0, 1200);
}

const ok = (a: Answer) => a.status >= 200 && a.status < 300;

/** A session to work on: present, not busy; `trashed` picks from the trash instead. */
function target(ctx: Ctx, trashed = false): Entry | null {
  const candidates = ctx.ledger
    .present()
    .filter((e) => !ctx.busy.has(e.id) && e.presence.size === 1 && e.trashed.size === 1 && e.trashed.has(trashed));
  return candidates.length ? ctx.rng.pick(candidates) : null;
}

async function withTarget(ctx: Ctx, trashed: boolean, fn: (e: Entry) => Promise<void>): Promise<void> {
  const e = target(ctx, trashed);
  if (!e) return;
  ctx.busy.add(e.id);
  try {
    await fn(e);
  } finally {
    ctx.busy.delete(e.id);
  }
}

function recordImport(ctx: Ctx, a: Answer, shas: string[], inPlace: string | null = null): void {
  if (!ok(a)) return;
  for (const s of (a.body?.sessions ?? []) as { id: string }[])
    ctx.ledger.add(s.id, ctx.step, { shas: new Set(shas), inPlace });
}

export const OPS = {
  async importFolder(ctx: Ctx): Promise<void> {
    const dir = ctx.pool.folder();
    const clips = [ctx.pool.clip(dir)];
    if (ctx.rng.chance(0.4)) clips.push(ctx.pool.clip(dir, ctx.rng.chance(0.5)));
    for (const c of clips) ctx.ledger.sources.set(c.path, c.sha256);
    const a = await api(ctx, 'importFolder', '/api/v1/sessions/import', { method: 'POST', json: { path: dir } });
    recordImport(
      ctx,
      a,
      clips.map((c) => c.sha256),
    );
  },
  async importFile(ctx: Ctx): Promise<void> {
    const corrupt = ctx.rng.chance(0.15);
    const c = ctx.pool.clip(ctx.pool.folder(), corrupt);
    ctx.ledger.sources.set(c.path, c.sha256);
    const copy = corrupt || ctx.rng.chance(0.8);
    const title = `file ${ctx.step}`;
    const a = await api(ctx, 'importFile', '/api/v1/sessions/import', {
      method: 'POST',
      json: { path: c.path, copy, title },
    });
    recordImport(ctx, a, [c.sha256], copy ? null : c.path);
  },
  async uploadImport(ctx: Ctx): Promise<void> {
    const c = ctx.pool.clip(ctx.pool.folder(), ctx.rng.chance(0.15));
    ctx.ledger.sources.set(c.path, c.sha256);
    const a = await api(ctx, 'uploadImport', '/api/v1/sessions/import', { method: 'POST', file: c.path });
    recordImport(ctx, a, [c.sha256]);
  },
  async urlImport(ctx: Ctx): Promise<void> {
    const c = ctx.pool.clip(ctx.pool.folder(), ctx.rng.chance(0.1));
    ctx.ledger.sources.set(c.path, c.sha256);
    const url = ctx.host.url(relative(ctx.pool.dir, c.path));
    const a = await api(ctx, 'urlImport', '/api/v1/sessions/import', { method: 'POST', json: { url } });
    recordImport(ctx, a, [c.sha256]);
  },
  async analyze(ctx: Ctx): Promise<void> {
    await withTarget(ctx, false, (e) =>
      api(ctx, 'analyze', `/api/v1/sessions/${e.id}/analyze`, { method: 'POST' }).then(() => undefined),
    );
  },
  async edit(ctx: Ctx): Promise<void> {
    await withTarget(ctx, false, async (e) => {
      const title = `edited ${ctx.step} ${ctx.rng.int(0, 9999)}`;
      const tracked = e.titles;
      tracked?.add(title);
      const a = await api(ctx, 'edit', `/api/v1/sessions/${e.id}`, {
        method: 'PATCH',
        json: { title, tags: [`t${ctx.rng.int(0, 5)}`], notes: `notes ${ctx.step}` },
      });
      if (ok(a)) e.titles = new Set([title]);
      else if (a.status !== 0 && tracked) tracked.delete(title);
      else if (!tracked && a.status === 0) e.titles = null;
    });
  },
  async addMarker(ctx: Ctx): Promise<void> {
    await withTarget(ctx, false, async (e) => {
      const text = `marker ${ctx.step}`;
      const a = await api(ctx, 'addMarker', `/api/v1/sessions/${e.id}/markers`, {
        method: 'POST',
        json: { t: ctx.rng.int(0, 1), kind: 'marker', text },
      });
      if (ok(a) && typeof a.body?.id === 'number') e.markers.set(a.body.id, text);
    });
  },
  async removeMarker(ctx: Ctx): Promise<void> {
    await withTarget(ctx, false, async (e) => {
      const ids = [...e.markers.keys()];
      if (!ids.length) return;
      const mid = ctx.rng.pick(ids);
      e.markersMaybeGone.add(mid);
      const a = await api(ctx, 'removeMarker', `/api/v1/sessions/${e.id}/markers/${mid}`, { method: 'DELETE' });
      if (ok(a)) e.markers.delete(mid);
    });
  },
  async backup(ctx: Ctx): Promise<void> {
    await withTarget(ctx, false, (e) =>
      api(ctx, 'backup', `/api/v1/sessions/${e.id}/sync`, { method: 'POST' }).then(() => undefined),
    );
  },
  async offload(ctx: Ctx): Promise<void> {
    await withTarget(ctx, false, (e) =>
      api(ctx, 'offload', `/api/v1/sessions/${e.id}/offload`, { method: 'POST' }).then(() => undefined),
    );
  },
  async restoreLocal(ctx: Ctx): Promise<void> {
    await withTarget(ctx, false, (e) =>
      api(ctx, 'restoreLocal', `/api/v1/sessions/${e.id}/restore-local`, { method: 'POST' }).then(() => undefined),
    );
  },
  async trash(ctx: Ctx): Promise<void> {
    await withTarget(ctx, false, async (e) => {
      ctx.ledger.pending(e, 'trashed', true);
      const a = await api(ctx, 'trash', `/api/v1/sessions/${e.id}`, { method: 'DELETE', query: { trash: true } });
      if (ok(a)) ctx.ledger.settle(e, 'trashed', true);
      else if (a.status !== 0) ctx.ledger.settle(e, 'trashed', false);
    });
  },
  async restoreTrash(ctx: Ctx): Promise<void> {
    await withTarget(ctx, true, async (e) => {
      ctx.ledger.pending(e, 'trashed', false);
      const a = await api(ctx, 'restoreTrash', `/api/v1/trash/${e.id}/restore`, { method: 'POST' });
      if (ok(a)) ctx.ledger.settle(e, 'trashed', false);
      else if (a.status !== 0) ctx.ledger.settle(e, 'trashed', true);
    });
  },
  async purge(ctx: Ctx): Promise<void> {
    await withTarget(ctx, true, async (e) => {
      ctx.ledger.pending(e, 'presence', 'gone');
      const a = await api(ctx, 'purge', `/api/v1/trash/${e.id}`, { method: 'DELETE' });
      if (ok(a)) ctx.ledger.settle(e, 'presence', 'gone');
    });
  },
  async deleteSession(ctx: Ctx): Promise<void> {
    await withTarget(ctx, false, async (e) => {
      ctx.ledger.pending(e, 'presence', 'gone');
      const a = await api(ctx, 'delete', `/api/v1/sessions/${e.id}`, { method: 'DELETE' });
      if (ok(a)) ctx.ledger.settle(e, 'presence', 'gone');
    });
  },
  async emptyTrash(ctx: Ctx): Promise<void> {
    // Whatever may be in the trash may go; what surely is there (no restore under way) surely goes. Sessions it
    // may empty are busy meanwhile, so no restore from the trash starts on them while the answer is awaited.
    // A session being moved to the trash meanwhile (busy, its trash state pending) may go too.
    for (const e of ctx.ledger.present())
      if (e.trashed.has(true) && ctx.busy.has(e.id)) ctx.ledger.pending(e, 'presence', 'gone');
    const inTrash = ctx.ledger.present().filter((e) => e.trashed.has(true) && !ctx.busy.has(e.id));
    for (const e of inTrash) {
      ctx.ledger.pending(e, 'presence', 'gone');
      ctx.busy.add(e.id);
    }
    try {
      const a = await api(ctx, 'emptyTrash', '/api/v1/trash', { method: 'DELETE' });
      if (ok(a))
        for (const e of inTrash)
          if (e.trashed.size === 1 && e.trashed.has(true)) ctx.ledger.settle(e, 'presence', 'gone');
    } finally {
      for (const e of inTrash) ctx.busy.delete(e.id);
    }
  },
  async cleanup(ctx: Ctx): Promise<void> {
    const dry = ctx.rng.chance(0.3);
    await api(ctx, 'cleanup', '/api/admin/cleanup/all', { method: 'POST', query: { dry_run: dry } });
  },
  async bulkDeleteFailed(ctx: Ctx): Promise<void> {
    // Which sessions are failed is the library's to say: every one not seen settled may go.
    const list = await api(ctx, 'list', '/api/v1/sessions', { query: { limit: 500, exclude_failed: false } });
    if (!ok(list)) return;
    // Settled: imported and not being analysed. (A failed analysis no longer makes a session `failed`: a soak run
    // caught a good recording taken by this delete after its analysis failed on a full disk. The filter stays as
    // a margin: only an import can fail a session.)
    const settled = new Set(
      (list.body.items as { id: string; status: string; analysis_status?: string }[])
        .filter((s) => s.status === 'uploaded' || s.status === 'ready')
        .filter((s) => s.analysis_status !== 'queued' && s.analysis_status !== 'processing')
        .map((s) => s.id),
    );
    // Busy ones too: the bulk delete takes every failed session, whatever else is under way on it.
    const maybe = ctx.ledger.present().filter((e) => !settled.has(e.id));
    for (const e of maybe) ctx.ledger.pending(e, 'presence', 'gone');
    await api(ctx, 'bulkDelete', '/api/v1/sessions/bulk', { method: 'DELETE', query: { status_filter: 'failed' } });
  },
  async syncBucket(ctx: Ctx): Promise<void> {
    await api(ctx, 'syncBucket', '/api/v1/recordings/sync-bucket', { method: 'POST' });
  },
};

/** How often each operation is drawn. */
export const WEIGHTS: Record<OpName, number> = {
  importFolder: 6,
  importFile: 8,
  uploadImport: 6,
  urlImport: 6,
  analyze: 6,
  edit: 8,
  addMarker: 8,
  removeMarker: 3,
  backup: 10,
  offload: 6,
  restoreLocal: 4,
  trash: 4,
  restoreTrash: 3,
  purge: 2,
  deleteSession: 3,
  emptyTrash: 1,
  cleanup: 3,
  bulkDeleteFailed: 2,
  syncBucket: 3,
};
