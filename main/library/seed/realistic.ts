/**
 * `filmroom seed --realistic`: a library grown the way a coach's grows, for benchmarks and tests that must see what
 * real titles do to search. Sessions are inserted one by one in recording order through the table's triggers (the
 * path every import takes; no index set aside, no rank spread beforehand), transcripts through the transcripts
 * repository. What it holds, by share of sessions:
 * - ~45% a client's weekly recurring title ("Weekly check-in — Zoë Müller", "Ana / Ben 1:1"): many sessions
 *   share one title;
 * - ~20% Zoom's default title "Zoom Meeting" (one title shared by a fifth of the library);
 * - ~15% dated titles ("2026-03-14 Coaching session"), ~10% numbered per client ("Session 12 — Omar Khan"):
 *   new titles arriving in ascending order;
 * - ~10% one-off topics; accented names throughout (Zoë, José, Chloé, Müller, Núñez, Ødegaard);
 * - ~30% with one or two tags, ~5% with a short transcript (some with rare words), a third participant now and then.
 */
import type { Platform, SessionStatus } from '../../../shared/contract/session-schema.js';
import type { Db, LibraryDb } from '../../db/index.js';
import { newId } from '../../platform/ids.js';
import { TitleUpkeep } from '../sessions/title-upkeep.js';
import { TranscriptsRepository } from '../transcripts-repository.js';
import { mulberry32 } from './synthetic.js';

const COACHES: [string, string][] = [
  ['coach-ana', 'Ana Ruiz'],
  ['coach-ben', 'Ben Carter'],
  ['coach-chloe', 'Chloé Martin'],
  ['coach-david', 'David Okafor'],
  ['coach-eva', 'Eva Lindqvist'],
  ['coach-farid', 'Farid Haddad'],
];
const FIRST = [
  'Zoë',
  'José',
  'Chloé',
  'Zoe',
  'Omar',
  'Priya',
  'Jonas',
  'Mia',
  'Søren',
  'Aisha',
  'Tomás',
  'Grace',
  'Kenji',
  'Léa',
  'Ivan',
  'Noor',
];
const LAST = [
  'Müller',
  'Muller',
  'Núñez',
  'Ødegaard',
  'Dubois',
  'Garcia',
  'Tanaka',
  'Khan',
  'Kowalski',
  'Rossi',
  'Smith',
  'Nguyen',
  'Berg',
  'Larsen',
  'Cohen',
];
const TOPICS = [
  'Leadership coaching',
  'Career planning',
  'Feedback practice',
  'Conflict resolution',
  'Presentation rehearsal',
  'Intro call',
];
const TAGS = [
  'delegation',
  'feedback',
  'goals',
  'onboarding',
  'q3',
  'career',
  'conflict',
  'wellbeing',
  'Führung',
  'prioritäten',
];
const WORDS = [
  'team',
  'goal',
  'meeting',
  'feedback',
  'deadline',
  'manager',
  'project',
  'plan',
  'week',
  'priorities',
  'delegation',
  'energy',
  'budget',
  'review',
  'hiring',
  'stakeholder',
];
const RARE = ['quokka', 'zeitgeist', 'serendipity', 'kerfuffle', 'übermorgen', 'façade'];
const PLATFORMS: [Platform, number][] = [
  ['zoom', 0.55],
  ['teams', 0.2],
  ['meet', 0.15],
  ['local', 0.1],
];
const STATUSES: [SessionStatus, number][] = [
  ['ready', 0.82],
  ['uploaded', 0.08],
  ['failed', 0.06],
  ['processing', 0.04],
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}
function weighted<T>(rand: () => number, items: readonly [T, number][]): T {
  let r = rand();
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![0];
}

interface Client {
  name: string;
  coach: number;
  recurring: string;
  numbered: number;
}

export function seedRealisticLibrary(db: Db, opts: { sessions: number; seed: number; now: Date }): number {
  const rand = mulberry32(opts.seed);
  // Its own sequence, so the rest of the library is the same as before shares were seeded.
  const shareRand = mulberry32(opts.seed ^ 0x5ca1ab1e);
  const clients: Client[] = [];
  for (let i = 0; i < Math.max(12, Math.min(1500, Math.ceil(opts.sessions / 60))); i++) {
    const name = `${pick(rand, FIRST)} ${pick(rand, LAST)}`;
    const coach = i % COACHES.length;
    const coachFirst = COACHES[coach]![1].split(' ')[0];
    const recurring = rand() < 0.6 ? `Weekly check-in — ${name}` : `${name.split(' ')[0]} / ${coachFirst} 1:1`;
    clients.push({ name, coach, recurring, numbered: 0 });
  }
  const insert = db.prepare(
    `INSERT INTO sessions (id, title, status, platform, coach_id, client, participants_text, participant_names,
       recorded_at, created_at, updated_at, duration, size, tags, synthetic, coach_share)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const participant = db.prepare('INSERT INTO participants (session_id, name, role) VALUES (?, ?, ?)');
  const transcripts = new TranscriptsRepository(db as LibraryDb); // the seeder writes the library's rows;
  const end = opts.now.getTime();
  const span = Math.max(30, Math.ceil(opts.sessions / 400)) * 86_400_000; // ~400 sessions a day at most
  const step = span / opts.sessions;
  const one = (index: number) => {
    const client = clients[Math.floor(rand() * clients.length)]!;
    const [coachId, coachName] = COACHES[client.coach]!;
    const recorded = end - span + index * step + rand() * step;
    const day = new Date(recorded).toISOString().slice(0, 10);
    const r = rand();
    let title: string;
    if (r < 0.45) title = client.recurring;
    else if (r < 0.65) title = 'Zoom Meeting';
    else if (r < 0.8) title = `${day} ${rand() < 0.5 ? 'Coaching session' : `Session with ${client.name}`}`;
    else if (r < 0.9) title = `Session ${++client.numbered} — ${client.name}`;
    else title = `${pick(rand, TOPICS)} — ${client.name}`;
    const platform = weighted(rand, PLATFORMS);
    const status = weighted(rand, STATUSES);
    const duration = Math.round((20 + rand() * 70) * 60);
    const size = Math.round((duration * (200_000 + rand() * 600_000)) / 8);
    const tags = rand() < 0.3 ? [...new Set([pick(rand, TAGS), ...(rand() < 0.3 ? [pick(rand, TAGS)] : [])])] : [];
    const people = [
      ...new Set([coachName!, client.name, ...(rand() < 0.1 ? [`${pick(rand, FIRST)} ${pick(rand, LAST)}`] : [])]),
    ];
    const at = new Date(recorded).toISOString();
    const created = new Date(recorded + 600_000 + rand() * 3_600_000).toISOString();
    const id = newId('ses_', Date.parse(created));
    insert.run(
      id,
      title,
      status,
      platform,
      coachId,
      client.name,
      people.join(' '),
      people.join('; '),
      at,
      created,
      created,
      duration,
      size,
      JSON.stringify(tags),
      // Analysed sessions: the coach's share of talk time, in steps of 5 % (many ties, as real shares round).
      status === 'ready' && shareRand() < 0.8 ? Math.round(shareRand() * 20) / 20 : null,
    );
    people.forEach((name, i) => participant.run(id, name, i === 0 ? 'coach' : i === 1 ? 'client' : 'participant'));
    if (rand() < 0.05) {
      const lines = 3 + Math.floor(rand() * 6);
      transcripts.replaceSegments(
        id,
        Array.from({ length: lines }, (_, i) => ({
          start: i * 5,
          end: i * 5 + 5,
          speaker: people[i % people.length]!,
          text: Array.from({ length: 8 }, () => (rand() < 0.02 ? pick(rand, RARE) : pick(rand, WORDS))).join(' '),
        })),
      );
    }
  };
  const previous = db.pragma('synchronous', { simple: true });
  db.pragma('synchronous = OFF'); // a seed that dies is run again
  try {
    const batch = db.transaction((from: number, count: number) => {
      for (let i = from; i < from + count; i++) one(i);
    });
    // Crowded title ranks respaced as the write path's upkeep would between imports (no pre-spacing).
    const upkeep = new TitleUpkeep(db as LibraryDb);
    for (let i = 0; i < opts.sessions; i += 5000) {
      batch(i, Math.min(5000, opts.sessions - i));
      upkeep.drain();
    }
    db.pragma('analysis_limit = 1000');
    db.exec('ANALYZE');
  } finally {
    db.pragma(`synchronous = ${Number(previous)}`);
  }
  return opts.sessions;
}
