/** "120 GB of 500 GB, 30 GB in trash": library size by status as a bar chart, the trash, and the disk. */
import { useEffect, useState } from 'react';
import type { StorageReport } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { formatBytes, formatCount } from '../../lib/format.js';
import { OffloadCandidates } from '../offload/OffloadCandidates.js';

export function StoragePanel() {
  const { transport } = useServices();
  const [report, setReport] = useState<StorageReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    transport.client.storage
      .get({})
      .then((r) => live && setReport(r))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [transport, version]);

  if (error) return <p role="alert">{error}</p>;
  if (!report) return <p className="muted">Loading…</p>;
  const bars = [
    ...Object.entries(report.by_status).map(([status, v]) => ({ label: status, bytes: v.bytes, sessions: v.sessions })),
    { label: 'trash', bytes: report.trash_bytes, sessions: report.trash_sessions },
  ];
  const max = Math.max(1, ...bars.map((b) => b.bytes));
  return (
    <div data-testid="storage-panel">
      <p data-testid="storage-summary">
        Library: <strong>{formatBytes(report.library_bytes)}</strong> in {formatCount(report.sessions)} sessions ·
        trash: <strong data-testid="storage-trash">{formatBytes(report.trash_bytes)}</strong> · disk:{' '}
        {formatBytes(report.disk.free)} free of {formatBytes(report.disk.total)} · held in S3 only:{' '}
        <strong data-testid="storage-offloaded">{formatCount(report.offloaded_sessions)}</strong>
      </p>
      {report.quota_warning ? <p role="alert">{report.quota_warning}</p> : null}
      <figure className="storage-chart" aria-label="Storage by status">
        {bars.map((b) => (
          <div key={b.label} className="storage-bar-row" data-testid={`storage-bar-${b.label}`}>
            <span className="storage-bar-label">{b.label}</span>
            <span className="storage-bar" style={{ width: `${Math.max(1, (b.bytes / max) * 100)}%` }} />
            <span className="muted small">
              {formatBytes(b.bytes)} · {formatCount(b.sessions)}
            </span>
          </div>
        ))}
      </figure>
      <OffloadCandidates onOffloaded={() => setVersion((v) => v + 1)} />
    </div>
  );
}
