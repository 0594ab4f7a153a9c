/**
 * Reading a recording held in S3 only, through its presigned GET, the way a player needs it: the store's transient
 * failures are retried before the answer starts (503 SlowDown, a refused or reset connection), and a body cut off
 * mid-way is resumed with a Range from the next byte, so the player sees one uninterrupted answer. Found by the
 * restore drill under faults: one reset mid-body used to end the player's request with the headers already sent.
 */
import { Readable } from 'node:stream';
import { retry } from '../platform/retry.js';

/** Attempts of one GET (the first included) and resumes of one body; small, a player retries on its own too. */
const ATTEMPTS = 4;
const RESUMES = 4;
/** Waits of the shared backoff (platform/retry.ts): 150, 300, 600 ms. */
const BACKOFF = { baseMs: 150, maxMs: 2_000 };
const TIMEOUT_MS = 30_000;

export type StoreFetch = (url: string, init: RequestInit) => Promise<Response>;

/** A 5xx or 429 is the store asking to try again; other answers (200, 206, 404, 416…) are final. */
const retryable = (status: number) => status >= 500 || status === 429;

/** A retryable answer on its way to another try (its body already released). */
class RetryableAnswer extends Error {}

/** GET with retries of transient failures; answers the last answer (or throws the last network error). */
export async function fetchFromStore(
  url: string,
  range: string | undefined,
  fetchImpl: StoreFetch = fetch,
): Promise<Response> {
  // A network error is retried like a 5xx; the last try's answer is returned whatever its status.
  return retry(
    async (attempt) => {
      const answer = await fetchImpl(url, { headers: range ? { range } : {}, signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!retryable(answer.status) || attempt === ATTEMPTS) return answer;
      await answer.body?.cancel();
      throw new RetryableAnswer(`the store answered ${answer.status}`);
    },
    { attempts: ATTEMPTS, backoff: BACKOFF, retryable: () => true },
  );
}

/** First and last byte an answer covers: from its Content-Range (206) or the whole object (200). */
function coveredBytes(answer: Response): { first: number; last: number | null } {
  const match = /^bytes (\d+)-(\d+)\//.exec(answer.headers.get('content-range') ?? '');
  if (match) return { first: Number(match[1]), last: Number(match[2]) };
  const length = Number(answer.headers.get('content-length'));
  return { first: 0, last: Number.isFinite(length) && length > 0 ? length - 1 : null };
}

/**
 * The answer's body as a Node stream that resumes after a cut: each resume asks for the bytes still owed (same
 * object: the ETag must not change), so the bytes the player receives are exactly the ones it asked for.
 */
export function resumingBody(url: string, first: Response, fetchImpl: StoreFetch = fetch): Readable {
  const { first: start, last } = coveredBytes(first);
  const etag = first.headers.get('etag');
  async function* bytes(): AsyncGenerator<Uint8Array> {
    let answer = first;
    let sent = 0;
    for (let resumes = 0; ; resumes += 1) {
      try {
        for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) {
          sent += chunk.byteLength;
          yield chunk;
        }
        return;
      } catch (error) {
        const owedFrom = start + sent;
        if (resumes >= RESUMES || last === null || owedFrom > last) throw error;
        answer = await fetchFromStore(url, `bytes=${owedFrom}-${last}`, fetchImpl);
        const resumed = coveredBytes(answer);
        if (answer.status !== 206 || resumed.first !== owedFrom || (etag && answer.headers.get('etag') !== etag)) {
          await answer.body?.cancel();
          throw error; // the object changed or the store ignored the Range: never splice two different bodies
        }
      }
    }
  }
  return Readable.from(bytes());
}
