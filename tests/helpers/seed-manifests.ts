/**
 * Seeds a bucket with N signed `session.json` manifests (sessions with a transcript and an analysis), as a library
 * backing up N sessions would leave them — for the restore's kill -9 test and its benchmark. Signed with
 * `FILMROOM_MANIFEST_KEY` (pass the same key to the restoring Filmroom). PUTs run a few at a time.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { buildManifest } from '../../main/sync/manifest.js';
import { objectKey } from '../../main/sync/object-keys.js';
import { ManifestSigner } from '../../main/sync/restore/manifest-signer.js';
import { S3ClientCache } from '../../main/sync/s3-client.js';
import type { S3Config } from '../../main/sync/config.js';
import type { S3TestServer } from './s3-server.js';

export const SEED_MANIFEST_KEY = 'filmroom-seed-manifest-key';
const WORDS = ['marathon', 'zanzibar', 'budget', 'hiring', 'offsite', 'roadmap', 'feedback', 'promotion'];

export async function seedManifests(s3: S3TestServer, count: number, concurrency = 16): Promise<string[]> {
  const env = s3.env();
  const config = { bucket: s3.bucket, prefix: 'recordings/' } as S3Config;
  const signer = new ManifestSigner(new S3ClientCache(), { FILMROOM_MANIFEST_KEY: SEED_MANIFEST_KEY });
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
  });
  const ids: string[] = [];
  let next = 0;
  const one = async (i: number) => {
    const id = `ses_seed${String(i).padStart(8, '0')}`;
    const day = `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const row = {
      id,
      title: `Seeded session ${i}`,
      platform: 'zoom' as const,
      coach_id: 'default',
      client: `Client ${i % 97}`,
      recorded_at: `${day}T10:00:00.000Z`,
      created_at: `${day}T11:00:00.000Z`,
      duration: 1800,
      size: 1000,
      sha256: null,
      notes: '',
      tags: JSON.stringify(['seeded']),
      status: 'ready',
      analysis_status: 'ready',
    };
    const manifest = buildManifest({
      row: row as never,
      participants: [
        { name: 'Coach Kim', role: 'coach' },
        { name: row.client, role: 'client' },
      ],
      transcript: Array.from({ length: 20 }, (_, k) => ({
        start: k * 5,
        end: k * 5 + 4,
        speaker: k % 2 ? row.client : 'Coach Kim',
        text: `we talked about the ${WORDS[(i + k) % WORDS.length]} plan, part ${k}`,
      })),
      markers: [],
      analysis: { media: { duration: 1800 }, speakers: [{ name: 'Coach Kim', share: 0.5 }], quality: {} },
      files: [],
    });
    const body = await signer.sign(config, manifest);
    await client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: objectKey('recordings/', row, 'session.json'), Body: body }),
    );
    ids.push(id);
  };
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await one(i);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  client.destroy();
  return ids;
}
