/** Deterministic synthetic sessions (mulberry32 PRNG): realistic enough for demos and benchmarks. */
import type { Platform, SessionStatus } from '../../../shared/contract/session-schema.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COACHES = ['coach-ana', 'coach-ben', 'coach-chloe', 'coach-david', 'coach-eva', 'coach-farid'];
const COACH_NAMES: Record<string, string> = {
  'coach-ana': 'Ana Ruiz',
  'coach-ben': 'Ben Carter',
  'coach-chloe': 'Chloé Martin',
  'coach-david': 'David Okafor',
  'coach-eva': 'Eva Lindqvist',
  'coach-farid': 'Farid Haddad',
};
const FIRST = [
  'Alex',
  'Sam',
  'Priya',
  'Jonas',
  'Mia',
  'Lucas',
  'Noor',
  'Emma',
  'Kenji',
  'Sofia',
  'Omar',
  'Hannah',
  'Leo',
  'Zoe',
  'Mateo',
  'Aisha',
  'Ivan',
  'Grace',
  'Tomás',
  'Lina',
];
const LAST = [
  'Smith',
  'Patel',
  'Müller',
  'Garcia',
  'Nguyen',
  'Kowalski',
  'Rossi',
  'Dubois',
  'Tanaka',
  'Silva',
  'Cohen',
  'Novak',
  'Berg',
  'Khan',
  'Larsen',
];
const TOPICS = [
  'Weekly check-in',
  'Leadership coaching',
  'Career planning',
  'Quarterly goals review',
  'Feedback practice',
  'Onboarding session',
  'Conflict resolution',
  'Presentation rehearsal',
  'Time management',
  'Follow-up',
  'Intro call',
  'Performance review prep',
];
const PLATFORMS: [Platform, number][] = [
  ['zoom', 0.55],
  ['teams', 0.2],
  ['meet', 0.15],
  ['local', 0.1],
];
const OK_STATUSES: [SessionStatus, number][] = [
  ['ready', 0.8],
  ['uploaded', 0.1],
  ['processing', 0.04],
  ['pending', 0.03],
  ['importing', 0.03],
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function weighted<T>(rand: () => number, items: readonly [T, number][]): T {
  let r = rand();
  for (const [item, weight] of items) {
    if ((r -= weight) < 0) return item;
  }
  return items[items.length - 1]![0];
}

export interface SyntheticSession {
  title: string;
  status: SessionStatus;
  status_detail: string | null;
  platform: Platform;
  coach_id: string;
  coach_name: string;
  client: string;
  recorded_at: string;
  created_at: string;
  duration: number | null;
  size: number;
  analysis_status: string;
  transcript_status: string;
}

/** The clients of the synthetic library: each coach has its own pool of ~40. */
export function syntheticClients(rand: () => number): string[] {
  const clients = new Set<string>();
  while (clients.size < 240) clients.add(`${pick(rand, FIRST)} ${pick(rand, LAST)}`);
  return [...clients];
}

/**
 * Session number `index` of `total`: creation times advance evenly over the last 120 days (with jitter), so ids —
 * which start with their creation time — arrive in order and bulk loading appends instead of splitting pages.
 */
export function syntheticSession(
  rand: () => number,
  clients: string[],
  now: number,
  index = 0,
  total = 1,
): SyntheticSession {
  const coachIndex = Math.floor(rand() * COACHES.length);
  const coach_id = COACHES[coachIndex] as string;
  const client = clients[coachIndex * 40 + Math.floor(rand() * 40)] as string;
  const platform = weighted(rand, PLATFORMS);
  const failed = rand() < 0.1;
  const status: SessionStatus = failed ? 'failed' : weighted(rand, OK_STATUSES);
  const span = 120 * 86_400_000;
  const created = Math.min(now, now - span + ((index + rand()) / total) * span);
  const recorded = created - rand() * 3 * 86_400_000;
  const duration = failed && rand() < 0.5 ? null : Math.round((20 + rand() * 70) * 60 + rand() * 59);
  // Zoom/Teams/Meet recordings run ~250–900 kbit/s for a talking-head meeting.
  const bitrate = platform === 'meet' ? 900_000 : platform === 'teams' ? 600_000 : 250_000 + rand() * 400_000;
  const size = duration === null ? Math.round(rand() * 5_000_000) : Math.round((duration * bitrate) / 8);
  const title = `${pick(rand, TOPICS)} — ${client}`;
  const detail = failed
    ? pick(rand, [
        'ffprobe could not read the file: Invalid data found when processing input',
        'Recording is truncated (moov atom not found)',
        'Download failed: connection reset',
      ])
    : null;
  // The draw that once chose a ready transcript: kept, so a given --seed still makes the same library.
  if (status === 'ready') rand();
  return {
    title,
    status,
    status_detail: detail,
    platform,
    coach_id,
    coach_name: COACH_NAMES[coach_id] as string,
    client,
    recorded_at: new Date(recorded).toISOString(),
    created_at: new Date(created).toISOString(),
    duration,
    size,
    // No media exists for a synthetic session: claiming a ready transcript or analysis (that then 404s), or an
    // analysis stuck at "queued"/0% forever, misleads. Nothing was analyzed, so they say so.
    analysis_status: 'none',
    transcript_status: 'none',
  };
}
