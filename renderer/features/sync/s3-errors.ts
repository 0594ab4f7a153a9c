/**
 * The store's and the AWS SDK's messages in plain words, with what to do. The raw message stays available as the
 * detail (one click away). Messages the server already translated pass through unchanged.
 */
export interface ExplainedError {
  text: string;
  /** The raw message, when the text replaced it. */
  detail: string | null;
}

const RULES: [RegExp, string][] = [
  [
    /CredentialsProviderError|Could not load credentials|credentials? (?:are|is) missing|no credentials/i,
    'No credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) where Filmroom runs, then restart it.',
  ],
  [
    /InvalidAccessKeyId|access key id .*does not exist/i,
    'The store does not know this access key. Check the access key id, or that it belongs to this store.',
  ],
  [/SignatureDoesNotMatch/i, 'The secret access key does not match the access key id. Check the secret.'],
  [
    /NoSuchBucket|bucket does not exist/i,
    'There is no bucket with this name on the store. Check the bucket name and region.',
  ],
  [
    /AccessDenied|Forbidden|\b403\b/i,
    'The store refused access. The credentials need permission to put, read and delete objects in this bucket.',
  ],
  [
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|getaddrinfo|connect ETIMEDOUT|socket hang up|NetworkingError/i,
    'The store could not be reached. Check the endpoint address and that the store is running.',
  ],
  [
    /PermanentRedirect|AuthorizationHeaderMalformed|wrong region|IllegalLocationConstraint/i,
    'The bucket is in another region. Set the region the bucket was created in.',
  ],
  [/InvalidBucketName/i, 'This is not a valid bucket name: 3–63 lowercase letters, digits, dots or hyphens.'],
  [
    /this Filmroom runs headless/i,
    'This Filmroom runs without a keychain, so it cannot keep a secret: give credentials through the environment or an AWS profile.',
  ],
];

export function explainS3Error(raw: string): ExplainedError {
  for (const [pattern, text] of RULES) if (pattern.test(raw)) return { text, detail: raw };
  return { text: raw, detail: null };
}

/**
 * A failed connection test: the server's plain words when it sent its own message alongside (the raw one stays the
 * detail), else the raw message explained here.
 */
export function explainProbe(error: string, detail: string | null): ExplainedError {
  if (detail && detail !== error) return { text: error, detail };
  return explainS3Error(error);
}
