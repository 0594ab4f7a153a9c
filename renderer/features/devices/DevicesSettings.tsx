/**
 * Settings → Other devices (issue 20): "Sync this library with other devices" (off by default; needs S3), this
 * device's name, and each device met in the bucket — when it last synced, what is pending here, errors in plain
 * words — with "Sync now". Read again every few seconds while shown.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, type DeviceSettingsInput, type DevicesView } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { PlaceSection } from '../../components/Place.js';
import { errorMessage } from '../../lib/error-message.js';
import { DevicePolicy } from './DevicePolicy.js';

const REFRESH_MS = 3000;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'not yet');

export function DevicesSettings() {
  const { transport } = useServices();
  const [view, setView] = useState<DevicesView | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [hidden, setHidden] = useState(false);

  const load = useCallback(
    () =>
      transport.client.devices
        .list({})
        .then((v) => {
          setView(v);
          setName((n) => n || v.this_device.name);
        })
        .catch((e: unknown) => {
          // A coach's token: devices are the library's (admin) business, so the section is not shown.
          if (e instanceof ApiError && e.status === 403) setHidden(true);
          else setError(errorMessage(e));
        }),
    [transport],
  );

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  /** Saves the panel's settings with one change; resolves with the new view, rejects with the API's error. */
  const put = (change: Partial<DeviceSettingsInput>) => {
    if (!view) return Promise.resolve();
    return transport.client.devices
      .updateSettings({
        enabled: view.enabled,
        device_name: name.trim() || view.this_device.name,
        poll_seconds: view.poll_seconds,
        keep_local_days: view.keep_local_days,
        ...change,
      })
      .then(setView);
  };

  const save = (enabled: boolean) => {
    setError(null);
    put({ enabled }).catch((e: unknown) => setError(errorMessage(e)));
  };

  const syncNow = () => {
    setError(null);
    transport.client.devices
      .syncNow({})
      .then(() => load())
      .catch((e: unknown) => setError(errorMessage(e)));
  };

  if (hidden) return null;
  return (
    <PlaceSection title="Other devices" testId="devices-settings">
      {view ? (
        <>
          <p>
            <label>
              <input
                type="checkbox"
                checked={view.enabled}
                onChange={(e) => save(e.target.checked)}
                data-testid="devices-enabled"
              />{' '}
              Sync this library with other devices (through the S3 bucket)
            </label>
          </p>
          <p>
            <label>
              This device’s name{' '}
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                onBlur={() => name.trim() && name.trim() !== view.this_device.name && save(view.enabled)}
                aria-label="This device’s name"
                data-testid="devices-name"
              />
            </label>{' '}
            {view.enabled ? (
              <button type="button" className="button" onClick={syncNow} data-testid="devices-sync-now">
                Sync now
              </button>
            ) : null}
          </p>
          <DevicePolicy view={view} save={put} />
          <ul className="small" data-testid="devices-list">
            {view.devices.map((d, i) => (
              <li key={d.id} data-testid="device-row">
                <strong>{i === 0 ? `${d.name} (this device)` : d.name}</strong> — last synced {when(d.last_seen_at)}
                {i === 0
                  ? `; ${d.pending_out} change${d.pending_out === 1 ? '' : 's'} waiting to be sent`
                  : d.pending_in
                    ? `; ${d.pending_in} to apply here`
                    : ''}
              </li>
            ))}
          </ul>
          {view.last_error ? (
            <p className="error-text small" data-testid="devices-error">
              {view.last_error}
            </p>
          ) : null}
        </>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </PlaceSection>
  );
}
