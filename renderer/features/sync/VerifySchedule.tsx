/**
 * "Verify backups" on a schedule (admin): off by default; daily, weekly or monthly. Shows when the next scheduled
 * run starts; scheduled runs join the history below with the manual ones.
 */
import { useEffect, useState } from 'react';
import type { VerifySchedule as Schedule } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';

const CHOICES = [
  [0, 'Off'],
  [1, 'Daily'],
  [7, 'Weekly'],
  [30, 'Monthly'],
] as const;

export function VerifySchedule({ sample }: { sample: number }) {
  const { transport } = useServices();
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    transport.client.recordings
      .verifySchedule({})
      .then(setSchedule)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [transport]);

  const change = (everyDays: number) => {
    setError(null);
    transport.client.recordings
      .setVerifySchedule({ every_days: everyDays, sample_rehash: sample })
      .then(setSchedule)
      .catch((e: unknown) => setError(errorMessage(e)));
  };

  if (!schedule) return error ? <p className="error-text small">{error}</p> : null;
  const known = CHOICES.some(([days]) => days === schedule.every_days);
  return (
    <div className="small" data-testid="verify-schedule">
      <label>
        On a schedule{' '}
        <select
          value={schedule.every_days}
          onChange={(e) => change(Number(e.target.value))}
          aria-label="Verify backups schedule"
        >
          {CHOICES.map(([days, label]) => (
            <option key={days} value={days}>
              {label}
            </option>
          ))}
          {known ? null : <option value={schedule.every_days}>Every {schedule.every_days} days</option>}
        </select>
      </label>{' '}
      <span className="muted" data-testid="verify-next-run">
        {schedule.next_run_at ? `Next run: ${new Date(schedule.next_run_at).toLocaleString()}` : 'No scheduled runs'}
      </span>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
