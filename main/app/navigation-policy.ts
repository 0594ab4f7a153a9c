/**
 * What happens to a link that leaves the app: only plain web links (https, http, mailto) go to the user's browser;
 * everything else (file:, javascript:, custom schemes that could launch other programs) is dropped.
 */
const EXTERNAL_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

export function externalLinkToOpen(url: string): string | null {
  try {
    const parsed = new URL(url);
    return EXTERNAL_PROTOCOLS.has(parsed.protocol) ? parsed.toString() : null;
  } catch {
    return null;
  }
}
