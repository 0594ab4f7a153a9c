/**
 * Speech fixtures with known truth: real synthetic speech (espeak-ng, two voices) placed at known times on Zoom-style
 * per-participant tracks, then ffmpeg-generated noise (pink/brown/fan hum), gain, bleed of the other speaker and
 * non-speech sounds mixed in. Truth = the span of each clean utterance (first to last sample of its audible part).
 *
 * Tests that use this must skip (with the reason) where `hasEspeak()` is false.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateMediaTools } from '../../main/platform/ffmpeg-locate.js';

export const FIXTURE_RATE = 16000;
/** Mean level of each speaker's speech (over its active frames) before any condition gain. */
export const SPEECH_DB = -24;

export type Span = [number, number];
export type NoiseKind = 'pink' | 'brown' | 'fan';

export interface SpeechCondition {
  name: string;
  noise?: { kind: NoiseKind; db: number };
  /** Gain of the client's voice in its own track (−12 = a quiet speaker). */
  clientGainDb?: number;
  /** Each speaker heard in the other's track at this level relative to their own (−20 … −30). */
  bleedDb?: number;
  /** Keyboard typing and a door slam in the coach's track, between utterances. */
  nonSpeech?: boolean;
}

export interface SpeechFixture {
  coachTrack: string;
  clientTrack: string;
  /** Both tracks summed: a single mixed recording of the same meeting. */
  mixed: string;
  durationS: number;
  truth: { coach: Span[]; client: Span[] };
}

let espeakChecked: boolean | undefined;
export function hasEspeak(): boolean {
  if (espeakChecked === undefined) {
    try {
      execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
      espeakChecked = true;
    } catch {
      espeakChecked = false;
    }
  }
  return espeakChecked;
}
export const ESPEAK_MISSING = 'espeak-ng is not installed (Debian package espeak-ng): speech fixtures cannot be made';

const ffmpeg = (): string => locateMediaTools().ffmpeg;

function pcmFrom(args: string[]): Float32Array {
  const out = execFileSync(
    ffmpeg(),
    ['-hide_banner', '-v', 'error', ...args, '-f', 'f32le', '-ac', '1', '-ar', `${FIXTURE_RATE}`, 'pipe:1'],
    { maxBuffer: 1 << 30 },
  );
  return new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4).slice();
}

function synthesize(dir: string, text: string, voice: string, index: number): Float32Array {
  const wav = join(dir, `utt-${index}.wav`);
  execFileSync('espeak-ng', ['-v', voice, '-s', '160', '-w', wav, text], { stdio: 'ignore' });
  return pcmFrom(['-i', wav]);
}

const FRAME = FIXTURE_RATE / 100;
const dbOf = (power: number): number => 10 * Math.log10(power + 1e-20);

function framePowers(x: Float32Array): number[] {
  const out: number[] = [];
  for (let f = 0; f + FRAME <= x.length; f += FRAME) {
    let s = 0;
    for (let i = f; i < f + FRAME; i++) s += (x[i] ?? 0) ** 2;
    out.push(s / FRAME);
  }
  return out;
}

/** Audible span of a clean utterance: first to last 10 ms frame within 50 dB of its loudest frame. */
function audibleSpan(x: Float32Array): { start: number; end: number; meanPower: number } {
  const p = framePowers(x);
  const peak = Math.max(...p);
  const limit = peak * 1e-5;
  const first = p.findIndex((v) => v > limit);
  let last = p.length - 1;
  while (last > first && (p[last] ?? 0) <= limit) last--;
  const active = p.filter((v) => v > peak * 1e-3);
  return { start: first / 100, end: (last + 1) / 100, meanPower: active.reduce((a, b) => a + b, 0) / active.length };
}

export interface Line {
  who: 'coach' | 'client';
  at: number;
  text: string;
}

/** A short coaching exchange; `at` is when the speaker starts (the audible start). */
const SCRIPT: Line[] = [
  { who: 'coach', at: 0.8, text: 'Good morning. How did the presentation go on Tuesday?' },
  { who: 'client', at: 4.9, text: 'It went better than I expected, thank you.' },
  { who: 'coach', at: 8.2, text: 'What made the difference this time?' },
  { who: 'client', at: 10.6, text: 'I practised the opening three times, and I slowed down.' },
  { who: 'coach', at: 16.4, text: 'That is a real change. What would you keep for next time?' },
  { who: 'client', at: 20.6, text: 'The pauses. Definitely the pauses.' },
  { who: 'coach', at: 23.6, text: 'Let us look at the recording together and find them.' },
  { who: 'client', at: 28.6, text: 'Sure. The first one comes after the budget slide.' },
  { who: 'coach', at: 32.6, text: 'Great. Play it from there, please.' },
];
const VOICES = { coach: 'en-us+m3', client: 'en-gb+f3' } as const;
const DURATION_S = 37;

export interface CleanSpeech {
  coach: Float32Array;
  client: Float32Array;
  truth: { coach: Span[]; client: Span[] };
  durationS: number;
}

/** The clean per-speaker tracks (each speaker's speech at SPEECH_DB), synthesised once per directory. */
export function cleanSpeech(dir: string, script: readonly Line[] = SCRIPT, durationS = DURATION_S): CleanSpeech {
  mkdirSync(dir, { recursive: true });
  const n = Math.round(durationS * FIXTURE_RATE);
  const tracks = { coach: new Float32Array(n), client: new Float32Array(n) };
  const truth: CleanSpeech['truth'] = { coach: [], client: [] };
  const gain = 10 ** (SPEECH_DB / 20);
  script.forEach((line, i) => {
    const x = synthesize(dir, line.text, VOICES[line.who], i);
    const span = audibleSpan(x);
    const scale = gain / Math.sqrt(span.meanPower);
    const offset = Math.round((line.at - span.start) * FIXTURE_RATE);
    const track = tracks[line.who];
    for (let j = 0; j < x.length; j++) {
      const k = offset + j;
      if (k >= 0 && k < n) track[k] = (track[k] ?? 0) + (x[j] ?? 0) * scale;
    }
    truth[line.who].push([line.at, Math.round((line.at + span.end - span.start) * 1000) / 1000]);
  });
  return { ...tracks, truth, durationS };
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}

/** Stationary noise from ffmpeg at a given RMS level (dBFS). The fan is a 50 Hz motor hum over a broadband whoosh. */
export function noise(kind: NoiseKind, db: number, durationS: number, seed: number): Float32Array {
  const d = `d=${durationS}`;
  let x: Float32Array;
  if (kind === 'fan') {
    const hum = `aevalsrc='0.5*sin(2*PI*50*t)+0.3*sin(2*PI*100*t)+0.15*sin(2*PI*150*t)+0.08*sin(2*PI*300*t)':s=${FIXTURE_RATE}:${d}`;
    const whoosh = `anoisesrc=color=pink:seed=${seed}:r=${FIXTURE_RATE}:a=0.5:${d},lowpass=f=1500`;
    x = pcmFrom(['-filter_complex', `${hum}[h];${whoosh}[w];[h][w]amix=inputs=2:normalize=0`]);
  } else {
    x = pcmFrom(['-f', 'lavfi', '-i', `anoisesrc=color=${kind}:seed=${seed}:r=${FIXTURE_RATE}:a=0.5:${d}`]);
  }
  const scale = 10 ** (db / 20) / rms(x);
  return x.map((v) => v * scale);
}

/** Seeded generator, so a fixture is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Keyboard typing (8 clicks/s for `lengthS`) and a door slam, at speech-like peak levels. */
export function addNonSpeech(x: Float32Array, typingAt: number, lengthS: number, doorAt: number, seed = 7): void {
  const r = rng(seed);
  const put = (t: number, dur: number, amp: number, decayS: number, smooth: number): void => {
    const start = Math.round(t * FIXTURE_RATE);
    let y = 0;
    for (let j = 0; j < dur * FIXTURE_RATE && start + j < x.length; j++) {
      const env = amp * Math.exp(-j / (decayS * FIXTURE_RATE));
      y = smooth * y + (1 - smooth) * (r() * 2 - 1); // one-pole lowpass: smooth 0 = bright click, 0.95 = thud
      x[start + j] = (x[start + j] ?? 0) + env * y * (smooth > 0.5 ? 8 : 1);
    }
  };
  for (let t = typingAt; t < typingAt + lengthS; t += 0.1 + r() * 0.08) put(t, 0.03, 0.25, 0.006, 0);
  put(doorAt, 0.6, 0.35, 0.12, 0.95);
}

const fromDb = (db: number): number => 10 ** (db / 20);

function writeWav(path: string, x: Float32Array): void {
  const header = Buffer.alloc(44);
  const bytes = x.length * 4;
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + bytes, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(3, 20); // IEEE float
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(FIXTURE_RATE, 24);
  header.writeUInt32LE(FIXTURE_RATE * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(32, 34);
  header.write('data', 36);
  header.writeUInt32LE(bytes, 40);
  writeFileSync(path, Buffer.concat([header, Buffer.from(x.buffer, x.byteOffset, bytes)]));
}

/** Encodes like a Zoom per-participant track: AAC in .m4a at 48 kHz. */
function encodeM4a(x: Float32Array, out: string): string {
  const wav = `${out}.wav`;
  writeWav(wav, x);
  execFileSync(ffmpeg(), [
    '-hide_banner',
    '-v',
    'error',
    '-y',
    '-i',
    wav,
    '-ar',
    '48000',
    '-c:a',
    'aac',
    '-b:a',
    '96k',
    out,
  ]);
  return out;
}

/** One condition's tracks (coach, client, mixed) in `dir`, built from the shared clean speech. */
export function buildCondition(dir: string, clean: CleanSpeech, c: SpeechCondition, seed = 1): SpeechFixture {
  mkdirSync(dir, { recursive: true });
  const n = clean.coach.length;
  const clientGain = fromDb(c.clientGainDb ?? 0);
  const bleed = c.bleedDb === undefined ? 0 : fromDb(c.bleedDb);
  const coach = new Float32Array(n);
  const client = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = clean.coach[i] ?? 0;
    const b = (clean.client[i] ?? 0) * clientGain;
    coach[i] = a + bleed * b;
    client[i] = b + bleed * a;
  }
  if (c.nonSpeech) addNonSpeech(coach, 14.6, 1.0, 27.3);
  if (c.noise) {
    const nA = noise(c.noise.kind, c.noise.db, clean.durationS, seed);
    const nB = noise(c.noise.kind, c.noise.db, clean.durationS, seed + 100);
    for (let i = 0; i < n; i++) {
      coach[i] = (coach[i] ?? 0) + (nA[i] ?? 0);
      client[i] = (client[i] ?? 0) + (nB[i] ?? 0);
    }
  }
  // The mixed recording hears each voice once (no bleed) over one room's noise.
  const mixed = new Float32Array(n);
  const nM = c.noise ? noise(c.noise.kind, c.noise.db, clean.durationS, seed + 200) : null;
  for (let i = 0; i < n; i++) mixed[i] = (clean.coach[i] ?? 0) + (clean.client[i] ?? 0) * clientGain + (nM?.[i] ?? 0);
  if (c.nonSpeech) addNonSpeech(mixed, 14.6, 1.0, 27.3);
  const truth = { coach: clean.truth.coach, client: clean.truth.client };
  return {
    coachTrack: encodeM4a(coach, join(dir, 'audio-coach.m4a')),
    clientTrack: encodeM4a(client, join(dir, 'audio-client.m4a')),
    mixed: encodeM4a(mixed, join(dir, 'audio-mixed.m4a')),
    durationS: clean.durationS,
    truth,
  };
}

/** The conditions of issue 14 (speech at −24 dBFS). */
export const CONDITIONS: SpeechCondition[] = [
  { name: 'quiet room (pink −62 dBFS)', noise: { kind: 'pink', db: -62 } },
  { name: 'pink noise −46 dBFS', noise: { kind: 'pink', db: -46 } },
  { name: 'pink noise −35 dBFS', noise: { kind: 'pink', db: -35 } },
  { name: 'brown noise −35 dBFS', noise: { kind: 'brown', db: -35 } },
  { name: 'fan hum −35 dBFS', noise: { kind: 'fan', db: -35 } },
  { name: 'client 12 dB quieter (room −55 dBFS)', noise: { kind: 'pink', db: -55 }, clientGainDb: -12 },
  { name: 'bleed −20 dB (room −46 dBFS)', noise: { kind: 'pink', db: -46 }, bleedDb: -20 },
  { name: 'bleed −30 dB (room −46 dBFS)', noise: { kind: 'pink', db: -46 }, bleedDb: -30 },
  { name: 'bleed −25 dB and client 12 dB quieter', noise: { kind: 'pink', db: -55 }, bleedDb: -25, clientGainDb: -12 },
  { name: 'keyboard and door (room −46 dBFS)', noise: { kind: 'pink', db: -46 }, nonSpeech: true },
];

/** Total length of a set of spans (they never overlap within one speaker). */
export const spanTotal = (spans: readonly Span[]): number => spans.reduce((a, [s, e]) => a + e - s, 0);
export { dbOf };
