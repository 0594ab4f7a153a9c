/** File types the Import dialog offers first: what Zoom, Teams, Meet and phones produce. ffprobe decides the rest. */
export const RECORDING_EXTENSIONS = [
  'mp4',
  'm4v',
  'mov',
  'mkv',
  'webm',
  'avi',
  'm4a',
  'mp3',
  'wav',
  'aac',
  'ogg',
  'opus',
] as const;
