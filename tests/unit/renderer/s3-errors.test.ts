import { describe, expect, it } from 'vitest';
import { explainS3Error } from '../../../renderer/features/sync/s3-errors.js';

describe('explainS3Error', () => {
  it('puts SDK errors in plain words and keeps the raw message as the detail', () => {
    const raw = 'CredentialsProviderError: Could not load credentials from any providers';
    expect(explainS3Error(raw)).toEqual({
      text: expect.stringContaining('No credentials were found') as string,
      detail: raw,
    });
    expect(explainS3Error('connect ECONNREFUSED 127.0.0.1:9').text).toContain('could not be reached');
    expect(explainS3Error('NoSuchBucket: The specified bucket does not exist').text).toContain('no bucket');
  });
  it('passes an already plain message through', () => {
    expect(explainS3Error('The bucket is full')).toEqual({ text: 'The bucket is full', detail: null });
  });
});
