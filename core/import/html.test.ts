import { describe, expect, it } from 'vitest';
import { extractHtml } from './html';
import { decodeEntities, NAMED_ENTITY_COUNT } from './html-entities';

describe('extractHtml', () => {
  it('extracts readable text with paragraphs, dropping scripts, styles, comments and templates', () => {
    const html = `<!DOCTYPE html>
<html lang="de"><head>
  <meta charset="utf-8"><title>  Fish &amp; Chips  </title>
  <link rel="stylesheet canonical" href="https://news.test/a?x=1&amp;y=2">
  <style>p { color: red } </p></style>
  <script>if (a < b && c) { document.write("<p>nope</p>") }</script>
</head>
<body>
  <!-- <p>hidden</p> -->
  <article>
    <h1>Main   heading</h1>
    <div><div><p>First
       paragraph, <b>bold</b><i>italic</i> text.</p></div>
    <p>Second<br>line two<br/>line three</p></div>
    <template><p>template text</p><template>inner</template><p>still hidden</p></template>
    <noscript>enable JS</noscript>
    <ul><li>one</li><li>two <em>2</em></li></ul>
    <p>Caf&eacute; &euro;5 &#8212; &#x1F600; &lt;tag&gt; &nbsp;x&copy 2020 &unknown; &amp</p>
  </article>
  <svg><title>icon</title><text>svg text</text></svg>
  <SCRIPT type="text/plain">SHOUTED</SCRIPT >
</body></html>`;
    const result = extractHtml(html);
    expect(result.text).toBe(
      [
        'Main heading',
        'First paragraph, bolditalic text.',
        'Second\nline two\nline three',
        'one\ntwo 2',
        'Café €5 — 😀 <tag> \u00a0x© 2020 &unknown; &',
      ].join('\n\n'),
    );
    expect(result.title).toBe('Fish & Chips');
    expect(result.language).toBe('de');
    expect(result.canonicalUrl).toBe('https://news.test/a?x=1&y=2');
  });

  it('falls back to the first heading for the title', () => {
    expect(extractHtml('<p>intro</p><h2>The <i>real</i> title</h2><h1>later</h1>').title).toBe('The real title');
    expect(extractHtml('<p>no heading</p>').title).toBeNull();
  });

  it('keeps whitespace in pre and lays tables out by rows and cells', () => {
    const html = '<p>a</p><pre>\n  x = 1\n    y\n</pre><table><tr><th>k</th><td>v</td></tr><tr><td>k2</td><td>v2</td></tr></table>';
    expect(extractHtml(html).text).toBe('a\n\n  x = 1\n    y\n\n\nk\tv\nk2\tv2');
  });

  it('tolerates broken markup', () => {
    expect(extractHtml('a < b and 1<2 <p title="x>y">para</p> <!-- unclosed').text).toBe('a < b and 1<2\n\npara');
    // As in a browser, a letter after "<" opens a tag, so this text disappears into one.
    expect(extractHtml('if c<d then').text).toBe('if c');
    expect(extractHtml('<div class="x').text).toBe('');
    expect(extractHtml('text</p></div>more').text).toBe('text\n\nmore');
    expect(extractHtml('<script>never closed <p>x</p>').text).toBe('');
    expect(extractHtml('x<!-->y<!--->z</ >w').text).toBe('xyzw');
  });
});

describe('decodeEntities', () => {
  it('knows the HTML 4 set and then some', () => {
    expect(NAMED_ENTITY_COUNT).toBeGreaterThanOrEqual(252);
    expect(decodeEntities('&yuml;&Omega;&omega;&sigmaf;&hearts;&rsquo;&hellip;&trade;&times;&divide;&nbsp;')).toBe(
      'ÿΩως♥’…™×÷\u00a0',
    );
  });

  it('decodes every numeric form the way browsers do', () => {
    expect(decodeEntities('&#65;&#x41;&#X41;&#0065;&#65 &#x1F600;')).toBe('AAAAA 😀');
    expect(decodeEntities('&#0;&#xD800;&#x110000;&#99999999999;')).toBe('\uFFFD'.repeat(4));
    expect(decodeEntities('&#150;&#x80;')).toBe('–€');
  });

  it('leaves unknown or unterminated names alone', () => {
    expect(decodeEntities('&foo; AT&T &ampx &copy2 &amp')).toBe('&foo; AT&T &ampx &copy2 &');
  });
});
