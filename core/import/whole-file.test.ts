import { describe, expect, it } from 'vitest';
import { baseName, createWholeFileParser, parseWholeFileArticle } from './whole-file';
import { feed } from './test-helpers';

describe('parseWholeFileArticle', () => {
  it('keeps plain text exactly, CRLF, tabs and trailing newline included, titled by the file name', () => {
    const text = '\r\n  First line\t \r\nSecond\u00e9 😀\r\n';
    expect(parseWholeFileArticle('dir/sub\\Report 1.final.txt', text, 'txt')).toEqual({
      ok: true,
      line: 1,
      article: { text, title: 'Report 1.final', metadata: {} },
    });
  });

  it('takes the title from the first non-empty line when asked, keeping the line in the text', () => {
    const text = '\n \n  The Title  \r\nBody';
    const record = parseWholeFileArticle('a.txt', text, 'txt', { firstLineIsTitle: true });
    expect(record).toMatchObject({ ok: true, article: { text, title: 'The Title' } });
  });

  it('takes a Markdown title from the first level-1 heading outside code fences', () => {
    const md = '```\n# not this\n```\nIntro\n\n## Sub\n\n#  The *Title* ##  \n\ntext';
    expect(parseWholeFileArticle('a.md', md, 'md')).toMatchObject({ ok: true, article: { text: md, title: 'The *Title*' } });
    expect(parseWholeFileArticle('a.md', 'Setext Title\r\n====\r\nbody', 'md')).toMatchObject({ article: { title: 'Setext Title' } });
    expect(parseWholeFileArticle('notes.md', '#hashtag is not a heading', 'md')).toMatchObject({ article: { title: 'notes' } });
  });

  it('extracts HTML text and metadata', () => {
    const record = parseWholeFileArticle('p.html', '<html lang="fr"><h3>Titre</h3><p>Texte</p></html>', 'html');
    expect(record).toEqual({ ok: true, line: 1, article: { text: 'Titre\n\nTexte', title: 'Titre', language: 'fr', metadata: {} } });
  });

  it('gives clear errors for empty and blank files', () => {
    expect(parseWholeFileArticle('a.txt', '', 'txt')).toEqual({
      ok: false,
      line: 1,
      fatal: true,
      problem: { file: 'a.txt', line: 1, reason: 'the file is empty' },
    });
    expect(parseWholeFileArticle('a.txt', ' \r\n\t', 'txt')).toMatchObject({ problem: { reason: 'the file contains only whitespace' } });
    expect(parseWholeFileArticle('a.html', '<script>x</script>', 'html')).toMatchObject({ problem: { reason: 'the page has no readable text' } });
  });

  it('streams: the chunks are joined and the article comes at the end', () => {
    const records = feed(createWholeFileParser('a.txt', 'txt'), 'one\r\ntwo', [3, 4]);
    expect(records).toEqual([{ ok: true, line: 1, article: { text: 'one\r\ntwo', title: 'a', metadata: {} } }]);
  });

  it('clips very long titles at a character boundary', () => {
    const record = parseWholeFileArticle('a.txt', '😀'.repeat(600), 'txt', { firstLineIsTitle: true });
    const title = record.ok ? record.article.title! : '';
    expect(Array.from(title)).toHaveLength(500);
    expect(title.endsWith('😀…')).toBe(true);
  });

  it('strips directories and the last extension for the fallback title', () => {
    expect(baseName('/a/b/c.tar.gz')).toBe('c.tar');
    expect(baseName('C:\\x\\.hidden')).toBe('.hidden');
    expect(baseName('noext')).toBe('noext');
  });
});
