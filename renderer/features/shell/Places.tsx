/** The sidebar's places other than the library, each rendered as a page. */
import { AsPlace, AsSection, Place, PlaceSection } from '../../components/Place.js';
import { FailedSessionsCleanup } from '../cleanup/FailedSessionsCleanup.js';
import { CleanupPanel } from '../maintenance/CleanupPanel.js';
import { StoragePanel } from '../maintenance/StoragePanel.js';
import { TrashPanel } from '../maintenance/TrashPanel.js';
import type { Place as PlaceName } from '../review/route.js';
import { backToLibrary } from '../review/route.js';
import { SettingsDialog } from '../settings/SettingsDialog.js';
import { BackupSettings } from '../sync/BackupSettings.js';
import { DevicesSettings } from '../devices/DevicesSettings.js';
import { UploadsDialog } from '../sync/UploadsDialog.js';

export function PlaceView({ place }: { place: PlaceName }) {
  switch (place) {
    case 'trash':
      return (
        <Place title="Trash" testId="trash-place" lead="Deleted sessions stay here until they are purged for good.">
          <TrashPanel />
        </Place>
      );
    case 'uploads':
      return (
        <AsPlace>
          <UploadsDialog onClose={backToLibrary} />
        </AsPlace>
      );
    case 'storage':
      return (
        <Place
          title="Storage and cleanup"
          testId="storage-place"
          lead="Where the space goes, what can be freed, and what Filmroom deletes for you."
        >
          <StoragePanel />
          <PlaceSection title="Clean up" testId="cleanup-section">
            <FailedSessionsCleanup />
            <CleanupPanel />
          </PlaceSection>
        </Place>
      );
    case 'settings':
      return (
        <Place title="Settings" testId="settings-place">
          <AsSection title="You and your folders">
            <SettingsDialog onClose={() => undefined} />
          </AsSection>
          <BackupSettings />
          <DevicesSettings />
        </Place>
      );
  }
}
