/** Storage, trash and cleanup in one window (tabs), opened from the library toolbar. */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { CleanupPanel } from './CleanupPanel.js';
import { StoragePanel } from './StoragePanel.js';
import { TrashPanel } from './TrashPanel.js';

const TABS = [
  { key: 'storage', label: 'Storage' },
  { key: 'trash', label: 'Trash' },
  { key: 'cleanup', label: 'Cleanup' },
] as const;
type Tab = (typeof TABS)[number]['key'];

export function MaintenanceDialog({ onClose }: { onClose(): void }) {
  const [tab, setTab] = useState<Tab>('storage');
  return (
    <Dialog
      title="Storage and cleanup"
      onClose={onClose}
      testId="maintenance-dialog"
      wide
      actions={
        <button type="button" className="button" onClick={onClose} autoFocus>
          Close
        </button>
      }
    >
      <div role="tablist" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            aria-selected={tab === t.key}
            className={tab === t.key ? 'button primary' : 'button'}
            onClick={() => setTab(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'storage' ? <StoragePanel /> : null}
        {tab === 'trash' ? <TrashPanel /> : null}
        {tab === 'cleanup' ? <CleanupPanel /> : null}
      </div>
    </Dialog>
  );
}
