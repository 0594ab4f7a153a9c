/**
 * Settings → Other devices (issue 20): which recordings this device keeps local copies of, and whose sessions it
 * syncs (every coach's for a practice lead, or one coach's). Each control shows the API's refusal next to it.
 */
import { useEffect, useState } from 'react';
import type { DeviceSettingsInput, DevicesView } from '../../../shared/contract/index.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { errorMessage } from '../../lib/error-message.js';

type Change = Partial<Pick<DeviceSettingsInput, 'keep_local_days' | 'coach_id'>>;

interface Props {
  view: DevicesView;
  /** Saves the panel's settings with this change; rejects with the API's error. */
  save(change: Change): Promise<unknown>;
}

const DEFAULT_DAYS = 30;
/** Aligned with the panel's other rows (no browser box around the group). */
const GROUP = { border: 0, padding: 0, margin: '0 0 1em' } as const;
const LEGEND = { padding: 0, marginBottom: '0.25em', fontWeight: 600 } as const;

const parseDays = (text: string): number | null => {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 3650 ? n : null;
};

export function DevicePolicy({ view, save }: Props) {
  const [days, setDays] = useState(String(view.keep_local_days ?? DEFAULT_DAYS));
  const [daysError, setDaysError] = useState<string | null>(null);
  const savedCoach = view.coach_id ?? null;
  const [onlyOne, setOnlyOne] = useState(savedCoach !== null);
  const [coach, setCoach] = useState(savedCoach ?? '');
  const [scopeError, setScopeError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    if (view.keep_local_days !== null) setDays(String(view.keep_local_days));
  }, [view.keep_local_days]);

  const keep = (value: number | null) => {
    setDaysError(null);
    save({ keep_local_days: value }).catch((e: unknown) => setDaysError(errorMessage(e)));
  };
  const saveDays = () => {
    const n = parseDays(days);
    if (n === null) setDaysError('Enter a whole number of days from 0 to 3650.');
    else if (n !== view.keep_local_days) keep(n);
  };

  const resetScope = () => {
    setOnlyOne(savedCoach !== null);
    setCoach(savedCoach ?? '');
    setConfirming(undefined);
  };
  const askScope = () => {
    setScopeError(null);
    const wanted = onlyOne ? coach.trim() : null;
    if (wanted === '') return setScopeError('Enter the coach’s id (as on their sessions), or choose every coach’s.');
    if (wanted !== savedCoach) setConfirming(wanted);
  };
  const applyScope = (wanted: string | null) => {
    setConfirming(undefined);
    save({ coach_id: wanted }).catch((e: unknown) => {
      setScopeError(errorMessage(e));
      resetScope();
    });
  };
  const scopeChanged = (onlyOne ? coach.trim() : null) !== savedCoach;

  return (
    <>
      <fieldset style={GROUP} data-testid="devices-keep-local">
        <legend style={LEGEND}>Recordings on this device</legend>
        <label>
          <input
            type="radio"
            name="devices-keep"
            checked={view.keep_local_days === null}
            onChange={() => keep(null)}
            data-testid="devices-keep-never"
          />{' '}
          Only when I open them
        </label>
        <br />
        <label>
          <input
            type="radio"
            name="devices-keep"
            checked={view.keep_local_days !== null}
            onChange={() => keep(parseDays(days) ?? DEFAULT_DAYS)}
            data-testid="devices-keep-days-choice"
          />{' '}
          Keep the last
        </label>{' '}
        <input
          type="number"
          min={0}
          max={3650}
          step={1}
          value={days}
          disabled={view.keep_local_days === null}
          onChange={(e) => setDays(e.target.value)}
          onBlur={saveDays}
          onKeyDown={(e) => e.key === 'Enter' && saveDays()}
          aria-label="Days of recordings to keep on this device"
          aria-invalid={daysError ? true : undefined}
          style={{ width: '6em' }}
          data-testid="devices-keep-days"
        />{' '}
        days
        <p className="small muted">
          Recordings made on other devices are downloaded when you open them, or, with “Keep the last N days”, in the
          background. Older copies downloaded by this rule are given back (removed here) once they are backed up in the
          bucket; you can always open them again.
        </p>
        {daysError ? (
          <p className="error-text small" role="alert" data-testid="devices-keep-error">
            {daysError}
          </p>
        ) : null}
      </fieldset>
      <fieldset style={GROUP} data-testid="devices-coach-scope">
        <legend style={LEGEND}>Sessions to sync</legend>
        <label>
          <input
            type="radio"
            name="devices-scope"
            checked={!onlyOne}
            onChange={() => setOnlyOne(false)}
            data-testid="devices-scope-all"
          />{' '}
          Every coach’s (practice lead)
        </label>
        <br />
        <label>
          <input
            type="radio"
            name="devices-scope"
            checked={onlyOne}
            onChange={() => setOnlyOne(true)}
            data-testid="devices-scope-one"
          />{' '}
          Only this coach’s:
        </label>{' '}
        <input
          value={coach}
          disabled={!onlyOne}
          onChange={(e) => setCoach(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && askScope()}
          aria-label="Coach id"
          aria-invalid={scopeError ? true : undefined}
          placeholder="coach id"
          data-testid="devices-scope-coach"
        />{' '}
        <button
          type="button"
          className="button"
          disabled={!scopeChanged}
          onClick={askScope}
          data-testid="devices-scope-apply"
        >
          Change
        </button>
        {scopeError ? (
          <p className="error-text small" role="alert" data-testid="devices-scope-error">
            {scopeError}
          </p>
        ) : null}
      </fieldset>
      {confirming !== undefined ? (
        <ConfirmDialog
          title="Change the sessions this device syncs?"
          confirmLabel={confirming === null ? 'Sync every coach’s' : 'Sync only this coach’s'}
          danger={false}
          onConfirm={() => applyScope(confirming)}
          onClose={resetScope}
          testId="devices-scope-confirm"
        >
          {confirming === null
            ? 'This device will receive every coach’s sessions from the bucket, not only one coach’s.'
            : `This device will stop receiving other coaches’ sessions: only coach ${confirming}’s sessions will sync here from now on.`}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
