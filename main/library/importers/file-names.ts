/** Small facts about file names shared by every recogniser. */
import { basename, extname } from 'node:path';

import { AUDIO_EXTENSIONS, VIDEO_EXTENSIONS } from '../../../shared/contract/media-files.js';

export { AUDIO_EXTENSIONS, VIDEO_EXTENSIONS };

export function isVideoFile(name: string): boolean {
  return VIDEO_EXTENSIONS.has(extname(name).toLowerCase());
}

export function isAudioFile(name: string): boolean {
  return AUDIO_EXTENSIONS.has(extname(name).toLowerCase());
}

export function isMediaFile(name: string): boolean {
  return isVideoFile(name) || isAudioFile(name);
}

/** Files the operating system leaves around (Finder, Explorer): never shown to the coach, never refused. */
const SYSTEM_LITTER = new Set(['thumbs.db', 'desktop.ini', 'icon\r']);

export function isHiddenOrSystemFile(path: string): boolean {
  const name = basename(path);
  return name.startsWith('.') || SYSTEM_LITTER.has(name.toLowerCase());
}

/**
 * Browsers save a second download of the same name as `name (1).ext`; the copy number says nothing about the
 * meeting, so recognisers look at the name without it.
 */
export function withoutCopySuffix(name: string): string {
  return name.replace(/ \(\d{1,3}\)(?=\.[^.]+$)/, '');
}

/** A lower-case, dash-separated form of a title for stable keys. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `JaneDoe` / `Jane_Doe` → `Jane Doe`: Zoom squeezes spaces out of names in per-participant audio files. */
export function humaniseSqueezedName(raw: string): string {
  return raw
    .replace(/[_]+/g, ' ')
    .replace(/([a-z\u00e0-\u00ff])([A-Z\u00c0-\u00de])/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
}
