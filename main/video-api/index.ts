/** The async video API for other tools (`/api/v1/video/*`). */
export { createVideoApiModule, type VideoApiModule, type VideoApiModuleDeps } from './video-api-module.js';
export { VideoApiService } from './video-api-service.js';
