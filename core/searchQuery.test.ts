import { describe, expect, it } from 'vitest';
import { findFirstMatch, makeSnippet, parseSearch } from './searchQuery';

describe('parseSearch', () => {
  it('quotes words and keeps phrases, prefixes and operators', () => {
    expect(parseSearch('CSTO meeting').match).toBe('"CSTO" "meeting"');
    expect(parseSearch('"military exhibition" Bish*').match).toBe('"military exhibition" "Bish"*');
    expect(parseSearch('Definex OR Bishkek NOT Moscow').match).toBe('"Definex" OR "Bishkek" NOT "Moscow"');
  });

  it('turns FTS5 syntax characters into plain text so nothing can break the query', () => {
    for (const input of ['(', 'title:', '"unclosed', 'NEAR(a b)', '***', 'a"b', '^x', 'OR', 'AND NOT']) {
      const parsed = parseSearch(input);
      if (parsed.match !== null) expect(parsed.match).toMatch(/^("[^"]*"\*?( (OR|NOT|AND) | )?)+$/);
    }
    expect(parseSearch('   ').match).toBeNull();
    expect(parseSearch('OR').match).toBeNull();
  });

  it('says so when NOT has nothing before it, instead of searching for the word to exclude', () => {
    for (const input of ['NOT NATO', 'NOT "joint exercise"', 'OR NOT NATO']) {
      expect(parseSearch(input).problem, input).toMatch(/NOT needs a word before it/);
    }
    expect(parseSearch('CSTO NOT NATO')).toMatchObject({ match: '"CSTO" NOT "NATO"', problem: null });
    expect(parseSearch('NATO').problem).toBeNull();
  });

  it('says why an emoji alone finds nothing, and searches the words beside one', () => {
    expect(parseSearch('😊').problem).toMatch(/Emoji cannot be searched/);
    expect(parseSearch('👩‍👩‍👧 🇰🇬').problem).toMatch(/Emoji cannot be searched/);
    expect(parseSearch('Bishkek 😊')).toMatchObject({ match: '"Bishkek"', problem: null });
    // Punctuation alone is still just nothing to search for, as the search box is being typed in.
    expect(parseSearch('(').problem).toBeNull();
  });

  it('keeps Cyrillic and Arabic words', () => {
    expect(parseSearch('ОДКБ معاهدة').match).toBe('"ОДКБ" "معاهدة"');
  });
});

describe('findFirstMatch', () => {
  it('lets Latin diacritics count for nothing, as the index does, precomposed or combining', () => {
    expect(findFirstMatch('They met in Zürich today.', parseSearch('Zurich').terms)).toEqual({ start: 12, end: 18 });
    expect(findFirstMatch('They met in Zurich today.', parseSearch('Zürich').terms)).toEqual({ start: 12, end: 18 });
    // "Cafe" + U+0301: the accent is part of the match, not left outside it.
    expect(findFirstMatch('The Cafe\u0301 opens.', parseSearch('café').terms)).toEqual({ start: 4, end: 9 });
    expect(findFirstMatch('The Cafe\u0301 opens.', parseSearch('cafe').terms)).toEqual({ start: 4, end: 9 });
    expect(findFirstMatch('SÃO PAULO', parseSearch('"sao paulo"').terms)).toEqual({ start: 0, end: 9 });
    // Other scripts are matched as written: й is not и.
    expect(findFirstMatch('Новый район', parseSearch('раион').terms)).toBeNull();
    expect(findFirstMatch('Новый район', parseSearch('район').terms)).toEqual({ start: 6, end: 11 });
    expect(makeSnippet('Talks in Zürich.', parseSearch('zurich').terms, '[', ']')).toBe('Talks in [Zürich].');
  });

  it('finds the earliest whole-word match of any term, case-insensitively', () => {
    const text = 'The CSTO met. Bishkek will host Definex; csto members agreed.';
    const terms = parseSearch('definex csto').terms;
    expect(findFirstMatch(text, terms)).toEqual({ start: 4, end: 8 });
    expect(findFirstMatch(text, parseSearch('Bish*').terms)).toEqual({ start: 14, end: 21 });
    expect(findFirstMatch(text, parseSearch('"host definex"').terms)).toEqual({ start: 27, end: 39 });
    expect(findFirstMatch(text, parseSearch('member').terms)).toBeNull();
  });
});

describe('makeSnippet', () => {
  it('cuts a window around the first match at word edges and marks every match in it', () => {
    const text = `${'Opening words of the report. '.repeat(10)}The CSTO met in Bishkek; the csto plans Definex 👋 next year.${' Closing words here.'.repeat(10)}`;
    const snippet = makeSnippet(text, parseSearch('csto Bish*').terms, '[', ']', 40);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('The [CSTO] met in [Bishkek]; the [csto] plans');
    // Whole words at the edges: the window starts after a space.
    expect(snippet.slice(1, 2)).not.toBe(' ');
    expect(makeSnippet('Short text.', [], '[', ']')).toBe('Short text.');
    // A title-only match has no match in the text: the snippet is the text's start.
    expect(makeSnippet('Nothing here matches.', parseSearch('absent').terms, '[', ']')).toBe('Nothing here matches.');
  });
});
