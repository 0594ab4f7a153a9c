/**
 * Field schemas that accept both typed values (IPC) and their query-string spellings (HTTP), so one schema
 * validates both transports.
 */
import { z } from 'zod';

export function queryInt(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+$/, 'expected a whole number')
        .transform(Number),
    ])
    .pipe(z.number().int('expected a whole number').min(min).max(max));
}

/** A decimal number (typed, or its query-string spelling) between `min` and `max`. */
export function queryNumber(min: number, max: number) {
  return z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?(\d+\.?\d*|\.\d+)$/, 'expected a number')
        .transform(Number),
    ])
    .pipe(z.number().min(min).max(max));
}

export const queryBool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'], { error: "expected 'true' or 'false'" })])
  .transform((v) => v === true || v === 'true' || v === '1');

/** The dates a library can hold (search keys keep the recording second in 32 bits: up to 2106). */
export const FIRST_DATE = '1970-01-01';
export const LAST_DATE = '2099-12-31';

/** A date (`2026-01-31`) or a full ISO-8601 timestamp, between FIRST_DATE and LAST_DATE. */
export const isoDateOrTime = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'expected an ISO-8601 date such as 2026-01-31 or 2026-01-31T09:00:00Z',
  })
  .refine(
    (v) => {
      const t = Date.parse(v);
      return Number.isNaN(t) || (t >= Date.parse(FIRST_DATE) && t < Date.parse(LAST_DATE) + 86_400_000);
    },
    { message: `expected a date between ${FIRST_DATE} and ${LAST_DATE}` },
  );

export const sessionId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a session id');

/** Up to `max` session ids: an array (IPC) or one comma-separated query value (HTTP: `ids=a,b,c`). */
export function sessionIdList(max: number) {
  return z
    .union([z.array(z.string()), z.string().transform((v) => (v.trim() === '' ? [] : v.split(',')))])
    .pipe(z.array(sessionId).min(1, 'give at least one session id').max(max));
}

/** A repeatable query parameter (`tag=a&tag=b`): one value or several (HTTP), or an array (IPC); always a list. */
export function queryList(item: z.ZodString, max: number) {
  return z
    .union([z.array(z.string()), z.string().transform((v) => [v])])
    .pipe(z.array(item).max(max, `give at most ${max}`));
}
