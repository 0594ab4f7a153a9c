export { groupIntoMeetings, STRAY_REASON, type GroupingOptions } from './group-meetings.js';
export { listFolderRecursive, defaultZoomFolder } from './list-folder.js';
export { localTimeInZone, fixedOffset, type LocalTimeToUtc } from './local-time.js';
export { parseZoomFolderName, isZoomUnconvertedMarker, findZoomMeetingFolder } from './zoom-local.js';
export { parseZoomRecordingConf, type ZoomRecordingConf } from './zoom-recording-conf.js';
export { isHiddenOrSystemFile, isMediaFile } from './file-names.js';
export type * from './types.js';
