import { describe, expect, it } from 'vitest';
import { SpanbenchError, type Label } from '../../contract/api';
import { draftOf, isProblem, labelPatch, newLabel, nextFreeDigit, problemOfRefusal } from './labelForm';

const agency: Label = { id: 1, name: 'Agency', color: '#2f6fdf', hotkey: '1', description: 'An actor.', order: 1 };

describe('a label edited in the Labels dialog', () => {
  it('sends only the fields that changed', () => {
    expect(labelPatch(agency, draftOf(agency))).toEqual({ id: 1 });
    expect(labelPatch(agency, { ...draftOf(agency), name: ' Actor ', color: '#2F6FDF' })).toEqual({ id: 1, name: ' Actor ' });
    expect(labelPatch(agency, { ...draftOf(agency), hotkey: '' })).toEqual({ id: 1, hotkey: null });
    expect(labelPatch(agency, { ...draftOf(agency), hotkey: 'K', description: '' })).toEqual({ id: 1, hotkey: 'k', description: '' });
  });

  it('refuses what the contract refuses, beside the field', () => {
    const problem = (draft: Partial<ReturnType<typeof draftOf>>) => labelPatch(agency, { ...draftOf(agency), ...draft });
    expect(problem({ name: '   ' })).toEqual({ field: 'name', message: 'a label name cannot be empty' });
    expect(problem({ name: 'A\u202eB' })).toMatchObject({ field: 'name', message: expect.stringMatching(/control or bidirectional/) });
    expect(problem({ color: 'blue' })).toEqual({ field: 'color', message: 'a colour is #RRGGBB' });
    expect(problem({ hotkey: '12' })).toEqual({ field: 'hotkey', message: 'a hotkey is one digit or lower-case letter' });
    expect(problem({ hotkey: '?' })).toMatchObject({ field: 'hotkey' });
  });

  it("refuses the app's own keys N and L as hotkeys (a label would take them over), but keeps a label that has one", () => {
    expect(labelPatch(agency, { ...draftOf(agency), hotkey: 'N' })).toEqual({ field: 'hotkey', message: 'N edits the note: choose another key' });
    expect(labelPatch(agency, { ...draftOf(agency), hotkey: 'l' })).toEqual({ field: 'hotkey', message: 'L links spans: choose another key' });
    expect(newLabel({ name: 'Location', color: '#299236', hotkey: 'n', description: '' })).toEqual({ field: 'hotkey', message: 'N edits the note: choose another key' });
    // j and k move only in the lists, where label hotkeys do nothing.
    expect(labelPatch(agency, { ...draftOf(agency), hotkey: 'j' })).toEqual({ id: 1, hotkey: 'j' });
    const older = { ...agency, hotkey: 'n' };
    expect(labelPatch(older, { ...draftOf(older), description: 'Set before N was refused.' })).toEqual({ id: 1, description: 'Set before N was refused.' });
  });
});

describe('a new label', () => {
  it('needs a name; no hotkey and no description are fine', () => {
    expect(newLabel({ name: 'Location', color: '#299236', hotkey: '4', description: '' })).toEqual({ name: 'Location', color: '#299236', hotkey: '4' });
    expect(newLabel({ name: 'Location', color: '#299236', hotkey: '', description: 'A place.' })).toEqual({ name: 'Location', color: '#299236', hotkey: null, description: 'A place.' });
    const refused = newLabel({ name: '', color: '#299236', hotkey: '4', description: '' });
    expect(isProblem(refused) && refused.field).toBe('name');
  });

  it('is offered the first digit no label has', () => {
    expect(nextFreeDigit([{ hotkey: '1' }, { hotkey: '2' }, { hotkey: '3' }])).toBe('4');
    expect(nextFreeDigit([{ hotkey: '1' }, { hotkey: null }, { hotkey: '3' }])).toBe('2');
    expect(nextFreeDigit(['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((hotkey) => ({ hotkey })))).toBe('0');
    expect(nextFreeDigit(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((hotkey) => ({ hotkey })))).toBe('');
  });
});

describe("the service's refusals", () => {
  it('go beside the field they name, whatever their words', () => {
    const taken = new SpanbenchError('conflict', 'Hotkey 1 is already used by Agency.', 'hotkey');
    expect(problemOfRefusal(taken)).toEqual({ field: 'hotkey', message: 'Hotkey 1 is already used by Agency.' });
    const reworded = new SpanbenchError('conflict', 'Agency already answers to 1: pick a different key.', 'hotkey');
    expect(problemOfRefusal(reworded)).toEqual({ field: 'hotkey', message: 'Agency already answers to 1: pick a different key.' });
    expect(problemOfRefusal(new SpanbenchError('conflict', 'A label named Agency already exists.', 'name')).field).toBe('name');
    // In the desktop app the preload builds the error: an Error named SpanbenchError, not this class.
    const fromPreload = Object.assign(new Error('N edits the note: choose another key.'), { name: 'SpanbenchError', code: 'invalid_input', field: 'hotkey' });
    expect(problemOfRefusal(fromPreload)).toEqual({ field: 'hotkey', message: 'N edits the note: choose another key.' });
    // The contract's own refusal is shown without the call and field it names.
    expect(problemOfRefusal(new SpanbenchError('invalid_input', 'updateLabel: color: a colour is #RRGGBB', 'color'))).toEqual({ field: 'color', message: 'a colour is #RRGGBB' });
  });

  it('go under the row when they name no field of a label', () => {
    // Worded as a taken hotkey once was: the words no longer decide.
    expect(problemOfRefusal(new SpanbenchError('conflict', 'Hotkey 1 is already used by Agency.'))).toEqual({ field: null, message: 'Hotkey 1 is already used by Agency.' });
    expect(problemOfRefusal(new SpanbenchError('conflict', '3 spans use label “ORG”: relabel or delete them first.')).field).toBeNull();
    expect(problemOfRefusal(new SpanbenchError('read_only', 'This project is open read-only: changes cannot be saved.')).field).toBeNull();
    expect(problemOfRefusal(new SpanbenchError('not_found', 'There is no label 99.', 'id'))).toEqual({ field: null, message: 'There is no label 99.' });
    expect(problemOfRefusal(new Error('Cannot reach the Spanbench server.'))).toEqual({ field: null, message: 'Cannot reach the Spanbench server.' });
  });
});
