/**
 * Which file names are recordings and which are transcripts, by extension: the importers (main) group files with
 * these, and the import dialog (renderer) shows the same grouping before an upload.
 */
export const VIDEO_EXTENSIONS = new Set([
  '.mp4',
  '.mov',
  '.m4v',
  '.mkv',
  '.webm',
  '.avi',
  '.wmv',
  '.mpg',
  '.mpeg',
  '.ts',
  '.mts',
  '.m2ts',
  '.3gp',
  '.flv',
]);
export const AUDIO_EXTENSIONS = new Set([
  '.m4a',
  '.mp3',
  '.wav',
  '.aac',
  '.flac',
  '.ogg',
  '.oga',
  '.opus',
  '.wma',
  '.aiff',
  '.aif',
]);
/** A transcript with the same name as a recording is that recording's transcript. */
export const TRANSCRIPT_SIDECAR_EXTENSIONS = new Set(['.vtt', '.srt']);

/** The extension of a file name, lower case, with its dot ('' without one). */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}
