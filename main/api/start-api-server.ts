/**
 * Starts the HTTP API on 127.0.0.1; `publish()` records where it listens in `<dataDir>/api.json` (mode 0600), so
 * other tools (and `filmroom open`) find the port the app chose.
 */
import type { FastifyInstance } from 'fastify';
import { writeFileSync } from 'node:fs';
import { createApiServer, type ApiServerDeps } from './http-server.js';

export interface RunningApi {
  server: FastifyInstance;
  url: string;
  port: number;
  /** Writes `<dataDir>/api.json`. Done once start-up recovery is over: a tool that finds it finds a recovered library. */
  publish(): void;
}

export async function startApiServer(deps: ApiServerDeps, port: number, apiInfoFile: string): Promise<RunningApi> {
  const server = await createApiServer(deps);
  try {
    await server.listen({ host: '127.0.0.1', port });
  } catch (error) {
    await server.close();
    throw error;
  }
  const address = server.server.address();
  const chosen = typeof address === 'object' && address ? address.port : port;
  const url = `http://127.0.0.1:${chosen}`;
  const publish = () =>
    writeFileSync(apiInfoFile, JSON.stringify({ url, port: chosen, pid: process.pid }, null, 2) + '\n', {
      mode: 0o600,
    });
  return { server, url, port: chosen, publish };
}
