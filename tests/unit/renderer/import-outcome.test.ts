import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/contract/index.js';
import {
  mergeOutcomes,
  outcomeFromError,
  outcomeFromResult,
} from '../../../renderer/features/import/import-outcome.js';

describe('import outcome', () => {
  it('names the session a duplicate already is', () => {
    const error = new ApiError(409, 'Already in your library: "Weekly"', {
      existing_session_id: 'ses_1',
      existing_title: 'Weekly',
    });
    expect(outcomeFromError(error).messages).toEqual(['Already in your library: Weekly']);
  });

  it('lists refused files from a 422 with their reasons', () => {
    const error = new ApiError(422, 'Nothing to import', {
      refused: [{ path: '/z/a.txt', reason: 'not a recording' }, { bad: 1 }],
    });
    expect(outcomeFromError(error)).toEqual({
      imported: [],
      refused: [{ path: '/z/a.txt', reason: 'not a recording' }],
      messages: ['Nothing to import'],
    });
  });

  it('adds the 422 reason when no file is listed', () => {
    const error = new ApiError(422, 'Nothing here can be imported', { refused: [], reason: 'no recordings found' });
    expect(outcomeFromError(error).messages).toEqual(['Nothing here can be imported: no recordings found']);
  });

  it('merges several answers in order', () => {
    const merged = mergeOutcomes([
      outcomeFromResult({ sessions: [{ id: 'a', status: 'uploaded' }], refused: [{ path: '/x', reason: 'r' }] }),
      outcomeFromError(new ApiError(0, 'down')),
    ]);
    expect(merged).toEqual({
      imported: [{ id: 'a', status: 'uploaded' }],
      refused: [{ path: '/x', reason: 'r' }],
      messages: ['Cannot reach Filmroom. Is it still running?'],
    });
  });
});
