/**
 * The browser-mode bridge's failures must tell the analyst what to do: a page left open across a
 * server restart is refused with 401 (a new token), and a stopped server does not answer at all.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SpanbenchError, TOKEN_REFUSED_MESSAGE } from '../../contract/constants';
import { createHttpApi, errorCode, errorField, errorMessage } from './api';

afterEach(() => vi.unstubAllGlobals());

async function failure(call: Promise<unknown>): Promise<SpanbenchError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof SpanbenchError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

describe('the HTTP bridge', () => {
  it('says the server was restarted and which address to open when the token is refused, whatever the body', async () => {
    for (const body of ['Spanbench browser mode: this address needs the access token', JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'refused' } })]) {
      vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status: 401 })));
      const error = await failure(createHttpApi('old-token').createSpan({ documentId: 1, labelId: 1, start: 0, end: 3 }));
      expect(error.code).toBe('forbidden');
      expect(error.message).toBe(TOKEN_REFUSED_MESSAGE);
      expect(error.message).not.toMatch(/no readable body/);
    }
  });

  it('keeps the input field a refusal names', async () => {
    const refused = { ok: false, error: { code: 'conflict', message: 'Hotkey 1 is already used by Agency.', field: 'hotkey' } };
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(refused), { status: 400 })));
    const error = await failure(createHttpApi('token').createLabel({ name: 'Location', color: '#112233', hotkey: '1' }));
    expect(error).toMatchObject({ code: 'conflict', message: 'Hotkey 1 is already used by Agency.', field: 'hotkey' });
    expect(errorField(error)).toBe('hotkey');
  });

  it('suggests starting `spanbench serve` again when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = await failure(createHttpApi('token').listLabels({}));
    expect(error.message).toMatch(/^Cannot reach the Spanbench server \(Failed to fetch\): start `spanbench serve` again/);
  });
});

describe('errorMessage', () => {
  it("gives the contract's reason without the method and field it names", () => {
    const refused = new SpanbenchError('invalid_input', 'createRelation: type: a relation type cannot contain control or bidirectional override characters');
    expect(errorMessage(refused)).toBe('a relation type cannot contain control or bidirectional override characters');
    const two = new SpanbenchError('invalid_input', 'updateSpan: attributes: a span has at most 100 attributes; input: Unrecognized key(s) in object: \'x\'');
    expect(errorMessage(two)).toBe("a span has at most 100 attributes; Unrecognized key(s) in object: 'x'");
  });

  it("keeps a service's own sentence whole, and every other code's message as sent", () => {
    expect(errorMessage(new SpanbenchError('invalid_input', 'createSpan: end 90 is past the end of document 2 (80 characters).'))).toBe('end 90 is past the end of document 2 (80 characters).');
    expect(errorMessage(new SpanbenchError('invalid_input', 'The request body is not valid JSON.'))).toBe('The request body is not valid JSON.');
    expect(errorMessage(new SpanbenchError('not_found', 'createRelation: type: kept'))).toBe('createRelation: type: kept');
  });

  it("reads the desktop app's errors too: built by the preload, not instances of SpanbenchError", () => {
    const fromPreload = Object.assign(new Error('createRelation: type: a relation type cannot be empty'), { name: 'SpanbenchError', code: 'invalid_input' });
    expect(errorCode(fromPreload)).toBe('invalid_input');
    expect(errorMessage(fromPreload)).toBe('a relation type cannot be empty');
    expect(errorCode(new Error('createRelation: type: x'))).toBeNull();
    expect(errorField(Object.assign(new Error('Hotkey 1 is already used by Agency.'), { name: 'SpanbenchError', code: 'conflict', field: 'hotkey' }))).toBe('hotkey');
    expect(errorField(fromPreload)).toBeNull();
    expect(errorField(Object.assign(new Error('not ours'), { field: 'hotkey' }))).toBeNull();
  });
});
