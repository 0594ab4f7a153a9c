import { readFileSync } from 'node:fs';
import { CepstraAccumulator, HOP_S, CEPSTRA } from '../main/analysis/diarization/cepstra.js';
for (const seed of process.argv.slice(2)) {
  const d = JSON.parse(readFileSync(`/tmp/diar-exp-dev-60/${seed}.json`, 'utf8'));
  const buf = readFileSync(`/tmp/diar-exp-dev-60/${seed}.pcm`);
  const acc = new CepstraAccumulator();
  acc.pushPcm(new Int16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2));
  const f = acc.finish();
  d.truth.forEach((spans: [number, number][], k: number) => {
    const p: number[] = []; let frames = 0; const cm = new Array(CEPSTRA).fill(0);
    for (const [s, e] of spans) for (let i = Math.ceil(s / HOP_S); i < e / HOP_S && i < f.frames; i++) { frames++; const v = f.logF0[i]!; if (!Number.isNaN(v)) p.push(2 ** v); for (let c = 0; c < CEPSTRA; c++) cm[c] += f.cep[i * CEPSTRA + c]!; }
    p.sort((a, b) => a - b);
    console.log(seed, k, 'voiced', (p.length / frames).toFixed(2), 'F0 p10/50/90', p[Math.floor(p.length * 0.1)]?.toFixed(0), p[p.length >> 1]?.toFixed(0), p[Math.floor(p.length * 0.9)]?.toFixed(0), 'cep', cm.map((x) => (x / frames).toFixed(1)).join(' '));
  });
}
