import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentSortKeys, type DocumentSortKey } from '../contract/api';
import type { DocumentStatus } from '../core/model';
import { tempDir } from '../tests/unit/helpers';
import { insertDocument, listDocuments, locateDocument, setDocumentStatus, type DocumentListQuery } from './documentsRepo';
import { insertLabel } from './labelsRepo';
import { openProject, type ProjectDb } from './open';
import { insertSpan } from './spansRepo';

/**
 * Documents with every kind of tie the list must break by id: titles equal but for case, missing
 * sources and dates, shared statuses, span counts and creation times.
 */
async function tiedProject(): Promise<{ db: ProjectDb; ids: number[]; agencyId: number }> {
  const opened = await openProject(path.join(tempDir(), 'p.sqlite'), { create: true });
  const { db } = opened;
  const titles = ['alpha', 'Alpha', 'ALPHA', 'beta', '', 'Beta', 'gamma', 'alpha'];
  const sources = ['Reuters', null, 'reuters', 'TASS', null, 'Kabar'];
  const dates = ['2020-01-02', null, '2020-01-02', '2019-12-31T10:00', null, '2021-05-05', '2020-01-02'];
  const statuses: DocumentStatus[] = ['new', 'done', 'in_progress', 'new', 'done'];
  const ids: number[] = [];
  let agencyId = 0;
  db.transaction(() => {
    agencyId = insertLabel(db, { name: 'Agency', color: '#112233' }).id;
    for (let i = 0; i < 37; i++) {
      const id = insertDocument(
        db,
        { text: `Report ${i}: the commission met.`, title: titles[i % titles.length]!, source: sources[i % sources.length]!, publishedAt: dates[i % dates.length]! },
        { createdAt: `2024-01-0${1 + (i % 3)}T00:00:00.000Z` },
      );
      setDocumentStatus(db, id, statuses[i % statuses.length]!);
      for (let k = 0; k < i % 4; k++) {
        const now = '2024-01-01T00:00:00.000Z';
        insertSpan(db, { documentId: id, labelId: agencyId, start: 0, end: 6, text: 'Report', note: null, attributes: {}, fragments: null, author: null, createdAt: now, updatedAt: now });
      }
      ids.push(id);
    }
  })();
  return { db, ids, agencyId };
}

function listedIds(db: ProjectDb, query: DocumentListQuery): number[] {
  return listDocuments(db, { ...query, offset: 0, limit: 5000 }).items.map((item) => item.id);
}

describe('locateDocument', () => {
  it('finds every document at its row of the list, in every sort order and direction, filtered or not', async () => {
    const { db, ids, agencyId } = await tiedProject();
    const filters: Array<Omit<DocumentListQuery, 'sort' | 'descending'>> = [
      {},
      { status: 'done' },
      { source: 'Reuters' },
      { publishedFrom: '2020-01-01', publishedTo: '2020-12-31' },
      { hasLabelId: agencyId },
      { status: 'new', hasLabelId: agencyId },
      { source: 'nowhere' },
    ];
    let checked = 0;
    for (const sort of documentSortKeys as readonly DocumentSortKey[]) {
      for (const descending of [false, true]) {
        // The whole project in this order: where a left-out document would sit among the listed ones.
        const everything = listedIds(db, { sort, descending });
        for (const filter of filters) {
          const query = { sort, descending, ...filter };
          const listed = listedIds(db, query);
          const listedSet = new Set(listed);
          for (const id of ids) {
            const position = locateDocument(db, id, query);
            const at = listed.indexOf(id);
            const sortsBefore = listed.filter((other) => everything.indexOf(other) < everything.indexOf(id)).length;
            const where = `${JSON.stringify(query)} document ${id}`;
            expect(position, where).toEqual({ index: listedSet.has(id) ? at : null, before: sortsBefore, total: listed.length });
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(documentSortKeys.length * 2 * filters.length * ids.length);
    db.close();
  });

  it('breaks ties by id in the direction of the sort', async () => {
    const { db, ids } = await tiedProject();
    // Titles 'alpha', 'Alpha', 'ALPHA' are one title to the list (NOCASE): by id ascending, and descending when reversed.
    const alphas = listedIds(db, { sort: 'title', descending: false }).filter((id) => /^alpha$/i.test(`${titleOf(db, id)}`));
    expect(alphas).toEqual([...alphas].sort((a, b) => a - b));
    const [firstAlpha, secondAlpha] = alphas;
    expect(locateDocument(db, secondAlpha!, { sort: 'title', descending: false })!.index).toBe(locateDocument(db, firstAlpha!, { sort: 'title', descending: false })!.index! + 1);
    expect(locateDocument(db, secondAlpha!, { sort: 'title', descending: true })!.index).toBe(locateDocument(db, firstAlpha!, { sort: 'title', descending: true })!.index! - 1);
    // No source sorts first ascending and last descending, as SQLite orders NULLs.
    const noSource = ids.filter((id) => sourceOf(db, id) === null);
    expect(locateDocument(db, noSource[0]!, { sort: 'source', descending: false })!.index).toBe(0);
    expect(locateDocument(db, noSource[0]!, { sort: 'source', descending: true })!.index).toBe(ids.length - 1);
    db.close();
  });

  it('answers null for a document that does not exist', async () => {
    const { db, ids } = await tiedProject();
    expect(locateDocument(db, Math.max(...ids) + 1, { sort: 'createdAt', descending: false })).toBeNull();
    db.close();
  });
});

function titleOf(db: ProjectDb, id: number): string {
  return (db.prepare('SELECT title FROM documents WHERE id = ?').get(id) as { title: string }).title;
}

function sourceOf(db: ProjectDb, id: number): string | null {
  return (db.prepare('SELECT source FROM documents WHERE id = ?').get(id) as { source: string | null }).source;
}
