import { describe, expect, it } from 'vitest';
import { DEFAULT_RELATION_TYPES, relationTypeSuggestions } from './relationTypes';

describe('relationTypeSuggestions', () => {
  it('offers the defaults in a project without relations', () => {
    expect(relationTypeSuggestions([])).toEqual([...DEFAULT_RELATION_TYPES]);
  });

  it('puts the project’s own types first and offers each type once, whatever its case', () => {
    expect(relationTypeSuggestions(['Family', 'plans', 'Decides'], ['decides', 'plans', 'hosts'])).toEqual(['Family', 'plans', 'Decides', 'hosts']);
  });
});
