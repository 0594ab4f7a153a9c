/** The HTTP transport: routes from the catalogue, SSE, media, OpenAPI, tokens. */
export { createApiServer, checkVariants, VariantMismatchError, type ApiServerDeps } from './http-server.js';
export { startApiServer, type RunningApi } from './start-api-server.js';
export { TokenStore } from './token-store.js';
