import { describe, expect, it } from 'vitest';
import { snippetWindow } from '../../../renderer/features/library/snippet-window.js';

const mark = (text: string, word: string): [number, number] => {
  const at = text.indexOf(word);
  return [at, at + word.length];
};

describe('snippetWindow: the Match column starts a few words before the matched word', () => {
  it('keeps a snippet whose match is near its start as it is', () => {
    const text = 'Goals for Zanzibar and more';
    expect(snippetWindow({ text, highlights: [mark(text, 'Zanzibar')] })).toEqual({
      text,
      highlights: [mark(text, 'Zanzibar')],
    });
  });
  it('cuts a long lead-in at a word start, with an ellipsis, and moves the highlights with it', () => {
    const text = '…we talked for a long while about the budget, the hiring plan and then Zanzibar came up again…';
    const got = snippetWindow({ text, highlights: [mark(text, 'Zanzibar'), mark(text, 'again')] });
    expect(got.text.startsWith('…')).toBe(true);
    expect(got.text).toMatch(/^…\S/);
    const [s, e] = got.highlights[0]!;
    expect(got.text.slice(s, e)).toBe('Zanzibar');
    expect(s).toBeLessThanOrEqual(14);
    expect(got.text.slice(...got.highlights[1]!)).toBe('again');
    // Whole words only: the window starts at a word's first letter.
    const lead = got.text.slice(1, s);
    expect(text).toContain(` ${lead}`);
  });
  it('keeps every character from the match on', () => {
    const text = 'x'.repeat(40) + ' word tail';
    const got = snippetWindow({ text, highlights: [mark(text, 'word')] });
    expect(got.text.endsWith('word tail')).toBe(true);
    expect(got.text.slice(...got.highlights[0]!)).toBe('word');
  });
});
