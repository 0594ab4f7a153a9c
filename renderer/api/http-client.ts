/** The HTTP transport (browser against `filmroom serve`): the catalogue client over `fetch`. */
import { ApiError, type FilmroomClient } from '../../shared/contract/index.js';
import { clientFromCatalogue } from './catalogue-client.js';
import { buildHttpRequest, interpretResponse } from './http-request.js';

export interface HttpClientOptions {
  /** Origin of the API, e.g. `http://127.0.0.1:47800`; '' means the page's own origin. */
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
}

/** status 0: the request never got an answer (server stopped, network down). */
export const UNREACHABLE = 0;

export function createHttpClient({
  baseUrl,
  token,
  fetch: fetchImpl = globalThis.fetch.bind(globalThis),
}: HttpClientOptions): FilmroomClient {
  return clientFromCatalogue(async ({ operation }, input, options) => {
    const spec = buildHttpRequest(operation, input, baseUrl, token);
    let response: Response;
    try {
      response = await fetchImpl(spec.url, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        signal: options?.signal,
      });
    } catch (error) {
      if (options?.signal?.aborted) throw error; // abandoned by the caller, not a lost server
      throw new ApiError(UNREACHABLE, 'Cannot reach Filmroom. Is the server still running?', {
        cause: error instanceof Error ? error.message : String(error),
      });
    }
    const text = await response.text();
    return interpretResponse({
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers.get('content-type'),
      text,
    });
  });
}
