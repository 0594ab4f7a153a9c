/**
 * The diarization corpus by condition (issue 23): a base conversation (two voices of different gender, a mild room),
 * then one factor of the issue varied at a time — speakers 2/3/4, same-gender pairs, back-channels, overlaps,
 * reverb, noise colours and levels (−60…−35 dBFS), codecs (AAC 32–128k, Opus), sample rates (8–48 kHz), levels
 * (0…−20 dB) — plus the known hard combinations (a same-gender pair at 8 kHz / through Opus 24k, four speakers in
 * brown noise).
 *
 * DEV is what the constants are chosen on. HELD_OUT shares no voice, variant, room or seed with it: other espeak-ng
 * variants (named ones, and other languages' voices reading the English lines), other pitches and rates, other
 * reverb/noise/level values and another base room. It is run only to report, never to tune. HELD_OUT_2 was made
 * after HELD_OUT had been looked at (the eigengap's 4-speaker regression): new voices, rooms, band-passes and seeds.
 */
import {
  DEV_VOICES,
  HELD_OUT_2_VOICES,
  HELD_OUT_VOICES,
  type Case,
  type Room,
  type Voice,
} from './diarization-corpus.js';

export type CorpusSet = 'dev' | 'held_out' | 'held_out_2';

export interface ConditionCase extends Case {
  /** The factor varied ("speakers", "noise colour", …) and its value ("3", "brown −40 dBFS", …). */
  factor: string;
  value: string;
}

interface SetSpec {
  /** Two males then two females (indices into the set's voices) for the gender-controlled rows. */
  male: [Voice, Voice];
  female: [Voice, Voice];
  extra: [Voice, Voice];
  base: Room;
  reverbs: [number, number];
  colourDb: number;
  levelKind: 'pink' | 'white';
  levels: number[];
  rates: number[];
  /** Band-pass rows (telephone line, cheap microphone); added after every other row. */
  bands?: [number, number][];
  seed: number;
}

const SPECS: Record<CorpusSet, SetSpec> = {
  dev: {
    male: [DEV_VOICES[0]!, DEV_VOICES[2]!],
    female: [DEV_VOICES[1]!, DEV_VOICES[3]!],
    extra: [DEV_VOICES[4]!, DEV_VOICES[6]!],
    base: { reverb: 20, noise: { kind: 'pink', db: -55 }, codec: 'aac64', rateHz: 16000 },
    reverbs: [0, 60],
    colourDb: -40,
    levelKind: 'pink',
    levels: [-60, -50, -45, -35],
    rates: [8000, 22050, 44100],
    bands: [
      [250, 3500],
      [100, 5000],
    ],
    seed: 2000,
  },
  held_out: {
    male: [HELD_OUT_VOICES[0]!, HELD_OUT_VOICES[3]!],
    female: [HELD_OUT_VOICES[1]!, HELD_OUT_VOICES[4]!],
    extra: [HELD_OUT_VOICES[6]!, HELD_OUT_VOICES[7]!],
    base: { reverb: 30, noise: { kind: 'fan', db: -52 }, codec: 'aac96', rateHz: 24000 },
    reverbs: [10, 75],
    colourDb: -38,
    levelKind: 'white',
    levels: [-58, -48, -42, -36],
    rates: [8000, 12000, 32000, 48000],
    seed: 9000,
  },
  // Made after the 4-speaker regression was found on held_out; reported, never tuned on.
  held_out_2: {
    male: [HELD_OUT_2_VOICES[0]!, HELD_OUT_2_VOICES[2]!],
    female: [HELD_OUT_2_VOICES[1]!, HELD_OUT_2_VOICES[3]!],
    extra: [HELD_OUT_2_VOICES[4]!, HELD_OUT_2_VOICES[5]!],
    base: { reverb: 45, noise: { kind: 'brown', db: -50 }, codec: 'opus48', rateHz: 16000 },
    reverbs: [5, 85],
    colourDb: -41,
    levelKind: 'pink',
    levels: [-56, -44, -39, -34],
    rates: [8000, 11025, 44100],
    bands: [
      [300, 3400],
      [150, 6000],
    ],
    seed: 13000,
  },
};

/** Every condition of the set, `durationS` long each. */
export function conditionCases(set: CorpusSet, durationS: number): ConditionCase[] {
  const s = SPECS[set];
  const [m1, m2] = s.male;
  const [f1, f2] = s.female;
  const [x1, x2] = s.extra;
  const pair = [m1, f1];
  const rows: Omit<ConditionCase, 'durationS' | 'seed' | 'name'>[] = [];
  const add = (factor: string, value: string, over: Partial<Case> = {}, room: Partial<Room> = {}): void => {
    rows.push({ factor, value, voices: pair, backChannel: 0.15, overlap: 0.08, ...over, room: { ...s.base, ...room } });
  };
  add('speakers', '2 (base)');
  add('speakers', '3', { voices: [m1, f1, x1] });
  add('speakers', '4', { voices: [m1, f1, x1, x2] });
  add('same gender', 'two male', { voices: [m1, m2] });
  add('same gender', 'two female', { voices: [f1, f2] });
  add('back-channels', '40 % of turns', { backChannel: 0.4 });
  add('overlaps', '30 % of turns', { overlap: 0.3 });
  for (const r of s.reverbs) add('reverb', `${r}`, {}, { reverb: r });
  for (const kind of ['white', 'pink', 'brown', 'fan'] as const) {
    add('noise colour', `${kind} ${s.colourDb} dBFS`, {}, { noise: { kind, db: s.colourDb } });
  }
  for (const db of s.levels) add('noise level', `${s.levelKind} ${db} dBFS`, {}, { noise: { kind: s.levelKind, db } });
  for (const codec of ['aac32', 'aac64', 'aac128', 'opus24', 'opus48'] as const) add('codec', codec, {}, { codec });
  for (const rateHz of s.rates) add('sample rate', `${rateHz} Hz`, {}, { rateHz });
  add('levels', 'second −10 dB', { levelsDb: [0, -10] });
  add('levels', 'second −20 dB', { levelsDb: [0, -20] });
  add('levels', 'both −20 dB', { levelsDb: [-20, -20] });
  add('hard', 'same gender, AAC 32k @8 kHz', { voices: [m1, m2] }, { codec: 'aac32', rateHz: 8000 });
  add('hard', 'same gender, Opus 24k', { voices: [f1, f2] }, { codec: 'opus24' });
  add('hard', '4 speakers, brown −35 dBFS', { voices: [m1, f1, x1, x2] }, { noise: { kind: 'brown', db: -35 } });
  for (const band of s.bands ?? []) add('band-pass', `${band[0]}–${band[1]} Hz`, {}, { band });
  if (s.bands?.length) {
    const [lo, hi] = s.bands[0]!;
    add('hard', `4 speakers, ${lo}–${hi} Hz @8 kHz`, { voices: [m1, f1, x1, x2] }, { band: [lo, hi], rateHz: 8000 });
    add('hard', `3 speakers, ${lo}–${hi} Hz @8 kHz`, { voices: [m1, f1, x1] }, { band: [lo, hi], rateHz: 8000 });
  }
  return rows.map((r, i) => ({ ...r, name: `${r.factor}: ${r.value}`, durationS, seed: s.seed + i }));
}
