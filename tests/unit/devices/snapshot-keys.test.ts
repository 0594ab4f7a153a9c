/** The devices' history and snapshots are never session folders to bucket sync, nor orphans to cleanup (issue 20). */
import { describe, expect, it } from 'vitest';
import { isDeviceChangeKey, isDeviceSnapshotKey } from '../../../main/storage/index.js';
import { groupFolders } from '../../../main/sync/restore/bucket-folders.js';

describe('snapshot keys', () => {
  it('keys under .sync-snapshots/ and .sync/ are skipped even when shaped like a session folder', () => {
    const listed = [
      { key: 'recordings/.sync-snapshots/coach/2024-01-01/t_ses1/part.json', size: 1 },
      { key: 'recordings/.sync/coach/2024-01-01/t_ses2/x.json', size: 1 },
      { key: 'recordings/coach/client/2024-01-01/t_ses3/session.json', size: 1 },
    ];
    expect([...groupFolders('recordings/', listed).keys()]).toEqual(['ses3']);
    expect(isDeviceSnapshotKey('recordings/', listed[0]!.key)).toBe(true);
    expect(isDeviceChangeKey('recordings/', listed[0]!.key)).toBe(false);
    expect(isDeviceSnapshotKey('recordings/', listed[1]!.key)).toBe(false);
  });
});
