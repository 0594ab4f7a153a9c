/**
 * A real S3-protocol server for tests: s3rver in its own process on 127.0.0.1 (random port, temp folder), with the
 * multipart operations it lacks added by `s3-server-child.cjs`. Plus `awsCli()`, Debian's awscli as an independent
 * client to check what Filmroom wrote, and `bareS3Client()`, the SDK pointed straight at it.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 's3-server-child.cjs');

export const S3_TEST_KEY = 'S3RVER';
export const S3_TEST_SECRET = 'fr-test-secret-7Qx9Lw2Vb8';

export interface StoreComplete {
  ms: number;
  bytes: number;
}

export interface S3TestServer {
  endpoint: string;
  port: number;
  bucket: string;
  directory: string;
  /** The store's own time for each CompleteMultipartUpload so far, in order. */
  completes(): StoreComplete[];
  /** The environment that points Filmroom (and awscli) at this server. */
  env(endpoint?: string): Record<string, string>;
  stop(): Promise<void>;
}

export interface S3ServerOptions {
  /** CompleteMultipartUpload as S3 does it (no whole-object md5 pass; ETag md5-of-md5s-N): see s3-server-child.cjs. */
  s3LikeComplete?: boolean;
  /** Where the store's temp folder goes (default: the OS temp dir; the benchmark puts one on tmpfs). */
  directoryRoot?: string;
}

export async function startS3Server(bucket = 'filmroom-test', options: S3ServerOptions = {}): Promise<S3TestServer> {
  const directory = mkdtempSync(join(options.directoryRoot ?? tmpdir(), 'filmroom-s3-'));
  const child: ChildProcess = spawn(process.execPath, ['--openssl-legacy-provider', CHILD, directory, bucket], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, S3RVER_S3_LIKE_COMPLETE: options.s3LikeComplete ? '1' : '0' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const completes: StoreComplete[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      resolve((JSON.parse(line) as { port: number }).port);
      lines.on('line', (next) => {
        if (!next.startsWith('{"complete_ms"')) return; // s3rver's own log when S3RVER_VERBOSE=1
        const c = JSON.parse(next) as { complete_ms: number; bytes: number };
        completes.push({ ms: c.complete_ms, bytes: c.bytes });
      });
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}): ${stderr}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    bucket,
    directory,
    completes: () => [...completes],
    env: (through = endpoint) => ({
      AWS_S3_BUCKET: bucket,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: through,
      AWS_ACCESS_KEY_ID: S3_TEST_KEY,
      AWS_SECRET_ACCESS_KEY: S3_TEST_SECRET,
      FILMROOM_S3_FORCE_PATH_STYLE: 'true',
    }),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Debian's awscli v2 when present (the pyenv shim on PATH may be v1), else `aws` on PATH, else null. */
export function awsCliPath(): string | null {
  if (existsSync('/usr/bin/aws')) return '/usr/bin/aws';
  const found = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

export interface AwsResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `aws --endpoint-url <server> <args…>` with the test credentials (and no user config). */
export function awsCli(server: S3TestServer, args: string[]): AwsResult {
  const aws = awsCliPath();
  if (!aws) throw new Error('awscli is not installed');
  const home = mkdtempSync(join(tmpdir(), 'filmroom-aws-'));
  try {
    const out = spawnSync(aws, ['--endpoint-url', server.endpoint, ...args], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        AWS_ACCESS_KEY_ID: S3_TEST_KEY,
        AWS_SECRET_ACCESS_KEY: S3_TEST_SECRET,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_PAGER: '',
      },
    });
    return { status: out.status ?? -1, stdout: out.stdout, stderr: out.stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** A bare SDK client on the test server (no Filmroom in between): to plant, read or list objects directly. */
export function bareS3Client(server: S3TestServer): S3Client {
  const env = server.env();
  return new S3Client({
    region: 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
  });
}
