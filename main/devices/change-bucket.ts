/**
 * The devices' change objects in the bucket: `{prefix}.sync/{device_id}/{hlc}-{n}.json`, each written once and
 * never overwritten (a retried write puts the same bytes at the same key). A device lists the others' folders
 * (one ListObjectsV2 with a delimiter), then each folder after the last key it applied (`StartAfter`): keys sort
 * as the device's clock, so nothing is read twice or skipped.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DEVICE_CHANGES_FOLDER } from '../storage/index.js';
import { parseHlc } from './hlc.js';

export interface ListedChange {
  key: string;
  lastModified: Date | null;
}

export class ChangeBucket {
  readonly root: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    prefix: string,
    private readonly sse: 'AES256' | 'off',
  ) {
    this.root = prefix + DEVICE_CHANGES_FOLDER;
  }

  /** The object key of a batch whose latest change has clock `hlc`; `n` keeps keys distinct within one clock. */
  keyFor(deviceId: string, hlc: string, n: number): string {
    const h = parseHlc(hlc);
    const stamp = h ? `${String(h.ms).padStart(16, '0')}-${String(h.counter).padStart(6, '0')}` : hlc;
    return `${this.root}${deviceId}/${stamp}-${String(n).padStart(10, '0')}.json`;
  }

  /** The device a key belongs to (its folder), or null for a key outside the layout. */
  deviceOf(key: string): string | null {
    if (!key.startsWith(this.root)) return null;
    const parts = key.slice(this.root.length).split('/');
    return parts.length === 2 && parts[0] && parts[1]?.endsWith('.json') ? parts[0] : null;
  }

  async devices(): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.root, Delimiter: '/', ContinuationToken: token }),
      );
      for (const p of page.CommonPrefixes ?? []) {
        const name = p.Prefix?.slice(this.root.length).replace(/\/$/, '');
        if (name) out.push(name);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  /** A device's objects after `startAfter` (empty: from its first), in key order, at most `limit`. */
  async after(deviceId: string, startAfter: string, limit: number): Promise<ListedChange[]> {
    const prefix = `${this.root}${deviceId}/`;
    const out: ListedChange[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          StartAfter: token ? undefined : startAfter || undefined,
          ContinuationToken: token,
          MaxKeys: Math.min(1000, limit - out.length),
        }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key && o.Key > startAfter) out.push({ key: o.Key, lastModified: o.LastModified ?? null });
      }
      token = page.IsTruncated && out.length < limit ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async read(key: string): Promise<string> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return (await answer.Body?.transformToString('utf8')) ?? '';
  }

  async write(key: string, body: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        ...(this.sse === 'AES256' ? { ServerSideEncryption: 'AES256' as const } : {}),
      }),
    );
  }

  /** Deletes keys (≤ 1000 a request); answers the keys the store refused. Only retention calls it. */
  async remove(keys: string[]): Promise<string[]> {
    const refused: string[] = [];
    for (let i = 0; i < keys.length; i += 1000) {
      const Objects = keys.slice(i, i + 1000).map((Key) => ({ Key }));
      const answer = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects, Quiet: true } }),
      );
      for (const e of answer.Errors ?? []) if (e.Key) refused.push(e.Key);
    }
    return refused;
  }
}
