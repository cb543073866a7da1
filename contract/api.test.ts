import { describe, expect, it } from 'vitest';
import { fromWireError, parseApiInput, SpanbenchError, toWireError } from './api';

describe('a refusal on the wire', () => {
  it('carries the input field it is about there and back', () => {
    const refusal = new SpanbenchError('conflict', 'Hotkey 1 is already used by Agency.', 'hotkey');
    const wire = toWireError(refusal);
    expect(wire).toEqual({ code: 'conflict', message: 'Hotkey 1 is already used by Agency.', field: 'hotkey' });
    // Workers, IPC and HTTP all carry it as JSON.
    const back = fromWireError(JSON.parse(JSON.stringify(wire)));
    expect(back).toBeInstanceOf(SpanbenchError);
    expect(back).toMatchObject({ code: 'conflict', message: 'Hotkey 1 is already used by Agency.', field: 'hotkey' });
  });

  it('has no field when the refusal names none', () => {
    const wire = toWireError(new SpanbenchError('read_only', 'The project is open read-only: changes cannot be saved.'));
    expect(wire).toEqual({ code: 'read_only', message: 'The project is open read-only: changes cannot be saved.' });
    expect(Object.keys(wire)).not.toContain('field');
    expect(fromWireError(wire).field).toBeUndefined();
    expect(Object.keys(toWireError(new Error('SQLITE_BUSY: database is locked')))).not.toContain('field');
  });
});

describe('a call the contract refuses', () => {
  const refusalOf = (call: () => unknown): SpanbenchError => {
    try {
      call();
    } catch (error) {
      if (error instanceof SpanbenchError) return error;
      throw error;
    }
    throw new Error('the call was not refused');
  };

  it('names the field when every problem is about that one', () => {
    const refusal = refusalOf(() => parseApiInput('createLabel', { name: '   ', color: '#112233' }));
    expect(refusal).toMatchObject({ code: 'invalid_input', message: 'createLabel: name: a label name cannot be empty', field: 'name' });
    const nested = refusalOf(() => parseApiInput('updateSpan', { id: 1, attributes: { '': 1, ' ': 2 } }));
    expect(nested.field).toBe('attributes');
    expect(toWireError(nested).field).toBe('attributes');
  });

  it('names none when the problems are about several fields, or the input as a whole', () => {
    const several = refusalOf(() => parseApiInput('createLabel', { name: '', color: 'blue' }));
    expect(several.message).toBe('createLabel: name: a label name cannot be empty; color: a colour is #RRGGBB');
    expect(several.field).toBeUndefined();
    expect(refusalOf(() => parseApiInput('createLabel', { name: 'Location', color: '#112233', shortcut: 'x' })).field).toBeUndefined();
  });
});
