import { describe, expect, it } from 'vitest';
import { attributeFromText, attributeText, newAttributeProblem } from './attributes';

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

describe('a new attribute', () => {
  it('may be named as an Object.prototype member: only the span’s own names are taken', () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) expect(newAttributeProblem({ Mention: 'Name' }, name, 'yes')).toBeNull();
    expect(newAttributeProblem({ Mention: 'Name' }, '__proto__', 'yes')).toBe('__proto__ cannot be an attribute name: choose another.');
    expect(newAttributeProblem({ constructor: 'x' }, 'constructor', 'yes')).toBe('constructor is already an attribute of this span: change its value above.');
  });

  it('needs a name and a value, and a span has at most 100', () => {
    expect(newAttributeProblem({}, '', 'yes')).toBe('Name the attribute first.');
    expect(newAttributeProblem({}, 'Role', ' ')).toBe('Give Role a value (true for a flag).');
    const full = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`a${i}`, i]));
    expect(newAttributeProblem(full, 'Role', 'brother')).toBe('A span has at most 100 attributes: remove one to add Role.');
    expect(newAttributeProblem(Object.fromEntries(Object.entries(full).slice(1)), 'Role', 'brother')).toBeNull();
  });
});
