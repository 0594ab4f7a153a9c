import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filenameFromContentDisposition } from '../../../main/library/download/content-disposition.js';
import { withoutCopySuffix } from '../../../main/library/importers/file-names.js';
import { defaultZoomFolder } from '../../../main/library/importers/list-folder.js';
import { localTimeInZone } from '../../../main/library/importers/local-time.js';
import { parseZoomFolderName } from '../../../main/library/importers/zoom-local.js';
import { parseZoomRecordingConf } from '../../../main/library/importers/zoom-recording-conf.js';
import { isInProgressMarker, unitOf } from '../../../main/library/watch/watch-units.js';

describe('defaultZoomFolder', () => {
  it('is ~/Documents/Zoom on every OS', () => {
    expect(defaultZoomFolder('darwin', '/Users/kim')).toBe('/Users/kim/Documents/Zoom');
    expect(defaultZoomFolder('linux', '/home/kim')).toBe('/home/kim/Documents/Zoom');
    expect(defaultZoomFolder('win32', 'C:\\Users\\kim')).toBe('C:\\Users\\kim\\Documents\\Zoom');
  });
});

describe('parseZoomFolderName', () => {
  it('splits date, topic and the optional 9–11 digit meeting id', () => {
    expect(parseZoomFolderName('2024-03-05 14.30.12 Weekly coaching 81234567890')).toEqual({
      wall: { year: 2024, month: 3, day: 5, hour: 14, minute: 30, second: 12 },
      topic: 'Weekly coaching',
      meetingId: '81234567890',
    });
    expect(parseZoomFolderName('2024-03-05 14.30.12 Call 12345678')?.meetingId).toBeNull(); // 8 digits: part of the topic
    expect(parseZoomFolderName('2024-03-05 14.30.12 Call 12345678')?.topic).toBe('Call 12345678');
    expect(parseZoomFolderName('2024-03-05 14.30.12 ')).toBeNull();
    expect(parseZoomFolderName('Recordings')).toBeNull();
  });

  it('reads back any valid generated name (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.stringMatching(/^[A-Za-z][A-Za-z &'-]{0,30}[A-Za-z]$/),
        fc.option(fc.stringMatching(/^[1-9]\d{8,10}$/), { nil: null }),
        (date, topic, id) => {
          const p = (n: number) => String(n).padStart(2, '0');
          const name = `${date.getUTCFullYear()}-${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())} ${p(date.getUTCHours())}.${p(date.getUTCMinutes())}.${p(date.getUTCSeconds())} ${topic}${id ? ` ${id}` : ''}`;
          const parsed = parseZoomFolderName(name);
          expect(parsed?.topic).toBe(topic);
          expect(parsed?.meetingId).toBe(id);
        },
      ),
    );
  });
});

describe('localTimeInZone', () => {
  it('handles both sides of a DST change and the spring gap', () => {
    const ny = localTimeInZone('America/New_York');
    expect(ny({ year: 2024, month: 1, day: 10, hour: 9, minute: 0, second: 0 }).toISOString()).toBe(
      '2024-01-10T14:00:00.000Z',
    );
    expect(ny({ year: 2024, month: 7, day: 10, hour: 9, minute: 0, second: 0 }).toISOString()).toBe(
      '2024-07-10T13:00:00.000Z',
    );
    // 01:30 happens twice on 3 Nov 2024: the first (EDT) is taken.
    expect(ny({ year: 2024, month: 11, day: 3, hour: 1, minute: 30, second: 0 }).toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    );
    // 02:30 never happens on 10 Mar 2024: shifted forward like the clocks.
    expect(ny({ year: 2024, month: 3, day: 10, hour: 2, minute: 30, second: 0 }).toISOString()).toBe(
      '2024-03-10T07:30:00.000Z',
    );
  });
});

describe('parseZoomRecordingConf', () => {
  it('finds topic, host and participants at any depth, and ignores non-JSON', () => {
    expect(
      parseZoomRecordingConf(
        '{"meeting":{"meetingTopic":"Review","meetingId":812345678,"hostName":"Kim","attendees":[{"displayName":"Lee"},"Sam"]}}',
      ),
    ).toEqual({
      topic: 'Review',
      meetingId: '812345678',
      hostName: 'Kim',
      participants: ['Lee', 'Sam'],
    });
    expect(parseZoomRecordingConf('not json')).toEqual({
      topic: null,
      meetingId: null,
      hostName: null,
      participants: [],
    });
  });
});

describe('withoutCopySuffix', () => {
  it('drops a browser copy number before the extension only', () => {
    expect(withoutCopySuffix('GMT20240305-143012_Recording (1).mp4')).toBe('GMT20240305-143012_Recording.mp4');
    expect(withoutCopySuffix('Call (2024).mp4')).toBe('Call (2024).mp4');
    expect(withoutCopySuffix('a (2).b.vtt')).toBe('a (2).b.vtt');
  });
});

describe('filenameFromContentDisposition', () => {
  it('prefers filename*, strips folders and leading dots', () => {
    expect(
      filenameFromContentDisposition(`attachment; filename="fallback.mp4"; filename*=UTF-8''S%C3%A9ance%20Ana.mp4`),
    ).toBe('Séance Ana.mp4');
    expect(filenameFromContentDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filenameFromContentDisposition('attachment; filename=..hidden.mp4')).toBe('hidden.mp4');
    expect(filenameFromContentDisposition('inline')).toBeNull();
    expect(filenameFromContentDisposition(null)).toBeNull();
  });
});

describe('watch units', () => {
  it('maps a changed path to the first folder or file under the watched root', () => {
    expect(unitOf('/w', '/w/2024-03-05 14.30.12 X/Audio Record/a.m4a')).toBe('/w/2024-03-05 14.30.12 X');
    expect(unitOf('/w', '/w/loose.mp4')).toBe('/w/loose.mp4');
    expect(unitOf('/w', '/w')).toBeNull();
    expect(unitOf('/w', '/other/x')).toBeNull();
  });

  it('knows unfinished files', () => {
    for (const name of ['double_click_to_convert_01.zoom', 'video1.mp4.tmp', 'a.mp4.crdownload', 'a.mp4.part'])
      expect(isInProgressMarker(`/w/${name}`)).toBe(true);
    expect(isInProgressMarker('/w/video1.mp4')).toBe(false);
  });
});
