/**
 * The IPC transport: one `ipcMain.handle` per catalogue operation (walked, never listed by hand), every message's
 * sender frame checked first, and main's events forwarded to the window. All decisions live in electron-free
 * modules (sender-policy, invoke-operation) that are unit-tested; this file only reads Electron's objects.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { contract, EVENTS_CHANNEL, listOperations, type FilmroomEvent } from '../../shared/contract/index.js';
import { createOperationInvoker, errorEnvelope, type UntypedHandlers } from './invoke-operation.js';
import { isTrustedSender, type SenderFacts, type TrustedOrigin } from './sender-policy.js';

export function senderFacts(event: IpcMainInvokeEvent): SenderFacts {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame && !frame.isDestroyed() ? frame.url : null,
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
  };
}

export interface TrustedWindow {
  webContents: WebContents;
  origins: readonly TrustedOrigin[];
}

/** Wraps a handler so it runs only for our window's main frame; anything else gets a 403 body and a log line. */
export function guardSender<A extends unknown[]>(
  target: TrustedWindow,
  channel: string,
  warn: (msg: string) => void,
  handler: (event: IpcMainInvokeEvent, ...args: A) => unknown,
) {
  return (event: IpcMainInvokeEvent, ...args: A): unknown => {
    const facts = senderFacts(event);
    if (!isTrustedSender(facts, { webContentsId: target.webContents.id, origins: target.origins })) {
      warn(`Dropped IPC '${channel}' from untrusted sender ${JSON.stringify(facts)}`);
      return errorEnvelope({ error: 'This page may not call Filmroom', code: 403 });
    }
    return handler(event, ...args);
  };
}

export interface RegisterIpcOptions<Ctx> {
  ipcMain: IpcMain;
  window: TrustedWindow;
  handlers: UntypedHandlers<Ctx>;
  context: () => Ctx;
  events: { subscribe(listener: (event: FilmroomEvent) => void): () => void };
  log: { warn(msg: string): void; error(obj: object, msg: string): void };
}

/** Registers every catalogue channel and the event forwarding; the returned function undoes both. */
export function registerCatalogueIpc<Ctx>(options: RegisterIpcOptions<Ctx>): () => void {
  const { ipcMain, window, log } = options;
  const channels: string[] = [];
  for (const entry of listOperations(contract)) {
    const invoke = createOperationInvoker(entry, {
      handlers: options.handlers,
      context: options.context,
      logError: (channel, err) => log.error({ err, channel }, 'IPC operation failed'),
    });
    ipcMain.handle(
      entry.channel,
      guardSender(
        window,
        entry.channel,
        (m) => log.warn(m),
        (_event, input: unknown) => invoke(input),
      ),
    );
    channels.push(entry.channel);
  }

  const unsubscribe = options.events.subscribe((event) => {
    // A window closing while a job reports progress must not throw inside the event bus.
    if (!window.webContents.isDestroyed()) window.webContents.send(EVENTS_CHANNEL, event);
  });

  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
