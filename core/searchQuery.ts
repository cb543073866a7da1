/**
 * Turns what a user types into a safe FTS5 query: words, "quoted phrases",
 * prefix*, and the operators OR / NOT / AND in capitals. Anything else FTS5
 * would read as syntax (parentheses, colons, stray quotes) is taken as text,
 * so no search box input can cause a syntax error.
 */

export interface ParsedSearch {
  /** The FTS5 MATCH expression, or null when the input has nothing to search for. */
  match: string | null;
  /** Plain terms and phrases, lower-cased, for finding the first match in a text. */
  terms: Array<{ text: string; prefix: boolean }>;
  /**
   * Why the input cannot be searched as meant, for the user; null when it can. FTS5 has no NOT
   * on its own: dropping it would search for the very word the user wanted to exclude.
   */
  problem: string | null;
}

const EMOJI_ONLY = 'Emoji cannot be searched: the index holds words and numbers only.';
const LEADING_NOT = 'NOT needs a word before it: “CSTO NOT NATO” finds documents with CSTO but without NATO.';

const OPERATORS = new Set(['OR', 'NOT', 'AND']);

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Letters, digits and marks only: what unicode61 keeps of a token. */
function clean(word: string): string {
  return word.replace(/[^\p{L}\p{N}\p{M}_]+/gu, ' ').trim();
}

export function parseSearch(input: string): ParsedSearch {
  const parts: string[] = [];
  const terms: ParsedSearch['terms'] = [];
  const pattern = /"([^"]*)"?|(\S+)/g;
  let lastWasOperand = false;
  let pendingOperator: string | null = null;
  let problem: string | null = null;
  const excludesWithoutBase = () => pendingOperator === 'NOT' && !lastWasOperand;
  for (const m of input.matchAll(pattern)) {
    if (m[1] !== undefined) {
      const phrase = clean(m[1]);
      if (!phrase) continue;
      if (excludesWithoutBase()) problem ??= LEADING_NOT;
      if (pendingOperator && lastWasOperand) parts.push(pendingOperator);
      pendingOperator = null;
      parts.push(quote(phrase));
      terms.push({ text: phrase.toLowerCase(), prefix: false });
      lastWasOperand = true;
      continue;
    }
    const raw = m[2]!;
    if (OPERATORS.has(raw)) {
      pendingOperator = raw;
      continue;
    }
    const prefix = raw.endsWith('*');
    const word = clean(prefix ? raw.slice(0, -1) : raw);
    if (!word) continue;
    // A word FTS5 would split ("CSTO-ICMEC") becomes a phrase of its pieces.
    const operand = prefix ? `${quote(word)}*` : quote(word);
    if (excludesWithoutBase()) problem ??= LEADING_NOT;
    if (pendingOperator && lastWasOperand) parts.push(pendingOperator);
    pendingOperator = null;
    parts.push(operand);
    terms.push({ text: word.toLowerCase(), prefix });
    lastWasOperand = true;
  }
  // The index keeps letters and digits only: an emoji alone would find nothing, and should say why.
  if (parts.length === 0 && /\p{Extended_Pictographic}/u.test(input)) problem ??= EMOJI_ONLY;
  return { match: parts.length > 0 ? parts.join(' ') : null, terms, problem };
}

/**
 * Each Latin base letter with every precomposed letter that folds to it ("u": "ùúûüũū…"). The index
 * is made with `remove_diacritics 2`, so "Zurich" finds "Zürich"; the match must then be found in
 * the text the same way, or there would be a hit with nothing to highlight or scroll to.
 */
let latinVariants: Map<string, string> | null = null;
function variantsOf(letter: string): string {
  if (!latinVariants) {
    const found = new Map<string, Set<string>>();
    for (const [from, to] of [
      [0xc0, 0x24f],
      [0x1e00, 0x1eff],
    ] as const) {
      for (let cp = from; cp <= to; cp++) {
        const char = String.fromCodePoint(cp);
        const base = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
        if (base.length === 1 && base >= 'a' && base <= 'z' && base !== char.toLowerCase()) {
          if (!found.has(base)) found.set(base, new Set());
          found.get(base)!.add(char.toLowerCase());
        }
      }
    }
    latinVariants = new Map([...found].map(([base, chars]) => [base, [...chars].join('')]));
  }
  return latinVariants.get(letter) ?? '';
}

/** A Latin letter's diacritics dropped (what the index does); other scripts' letters kept whole. */
function foldLatin(text: string): string {
  return text.normalize('NFD').replace(/(?<=\p{Script=Latin})\p{M}+/gu, '').normalize('NFC');
}

function letterPattern(char: string): string {
  // A Latin letter matches its accented forms, precomposed or followed by combining marks.
  if (char >= 'a' && char <= 'z') return `[${char}${variantsOf(char)}]\\p{M}*`;
  return char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function termPattern(term: ParsedSearch['terms'][number]): string {
  const words = foldLatin(term.text)
    .split(/\s+/)
    .map((word) => [...word].map(letterPattern).join(''));
  const body = words.join('[^\\p{L}\\p{N}]+');
  return `(?<![\\p{L}\\p{N}])${body}${term.prefix ? '[\\p{L}\\p{N}\\p{M}]*' : '(?![\\p{L}\\p{N}])'}`;
}

/**
 * A short extract of `text` around its first match, every match in it wrapped in `start`/`end`
 * markers (plain characters: the renderer draws them, never as HTML). Made here rather than by
 * FTS5's snippet(), which for a prefix query re-merges every matching term's positions per row.
 */
export function makeSnippet(text: string, terms: ParsedSearch['terms'], start: string, end: string, context = 90): string {
  const first = findFirstMatch(text, terms);
  const from = first ? Math.max(0, first.start - context) : 0;
  const to = Math.min(text.length, (first ? first.end : 0) + context * 2);
  // Cut at whitespace so no word (or surrogate pair) is split at either edge.
  const left = from === 0 ? 0 : Math.min(first?.start ?? from, text.indexOf(' ', from) + 1 || from);
  const rightSpace = text.lastIndexOf(' ', to);
  const right = to >= text.length ? text.length : Math.max(first?.end ?? to, rightSpace > left ? rightSpace : to);
  let window = text.slice(left, right).replace(/\s+/g, ' ');
  if (terms.length > 0) {
    const pattern = new RegExp(terms.map(termPattern).join('|'), 'giu');
    window = window.replace(pattern, (found) => `${start}${found}${end}`);
  }
  return `${left > 0 ? '…' : ''}${window}${right < text.length ? '…' : ''}`;
}

/**
 * The first place in `text` where any term occurs as a whole word (or word prefix),
 * in UTF-16 offsets. Case-insensitive, and Latin diacritics count for nothing, as in the index.
 */
export function findFirstMatch(text: string, terms: ParsedSearch['terms']): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null;
  for (const term of terms) {
    const m = new RegExp(termPattern(term), 'iu').exec(text);
    if (m && (best === null || m.index < best.start)) best = { start: m.index, end: m.index + m[0].length };
  }
  return best;
}
