/** Time is injected so tests control it (retention, expiry, "older than N days"). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
