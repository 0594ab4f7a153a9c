/**
 * A seeded corpus of mixed-track conversations with known truth, for diarization: espeak-ng voices and variants with
 * pitch and rate changes, 2–4 speakers, short back-channel turns, overlaps, then a room (sox reverb), noise
 * (white/pink/brown/fan at −60…−35 dBFS), per-speaker levels (0…−20 dB), a codec (AAC 32–128k, Opus) and a sample
 * rate. Truth = each clean utterance's audible span, per speaker.
 *
 * DEV voices/rooms are what the constants were chosen on; HELD_OUT ones are evaluated only for the final report.
 * Tests that use this must skip (with the reason) where `hasEspeak()` is false.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateMediaTools } from '../../main/platform/ffmpeg-locate.js';
import { FIXTURE_RATE, noise, type NoiseKind, type Span } from './speech-fixtures.js';

export interface Voice {
  /** espeak-ng voice+variant, e.g. "en-us+m3". */
  v: string;
  pitch: number;
  rate: number;
}

export interface Room {
  reverb: number;
  noise: { kind: NoiseKind | 'white'; db: number };
  codec: 'aac32' | 'aac64' | 'aac96' | 'aac128' | 'opus24' | 'opus48';
  rateHz: number;
  /** A band-pass (sox sinc, Hz) after the room: a telephone line, a cheap microphone. */
  band?: [number, number];
}

export interface Case {
  name: string;
  voices: Voice[];
  room: Room;
  /** Per-speaker gain (dB), default 0. */
  levelsDb?: number[];
  durationS: number;
  /** Probability that a turn is a back-channel ("mm-hm", "yes"). */
  backChannel?: number;
  /** Probability that a turn starts before the previous one ended. */
  overlap?: number;
  seed: number;
}

export interface Conversation {
  path: string;
  durationS: number;
  truth: Span[][];
}

const LINES = [
  'Good morning. How did the presentation go on Tuesday?',
  'It went better than I expected, thank you for asking.',
  'What made the difference this time, do you think?',
  'I practised the opening three times, and I slowed down a lot.',
  'That is a real change. What would you keep for next time?',
  'The pauses. Definitely the pauses after each key point.',
  'Let us look at the recording together and find them.',
  'The budget slide was the hardest part for me.',
  'Why was it hard? Was it the numbers or the audience?',
  'Mostly the audience. The finance director kept interrupting.',
  'How did you respond when he interrupted you?',
  'I asked him to hold his questions until the end of the section.',
  'And did that work, or did he keep going?',
  'He stopped, and afterwards he said the structure was clear.',
  'So setting the rules early gave you some control back.',
  'Yes, and I felt calmer for the rest of the meeting.',
  'What would you like to work on before the next review?',
  'I want to shorten the introduction and open with a story.',
  'A story about a customer would make the numbers concrete.',
  'We could try that now, if you have five more minutes.',
  'I think the team is ready for a bigger change this quarter.',
  'Which part of the plan worries you the most right now?',
  'Probably the hiring timeline, because two people are leaving.',
  'Let us write down the three risks and one action for each.',
];
const BACK = ['Mm-hm.', 'Yes.', 'Right.', 'Okay.', 'I see.', 'Sure.'];

export const DEV_VOICES: Voice[] = [
  { v: 'en-us+m3', pitch: 50, rate: 165 },
  { v: 'en-us+f2', pitch: 55, rate: 155 },
  { v: 'en+m1', pitch: 40, rate: 175 },
  { v: 'en-us+f4', pitch: 60, rate: 160 },
  { v: 'en-us+klatt2', pitch: 45, rate: 150 },
  { v: 'en-gb-x-rp+m5', pitch: 35, rate: 170 },
  { v: 'en+f1', pitch: 70, rate: 180 },
];
export const HELD_OUT_VOICES: Voice[] = [
  { v: 'en-gb-scotland+m2', pitch: 45, rate: 160 },
  { v: 'en-029+f3', pitch: 58, rate: 150 },
  { v: 'en-us+klatt4', pitch: 52, rate: 170 },
  { v: 'en+m6', pitch: 38, rate: 155 },
  { v: 'en-gb-x-gbclan+f5', pitch: 65, rate: 165 },
  { v: 'en+m4', pitch: 48, rate: 185 },
  // Other languages' voices reading the English lines, with named variants the dev set never uses.
  { v: 'de+Annie', pitch: 62, rate: 150 },
  { v: 'nl+Andy', pitch: 42, rate: 165 },
];
/**
 * A second held-out set (issue 23 follow-up), made after the eigengap regression was found on HELD_OUT and never
 * tuned on: named variants no other set uses, other pitches and rates.
 */
export const HELD_OUT_2_VOICES: Voice[] = [
  { v: 'en-us-nyc+Mike', pitch: 40, rate: 175 },
  { v: 'en+Linda', pitch: 62, rate: 165 },
  { v: 'en-gb-x-gbcwmd+Edward', pitch: 50, rate: 148 },
  { v: 'en-us+Belinda', pitch: 72, rate: 145 },
  { v: 'en-gb-x-rp+Robert', pitch: 30, rate: 190 },
  { v: 'en-us+Alicia', pitch: 55, rate: 170 },
];

export const DEV_ROOMS: Room[] = [
  { reverb: 0, noise: { kind: 'pink', db: -60 }, codec: 'aac128', rateHz: 48000 },
  { reverb: 40, noise: { kind: 'pink', db: -46 }, codec: 'aac64', rateHz: 48000 },
  { reverb: 20, noise: { kind: 'brown', db: -35 }, codec: 'opus48', rateHz: 16000 },
  { reverb: 60, noise: { kind: 'white', db: -50 }, codec: 'aac32', rateHz: 22050 },
];
export const HELD_OUT_ROOMS: Room[] = [
  { reverb: 50, noise: { kind: 'fan', db: -40 }, codec: 'opus24', rateHz: 48000 },
  { reverb: 30, noise: { kind: 'white', db: -38 }, codec: 'aac64', rateHz: 8000 },
  { reverb: 10, noise: { kind: 'pink', db: -52 }, codec: 'aac32', rateHz: 44100 },
];

const ffmpeg = (): string => locateMediaTools().ffmpeg;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function f32(buf: Buffer): Float32Array {
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4).slice();
}

/** One utterance, cached on disk by voice and text (the same speech is reused by every condition). */
function utterance(cache: string, voice: Voice, text: string): Float32Array {
  const key = createHash('sha1')
    .update(JSON.stringify([voice, text]))
    .digest('hex')
    .slice(0, 16);
  const raw = join(cache, `${key}.f32`);
  if (!existsSync(raw)) {
    const wav = join(cache, `${key}.wav`);
    execFileSync('espeak-ng', ['-v', voice.v, '-p', `${voice.pitch}`, '-s', `${voice.rate}`, '-w', wav, text]);
    const pcm = execFileSync(
      ffmpeg(),
      ['-v', 'error', '-i', wav, '-f', 'f32le', '-ac', '1', '-ar', `${FIXTURE_RATE}`, 'pipe:1'],
      {
        maxBuffer: 1 << 28,
      },
    );
    writeFileSync(raw, pcm);
  }
  return trim(f32(readFileSync(raw)));
}

/** The audible part (within 50 dB of the loudest 10 ms frame), normalised to −24 dBFS over its active frames. */
function trim(x: Float32Array): Float32Array {
  const frame = FIXTURE_RATE / 100;
  const p: number[] = [];
  for (let f = 0; f + frame <= x.length; f += frame) {
    let s = 0;
    for (let i = f; i < f + frame; i++) s += (x[i] ?? 0) ** 2;
    p.push(s / frame);
  }
  const peak = Math.max(...p);
  const first = Math.max(
    0,
    p.findIndex((v) => v > peak * 1e-5),
  );
  let last = p.length - 1;
  while (last > first && (p[last] ?? 0) <= peak * 1e-5) last--;
  const active = p.filter((v) => v > peak * 1e-3);
  const scale = 10 ** (-24 / 20) / Math.sqrt(active.reduce((a, b) => a + b, 0) / active.length);
  return x.slice(first * frame, (last + 1) * frame).map((v) => v * scale);
}

/** Builds the case's mixed recording in `dir` (cached utterances in `cache`). */
export function buildConversation(dir: string, cache: string, c: Case): Conversation {
  mkdirSync(dir, { recursive: true });
  mkdirSync(cache, { recursive: true });
  const r = rng(c.seed);
  const n = Math.round(c.durationS * FIXTURE_RATE);
  const mix = new Float32Array(n);
  const truth: Span[][] = c.voices.map(() => []);
  const speakers = c.voices.length;
  // Unequal shares: speaker weights drawn once per case.
  const weights = c.voices.map(() => 0.4 + r());
  let t = 0.5;
  let prev = -1;
  let prevEnd = 0;
  while (t < c.durationS - 1) {
    let who = prev;
    while (who === prev) {
      let pick = r() * weights.reduce((a, b) => a + b, 0);
      who = 0;
      while (who < speakers - 1 && pick > (weights[who] ?? 0)) pick -= weights[who++] ?? 0;
    }
    const isBack = prev >= 0 && r() < (c.backChannel ?? 0.15);
    const text = isBack
      ? (BACK[Math.floor(r() * BACK.length)] as string)
      : (LINES[Math.floor(r() * LINES.length)] as string);
    const x = utterance(cache, c.voices[who] as Voice, text);
    const gain = 10 ** ((c.levelsDb?.[who] ?? 0) / 20);
    const overlapping = prev >= 0 && r() < (c.overlap ?? 0.08);
    const start = overlapping ? Math.max(0, prevEnd - 0.3 - r() * 0.5) : t;
    const offset = Math.round(start * FIXTURE_RATE);
    if (offset + x.length >= n) break;
    for (let j = 0; j < x.length; j++) mix[offset + j] = (mix[offset + j] ?? 0) + (x[j] ?? 0) * gain;
    const end = start + x.length / FIXTURE_RATE;
    truth[who]?.push([Math.round(start * 1000) / 1000, Math.round(end * 1000) / 1000]);
    prev = who;
    prevEnd = Math.max(prevEnd, end);
    t = prevEnd + 0.2 + r() * 0.7;
  }
  const wet = c.room.reverb > 0 ? reverb(mix, c.room.reverb) : mix;
  const room = c.room.band ? bandPass(wet, c.room.band) : wet;
  const kind = c.room.noise.kind;
  const hiss = kind === 'white' ? white(c.room.noise.db, n, c.seed) : noise(kind, c.room.noise.db, c.durationS, c.seed);
  for (let i = 0; i < n; i++) room[i] = (room[i] ?? 0) + (hiss[i] ?? 0);
  return {
    path: encode(room, join(dir, `${c.seed}.${c.room.codec.startsWith('opus') ? 'ogg' : 'm4a'}`), c.room),
    durationS: c.durationS,
    truth: truth.map(merge),
  };
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Span[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function white(db: number, n: number, seed: number): Float32Array {
  const r = rng(seed * 7 + 3);
  const scale = 10 ** (db / 20) * Math.sqrt(3);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

/** sox's reverberator (reverberance 0–100), same length as the input. */
function reverb(x: Float32Array, amount: number): Float32Array {
  const raw = ['-t', 'raw', '-r', `${FIXTURE_RATE}`, '-e', 'floating-point', '-b', '32', '-c', '1'];
  const out = execFileSync('sox', [...raw, '-', ...raw, '-', 'reverb', `${amount}`, '50', '60'], {
    input: Buffer.from(x.buffer, x.byteOffset, x.byteLength),
    maxBuffer: 1 << 28,
  });
  return f32(out).slice(0, x.length);
}

/** sox's windowed-sinc band-pass, same length as the input. */
function bandPass(x: Float32Array, [lo, hi]: [number, number]): Float32Array {
  const raw = ['-t', 'raw', '-r', `${FIXTURE_RATE}`, '-e', 'floating-point', '-b', '32', '-c', '1'];
  const out = execFileSync('sox', [...raw, '-', ...raw, '-', 'sinc', `${lo}-${hi}`], {
    input: Buffer.from(x.buffer, x.byteOffset, x.byteLength),
    maxBuffer: 1 << 28,
  });
  return f32(out).slice(0, x.length);
}

function encode(x: Float32Array, out: string, room: Room): string {
  const codec = room.codec.startsWith('opus')
    ? ['-c:a', 'libopus', '-b:a', `${room.codec.slice(4)}k`]
    : ['-c:a', 'aac', '-b:a', `${room.codec.slice(3)}k`];
  // Opus only takes 8/12/16/24/48 kHz; its file says 48 kHz whatever went in, so the rate is applied before it.
  const rate = room.codec.startsWith('opus')
    ? ['-af', `aresample=${room.rateHz},aresample=48000`]
    : ['-ar', `${room.rateHz}`];
  execFileSync(
    ffmpeg(),
    ['-v', 'error', '-y', '-f', 'f32le', '-ar', `${FIXTURE_RATE}`, '-ac', '1', '-i', 'pipe:0', ...rate, ...codec, out],
    { input: Buffer.from(x.buffer, x.byteOffset, x.byteLength) },
  );
  return out;
}

/** The corpus: every room × speaker count, voices drawn from the set (same-gender pairs included). */
export function corpusCases(set: 'dev' | 'held_out', durationS: number): Case[] {
  const voices = set === 'dev' ? DEV_VOICES : HELD_OUT_VOICES;
  const rooms = set === 'dev' ? DEV_ROOMS : HELD_OUT_ROOMS;
  const pick = (idx: number[]): Voice[] => idx.map((i) => voices[i % voices.length] as Voice);
  // Pairs: one mixed-gender, one same-gender (male–male), then 3 and 4 speakers.
  const groups: { label: string; voices: Voice[]; levels?: number[] }[] = [
    { label: '2 mixed-gender', voices: pick([0, 1]) },
    { label: '2 same-gender', voices: set === 'dev' ? pick([0, 2]) : pick([0, 3]) },
    { label: '2, one 12 dB quieter', voices: pick([2, 3]), levels: [0, -12] },
    { label: '3 speakers', voices: pick([3, 4, 5]) },
    { label: '4 speakers, −20…0 dB', voices: pick([0, 1, 4, 6]), levels: [0, -6, -3, -20 / 2] },
  ];
  const base = set === 'dev' ? 100 : 900;
  return rooms.flatMap((room, ri) =>
    groups.map((g, gi) => ({
      name: `${set} ${g.label}; reverb ${room.reverb}, ${room.noise.kind} ${room.noise.db} dBFS, ${room.codec} @${room.rateHz}`,
      voices: g.voices,
      room,
      levelsDb: g.levels,
      durationS,
      backChannel: 0.15,
      overlap: 0.08,
      seed: base + ri * 10 + gi,
    })),
  );
}
