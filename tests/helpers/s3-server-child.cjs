/**
 * Child process: s3rver on 127.0.0.1 plus the multipart operations it lacks (ListParts, AbortMultipartUpload,
 * ListMultipartUploads) and NoSuchUpload for parts/completes of unknown uploads — served from s3rver's own
 * upload folders, so they see exactly what s3rver stored. Prints `{"port":N}` on stdout when listening.
 * Args: <directory> <bucket>. Path-style requests only (the tests use forcePathStyle).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');
const S3rver = require('s3rver');
const S3Error = require('s3rver/lib/models/error');

const [directory, bucket] = process.argv.slice(2);
const app = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: process.env.S3RVER_VERBOSE !== '1',
  directory,
  configureBuckets: [{ name: bucket }],
  // Any secret signs: the tests use a distinctive one to prove it never leaks (the key id must still be S3RVER).
  allowMismatchedSignatures: true,
});

const uploadsDir = (b) => app.store.getResourcePath(b, undefined, 'uploads');

function noSuchUpload(uploadId) {
  return new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
}

function listParts(b, key, uploadId) {
  const dir = path.join(uploadsDir(b), uploadId);
  if (!fs.existsSync(path.join(dir, 'key'))) throw noSuchUpload(uploadId);
  const parts = fs
    .readdirSync(dir)
    .filter((n) => /^\d+$/.test(n) && fs.existsSync(path.join(dir, `${n}.md5`)))
    .map(Number)
    .sort((a, b2) => a - b2)
    .map((n) => {
      const stat = fs.statSync(path.join(dir, String(n)));
      return {
        PartNumber: n,
        LastModified: stat.mtime.toISOString(),
        ETag: JSON.stringify(fs.readFileSync(path.join(dir, `${n}.md5`), 'utf8')),
        Size: stat.size,
      };
    });
  return {
    ListPartsResult: {
      Bucket: b,
      Key: key,
      UploadId: uploadId,
      PartNumberMarker: 0,
      MaxParts: 10000,
      IsTruncated: false,
      ...(parts.length ? { Part: parts } : {}),
    },
  };
}

function listUploads(b) {
  const root = uploadsDir(b);
  const ids = fs.existsSync(root) ? fs.readdirSync(root) : [];
  const uploads = ids
    .filter((id) => fs.existsSync(path.join(root, id, 'key')))
    .map((id) => ({
      Key: fs.readFileSync(path.join(root, id, 'key'), 'utf8'),
      UploadId: id,
      Initiated: fs.statSync(path.join(root, id)).mtime.toISOString(),
    }));
  return {
    ListMultipartUploadsResult: {
      Bucket: b,
      MaxUploads: 1000,
      IsTruncated: false,
      ...(uploads.length ? { Upload: uploads } : {}),
    },
  };
}

async function extraOperations(ctx, next) {
  const url = new URL(ctx.url, 'http://x');
  const [, b, ...rest] = url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const uploadId = url.searchParams.get('uploadId');
  if (b && !key && ctx.method === 'GET' && url.searchParams.has('uploads')) {
    ctx.body = listUploads(b);
    return;
  }
  if (b && key && uploadId) {
    const known = fs.existsSync(path.join(uploadsDir(b), uploadId, 'key'));
    if (ctx.method === 'GET') {
      ctx.body = listParts(b, key, uploadId);
      return;
    }
    if (!known) throw noSuchUpload(uploadId);
    if (ctx.method === 'DELETE') {
      fs.rmSync(path.join(uploadsDir(b), uploadId), { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
  }
  await next();
}

// s3rver deletes a DeleteObjects batch in parallel, and its empty-folder cleanup races with itself (an internal
// error for keys sharing a folder): one delete at a time, as real S3 behaves from the client's point of view.
const deleteObject = app.store.deleteObject.bind(app.store);
let chain = Promise.resolve();
app.store.deleteObject = (...args) => {
  const run = chain.then(() => deleteObject(...args));
  chain = run.catch(() => undefined);
  return run;
};

/**
 * Opt-in (S3RVER_S3_LIKE_COMPLETE=1, the benchmark's second target): CompleteMultipartUpload as S3 does it. s3rver
 * re-reads every part and md5-hashes the whole object in its one JS thread — as much work as a whole PutObject,
 * after the parts already cost that much — so any multipart client (the bare SDK, aws s3 cp, ours) is capped near
 * half of one PutObject's throughput there. S3 hashes no object on complete: its ETag is the md5 of the parts'
 * md5s plus "-N". Here the parts are still joined into one file (s3rver serves one file per object), but with
 * plain copies (no hash pass) and that ETag.
 */
async function s3LikeComplete(b, uploadId, parts) {
  const dir = path.join(uploadsDir(b), uploadId);
  if (!fs.existsSync(path.join(dir, 'key'))) throw noSuchUpload(uploadId);
  const key = fs.readFileSync(path.join(dir, 'key'), 'utf8');
  const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'metadata'), 'utf8'));
  const ordered = [...parts].sort((x, y) => x.number - y.number);
  const md5s = [];
  for (const part of ordered) {
    const md5File = path.join(dir, `${part.number}.md5`);
    const md5 = fs.existsSync(md5File) ? fs.readFileSync(md5File, 'utf8') : null;
    if (md5 === null || md5 !== part.etag)
      throw new S3Error('InvalidPart', 'One or more of the specified parts could not be found.', {
        PartNumber: part.number,
      });
    md5s.push(Buffer.from(md5, 'hex'));
  }
  const objectPath = app.store.getResourcePath(b, key, 'object');
  await fs.promises.mkdir(path.dirname(objectPath), { recursive: true });
  const out = await fs.promises.open(objectPath, 'w');
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  let size = 0;
  try {
    for (const part of ordered) {
      const src = await fs.promises.open(path.join(dir, String(part.number)), 'r');
      try {
        for (;;) {
          const { bytesRead } = await src.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          await out.write(buffer, 0, bytesRead, size);
          size += bytesRead;
        }
      } finally {
        await src.close();
      }
    }
  } finally {
    await out.close();
  }
  const etag = `${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${ordered.length}`;
  await app.store.putMetadata(b, key, metadata, etag);
  fs.rmSync(dir, { recursive: true, force: true });
  return { size, md5: etag };
}

if (process.env.S3RVER_S3_LIKE_COMPLETE === '1') app.store.putObjectMultipart = s3LikeComplete;

// The store's own time for each CompleteMultipartUpload, one JSON line on stdout: the benchmark separates it from
// the client's time.
const complete = app.store.putObjectMultipart.bind(app.store);
app.store.putObjectMultipart = async (...args) => {
  const started = process.hrtime.bigint();
  const result = await complete(...args);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ complete_ms: ms, bytes: result.size }) + '\n');
  return result;
};

// Before s3rver's router (the last middleware), after its XML encoder and error handling.
app.middleware.splice(app.middleware.length - 1, 0, extraOperations);

app.run((err, { port }) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({ port }) + '\n');
});
