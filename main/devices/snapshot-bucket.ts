/**
 * The snapshots' objects in the bucket (layout in `snapshot-format.ts`), and each device's published cursors. The
 * change objects' layout is not known here (that is `change-bucket.ts`): snapshots name change objects only by the
 * keys the change bucket gave them.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { deleteObjects, putJsonObject, type BucketTarget } from './bucket-objects.js';
import { DEVICE_SNAPSHOTS_FOLDER } from '../storage/index.js';
import { CURSORS_GROUP } from './snapshot-format.js';

export interface SnapshotLayout {
  /** group → snapshot id → its keys. */
  sets: Map<string, Map<string, string[]>>;
  cursorDevices: string[];
}

/** A group's snapshot ids, newest first. */
export const newestFirst = (group: Map<string, string[]> | undefined) => [...(group?.keys() ?? [])].sort().reverse();

export class SnapshotBucket {
  readonly root: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    prefix: string,
    private readonly sse: 'AES256' | 'off',
  ) {
    this.root = prefix + DEVICE_SNAPSHOTS_FOLDER;
  }

  partKey(group: string, snapshotId: string, n: number): string {
    return `${this.root}${group}/${snapshotId}/part-${String(n).padStart(5, '0')}.json`;
  }

  manifestKey(group: string, snapshotId: string): string {
    return `${this.root}${group}/${snapshotId}/manifest.json`;
  }

  cursorsKey(deviceId: string): string {
    return `${this.root}${CURSORS_GROUP}/${deviceId}.json`;
  }

  /**
   * What the snapshot folder holds, from one plain listing (no delimiter: s3rver reports nested common prefixes
   * wrongly, and the folder holds tens of keys): each group's sets (id → keys) and the devices with cursors.
   */
  async layout(): Promise<SnapshotLayout> {
    const sets = new Map<string, Map<string, string[]>>();
    const cursorDevices: string[] = [];
    for (const key of await this.keys(this.root)) {
      const parts = key.slice(this.root.length).split('/');
      if (parts[0] === CURSORS_GROUP && parts.length === 2 && parts[1]!.endsWith('.json')) {
        cursorDevices.push(parts[1]!.slice(0, -'.json'.length));
      } else if (parts.length === 3 && parts[0] && parts[1]) {
        const group = sets.get(parts[0]) ?? new Map<string, string[]>();
        group.set(parts[1], [...(group.get(parts[1]) ?? []), key]);
        sets.set(parts[0], group);
      }
    }
    return { sets, cursorDevices };
  }

  /** Every key under `prefix` (paged). */
  async keys(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  /** The object's text, or null when it is not there (a set deleted by retention meanwhile). */
  async read(key: string): Promise<string | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await answer.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async write(key: string, body: string): Promise<void> {
    await putJsonObject(this.#target(), key, body);
  }

  /** Deletes keys in batches of ≤ 1000; answers the keys the store refused (kept, retried by a later run). */
  async delete(keys: string[]): Promise<string[]> {
    return deleteObjects(this.#target(), keys);
  }

  #target(): BucketTarget {
    return { client: this.client, bucket: this.bucket, sse: this.sse };
  }
}
