/**
 * Import messages in a coach's words: the API speaks to developers ("Invalid 'path': no such file or folder: …",
 * file kinds such as `participant_audio`, `.incoming/upl_…` paths); the dialog says the same thing plainly.
 */
import type { FileKind } from '../../../shared/contract/index.js';

const FILE_KIND_WORDS: Record<FileKind, string> = {
  recording: 'video',
  audio: 'audio',
  participant_audio: 'audio of one person',
  transcript: 'transcript',
  chat: 'chat',
  playlist: 'playlist',
  thumbnail: 'picture',
  waveform: 'waveform',
  analysis: 'analysis',
  other: 'other file',
};

export function fileKindWords(kind: string): string {
  return FILE_KIND_WORDS[kind as FileKind] ?? 'other file';
}

/** The last part of a path: uploads are stored under an internal folder the coach never chose. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) || path;
}

/** Rewrites the API's field-validation form into a sentence; other messages pass unchanged. */
export function coachMessage(message: string): string {
  const invalid = /^Invalid '([^']+)': (.*)$/s.exec(message);
  const text = invalid ? invalid[2]! : message;
  const missing = /^no such file or folder: (.*)$/.exec(text);
  if (missing) return `Nothing is at ${missing[1]}. Check the spelling, or copy the path from your file manager.`;
  if (invalid?.[1] === 'path') return `This path cannot be imported: ${text}.`;
  if (invalid?.[1] === 'url') return `This link cannot be imported: ${text}.`;
  if (invalid?.[1] === 'file') return `This file cannot be uploaded: ${text}.`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
