/**
 * Just enough of Electron's main-process API to run main/index.ts under plain Node (vi.mock('electron')), so the
 * wiring — services, app:// protocol, window options, IPC, events, shutdown — is tested where no Electron binary
 * exists. It records what main asked for; it does not pretend to be a browser.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

type Listener = (...args: never[]) => unknown;
type Handler = (event: unknown, ...args: unknown[]) => unknown;

function emitter() {
  const listeners = new Map<string, Listener[]>();
  return {
    listeners,
    on(name: string, fn: Listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), fn]);
    },
  };
}

export interface FakeFrame {
  url: string;
  isDestroyed(): boolean;
}

export class FakeBrowserWindow {
  static all: FakeBrowserWindow[] = [];
  static nextId = 1;
  readonly events = emitter();
  readonly contentsEvents = emitter();
  url = '';
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: [string, unknown][] = [];
  readonly webContents;

  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    const mainFrame: FakeFrame = { url: '', isDestroyed: () => false };
    this.webContents = {
      id: FakeBrowserWindow.nextId++,
      mainFrame,
      setWindowOpenHandler: (fn: (details: { url: string }) => { action: string }) => {
        this.openHandler = fn;
      },
      on: (name: string, fn: Listener) => this.contentsEvents.on(name, fn),
      send: (channel: string, payload: unknown) => this.sent.push([channel, payload]),
      isDestroyed: () => false,
    };
    FakeBrowserWindow.all.push(this);
  }
  on(name: string, fn: Listener) {
    this.events.on(name, fn);
  }
  once(name: string, fn: Listener) {
    this.events.on(name, fn);
  }
  loadURL(url: string) {
    this.url = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show() {}
  isDestroyed() {
    return false;
  }
}

/** A utility process that records what main asked of it (the real worker is tested under Node's fork). */
export class FakeUtilityProcess extends EventEmitter {
  static all: FakeUtilityProcess[] = [];
  readonly sent: unknown[] = [];
  killed = false;
  readonly pid = undefined;
  constructor(
    readonly script: string,
    readonly options: { serviceName?: string },
  ) {
    super();
    FakeUtilityProcess.all.push(this);
  }
  postMessage(message: unknown) {
    this.sent.push(message);
  }
  kill() {
    this.killed = true;
    this.emit('exit', 0);
    return true;
  }
}

export const fake = {
  app: emitter(),
  quitCalls: 0,
  exitCode: null as number | null,
  paths: new Map<string, string>(),
  sandboxEnabled: false,
  schemes: [] as unknown[],
  protocols: new Map<string, (request: Request) => Promise<Response>>(),
  ipc: new Map<string, Handler>(),
  errorBoxes: [] as [string, string][],
  messageBoxes: [] as unknown[],
  permissionRequest: null as null | ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void),
  opened: [] as string[],
};

export const fakeElectron = {
  app: {
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    on: (name: string, fn: Listener) => fake.app.on(name, fn),
    quit: () => {
      fake.quitCalls += 1;
    },
    exit: (code: number) => {
      fake.exitCode = code;
    },
    setPath: (name: string, value: string) => fake.paths.set(name, value),
    getPath: (name: string) => fake.paths.get(name) ?? `/nonexistent/${name}`,
    enableSandbox: () => {
      fake.sandboxEnabled = true;
    },
    requestSingleInstanceLock: () => true,
  },
  protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => fake.schemes.push(...schemes) },
  session: {
    defaultSession: {
      protocol: { handle: (scheme: string, fn: (r: Request) => Promise<Response>) => fake.protocols.set(scheme, fn) },
      webRequest: { onHeadersReceived: () => {} },
      setPermissionRequestHandler: (fn: typeof fake.permissionRequest) => {
        fake.permissionRequest = fn;
      },
      setPermissionCheckHandler: () => {},
      setDevicePermissionHandler: () => {},
    },
  },
  net: {
    fetch: async (url: string, init?: RequestInit) => {
      if (url.startsWith('http:')) return fetch(url, init);
      try {
        return new Response(await readFile(fileURLToPath(url)));
      } catch {
        return new Response('', { status: 404 });
      }
    },
  },
  BrowserWindow: FakeBrowserWindow,
  utilityProcess: {
    fork: (script: string, _args: string[], options: { serviceName?: string }) =>
      new FakeUtilityProcess(script, options),
  },
  ipcMain: {
    handle: (channel: string, fn: Handler) => {
      if (fake.ipc.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      fake.ipc.set(channel, fn);
    },
    removeHandler: (channel: string) => fake.ipc.delete(channel),
  },
  dialog: {
    showErrorBox: (title: string, message: string) => fake.errorBoxes.push([title, message]),
    showMessageBox: async (_window: unknown, options: unknown) => {
      fake.messageBoxes.push(options);
      return { response: 0 };
    },
    showOpenDialog: async () => ({ canceled: false, filePaths: ['/recordings/a.mp4'] }),
  },
  Menu: { setApplicationMenu: () => {}, buildFromTemplate: (template: unknown) => template },
  // The S3 secret vault: a keychain-backed store on a real desktop; reversible stand-in encryption here.
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (text: string) => Buffer.from([...text].reverse().join(''), 'utf8'),
    decryptString: (data: Buffer) => [...data.toString('utf8')].reverse().join(''),
  },
  shell: {
    openExternal: async (url: string) => {
      fake.opened.push(url);
    },
  },
};
