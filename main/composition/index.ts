/** Starting Filmroom: the composition root and its types. */
export { startFilmroom } from './start-filmroom.js';
export type { FilmroomApp, StartOptions, AppServices } from './app-types.js';
