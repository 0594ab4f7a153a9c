/**
 * Job types (after Signal's `JobQueue.parseData` and Immich's job map): a job type is a name and a zod schema for
 * its payload, declared once by the module that owns the work. Enqueueing through the declaration is type-checked
 * at compile time and validated at run time (a bad payload is a 400, never an `unknown` cast), and the payload read
 * back from the database is parsed again before the handler sees it.
 */
import type { z } from 'zod';
import { ApiError } from '../../shared/contract/errors.js';
import type { JobHandler } from './types.js';

export interface JobType<P> {
  readonly name: string;
  readonly payload: z.ZodType<P>;
  /** Attempts before a job of this type fails for good (default 3). */
  readonly maxAttempts?: number;
}

/** Where registrations go (the queue): one handler per type, the payload type of both kept in step. */
export interface JobRegistry {
  add<P>(type: JobType<P>, handler: JobHandler<P>): void;
}

/**
 * A job type together with its one handler: what a module hands to the composition root. The payload type is
 * sealed inside `bind`, so modules can return lists of registrations of different payload types without casts.
 */
export interface JobRegistration {
  readonly name: string;
  bind(registry: JobRegistry): void;
}

export function defineJobType<P>(type: JobType<P>): JobType<P> {
  return type;
}

export function jobRegistration<P>(type: JobType<P>, handler: JobHandler<P>): JobRegistration {
  return { name: type.name, bind: (registry) => registry.add(type, handler) };
}

export class InvalidJobPayloadError extends ApiError {
  constructor(type: string, issue: { path: PropertyKey[]; message: string } | undefined) {
    const field = issue?.path.map(String).join('.') ?? '';
    super(400, `Invalid payload for job '${type}'${field ? ` at '${field}'` : ''}: ${issue?.message ?? 'rejected'}`, {
      ...(field ? { field } : {}),
    });
    this.name = 'InvalidJobPayloadError';
  }
}

/** Parses a payload against its type's schema; the first issue names the field. */
export function parsePayload<P>(type: JobType<P>, payload: unknown): P {
  const parsed = type.payload.safeParse(payload);
  if (!parsed.success) throw new InvalidJobPayloadError(type.name, parsed.error.issues[0]);
  return parsed.data;
}
