/**
 * Turns what can go wrong while starting Filmroom into words for a native dialog, instead of a crash with a stack
 * trace. Matched by error name/code so this module stays free of better-sqlite3 and Electron.
 */
export interface StartupProblem {
  title: string;
  message: string;
  /** Whether the app can still run (e.g. without ffmpeg: browsing and deleting work). */
  fatal: boolean;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function describeStartupError(error: unknown, dataDir: string): StartupProblem {
  const message = error instanceof Error ? error.message : String(error);
  switch (errorName(error)) {
    case 'MediaToolsMissingError':
      return { title: 'ffmpeg is missing', message, fatal: true };
    case 'DatabaseTooNewError':
      return { title: 'This library needs a newer Filmroom', message, fatal: true };
  }
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|better_sqlite3\.node/.test(message)) {
    return {
      title: 'The database driver does not match this Electron',
      message:
        'better-sqlite3 was built for another runtime. Start Filmroom with `npm start` (it builds the Electron copy), ' +
        `or point FILMROOM_SQLITE_BINDING at an Electron build of better_sqlite3.node.\n\n${message}`,
      fatal: true,
    };
  }
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return { title: 'Cannot write the library folder', message: `${dataDir}\n\n${message}`, fatal: true };
  }
  return { title: 'Filmroom could not start', message, fatal: true };
}

/** The non-fatal notice shown when the app started but found no ffmpeg. */
export function mediaToolsNotice(): StartupProblem {
  return {
    title: 'ffmpeg was not found',
    message:
      'Filmroom started, and you can browse and delete sessions, but importing and analysing recordings need ffmpeg. ' +
      "Install it (e.g. 'apt-get install ffmpeg' or 'brew install ffmpeg') or set FFMPEG_PATH and FFPROBE_PATH, " +
      'then restart Filmroom.',
    fatal: false,
  };
}
