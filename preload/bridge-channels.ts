/**
 * The channels the preload may invoke, computed from the operation catalogue (never typed by hand). Electron-free so
 * the allow-list is unit-tested in plain Node.
 */
import { contract, listOperations } from '../shared/contract/index.js';

export const CATALOGUE_CHANNELS: ReadonlySet<string> = new Set(listOperations(contract).map((entry) => entry.channel));

export function isCatalogueChannel(channel: unknown): channel is string {
  return typeof channel === 'string' && CATALOGUE_CHANNELS.has(channel);
}
