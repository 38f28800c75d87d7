/**
 * Linear-time guard for BPE: o200k's pre-tokenizer keeps a run of letters (or of punctuation, or of whitespace) as
 * one piece, and byte-pair merging is quadratic in the length of a piece — 400 KB of `a` took 105 s. So text whose
 * runs of one character class all stay within {@link MAX_RUN} is returned whole (counted exactly, as before); a
 * longer run is cut into pieces of at most MAX_RUN characters, each then counted on its own.
 *
 * Accuracy on such pathological input: every cut may change the count by about one token (the two halves can no
 * longer merge across the cut), so the count differs from the exact BPE count by at most one token per MAX_RUN
 * characters of over-long runs (≈0.4 %). Normal text (words, code, JSON) has no run that long and counts exactly.
 */
export const MAX_RUN = 256;

/** The character classes of o200k's pre-tokenizer: a run of one class can be one piece. */
const SPACE = 0;
const DIGIT = 1;
const PUNCT = 2;
const LETTER = 3;

let bmpTable: Uint8Array | null = null;

/** Class of every UTF-16 code unit, built once (surrogate halves count as symbols, like most astral characters). */
function table(): Uint8Array {
  if (bmpTable) return bmpTable;
  const t = new Uint8Array(65536);
  const space = /\s/u;
  const digit = /\p{N}/u;
  const letter = /[\p{L}\p{M}]/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) t[c] = PUNCT;
    else {
      const ch = String.fromCharCode(c);
      t[c] = space.test(ch) ? SPACE : digit.test(ch) ? DIGIT : letter.test(ch) ? LETTER : PUNCT;
    }
  }
  bmpTable = t;
  return t;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** The text cut inside runs longer than {@link MAX_RUN} (one piece when there is none). O(n). */
export function splitLongRuns(text: string, maxRun = MAX_RUN): string[] {
  const pieces: string[] = [];
  let pieceStart = 0;
  const classes = table();
  let runClass = -1;
  let runLength = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const cls = classes[c] as number;
    if (cls === runClass) runLength++;
    else {
      runClass = cls;
      runLength = 1;
    }
    // Cut before this character when the run reached maxRun, never between the halves of a surrogate pair.
    if (runLength > maxRun && !(i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) {
      pieces.push(text.slice(pieceStart, i));
      pieceStart = i;
      runLength = 1;
    }
  }
  pieces.push(text.slice(pieceStart));
  return pieces;
}
