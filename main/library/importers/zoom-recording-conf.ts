/**
 * `recording.conf` is a small JSON file some Zoom clients leave in a local recording folder. Its layout is not
 * documented and has changed between versions, so we look for the few facts we use (topic, host, participant
 * names) under the key names seen in the wild, at any depth up to a few levels, and ignore everything else.
 * A file that is not JSON yields nothing rather than an error: the folder name alone is enough to import.
 */
export interface ZoomRecordingConf {
  topic: string | null;
  meetingId: string | null;
  hostName: string | null;
  participants: string[];
}

const TOPIC_KEYS = ['topic', 'meetingtopic', 'meeting_topic', 'subject'];
const MEETING_ID_KEYS = ['meetingid', 'meeting_id', 'meetingnumber', 'meeting_number', 'confno'];
const HOST_KEYS = ['host', 'hostname', 'host_name', 'hostdisplayname'];
const PARTICIPANT_LIST_KEYS = ['participants', 'attendees', 'users', 'members'];
const NAME_KEYS = ['name', 'username', 'user_name', 'displayname', 'display_name'];
const MAX_DEPTH = 4;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function findScalar(value: Json, keys: string[], depth = 0): string | null {
  if (depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findScalar(item, keys, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (!isObject(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (!keys.includes(key.toLowerCase())) continue;
    if (typeof inner === 'string' && inner.trim()) return inner.trim();
    if (typeof inner === 'number') return String(inner);
  }
  for (const inner of Object.values(value)) {
    const found = findScalar(inner, keys, depth + 1);
    if (found) return found;
  }
  return null;
}

function nameOf(entry: Json): string | null {
  if (typeof entry === 'string') return entry.trim() || null;
  if (!isObject(entry)) return null;
  for (const [key, inner] of Object.entries(entry)) {
    if (NAME_KEYS.includes(key.toLowerCase()) && typeof inner === 'string' && inner.trim()) return inner.trim();
  }
  return null;
}

function findParticipants(value: Json, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  if (Array.isArray(value)) return value.flatMap((item) => findParticipants(item, depth + 1));
  if (!isObject(value)) return [];
  const names: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (PARTICIPANT_LIST_KEYS.includes(key.toLowerCase()) && Array.isArray(inner)) {
      names.push(...inner.map(nameOf).filter((n): n is string => n !== null));
    } else if (typeof inner === 'object' && inner !== null) {
      names.push(...findParticipants(inner, depth + 1));
    }
  }
  return names;
}

export function parseZoomRecordingConf(text: string): ZoomRecordingConf {
  let json: Json;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch {
    return { topic: null, meetingId: null, hostName: null, participants: [] };
  }
  return {
    topic: findScalar(json, TOPIC_KEYS),
    meetingId: findScalar(json, MEETING_ID_KEYS),
    hostName: findScalar(json, HOST_KEYS),
    participants: [...new Set(findParticipants(json))],
  };
}
