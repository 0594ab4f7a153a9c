/** The library's files: the folder layout, remote storage, and the activities a delete must stop first. */
export { LibraryLayout, FileOutsideLibraryError, type StoredFile } from './library-layout.js';
export type { ObjectStore, ObjectLister, ListedObject, MultipartUpload, RemoteObjectStore } from './object-store.js';
export {
  TOMBSTONE_NAME,
  isTombstoneKey,
  DEVICE_CHANGES_FOLDER,
  isDeviceChangeKey,
  DEVICE_SNAPSHOTS_FOLDER,
  isDeviceSnapshotKey,
} from './object-store.js';
export { RemoteStorage } from './remote-storage.js';
export type { SessionActivity } from './session-activity.js';
export { SessionActivities } from './session-activities.js';
