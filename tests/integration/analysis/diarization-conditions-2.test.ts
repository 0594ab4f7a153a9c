/**
 * Issue 23: diarization per condition of the corpus (room, levels and turn-taking), each a short dev conversation through the real
 * stage 1 + diarization, scored against the clean utterances: right number of speakers, DER ≤ 10 % (0.25 s collar),
 * every speaker's share within 3 points (the goal; a wider bound, marked, where a gap is known). Few conditions per file to keep CI time modest; all of them (dev and
 * held-out) are in `npm run bench -- accuracy`.
 */
import { describeConditions } from '../../helpers/diarization-check.js';

const CONDITIONS: { name: string; durationS: number; sharePts: number }[] = [
  { name: 'reverb: 60', durationS: 60, sharePts: 3 },
  { name: 'levels: second −20 dB', durationS: 60, sharePts: 3 },
  { name: 'overlaps: 30 % of turns', durationS: 60, sharePts: 3 },
  // Known gap (measured 3.6 points at 60 s): a regression guard, not the goal.
  { name: 'back-channels: 40 % of turns', durationS: 60, sharePts: 5 },
];

describeConditions(CONDITIONS);
