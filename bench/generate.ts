/**
 * Deterministic synthetic corpora for benchmarks. Words follow a Zipf distribution over
 * a 20,000-word vocabulary, as words do in real news text, so that how many documents a
 * search term hits looks like a real corpus (a uniform draw from a small vocabulary would
 * put every word in every document). Domain terms and some Unicode are mixed in.
 */

const DOMAIN = (
  'commission security treaty organization military economic cooperation meeting defense committee ministry ' +
  'foreign affairs border service chairman minister representatives agenda implementation decisions tasks ' +
  'strengthening member development enterprises industrial complex joint research measures national bodies ' +
  'cataloging supplies armed forces exhibition draft plan Bishkek Moscow Astana Dushanbe Minsk Yerevan ' +
  'ОДКБ заседание комиссии معاهدة الأمن Ташкент café naïve 👋 🇰🇬'
).split(' ');
const FUNCTION_WORDS = 'the of and to in a is that for on with as was by at from his an were are which this be has or had not'.split(' ');

/** A small fast PRNG (mulberry32) so every run generates the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = 'ka ri to na mi su le po de va lo ne si ra mu te ko ba di fu ga he ji ku ma no pe sa ti zu'.split(' ');

function syntheticWord(rank: number): string {
  let n = rank;
  let word = '';
  do {
    word += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return word;
}

/** Function words first, then domain terms, then synthetic words: rank order for Zipf. */
const VOCABULARY = [...FUNCTION_WORDS, ...DOMAIN, ...Array.from({ length: 20_000 }, (_, i) => syntheticWord(i + 31))];

/** Cumulative Zipf weights (s = 1) for sampling by binary search. */
const CUMULATIVE = (() => {
  const weights = new Float64Array(VOCABULARY.length);
  let sum = 0;
  for (let i = 0; i < VOCABULARY.length; i++) {
    sum += 1 / (i + 1);
    weights[i] = sum;
  }
  return weights.map((w) => w / sum);
})();

function zipfWord(random: () => number): string {
  const r = random();
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (CUMULATIVE[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo]!;
}

/** About `chars` characters of paragraphs, unique thanks to the serial number. */
export function article(random: () => number, serial: number, chars: number): string {
  const parts: string[] = [`Report ${serial}.`];
  let length = parts[0]!.length;
  let sentence = 0;
  while (length < chars) {
    const n = 8 + Math.floor(random() * 14);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(zipfWord(random));
    const text = words.join(' ');
    const s = text.charAt(0).toUpperCase() + text.slice(1) + '.';
    sentence++;
    const piece = sentence % 5 === 0 ? `\n\n${s}` : ` ${s}`;
    parts.push(piece);
    length += piece.length;
  }
  return parts.join('');
}

export function articleRecord(random: () => number, serial: number, chars = 3000): string {
  return JSON.stringify({
    id: `bench-${serial}`,
    title: `Synthetic report ${serial}: ${zipfWord(random)} ${zipfWord(random)} ${zipfWord(random)}`,
    source: ['Trend', 'Kabar', 'TASS', 'Reuters'][serial % 4],
    published_at: `20${10 + (serial % 15)}-${String(1 + (serial % 12)).padStart(2, '0')}-${String(1 + (serial % 28)).padStart(2, '0')}`,
    language: 'en',
    text: article(random, serial, chars),
  });
}
