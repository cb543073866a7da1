import { describe, expect, it } from 'vitest';
import { attributeFromText, attributeText } from './attributes';

describe('attribute values as text', () => {
  it('shows strings as written and the rest as JSON', () => {
    expect(attributeText('Carlos Salinas')).toBe('Carlos Salinas');
    expect(attributeText(true)).toBe('true');
    expect(attributeText(3)).toBe('3');
  });

  it('keeps a number or a boolean one while the text reads as one, else takes the text', () => {
    expect(attributeFromText('4', 3)).toBe(4);
    expect(attributeFromText(' 4.5 ', 3)).toBe(4.5);
    expect(attributeFromText('four', 3)).toBe('four');
    expect(attributeFromText('', 3)).toBe('');
    expect(attributeFromText('false', true)).toBe(false);
    expect(attributeFromText('maybe', true)).toBe('maybe');
    // A string stays a string, even one that reads as a number or a flag.
    expect(attributeFromText('12', 'High')).toBe('12');
    expect(attributeFromText('true', 'High')).toBe('true');
  });

  it('makes a new attribute’s true or false a flag, anything else a string', () => {
    expect(attributeFromText('true', undefined)).toBe(true);
    expect(attributeFromText('false', undefined)).toBe(false);
    expect(attributeFromText('12', undefined)).toBe('12');
    expect(attributeFromText('High', undefined)).toBe('High');
  });
});
