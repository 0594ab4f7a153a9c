export { parseWebVtt, speakersOf } from './webvtt.js';
export { parseMeetTranscriptText } from './meet-transcript-text.js';
export { parseZoomChat, type ChatParseOptions } from './zoom-chat.js';
export type { TranscriptSegment, ChatMessage } from './types.js';
