/**
 * The two object calls change objects and snapshots share: write one JSON object (with the library's SSE setting),
 * and delete keys in batches, answering what the store refused (kept, retried by a later retention run).
 */
import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface BucketTarget {
  client: S3Client;
  bucket: string;
  sse: 'AES256' | 'off';
}

export async function putJsonObject(to: BucketTarget, key: string, body: string): Promise<void> {
  await to.client.send(
    new PutObjectCommand({
      Bucket: to.bucket,
      Key: key,
      Body: body,
      ContentType: 'application/json',
      ...(to.sse === 'AES256' ? { ServerSideEncryption: 'AES256' as const } : {}),
    }),
  );
}

/** DeleteObjects takes at most 1,000 keys a request. */
export async function deleteObjects(from: BucketTarget, keys: string[]): Promise<string[]> {
  const refused: string[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    const Objects = keys.slice(i, i + 1000).map((Key) => ({ Key }));
    const answer = await from.client.send(
      new DeleteObjectsCommand({ Bucket: from.bucket, Delete: { Objects, Quiet: true } }),
    );
    for (const e of answer.Errors ?? []) if (e.Key) refused.push(e.Key);
  }
  return refused;
}
