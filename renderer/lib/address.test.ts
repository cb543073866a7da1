import { describe, expect, it } from 'vitest';
import { addressedDocumentId, addressFor } from './address';

describe('document address', () => {
  it('reads ?doc=N, and the older #doc=N', () => {
    expect(addressedDocumentId({ search: '?token=abc&doc=12', hash: '' })).toBe(12);
    expect(addressedDocumentId({ search: '?token=abc', hash: '#doc=7' })).toBe(7);
    expect(addressedDocumentId({ search: '?doc=3', hash: '#doc=7' })).toBe(3);
  });

  it('ignores what is not a positive id', () => {
    for (const search of ['', '?doc=', '?doc=0', '?doc=-4', '?doc=1e3', '?doc=12abc', '?doc=9999999999999999999']) {
      expect(addressedDocumentId({ search, hash: '' })).toBeNull();
    }
  });

  it('writes ?doc=N and keeps the token', () => {
    expect(addressFor('http://127.0.0.1:5000/?token=abc', 4)).toBe('http://127.0.0.1:5000/?token=abc&doc=4');
    expect(addressFor('http://127.0.0.1:5000/?token=abc&doc=4#doc=4', 9)).toBe('http://127.0.0.1:5000/?token=abc&doc=9');
    expect(addressFor('app://spanbench/index.html', 2)).toBe('app://spanbench/index.html?doc=2');
  });
});
