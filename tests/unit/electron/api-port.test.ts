import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { chooseApiPort, isAddressInUse, isPortFree } from '../../../main/app/api-port.js';

let holder: Server | null = null;
afterEach(() =>
  new Promise<void>((done) => (holder ? holder.close(() => done()) : done())).then(() => (holder = null)),
);

function hold(): Promise<number> {
  return new Promise((resolvePort) => {
    holder = createServer();
    holder.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = holder?.address();
      resolvePort(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

describe('API port choice', () => {
  it('keeps the preferred port when free and falls back to any port when taken', async () => {
    const taken = await hold();
    expect(await isPortFree(taken)).toBe(false);
    expect(await chooseApiPort({}, taken)).toBe(0);
    holder?.close();
    holder = null;
    await new Promise((r) => setTimeout(r, 20));
    expect(await chooseApiPort({}, taken)).toBe(taken);
  });

  it('lets FILMROOM_PORT decide', async () => {
    expect(await chooseApiPort({ FILMROOM_PORT: '0' })).toBe(0);
    expect(await chooseApiPort({ FILMROOM_PORT: '48123' })).toBe(48123);
  });

  it('recognises EADDRINUSE', () => {
    expect(isAddressInUse(Object.assign(new Error('x'), { code: 'EADDRINUSE' }))).toBe(true);
    expect(isAddressInUse(new Error('x'))).toBe(false);
  });
});
