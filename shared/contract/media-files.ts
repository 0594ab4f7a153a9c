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

/**
 * Microsoft Teams download names: `<Subject>-YYYYMMDD_HHMMSS[UTC]-Meeting Recording.mp4` and the same stem with
 * `-Meeting Transcript.vtt`. One rule for the folder importer (main/library/importers/teams.ts) and the browser's
 * grouping of chosen files. Groups: subject, y, mo, d, h, mi, s?, UTC?, Recording|Transcript, extension.
 */
export const TEAMS_NAME =
  /^(.+)-(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})?(UTC)?-Meeting (Recording|Transcript)\.([A-Za-z0-9]+)$/i;

/** A Teams file's meeting (subject and start, shared by its recording and transcript) and its subject; else null. */
export function teamsMeeting(name: string): { key: string; subject: string } | null {
  const m = TEAMS_NAME.exec(name);
  if (!m?.[1]?.trim()) return null;
  return { key: `${m[1]}-${m.slice(2, 9).join('')}`.toLowerCase(), subject: m[1].trim() };
}
