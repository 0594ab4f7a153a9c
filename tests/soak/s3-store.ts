/**
 * The soak's S3 side: s3rver in a child process on a folder that outlives it (so it can be SIGKILLed and started
 * again with what it had stored), a re-targetable TCP switch in front of it (its port changes at every start), and
 * the test fault proxy in front of the switch. Filmroom talks to the proxy; the checks talk to s3rver directly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { startFaultProxy, type FaultProxy } from '../helpers/s3-fault-proxy.js';
import { S3_TEST_KEY, S3_TEST_SECRET } from '../helpers/s3-server.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 's3-server-child.cjs');

export interface SoakStore {
  bucket: string;
  proxy: FaultProxy;
  /** The environment that points `filmroom` at the store through the fault proxy. */
  env(): Record<string, string>;
  /** A client straight to s3rver (no faults): what the checks use. Null while the store is down. */
  client(): S3Client | null;
  running(): boolean;
  kill9(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startSoakStore(bucket = 'filmroom-soak'): Promise<SoakStore> {
  const directory = mkdtempSync(join(tmpdir(), 'filmroom-soak-s3-'));
  let child: ChildProcess | null = null;
  let port = 0;
  let direct: S3Client | null = null;
  const sockets = new Set<Socket>();

  // The switch: forwards each connection to s3rver's current port; refuses (resets) while the store is down.
  const relay: Server = createServer((inbound) => {
    sockets.add(inbound);
    inbound.on('close', () => sockets.delete(inbound));
    if (!child || port === 0) {
      inbound.destroy();
      return;
    }
    const outbound = connect(port, '127.0.0.1');
    sockets.add(outbound);
    outbound.on('close', () => sockets.delete(outbound));
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const relayPort = (relay.address() as { port: number }).port;
  const proxy = await startFaultProxy(`http://127.0.0.1:${relayPort}`);

  const start = async () => {
    if (child) return;
    const c = spawn(process.execPath, ['--openssl-legacy-provider', CHILD, directory, bucket], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: c.stdout! }).once('line', (line) =>
        resolve((JSON.parse(line) as { port: number }).port),
      );
      c.once('exit', (code) => reject(new Error(`s3rver exited (${code}): ${stderr}`)));
    });
    c.stdout!.resume();
    child = c;
    direct = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_SECRET },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 5,
    });
  };

  const kill9 = async () => {
    const c = child;
    if (!c) return;
    child = null;
    port = 0;
    direct?.destroy();
    direct = null;
    for (const s of sockets) s.destroy();
    if (c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    }
  };

  await start();
  return {
    bucket,
    proxy,
    env: () => ({
      AWS_S3_BUCKET: bucket,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: proxy.endpoint,
      AWS_ACCESS_KEY_ID: S3_TEST_KEY,
      AWS_SECRET_ACCESS_KEY: S3_TEST_SECRET,
      FILMROOM_S3_FORCE_PATH_STYLE: 'true',
    }),
    client: () => direct,
    running: () => child !== null,
    kill9,
    start,
    close: async () => {
      await kill9();
      await proxy.close();
      await new Promise<void>((r) => relay.close(() => r()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
