/**
 * Scores a diarization against truth: diarization error rate (missed + false alarm + confusion over the truth's
 * speech, 10 ms frames, a collar around every truth boundary not scored, hypothesis speakers mapped to truth speakers
 * by the best one-to-one assignment), the worst per-speaker share error in points, and the mean boundary error.
 */
type Spans = readonly (readonly [number, number])[];

export interface DiarizationScore {
  der: number;
  /** Worst |share_hyp − share_truth| over truth speakers, in percentage points. */
  shareErrorPts: number;
  /** Mean distance (s) from each truth turn start to the nearest start of the mapped hypothesis speaker. */
  boundaryErrorS: number;
  speakersFound: number;
}

const STEP = 0.01;

function frames(spans: Spans, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (const [s, e] of spans) out.fill(1, Math.max(0, Math.round(s / STEP)), Math.min(n, Math.round(e / STEP)));
  return out;
}

function permutations(n: number, k: number): number[][] {
  // Assignments of hypothesis i (0…k−1) to truth j (0…n−1) or −1 (unmapped), one-to-one.
  const out: number[][] = [];
  const walk = (i: number, used: Set<number>, acc: number[]): void => {
    if (i === k) {
      out.push([...acc]);
      return;
    }
    for (let j = -1; j < n; j++) {
      if (j >= 0 && used.has(j)) continue;
      if (j >= 0) used.add(j);
      acc.push(j);
      walk(i + 1, used, acc);
      acc.pop();
      if (j >= 0) used.delete(j);
    }
  };
  walk(0, new Set(), []);
  return out;
}

const total = (s: Spans): number => s.reduce((a, [x, y]) => a + y - x, 0);

export function scoreDiarization(
  truth: readonly Spans[],
  hyp: readonly Spans[],
  durationS: number,
  collarS = 0.25,
): DiarizationScore {
  const n = Math.ceil(durationS / STEP);
  const ref = truth.map((t) => frames(t, n));
  const out = hyp.map((h) => frames(h, n));
  const scored = new Uint8Array(n).fill(1);
  const c = Math.round(collarS / STEP);
  for (const t of truth)
    for (const [s, e] of t)
      for (const b of [s, e])
        scored.fill(0, Math.max(0, Math.round(b / STEP) - c), Math.min(n, Math.round(b / STEP) + c));
  // Overlap between truth j and hypothesis i over scored frames.
  const overlap = out.map((h) => ref.map((r) => h.reduce((a, v, f) => a + (v && r[f] && scored[f] ? 1 : 0), 0)));
  let bestMap: number[] = [];
  let bestGain = -1;
  for (const p of permutations(truth.length, hyp.length)) {
    const gain = p.reduce((a, j, i) => a + (j >= 0 ? (overlap[i]?.[j] ?? 0) : 0), 0);
    if (gain > bestGain) {
      bestGain = gain;
      bestMap = p;
    }
  }
  let errors = 0;
  let refSpeech = 0;
  for (let f = 0; f < n; f++) {
    if (!scored[f]) continue;
    const nRef = ref.reduce((a, r) => a + (r[f] ?? 0), 0);
    const nHyp = out.reduce((a, h) => a + (h[f] ?? 0), 0);
    let correct = 0;
    bestMap.forEach((j, i) => {
      if (j >= 0 && out[i]?.[f] && ref[j]?.[f]) correct++;
    });
    refSpeech += nRef;
    errors += Math.max(nRef, nHyp) - correct;
  }
  const truthTotal = truth.reduce((a, t) => a + total(t), 0);
  const hypTotal = hyp.reduce((a, h) => a + total(h), 0);
  let shareErr = 0;
  truth.forEach((t, j) => {
    const i = bestMap.indexOf(j);
    const hypShare = i >= 0 && hypTotal > 0 ? total(hyp[i] ?? []) / hypTotal : 0;
    shareErr = Math.max(shareErr, Math.abs(hypShare - total(t) / truthTotal) * 100);
  });
  const starts: number[] = [];
  truth.forEach((t, j) => {
    const i = bestMap.indexOf(j);
    const hs = i >= 0 ? (hyp[i] ?? []).map(([s]) => s) : [];
    for (const [s] of t) starts.push(hs.length ? Math.min(...hs.map((h) => Math.abs(h - s))) : t.length);
  });
  return {
    der: refSpeech > 0 ? errors / refSpeech : 0,
    shareErrorPts: shareErr,
    boundaryErrorS: starts.length ? starts.reduce((a, b) => a + b, 0) / starts.length : 0,
    speakersFound: hyp.filter((h) => h.length > 0).length,
  };
}
