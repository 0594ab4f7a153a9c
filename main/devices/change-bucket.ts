/**
 * The devices' change objects in the bucket: `{prefix}.sync/{coach_slug}/{device_id}/{ms}-{counter}-{seq}.json`
 * (one object per coach per push; the coach slug as the session folders spell it, `sync/object-keys.ts`), each
 * written once and never overwritten (a retried write puts the same bytes at the same key). A device lists the
 * coach folders it may read (every one for an admin's device, its coach's alone for a coach's device), the device
 * folders in each, then each folder after the last key it applied (`StartAfter`): keys sort as the device's clock,
 * so nothing is read twice or skipped.
 *
 * A coach folder is also announced by an empty object beside it, `.sync/{coach_slug}.folder`, written by a device
 * before its first object there (idempotent): a listing of `.sync/` with a delimiter finds the coach folders from
 * those alone on stores whose delimiter listing does not report folders two levels deep (s3rver); the folders it
 * does report (AWS S3) are taken as well.
 *
 * The layout before coach scoping, `{prefix}.sync/{device_id}/…`, is still read (a device id, `dev_<hex>`, holds a
 * `_`, which no coach slug does); nothing is written there any more.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { deleteObjects, putJsonObject, type BucketTarget } from './bucket-objects.js';
import { DEVICE_CHANGES_FOLDER } from '../storage/index.js';
import { slug } from '../sync/index.js';
import { parseHlc } from './hlc.js';

export interface ListedChange {
  key: string;
  lastModified: Date | null;
}

/** One device's folder: `{coach}/{device}` (null coach: the old layout, `{device}`). */
export interface ChangeFolder {
  /** The folder's path below `.sync/`, without the trailing slash: the read cursor's name. */
  folder: string;
  coach: string | null;
  device: string;
}

/** The folder name of a coach: the slug the coach's session folders use (`sessionFolderKey`). */
export function coachFolder(coachId: string): string {
  return slug(coachId, 'default');
}

/** Device ids hold a `_` (`dev_<hex>`); coach slugs never do: that tells the old layout's folders from the new. */
const isDeviceId = (name: string) => name.includes('_');
const FOLDER_MARKER = '.folder';

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

  /** The object key of a batch of one coach's changes whose latest has clock `hlc`; `n` keeps keys distinct. */
  keyFor(coachId: string, deviceId: string, hlc: string, n: number): string {
    const h = parseHlc(hlc);
    const stamp = h ? `${String(h.ms).padStart(16, '0')}-${String(h.counter).padStart(6, '0')}` : hlc;
    return `${this.root}${coachFolder(coachId)}/${deviceId}/${stamp}-${String(n).padStart(10, '0')}.json`;
  }

  /** Announces a coach folder (before the first object a device writes there; the same empty object each time). */
  async announce(coachId: string): Promise<void> {
    await this.write(`${this.root}${coachFolder(coachId)}${FOLDER_MARKER}`, '');
  }

  /** The folder a key belongs to (coach and device from the key path alone), or null outside the layout. */
  folderOf(key: string): ChangeFolder | null {
    if (!key.startsWith(this.root) || !key.endsWith('.json')) return null;
    const parts = key.slice(this.root.length).split('/');
    if (parts.some((p) => p === '')) return null;
    if (parts.length === 2 && isDeviceId(parts[0]!)) return { folder: parts[0]!, coach: null, device: parts[0]! };
    if (parts.length === 3 && !isDeviceId(parts[0]!) && isDeviceId(parts[1]!))
      return { folder: `${parts[0]}/${parts[1]}`, coach: parts[0]!, device: parts[1]! };
    return null;
  }

  /**
   * The device folders this device may read: of one coach (`coach` set: a coach's device), else of every coach,
   * with the old layout's folders either way. One listing per coach folder, plus one of `.sync/` itself.
   */
  async folders(coach: string | null): Promise<ChangeFolder[]> {
    const top = await this.#names(this.root, FOLDER_MARKER);
    const out: ChangeFolder[] = top.filter(isDeviceId).map((d) => ({ folder: d, coach: null, device: d }));
    const coaches = top.filter((n) => !isDeviceId(n) && (coach === null || n === coachFolder(coach)));
    for (const c of coaches)
      for (const d of await this.#names(`${this.root}${c}/`))
        if (isDeviceId(d)) out.push({ folder: `${c}/${d}`, coach: c, device: d });
    return out;
  }

  /** The folder names right below `prefix`, and the names of the `marker` objects there (without the marker). */
  async #names(prefix: string, marker?: string): Promise<string[]> {
    const out = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
      );
      for (const p of page.CommonPrefixes ?? []) {
        const name = p.Prefix?.slice(prefix.length).replace(/\/$/, '');
        if (name) out.add(name);
      }
      for (const o of marker ? (page.Contents ?? []) : []) {
        const name = o.Key?.slice(prefix.length);
        if (name?.endsWith(marker!) && !name.includes('/')) out.add(name.slice(0, -marker!.length));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return [...out];
  }

  /** A folder's objects after `startAfter` (empty: from its first), in key order, at most `limit`. */
  async after(folder: string, startAfter: string, limit: number): Promise<ListedChange[]> {
    const prefix = `${this.root}${folder}/`;
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
        // Only the folder's own objects (a key one level deeper is not in the layout).
        if (o.Key && o.Key > startAfter && !o.Key.slice(prefix.length).includes('/'))
          out.push({ key: o.Key, lastModified: o.LastModified ?? null });
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
    await putJsonObject(this.#target(), key, body);
  }

  /** Deletes keys (≤ 1000 a request); answers the keys the store refused. Only retention calls it. */
  async remove(keys: string[]): Promise<string[]> {
    return deleteObjects(this.#target(), keys);
  }

  #target(): BucketTarget {
    return { client: this.client, bucket: this.bucket, sse: this.sse };
  }
}
