/** zod failures as docs/api.md's 400 body, naming the field. */
import type { z } from 'zod';
import { ApiError, badRequest } from '../../shared/contract/errors.js';

export function toApiError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return badRequest('input', 'invalid input');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? 'input';
    return new ApiError(400, `Unknown field '${key}'`, { field: key });
  }
  const field = issue.path.length ? issue.path.map(String).join('.') : 'input';
  return badRequest(field, issue.message);
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw toApiError(result.error);
  return result.data;
}
