/**
 * A coaching exchange where the two speakers also talk at once (crosstalk: a back-channel inside the other's
 * sentence, an interruption), for bleed tests: per-person tracks must keep real overlap as overlap.
 */
export const BLEED_SCRIPT = [
  { who: 'coach' as const, at: 0.8, text: 'Good morning. How did the presentation go on Tuesday?' },
  { who: 'client' as const, at: 4.9, text: 'It went better than I expected, thank you.' },
  {
    who: 'coach' as const,
    at: 8.2,
    text: 'What made the difference this time, do you think, compared with last month?',
  },
  { who: 'client' as const, at: 10.4, text: 'Mm-hm, yes.' },
  { who: 'client' as const, at: 13.6, text: 'I practised the opening three times, and I slowed down.' },
  { who: 'coach' as const, at: 17.2, text: 'Right, right.' },
  { who: 'coach' as const, at: 19.8, text: 'That is a real change. What would you keep for next time?' },
  { who: 'client' as const, at: 22.6, text: 'The pauses. Definitely the pauses.' },
  { who: 'coach' as const, at: 26.4, text: 'Let us look at the recording together and find them.' },
  { who: 'client' as const, at: 29.2, text: 'Sure, sure.' },
  { who: 'coach' as const, at: 33.0, text: 'Great. Play it from there, please.' },
];
