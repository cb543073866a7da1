import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertDocument } from '../db/documentsRepo';
import { tempDir } from '../tests/unit/helpers';
import { ensureProject } from './project';
import { checkProject } from './projectCheck';
import { createProjectService } from './projectService';

describe('checkProject', () => {
  it("reports a span whose text or fragments disagree with its document, and passes a sound one", async () => {
    const opened = await ensureProject(path.join(tempDir(), 'p.sqlite'), { withSample: false });
    const { db } = opened;
    const service = createProjectService(opened);
    const documentId = insertDocument(db, { text: 'NATO and CSTO met.', title: 'T' });
    const sound = (await service.handlers.createSpan({ documentId, labelId: 1, start: 0, end: 4 })).upserted[0]!;
    const split = (await service.handlers.createSpan({ documentId, labelId: 2, start: 0, end: 13 })).upserted[0]!;
    db.prepare('UPDATE spans SET fragments = ? WHERE id = ?').run(JSON.stringify([[0, 4], [9, 13]]), split.id);
    expect(checkProject(db)).toMatchObject({ ok: true, spans: 2 });

    // What an import once let through: fragments out of order and overlapping.
    db.prepare('UPDATE spans SET fragments = ? WHERE id = ?').run(JSON.stringify([[9, 13], [0, 4], [2, 6]]), split.id);
    db.prepare('UPDATE spans SET text = ? WHERE id = ?').run('NATO!', sound.id);
    const report = checkProject(db);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { kind: 'span_text', message: `span ${sound.id} in document ${documentId} says "NATO!" but the text at 0–4 is "NATO"` },
      { kind: 'span_fragments', message: `span ${split.id} in document ${documentId}: fragments overlap or are out of order (9-13 then 0-4)` },
    ]);
    db.prepare('UPDATE spans SET fragments = ? WHERE id = ?').run('[[0,4],"x"]', split.id);
    expect(checkProject(db).problems[1]).toEqual({ kind: 'span_fragments', message: `span ${split.id} in document ${documentId}: fragments are not a list of [start, end] pairs ("[[0,4],\\"x\\"]")` });
    db.close();
  });
});
