/**
 * The S3 part of a cleanup against an in-memory ObjectLister/ObjectStore (the S3 sync module provides the real one):
 * only unreferenced objects older than the retention go, a key that gains a reference before the delete stays,
 * stale multipart uploads are aborted unless an upload row owns them, a dry run deletes and aborts nothing, and
 * listing failures become errors instead of exceptions.
 */
import { describe, expect, it } from 'vitest';
import {
  cleanS3Orphans,
  type CleanupObjectStore,
  type ListedObject,
  type MultipartUpload,
} from '../../../main/cleanup/s3-orphans.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const CUTOFF = NOW - 24 * 3_600_000;
const old = new Date(NOW - 48 * 3_600_000);
const fresh = new Date(NOW - 3_600_000);

class FakeStore implements CleanupObjectStore {
  prefix = 'filmroom/';
  deleted: string[] = [];
  aborted: string[] = [];
  failList = false;
  onDelete: (keys: string[]) => void = () => undefined;
  constructor(
    public objects: ListedObject[],
    public uploads: MultipartUpload[],
  ) {}
  async *listObjects(prefix: string) {
    if (this.failList) throw new Error('connection refused');
    for (const o of this.objects) if (o.key.startsWith(prefix)) yield o;
  }
  async *listMultipartUploads(prefix: string) {
    for (const u of this.uploads) if (u.key.startsWith(prefix)) yield u;
  }
  async abortMultipartUpload(key: string, uploadId: string) {
    this.aborted.push(`${key}#${uploadId}`);
  }
  async deleteObjects(keys: string[]) {
    this.onDelete(keys);
    const errors = keys.filter((k) => k.includes('locked')).map((key) => ({ key, message: 'AccessDenied' }));
    const deleted = keys.filter((k) => !k.includes('locked'));
    this.deleted.push(...deleted);
    return { deleted, errors };
  }
}

function fixture() {
  const store = new FakeStore(
    [
      { key: 'filmroom/ses_1/recording.mp4', size: 100, lastModified: old },
      { key: 'filmroom/ses_gone/recording.mp4', size: 200, lastModified: old },
      { key: 'filmroom/ses_gone/fresh.mp4', size: 5, lastModified: fresh },
      { key: 'filmroom/ses_gone/locked.mp4', size: 7, lastModified: old },
      { key: 'other-app/file.bin', size: 1, lastModified: old },
    ],
    [
      { key: 'filmroom/ses_2/recording.mp4', uploadId: 'u-owned', initiated: old },
      { key: 'filmroom/ses_3/recording.mp4', uploadId: 'u-stale', initiated: old },
      { key: 'filmroom/ses_4/recording.mp4', uploadId: 'u-fresh', initiated: fresh },
    ],
  );
  const referenced = new Set(['filmroom/ses_1/recording.mp4']);
  const refs = {
    isKeyReferenced: (key: string) => referenced.has(key),
    isUploadOwned: (id: string) => id === 'u-owned',
  };
  return { store, referenced, refs };
}

describe('cleanS3Orphans', () => {
  it('a dry run lists unreferenced old objects and stale uploads, and deletes or aborts nothing', async () => {
    const { store, refs } = fixture();
    const out = await cleanS3Orphans(store, refs, { cutoffMs: CUTOFF, dryRun: true });
    expect(out.objects.map((o) => o.key)).toEqual(['filmroom/ses_gone/recording.mp4', 'filmroom/ses_gone/locked.mp4']);
    expect(out.aborted).toEqual(['filmroom/ses_3/recording.mp4']);
    expect(store.deleted).toEqual([]);
    expect(store.aborted).toEqual([]);
  });

  it('a real run deletes them (never outside the prefix), reports per-key failures, aborts only stale uploads', async () => {
    const { store, refs } = fixture();
    const out = await cleanS3Orphans(store, refs, { cutoffMs: CUTOFF, dryRun: false });
    expect(store.deleted).toEqual(['filmroom/ses_gone/recording.mp4']);
    expect(out.objects).toEqual([{ key: 'filmroom/ses_gone/recording.mp4', size: 200 }]);
    expect(out.errors).toEqual(['S3 object filmroom/ses_gone/locked.mp4: AccessDenied']);
    expect(store.aborted).toEqual(['filmroom/ses_3/recording.mp4#u-stale']);
  });

  it('re-checks references right before deleting', async () => {
    const { store, referenced, refs } = fixture();
    // The key gains a reference while the listing runs (an upload finished meanwhile).
    const original = store.listObjects.bind(store);
    store.listObjects = async function* (prefix: string) {
      yield* original(prefix);
      referenced.add('filmroom/ses_gone/recording.mp4');
    };
    await cleanS3Orphans(store, refs, { cutoffMs: CUTOFF, dryRun: false });
    expect(store.deleted).toEqual([]);
  });

  it('turns a listing failure into an error and still handles the uploads', async () => {
    const { store, refs } = fixture();
    store.failList = true;
    const out = await cleanS3Orphans(store, refs, { cutoffMs: CUTOFF, dryRun: false });
    expect(out.errors).toEqual(['could not list S3 objects: connection refused']);
    expect(store.deleted).toEqual([]);
    expect(out.aborted).toEqual(['filmroom/ses_3/recording.mp4']);
  });
});
