/**
 * Issue 23: diarization per condition of the corpus (voices and noise), each a short dev conversation through the real
 * stage 1 + diarization, scored against the clean utterances: right number of speakers, DER ≤ 10 % (0.25 s collar),
 * every speaker's share within 3 points (the goal; a wider bound, marked, where a gap is known). Few conditions per file to keep CI time modest; all of them (dev and
 * held-out) are in `npm run bench -- accuracy`.
 */
import { describeConditions } from '../../helpers/diarization-check.js';

const CONDITIONS: { name: string; durationS: number; sharePts: number }[] = [
  { name: 'codec: opus24', durationS: 60, sharePts: 3 },
  { name: 'speakers: 3', durationS: 90, sharePts: 3 },
  // Known gaps (measured 9.8 and 6.2 points at 60 s): a regression guard, not the goal.
  { name: 'same gender: two male', durationS: 60, sharePts: 12 },
  { name: 'noise colour: brown -40 dBFS', durationS: 60, sharePts: 8 },
];

describeConditions(CONDITIONS);
