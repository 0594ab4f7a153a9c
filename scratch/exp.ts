import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeMedia } from '../main/analysis/probe.js';
import { runStage1 } from '../main/analysis/stage1-audio.js';
import { locateMediaTools } from '../main/platform/ffmpeg-locate.js';
import { buildConversation, corpusCases } from '../tests/helpers/diarization-corpus.js';
import { scoreDiarization } from '../tests/helpers/diarization-scoring.js';
import { CepstraAccumulator } from '../main/analysis/diarization/cepstra.js';
import { DEFAULT_DIARIZE, diarize } from '../main/analysis/diarization/diarize.js';

const set = (process.argv[2] ?? 'dev') as 'dev' | 'held_out';
const dur = Number(process.argv[3] ?? 60);
const overrides = JSON.parse(process.argv[4] ?? '{}');
const store = `/tmp/diar-exp-${set}-${dur}`;
mkdirSync(store, { recursive: true });
const tools = locateMediaTools();
const rows: string[] = [];
let sumDer = 0, sumShare = 0, right = 0, n = 0;
for (const c of corpusCases(set, dur)) {
  const f = join(store, `${c.seed}.json`);
  if (!existsSync(f)) {
    const conv = buildConversation(join(store, 'files'), '/tmp/filmroom-espeak-cache', c);
    const media = await probeMedia(conv.path, { ffprobe: tools.ffprobe });
    const s1 = await runStage1({ tools, path: conv.path, media });
    writeFileSync(join(store, `${c.seed}.pcm`), Buffer.from(s1.mixedPcm!.buffer));
    writeFileSync(f, JSON.stringify({ truth: conv.truth, segments: s1.speech!.segments, durationS: conv.durationS }));
  }
  const d = JSON.parse(readFileSync(f, 'utf8'));
  const buf = readFileSync(join(store, `${c.seed}.pcm`));
  const pcm = new Int16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
  const acc = new CepstraAccumulator();
  acc.pushPcm(pcm);
  const r = diarize(acc.finish(), d.segments, { ...DEFAULT_DIARIZE, ...overrides });
  const s = scoreDiarization(d.truth, r?.speakers ?? [], d.durationS);
  sumDer += s.der; sumShare += s.shareErrorPts; n++; if (s.speakersFound === c.voices.length) right++;
  rows.push(`${c.name.padEnd(90)} ${c.voices.length}(${s.speakersFound}) DER ${(s.der * 100).toFixed(1).padStart(5)} share ${s.shareErrorPts.toFixed(1).padStart(5)} conf ${r?.confidence} bic ${JSON.stringify(Object.fromEntries(Object.entries(r?.bic ?? {}).map(([k, v]) => [k, Math.round(v as number)])))}`);
}
console.log(rows.join('\n'));
console.log(`MEAN DER ${(sumDer / n * 100).toFixed(2)} share ${(sumShare / n).toFixed(2)} rightK ${right}/${n}`);
