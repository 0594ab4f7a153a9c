/** Lists the bucket prefix (paged) and groups our objects by session folder (keys outside our layout are left alone). */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { isDeviceChangeKey, isDeviceSnapshotKey } from '../../storage/index.js';
import { parseObjectKey } from '../object-keys.js';
import type { BucketFolder, ListedObject } from './session-restorer.js';

export async function listObjects(client: S3Client, bucket: string, prefix: string): Promise<ListedObject[]> {
  const out: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: 1000 }),
    );
    for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0 });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** Session folders by session id, in listing order. */
export function groupFolders(prefix: string, listed: ListedObject[]): Map<string, BucketFolder> {
  const folders = new Map<string, BucketFolder>();
  for (const object of listed) {
    // The devices' history and snapshots (issue 20) are never session folders, whatever their names look like.
    if (isDeviceChangeKey(prefix, object.key) || isDeviceSnapshotKey(prefix, object.key)) continue;
    const parsed = parseObjectKey(prefix, object.key);
    if (!parsed) continue;
    const entry = folders.get(parsed.sessionId) ?? { parsed, objects: [] };
    entry.objects.push(object);
    folders.set(parsed.sessionId, entry);
  }
  return folders;
}
