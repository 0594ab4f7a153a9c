/** Asks the server whether a token opens the library: one small authenticated read (the library's storage figures). */
import { contract } from '../../../shared/contract/index.js';

export type TokenCheck = 'ok' | 'rejected' | 'unreachable';

export async function checkToken(origin: string, token: string): Promise<TokenCheck> {
  try {
    const response = await fetch(`${origin}${contract.system.stats.path}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    if (response.status === 401 || response.status === 403) return 'rejected';
    return response.ok ? 'ok' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}
