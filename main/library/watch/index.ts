export { FolderWatcher, type FolderWatcherOptions, type SeenStore } from './folder-watcher.js';
export { unitOf, isInProgressMarker, fingerprint } from './watch-units.js';
