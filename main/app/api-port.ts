/**
 * The local API's port: the well-known 47800 so other tools find the desktop app, unless something else holds it,
 * then any free port (the real one is written to <dataDir>/api.json by startFilmroom).
 */
import { createServer } from 'node:net';

export const PREFERRED_API_PORT = 47800;

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const probe = createServer();
    probe.once('error', () => resolvePromise(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolvePromise(true)));
  });
}

/** `FILMROOM_PORT` (tests run several apps at once) wins; otherwise 47800 when free, else 0 (any free port). */
export async function chooseApiPort(env: { FILMROOM_PORT?: string }, preferred = PREFERRED_API_PORT): Promise<number> {
  const fromEnv = env.FILMROOM_PORT;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv) && Number(fromEnv) <= 65535) return Number(fromEnv);
  return (await isPortFree(preferred)) ? preferred : 0;
}

export function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}
