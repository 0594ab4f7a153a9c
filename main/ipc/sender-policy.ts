/**
 * Which IPC senders we answer (after Electron Fiddle's src/main/ipc.ts): only the main frame of our own window, and
 * only while it shows one of our pages. A navigated-away frame, an iframe or another webContents is dropped.
 * Electron-free: register-ipc.ts extracts these plain facts from the IpcMainInvokeEvent.
 */

/** A page origin we trust, compared by scheme and host. Node's URL gives custom schemes the opaque origin "null". */
export interface TrustedOrigin {
  protocol: string; // with the colon, as URL.protocol: 'app:', 'http:'
  host: string; // host[:port], as URL.host
}

export interface SenderFacts {
  webContentsId: number;
  /** null when the frame is already gone (navigated or destroyed) by the time the message is handled. */
  frameUrl: string | null;
  isMainFrame: boolean;
}

export interface SenderPolicy {
  webContentsId: number;
  origins: readonly TrustedOrigin[];
}

export function originOf(url: string): TrustedOrigin | null {
  try {
    const parsed = new URL(url);
    return { protocol: parsed.protocol, host: parsed.host };
  } catch {
    return null;
  }
}

export function isTrustedUrl(url: string, origins: readonly TrustedOrigin[]): boolean {
  const origin = originOf(url);
  if (!origin || origin.host === '') return false;
  return origins.some((o) => o.protocol === origin.protocol && o.host === origin.host);
}

export function isTrustedSender(sender: SenderFacts, policy: SenderPolicy): boolean {
  if (sender.webContentsId !== policy.webContentsId) return false;
  if (!sender.isMainFrame || sender.frameUrl === null) return false;
  return isTrustedUrl(sender.frameUrl, policy.origins);
}
