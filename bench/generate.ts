/** Deterministic synthetic corpora for benchmarks: news-like text with some Unicode. */

const WORDS = (
  'the of and to in a is that for on with as was by at from his an were are which this be has or had not ' +
  'commission security treaty organization military economic cooperation meeting defense committee ministry ' +
  'foreign affairs state border service chairman vice prime minister representatives agenda implementation ' +
  'decisions previous tasks states period strengthening member considered development enterprises industrial ' +
  'complex joint research measures national bodies cataloging supplies armed forces exhibition draft plan ' +
  'Bishkek Moscow Astana Dushanbe Minsk Yerevan ОДКБ заседание комиссии معاهدة الأمن Ташкент café naïve 👋 🇰🇬'
).split(' ');

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

/** About `chars` characters of paragraphs, unique thanks to the serial number. */
export function article(random: () => number, serial: number, chars: number): string {
  const parts: string[] = [`Report ${serial}.`];
  let length = parts[0]!.length;
  let sentence = 0;
  while (length < chars) {
    const n = 8 + Math.floor(random() * 14);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(random() * WORDS.length)]!);
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
    title: `Synthetic report ${serial} on military-economic cooperation`,
    source: ['Trend', 'Kabar', 'TASS', 'Reuters'][serial % 4],
    published_at: `20${10 + (serial % 15)}-${String(1 + (serial % 12)).padStart(2, '0')}-${String(1 + (serial % 28)).padStart(2, '0')}`,
    language: 'en',
    text: article(random, serial, chars),
  });
}
