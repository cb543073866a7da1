import { describe, expect, it } from 'vitest';
import { TEXT_TITLE_LIMIT, titleFromText } from './titleFromText';

describe('titleFromText', () => {
  it('takes the first line with something on it, trimmed, whatever the line ends', () => {
    expect(titleFromText('\r\n  \r\n  First line  \r\nsecond')).toBe('First line');
    expect(titleFromText('\n\rOnly\r')).toBe('Only');
    expect(titleFromText(' \n\t\n')).toBe('');
  });

  it('cuts a long line by characters, so an emoji at the cut stays whole', () => {
    const line = `${'a'.repeat(TEXT_TITLE_LIMIT - 2)}😀😀😀 and more`;
    const title = titleFromText(line);
    expect(Array.from(title)).toHaveLength(TEXT_TITLE_LIMIT);
    expect(title.endsWith('😀…')).toBe(true);
    expect(title).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    const exact = 'é'.repeat(TEXT_TITLE_LIMIT);
    expect(titleFromText(exact)).toBe(exact);
  });
});
