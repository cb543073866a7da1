import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tests/unit/helpers';
import { insertDocument } from './documentsRepo';
import { insertLabel } from './labelsRepo';
import { openProject, type ProjectDb } from './open';
import { deleteRelation, findSameRelation, getRelationRow, insertRelation, listRelations, listRelationTypes, relationExists, relationRowsOfSpan } from './relationsRepo';
import { deleteSpan, insertSpan } from './spansRepo';

const now = '2024-01-01T00:00:00.000Z';

/** Two documents, three spans in the first and one in the second. */
async function project(): Promise<{ db: ProjectDb; first: number; second: number; spanIds: number[]; otherSpanId: number }> {
  const { db } = await openProject(path.join(tempDir(), 'p.sqlite'), { create: true });
  const labelId = insertLabel(db, { name: 'Person', color: '#112233' }).id;
  const first = insertDocument(db, { text: 'Raul Salinas and Carlos Salinas met in Bern.', title: 'one' });
  const second = insertDocument(db, { text: 'Nobody else.', title: 'two' });
  const span = (documentId: number, start: number, end: number, text: string) =>
    insertSpan(db, { documentId, labelId, start, end, text, note: null, attributes: {}, fragments: null, author: null, createdAt: now, updatedAt: now }).id;
  const spanIds = [span(first, 0, 12, 'Raul Salinas'), span(first, 17, 31, 'Carlos Salinas'), span(first, 39, 43, 'Bern')];
  const otherSpanId = span(second, 0, 6, 'Nobody');
  return { db, first, second, spanIds, otherSpanId };
}

describe('relationsRepo', () => {
  it('lists a document’s relations only, oldest first, with their notes', async () => {
    const { db, first, second, spanIds, otherSpanId } = await project();
    const [raul, carlos, bern] = spanIds as [number, number, number];
    const family = insertRelation(db, first, { id: null, type: 'Family', from_span_id: raul, to_span_id: carlos, note: 'brothers', author: 'a', created_at: now });
    const located = insertRelation(db, first, { id: null, type: 'Located', from_span_id: carlos, to_span_id: bern, note: null, author: null, created_at: now });
    insertRelation(db, second, { id: null, type: 'Self', from_span_id: otherSpanId, to_span_id: otherSpanId, note: null, author: null, created_at: now });
    expect(listRelations(db, first)).toEqual([
      { id: family, type: 'Family', fromSpanId: raul, toSpanId: carlos, note: 'brothers' },
      { id: located, type: 'Located', fromSpanId: carlos, toSpanId: bern, note: null },
    ]);
    expect(listRelations(db, 999)).toEqual([]);
  });

  it('finds a span’s relations in both directions, and they go with the span', async () => {
    const { db, first, spanIds } = await project();
    const [raul, carlos, bern] = spanIds as [number, number, number];
    insertRelation(db, first, { id: null, type: 'Family', from_span_id: raul, to_span_id: carlos, note: null, author: null, created_at: now });
    insertRelation(db, first, { id: null, type: 'Located', from_span_id: carlos, to_span_id: bern, note: null, author: null, created_at: now });
    expect(relationRowsOfSpan(db, carlos).map((row) => row.type).sort()).toEqual(['Family', 'Located']);
    expect(relationRowsOfSpan(db, bern).map((row) => row.type)).toEqual(['Located']);
    deleteSpan(db, carlos);
    expect(listRelations(db, first)).toEqual([]);
  });

  it('puts a relation back under the id it had, and tells a taken id', async () => {
    const { db, first, spanIds } = await project();
    const [raul, carlos] = spanIds as [number, number];
    const id = insertRelation(db, first, { id: 40, type: 'Family', from_span_id: raul, to_span_id: carlos, note: null, author: null, created_at: now });
    expect(id).toBe(40);
    expect(relationExists(db, 40)).toBe(true);
    expect(relationExists(db, 41)).toBe(false);
  });

  it('reads a relation with its document, finds the same link (type, from, to) and deletes one relation only', async () => {
    const { db, first, spanIds } = await project();
    const [raul, carlos, bern] = spanIds as [number, number, number];
    const family = insertRelation(db, first, { id: null, type: 'Family', from_span_id: raul, to_span_id: carlos, note: 'brothers', author: 'a', created_at: now });
    const located = insertRelation(db, first, { id: null, type: 'Located', from_span_id: carlos, to_span_id: bern, note: null, author: null, created_at: now });
    expect(getRelationRow(db, family)).toEqual({ document_id: first, id: family, type: 'Family', from_span_id: raul, to_span_id: carlos, note: 'brothers', author: 'a', created_at: now });
    expect(getRelationRow(db, 999)).toBeNull();
    expect(findSameRelation(db, { type: 'Family', from_span_id: raul, to_span_id: carlos })).toEqual({ id: family, type: 'Family', fromSpanId: raul, toSpanId: carlos, note: 'brothers' });
    // The other way round, or another type, is another link.
    expect(findSameRelation(db, { type: 'Family', from_span_id: carlos, to_span_id: raul })).toBeNull();
    expect(findSameRelation(db, { type: 'family', from_span_id: raul, to_span_id: carlos })).toBeNull();
    deleteRelation(db, family);
    expect(listRelations(db, first).map((relation) => relation.id)).toEqual([located]);
    expect(findSameRelation(db, { type: 'Family', from_span_id: raul, to_span_id: carlos })).toBeNull();
  });

  it('lists the types the project uses across documents, most used first, each once', async () => {
    const { db, first, second, spanIds, otherSpanId } = await project();
    const [raul, carlos, bern] = spanIds as [number, number, number];
    expect(listRelationTypes(db, 10)).toEqual([]);
    const link = (documentId: number, type: string, from: number, to: number) =>
      insertRelation(db, documentId, { id: null, type, from_span_id: from, to_span_id: to, note: null, author: null, created_at: now });
    link(first, 'Located', carlos, bern);
    link(first, 'Family', raul, carlos);
    link(first, 'Family', carlos, raul);
    link(second, 'Self', otherSpanId, otherSpanId);
    expect(listRelationTypes(db, 10)).toEqual(['Family', 'Located', 'Self']);
    expect(listRelationTypes(db, 1)).toEqual(['Family']);
  });
});
