import { describe, expect, it } from 'vitest';
import { MediaToolsMissingError } from '../../../main/platform/ffmpeg-locate.js';
import { describeStartupError, mediaToolsNotice } from '../../../main/app/startup-errors.js';

describe('startup problems', () => {
  it('explains a missing ffmpeg instead of crashing', () => {
    const problem = describeStartupError(new MediaToolsMissingError('ffmpeg'), '/data');
    expect(problem.title).toBe('ffmpeg is missing');
    expect(problem.message).toMatch(/FFMPEG_PATH/);
    expect(mediaToolsNotice()).toMatchObject({ fatal: false, message: expect.stringMatching(/FFMPEG_PATH/) });
  });

  it('explains a database driver built for the wrong runtime', () => {
    const error = new Error(
      'The module better_sqlite3.node was compiled against a different Node.js version using NODE_MODULE_VERSION 115',
    );
    expect(describeStartupError(error, '/data').message).toMatch(/npm start/);
  });

  it('names the folder it cannot write', () => {
    const error = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(describeStartupError(error, '/data/filmroom')).toMatchObject({
      title: 'Cannot write the library folder',
      message: expect.stringContaining('/data/filmroom'),
    });
  });

  it('falls back to the message', () => {
    expect(describeStartupError('boom', '/d')).toEqual({
      title: 'Filmroom could not start',
      message: 'boom',
      fatal: true,
    });
  });
});
