const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// A word counts when it has a letter; digits, punctuation and emoji alone never become initials
// (a phone number as a name gives none, and the avatar is an identicon instead).
const LETTER = /\p{L}/u;
const NOT_LETTER = /[^\p{L}\p{M}]/gu;

function firstGraphemes(word: string, count: number): string {
  const graphemes: string[] = [];
  for (const { segment } of segmenter.segment(word)) {
    graphemes.push(segment);
    if (graphemes.length === count) {
      break;
    }
  }
  return graphemes.join('');
}

/**
 * At most two letters from what a caller passes as `initials`: initials as they are ("MS"), or a
 * name ("Maria da Silva": the first letters of its first and last words, "MS"; one word: its
 * first two letters). Letters and their combining marks only, upper-cased; "" when none are left.
 */
export function normaliseInitials(given: string): string {
  const words = given
    .normalize('NFC')
    .split(/\s+/u)
    .map((word) => word.replace(NOT_LETTER, ''))
    .filter((word) => LETTER.test(word));
  const first = words[0];
  const last = words.at(-1);
  if (first === undefined || last === undefined) {
    return '';
  }
  const letters = words.length === 1 ? firstGraphemes(first, 2) : firstGraphemes(first, 1) + firstGraphemes(last, 1);
  return letters.toUpperCase();
}
