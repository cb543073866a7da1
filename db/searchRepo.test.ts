import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tests/unit/helpers';
import { insertDocument } from './documentsRepo';
import { openProject } from './open';
import { RANK_WINDOW, SEARCH_COUNT_CAP, searchDocumentIds } from './searchRepo';

describe('searchDocumentIds', () => {
  it('ranks a very common word among its newest matches and counts up to the cap', async () => {
    const opened = await openProject(path.join(tempDir(), 'p.sqlite'), { create: true });
    const { db } = opened;
    db.transaction(() => {
      for (let i = 1; i <= RANK_WINDOW + 500; i++) insertDocument(db, { text: `Report ${i}: the commission met${i === 3 ? ' the commission the commission' : ''}.`, title: `R${i}` });
    })();
    const common = searchDocumentIds(db, '"commission"', 20, 0);
    expect(common.total).toBe(SEARCH_COUNT_CAP);
    expect(common.totalIsCapped).toBe(true);
    // Only the newest RANK_WINDOW matches are ranked: document 3 (most mentions, but old) is not among them.
    expect(common.rows.every((row) => row.id > 500)).toBe(true);
    // A rare word is ranked over all its matches.
    const rare = searchDocumentIds(db, '"report" "3"', 5, 0);
    expect(rare.rows.map((row) => row.id)).toContain(3);
    db.close();
  });
});
