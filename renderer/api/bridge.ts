/**
 * `window.api` under Electron. Its type is the contract's FilmroomBridge (shared/contract/bridge.ts), which the
 * preload implements; the renderer never imports preload/ (lint boundary).
 */
import type { FilmroomBridge, IpcErrorEnvelope } from '../../shared/contract/index.js';

export type { FilmroomBridge };

/** Errors cross IPC as a plain result, since Electron flattens thrown errors to a message string. */
export type IpcErrorResult = IpcErrorEnvelope;

declare global {
  interface Window {
    api?: FilmroomBridge;
  }
}

export function currentBridge(): FilmroomBridge | undefined {
  // globalThis rather than window: this module is also loaded by Node unit tests.
  return (globalThis as { api?: FilmroomBridge }).api;
}
