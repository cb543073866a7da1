import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiInputs, apiMethods, type ApiMethod, type WireResponse } from '../contract/api';
import { tempDir } from '../tests/unit/helpers';
import { dispatchCall } from './dispatch';
import { ensureProject } from './project';
import { createProjectService } from './projectService';
import { SAMPLE_ARTICLE } from './sampleArticle';

async function freshService(options: { withSample?: boolean; file?: string } = {}) {
  const file = options.file ?? path.join(tempDir(), 'p.sqlite');
  const opened = await ensureProject(file, { withSample: options.withSample ?? true });
  const service = createProjectService(opened);
  const call = async <M extends ApiMethod>(method: M, input: unknown): Promise<any> => {
    const response = (await dispatchCall(service.handlers, method, input)) as WireResponse<unknown>;
    if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
    return response.result;
  };
  return { service, call, file };
}

function offsetsOf(text: string, phrase: string): { start: number; end: number } {
  const at = text.indexOf(phrase);
  if (at < 0) throw new Error(`phrase not found: ${phrase}`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...phrase].length };
}

describe('a new project', () => {
  it('has the default labels with hotkeys 1-3, the sample article and word snapping on', async () => {
    const { call, service } = await freshService();
    const labels = await call('listLabels', {});
    expect(labels.map((l: any) => [l.name, l.hotkey])).toEqual([
      ['Agency', '1'],
      ['Decision', '2'],
      ['PlannedEvent', '3'],
    ]);
    const page = await call('listDocuments', {});
    expect(page.total).toBe(1);
    const doc = await call('getDocument', { id: page.items[0].id });
    expect(doc.title).toBe('XVIII meeting of the ICMEC CSTO');
    expect(doc.source).toBe('Trend / Kabar');
    expect(doc.publishedAt).toBe('2020-11-27');
    expect(doc.text).toBe(SAMPLE_ARTICLE.text);
    expect(doc.status).toBe('new');
    const info = await call('getProjectInfo', {});
    expect(info.settings.snapToWords).toBe(true);
    service.close();
  });

  it('ships the sample article byte-exact', () => {
    const asset = fs.readFileSync(new URL('../assets/sample/icmec-csto-meeting.txt', import.meta.url), 'utf8');
    expect(SAMPLE_ARTICLE.text).toBe(asset);
  });
});

describe('spans', () => {
  it('creates a span with its covered text, marks the document in progress and logs the change', async () => {
    const { call, service } = await freshService();
    const [doc] = (await call('listDocuments', {})).items;
    const text = (await call('getDocument', { id: doc.id })).text as string;
    const where = offsetsOf(text, 'Yuri Borisov');
    const change = await call('createSpan', { documentId: doc.id, labelId: 1, ...where });
    expect(change.upserted).toHaveLength(1);
    expect(change.upserted[0]).toMatchObject({ text: 'Yuri Borisov', labelId: 1, ...where });
    expect(change.document.status).toBe('in_progress');
    expect(change.document.spanCount).toBe(1);
    expect(change.history.canUndo).toBe(true);
    expect(change.history.undoDescription).toContain('Agency');
    service.close();
  });

  it('stores code point offsets and the exact covered text across emoji, ZWJ, CRLF and Arabic', async () => {
    const dir = tempDir();
    const { call, service } = await freshService({ withSample: false, file: path.join(dir, 'u.sqlite') });
    const text = 'Hi 👋🏽 team\r\n👨‍👩‍👧 ОДКБ\r\nمعاهدة الأمن';
    const { insertDocument } = await import('../db/documentsRepo');
    const id = insertDocument(service.project.db, { text, title: 'unicode' });
    for (const phrase of ['team', 'ОДКБ', 'الأمن', '👨‍👩‍👧 ОДКБ', 'team\r\n👨']) {
      const where = offsetsOf(text, phrase);
      const change = await call('createSpan', { documentId: id, labelId: 2, ...where });
      expect(change.upserted[0].text).toBe(phrase);
      expect(change.upserted[0].start).toBe(where.start);
    }
    await expect(call('createSpan', { documentId: id, labelId: 2, start: 0, end: [...text].length + 1 })).rejects.toThrow(/past the end/);
    service.close();
  });

  it('shortens a long span text in the undo history without cutting an emoji in half', async () => {
    const dir = tempDir();
    const { call, service } = await freshService({ withSample: false, file: path.join(dir, 'e.sqlite') });
    // The thumbs up (a surrogate pair) with its skin tone straddles the 39th UTF-16 unit, where the description is cut.
    const text = `${'x'.repeat(38)}👍🏽 and the rest of the sentence.`;
    const { insertDocument } = await import('../db/documentsRepo');
    const id = insertDocument(service.project.db, { text, title: 'emoji' });
    await call('createSpan', { documentId: id, labelId: 1, start: 0, end: [...text].length });
    const stored = service.project.db.prepare('SELECT description FROM changes').all() as Array<{ description: string }>;
    expect(stored.map((row) => row.description)).toEqual([`create Agency span “${'x'.repeat(38)}…”`]);
    service.close();
  });

  it("names a discontinuous span by its fragments' words, not the gap between them", async () => {
    const dir = tempDir();
    const { call, service } = await freshService({ withSample: false, file: path.join(dir, 'f.sqlite') });
    const { insertDocument } = await import('../db/documentsRepo');
    const { insertSpan } = await import('../db/spansRepo');
    const db = service.project.db;
    const id = insertDocument(db, { text: 'This is\nan example', title: 'fragments' });
    const now = new Date().toISOString();
    const span = insertSpan(db, { documentId: id, labelId: 1, start: 5, end: 10, text: 'is\nan', note: null, attributes: {}, fragments: [[5, 7], [9, 10]], author: null, createdAt: now, updatedAt: now });
    await call('deleteSpan', { id: span.id });
    const undone = await call('undo', { documentId: id });
    expect(undone?.description).toBe('Undid: delete Agency span “is … n”');
    service.close();
  });

  it('relabels, deletes, and undoes and redoes each step; history survives a restart', async () => {
    const { call, service, file } = await freshService();
    const [doc] = (await call('listDocuments', {})).items;
    const text = (await call('getDocument', { id: doc.id })).text as string;
    const created = (await call('createSpan', { documentId: doc.id, labelId: 1, ...offsetsOf(text, 'ICMEC CSTO') })).upserted[0];
    const relabelled = await call('updateSpan', { id: created.id, labelId: 2 });
    expect(relabelled.upserted[0].labelId).toBe(2);
    const deleted = await call('deleteSpan', { id: created.id });
    expect(deleted.deletedIds).toEqual([created.id]);
    expect(await call('listSpans', { documentId: doc.id })).toEqual([]);
    service.close();

    // Reopen: the undo history is in the database.
    const reopened = await freshService({ file });
    const undoDelete = await reopened.call('undo', { documentId: doc.id });
    expect(undoDelete.description).toMatch(/^Undid: delete Decision span/);
    expect(undoDelete.upserted[0]).toMatchObject({ id: created.id, labelId: 2, text: 'ICMEC CSTO' });
    const undoRelabel = await reopened.call('undo', { documentId: doc.id });
    expect(undoRelabel.upserted[0].labelId).toBe(1);
    const undoCreate = await reopened.call('undo', { documentId: doc.id });
    expect(undoCreate.deletedIds).toEqual([created.id]);
    expect(await reopened.call('undo', { documentId: doc.id })).toBeNull();
    const redoCreate = await reopened.call('redo', { documentId: doc.id });
    expect(redoCreate.upserted[0]).toMatchObject({ id: created.id, labelId: 1 });
    expect(redoCreate.history).toMatchObject({ canUndo: true, canRedo: true });
    // A new change clears the redo stack.
    await reopened.call('updateSpan', { id: created.id, note: 'chair of the commission' });
    expect((await reopened.call('getHistory', { documentId: doc.id })).canRedo).toBe(false);
    expect(await reopened.call('redo', { documentId: doc.id })).toBeNull();
    reopened.service.close();
  });

  it('allows overlapping and nested spans', async () => {
    const { call, service } = await freshService();
    const [doc] = (await call('listDocuments', {})).items;
    const text = (await call('getDocument', { id: doc.id })).text as string;
    await call('createSpan', { documentId: doc.id, labelId: 1, ...offsetsOf(text, 'Collective Security Treaty Organization') });
    await call('createSpan', { documentId: doc.id, labelId: 2, ...offsetsOf(text, 'Security Treaty') });
    await call('createSpan', { documentId: doc.id, labelId: 3, ...offsetsOf(text, 'Treaty Organization (ICMEC CSTO)') });
    const spans = await call('listSpans', { documentId: doc.id });
    expect(spans.map((s: any) => s.text)).toEqual(['Collective Security Treaty Organization', 'Security Treaty', 'Treaty Organization (ICMEC CSTO)']);
    service.close();
  });

  it('puts a document back to new when the span that started it is undone, and forward again on redo', async () => {
    const { call, service } = await freshService();
    const [doc] = (await call('listDocuments', {})).items;
    const text = (await call('getDocument', { id: doc.id })).text as string;
    await call('createSpan', { documentId: doc.id, labelId: 1, ...offsetsOf(text, 'Yuri Borisov') });
    const undone = await call('undo', { documentId: doc.id });
    expect(undone.document).toMatchObject({ status: 'new', spanCount: 0 });
    expect((await call('listDocuments', { status: 'in_progress' })).total).toBe(0);
    const redone = await call('redo', { documentId: doc.id });
    expect(redone.document).toMatchObject({ status: 'in_progress', spanCount: 1 });
    service.close();
  });

  it('keeps a status the user chose when undoing spans, and only the first span started the document', async () => {
    const { call, service } = await freshService();
    const [doc] = (await call('listDocuments', {})).items;
    const text = (await call('getDocument', { id: doc.id })).text as string;
    await call('createSpan', { documentId: doc.id, labelId: 1, ...offsetsOf(text, 'Yuri Borisov') });
    await call('createSpan', { documentId: doc.id, labelId: 2, ...offsetsOf(text, 'Kyrgyz Republic') });
    expect((await call('undo', { documentId: doc.id })).document).toMatchObject({ status: 'in_progress', spanCount: 1 });
    await call('setDocumentStatus', { documentId: doc.id, status: 'done' });
    // Undo the status, then the first span: the span's own step puts the document back to new.
    expect((await call('undo', { documentId: doc.id })).document.status).toBe('in_progress');
    expect((await call('undo', { documentId: doc.id })).document).toMatchObject({ status: 'new', spanCount: 0 });
    // Redo the span, then the done mark: each comes back as it was.
    expect((await call('redo', { documentId: doc.id })).document.status).toBe('in_progress');
    expect((await call('redo', { documentId: doc.id })).document.status).toBe('done');
    service.close();
  });

  it('undoes the status change when a document is marked done', async () => {
    const { call, service } = await freshService();
    const [doc] = (await call('listDocuments', {})).items;
    const done = await call('setDocumentStatus', { documentId: doc.id, status: 'done' });
    expect(done.document.status).toBe('done');
    expect((await call('listDocuments', { status: 'done' })).total).toBe(1);
    const undone = await call('undo', { documentId: doc.id });
    expect(undone.document.status).toBe('new');
    service.close();
  });

  it('refuses every write on a read-only project and changes nothing', async () => {
    const { file, service } = await freshService();
    service.close();
    const opened = await ensureProject(file, { readOnly: true, create: false });
    const readOnly = createProjectService(opened);
    const response = await dispatchCall(readOnly.handlers, 'createSpan', { documentId: 1, labelId: 1, start: 0, end: 3 });
    expect(response).toMatchObject({ ok: false, error: { code: 'read_only' } });
    for (const [method, input] of [
      ['createRelation', { documentId: 1, fromSpanId: 1, toSpanId: 2, type: 'decides' }],
      ['deleteRelation', { id: 1 }],
    ] as const) {
      expect(await dispatchCall(readOnly.handlers, method, input)).toMatchObject({ ok: false, error: { code: 'read_only' } });
    }
    expect((await dispatchCall(readOnly.handlers, 'listSpans', { documentId: 1 })) as any).toMatchObject({ ok: true, result: [] });
    readOnly.close();
  });

  it('answers a content version that changes with every write, and only then', async () => {
    const { call, service } = await freshService();
    const before = await call('getContentVersion', {});
    await call('listSpans', { documentId: 1 });
    expect(await call('getContentVersion', {})).toBe(before);
    await call('createSpan', { documentId: 1, labelId: 1, start: 0, end: 5 });
    const after = await call('getContentVersion', {});
    expect(after).not.toBe(before);
    await call('undo', { documentId: 1 });
    expect(await call('getContentVersion', {})).not.toBe(after);
    service.close();
  });

  it('keeps label names and hotkeys unique', async () => {
    const { call, service } = await freshService();
    await expect(call('createLabel', { name: 'Agency', color: '#112233' })).rejects.toThrow(/conflict: A label named Agency/);
    await expect(call('createLabel', { name: 'Location', color: '#112233', hotkey: '1' })).rejects.toThrow(/Hotkey 1 is already used by Agency/);
    const location = await call('createLabel', { name: 'Location', color: '#112233', hotkey: '4' });
    expect(location.order).toBe(4);
    service.close();
  });

  it('names the field a label refusal is about, on the wire, so a form need not read the message', async () => {
    const { service } = await freshService();
    const refusal = async (method: 'createLabel' | 'updateLabel', input: unknown) => {
      const response = await dispatchCall(service.handlers, method, input);
      if (response.ok) throw new Error(`${method} was not refused`);
      // As a worker, IPC or HTTP carries it.
      return JSON.parse(JSON.stringify(response.error)) as unknown;
    };
    expect(await refusal('createLabel', { name: 'Agency', color: '#112233' })).toEqual({ code: 'conflict', message: 'A label named Agency already exists.', field: 'name' });
    expect(await refusal('updateLabel', { id: 2, name: 'Agency' })).toMatchObject({ code: 'conflict', field: 'name' });
    expect(await refusal('createLabel', { name: 'Location', color: '#112233', hotkey: '1' })).toEqual({ code: 'conflict', message: 'Hotkey 1 is already used by Agency.', field: 'hotkey' });
    expect(await refusal('updateLabel', { id: 2, hotkey: '3' })).toMatchObject({ code: 'conflict', field: 'hotkey' });
    expect(await refusal('createLabel', { name: 'Location', color: '#112233', hotkey: 'n' })).toMatchObject({ code: 'invalid_input', field: 'hotkey' });
    expect(await refusal('updateLabel', { id: 2, color: 'blue' })).toMatchObject({ code: 'invalid_input', field: 'color' });
    await dispatchCall(service.handlers, 'createLabel', { name: 'Location', color: '#112233' });
    await dispatchCall(service.handlers, 'deleteLabel', { id: 4 });
    expect(await refusal('updateLabel', { id: 2, name: 'Location' })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/was deleted/), field: 'name' });
    // A refusal about the label as a whole names no field.
    expect(await refusal('updateLabel', { id: 99, name: 'Nobody' })).toEqual({ code: 'not_found', message: 'There is no label 99.' });
    service.close();
  });

  it("refuses the app's own keys N and L as hotkeys, from any client (a label would take them over)", async () => {
    const { call, service } = await freshService();
    await expect(call('createLabel', { name: 'Location', color: '#112233', hotkey: 'n' })).rejects.toThrow('invalid_input: N edits the note: choose another key.');
    await expect(call('updateLabel', { id: 2, hotkey: 'l' })).rejects.toThrow('invalid_input: L links spans: choose another key.');
    // j and k move only in the lists, where label hotkeys do nothing.
    expect((await call('updateLabel', { id: 2, hotkey: 'j' })).hotkey).toBe('j');
    service.close();
  });

  it('renames, recolours and rekeys a label in place: its spans follow it by id, and other tabs see a new content version', async () => {
    const { call, service } = await freshService();
    const text = (await call('getDocument', { id: 1 })).text as string;
    const span = (await call('createSpan', { documentId: 1, labelId: 2, ...offsetsOf(text, 'Yuri Borisov') })).upserted[0];
    const before = await call('getContentVersion', {});
    const renamed = await call('updateLabel', { id: 2, name: ' Resolution ', color: '#8362cd', hotkey: '7', description: '' });
    expect(renamed).toEqual({ id: 2, name: 'Resolution', color: '#8362cd', hotkey: '7', description: '', order: 2 });
    // The Labels dialog relies on it: a label change is a change to the project, which another tab checks for on focus.
    expect(await call('getContentVersion', {})).not.toBe(before);
    expect((await call('listSpans', { documentId: 1 }))[0]).toMatchObject({ id: span.id, labelId: 2 });
    expect((await call('getStats', {})).labels).toMatchObject({ Resolution: 1 });
    expect((await call('listLabels', {})).map((label: any) => [label.name, label.hotkey])).toEqual([
      ['Agency', '1'],
      ['Resolution', '7'],
      ['PlannedEvent', '3'],
    ]);
    // No hotkey is fine; a hotkey or name another label has is refused, naming it.
    expect((await call('updateLabel', { id: 2, hotkey: null })).hotkey).toBeNull();
    await expect(call('updateLabel', { id: 2, hotkey: '3' })).rejects.toThrow('conflict: Hotkey 3 is already used by PlannedEvent.');
    await expect(call('updateLabel', { id: 2, name: 'Agency' })).rejects.toThrow('conflict: A label named Agency already exists.');
    await expect(call('updateLabel', { id: 99, name: 'Nobody' })).rejects.toThrow('not_found: There is no label 99.');
    service.close();
  });

  it('refuses label changes on a read-only project', async () => {
    const { file, service } = await freshService();
    service.close();
    const readOnly = createProjectService(await ensureProject(file, { readOnly: true, create: false }));
    expect(await dispatchCall(readOnly.handlers, 'updateLabel', { id: 1, name: 'Actor' })).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(await dispatchCall(readOnly.handlers, 'createLabel', { name: 'Location', color: '#299236' })).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(((await dispatchCall(readOnly.handlers, 'listLabels', {})) as any).result.map((label: any) => label.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    readOnly.close();
  });
});

describe('deleting labels', () => {
  it('deletes a label no span uses: it leaves listLabels, stats and usage, its hotkey is free, and the content version changes', async () => {
    const { call, service } = await freshService();
    const location = await call('createLabel', { name: 'Location', color: '#299236', hotkey: '4' });
    expect(await call('listLabelUsage', {})).toEqual([
      { labelId: 1, spans: 0 },
      { labelId: 2, spans: 0 },
      { labelId: 3, spans: 0 },
      { labelId: location.id, spans: 0 },
    ]);
    const before = await call('getContentVersion', {});
    expect(await call('deleteLabel', { id: location.id })).toMatchObject({ id: location.id, name: 'Location', hotkey: null });
    expect(await call('getContentVersion', {})).not.toBe(before);
    expect((await call('listLabels', {})).map((label: any) => label.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    expect((await call('listLabelUsage', {})).map((usage: any) => usage.labelId)).toEqual([1, 2, 3]);
    expect(Object.keys((await call('getStats', {})).labels)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    // The digit is free for another label; the deleted one cannot be used or deleted again.
    expect((await call('updateLabel', { id: 1, hotkey: '4' })).hotkey).toBe('4');
    await expect(call('createSpan', { documentId: 1, labelId: location.id, start: 0, end: 4 })).rejects.toThrow(`not_found: There is no label ${location.id}.`);
    await expect(call('updateLabel', { id: location.id, color: '#000000' })).rejects.toThrow('not_found');
    await expect(call('deleteLabel', { id: location.id })).rejects.toThrow(`not_found: There is no label ${location.id}.`);
    await expect(call('deleteLabel', { id: 99 })).rejects.toThrow('not_found: There is no label 99.');
    // Its name stays taken: renaming another label to it says how to bring it back instead.
    await expect(call('updateLabel', { id: 2, name: 'Location' })).rejects.toThrow('conflict: A label named Location was deleted: add a label of that name');
    service.close();
  });

  it('refuses to delete a label spans use, with their count, changing nothing', async () => {
    const { call, service } = await freshService();
    const text = (await call('getDocument', { id: 1 })).text as string;
    for (const phrase of ['Yuri Borisov', 'ICMEC CSTO', 'Bishkek']) await call('createSpan', { documentId: 1, labelId: 1, ...offsetsOf(text, phrase) });
    await call('createSpan', { documentId: 1, labelId: 2, ...offsetsOf(text, 'Kyrgyz Republic') });
    expect(await call('listLabelUsage', {})).toEqual([
      { labelId: 1, spans: 3 },
      { labelId: 2, spans: 1 },
      { labelId: 3, spans: 0 },
    ]);
    const before = await call('getContentVersion', {});
    await expect(call('deleteLabel', { id: 1 })).rejects.toThrow('conflict: 3 spans use label “Agency”: relabel or delete them first.');
    await expect(call('deleteLabel', { id: 2 })).rejects.toThrow('conflict: 1 span uses label “Decision”: relabel or delete them first.');
    expect(await call('getContentVersion', {})).toBe(before);
    expect((await call('listLabels', {})).map((label: any) => [label.name, label.hotkey])).toEqual([
      ['Agency', '1'],
      ['Decision', '2'],
      ['PlannedEvent', '3'],
    ]);
    service.close();
  });

  it('an undo that brings back a span of a deleted label brings the label back, without its hotkey', async () => {
    const { call, service } = await freshService();
    const text = (await call('getDocument', { id: 1 })).text as string;
    const span = (await call('createSpan', { documentId: 1, labelId: 3, ...offsetsOf(text, 'Bishkek') })).upserted[0];
    await call('deleteSpan', { id: span.id });
    await call('deleteLabel', { id: 3 });
    expect((await call('listLabels', {})).map((label: any) => label.name)).toEqual(['Agency', 'Decision']);
    // The history still names it.
    expect((await call('getHistory', { documentId: 1 })).undoDescription).toBe('delete PlannedEvent span “Bishkek”');

    const undone = await call('undo', { documentId: 1 });
    expect(undone.upserted[0]).toMatchObject({ id: span.id, labelId: 3, text: 'Bishkek' });
    expect((await call('listLabels', {})).map((label: any) => [label.name, label.hotkey])).toEqual([
      ['Agency', '1'],
      ['Decision', '2'],
      ['PlannedEvent', null],
    ]);
    expect(await call('listLabelUsage', {})).toContainEqual({ labelId: 3, spans: 1 });

    // A relabel undone onto a deleted label brings it back too.
    await call('updateSpan', { id: span.id, labelId: 2 });
    await call('deleteLabel', { id: 3 });
    expect((await call('undo', { documentId: 1 })).upserted[0]).toMatchObject({ id: span.id, labelId: 3 });
    expect((await call('listLabels', {})).map((label: any) => label.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    // And so does a redo that recreates one.
    await call('undo', { documentId: 1 });
    await call('undo', { documentId: 1 });
    expect(await call('listSpans', { documentId: 1 })).toEqual([]);
    await call('deleteLabel', { id: 3 });
    expect((await call('redo', { documentId: 1 })).upserted[0]).toMatchObject({ id: span.id, labelId: 3 });
    expect((await call('listLabels', {})).map((label: any) => label.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    service.close();
  });

  it('adding a label under a deleted label’s name brings that label back as now described', async () => {
    const { call, service } = await freshService();
    await call('deleteLabel', { id: 3 });
    const again = await call('createLabel', { name: 'PlannedEvent', color: '#299236', hotkey: '5', description: 'Something planned' });
    expect(again).toEqual({ id: 3, name: 'PlannedEvent', color: '#299236', hotkey: '5', description: 'Something planned', order: 3 });
    expect((await call('listLabels', {})).map((label: any) => label.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    await expect(call('createLabel', { name: 'PlannedEvent', color: '#299236' })).rejects.toThrow('conflict: A label named PlannedEvent already exists.');
    // A hotkey another label has is still refused, and nothing comes back then.
    await call('deleteLabel', { id: 3 });
    await expect(call('createLabel', { name: 'PlannedEvent', color: '#299236', hotkey: '1' })).rejects.toThrow('Hotkey 1 is already used by Agency');
    expect((await call('listLabels', {})).map((label: any) => label.name)).toEqual(['Agency', 'Decision']);
    service.close();
  });

  it('refuses a deletion on a read-only project', async () => {
    const { file, service } = await freshService();
    service.close();
    const readOnly = createProjectService(await ensureProject(file, { readOnly: true, create: false }));
    expect(await dispatchCall(readOnly.handlers, 'deleteLabel', { id: 3 })).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(((await dispatchCall(readOnly.handlers, 'listLabelUsage', {})) as any).result).toHaveLength(3);
    readOnly.close();
  });
});

describe('moving labels', () => {
  const names = async (call: (method: ApiMethod, input: unknown) => Promise<any>) => (await call('listLabels', {})).map((label: any) => label.name);

  it('moves a label to a place among the live labels, in the order of listLabels, stats and usage, and other tabs see a new content version', async () => {
    const { call, service } = await freshService();
    const before = await call('getContentVersion', {});
    const moved = await call('moveLabel', { id: 1, toIndex: 2 });
    expect(moved.map((label: any) => label.name)).toEqual(['Decision', 'PlannedEvent', 'Agency']);
    expect(moved.map((label: any) => label.order)).toEqual([1, 2, 3]);
    expect(await call('getContentVersion', {})).not.toBe(before);
    expect(await names(call)).toEqual(['Decision', 'PlannedEvent', 'Agency']);
    expect(Object.keys((await call('getStats', {})).labels)).toEqual(['Decision', 'PlannedEvent', 'Agency']);
    expect((await call('listLabelUsage', {})).map((usage: any) => usage.labelId)).toEqual([2, 3, 1]);
    // Up again, one place at a time as the dialog's arrows do.
    await call('moveLabel', { id: 1, toIndex: 1 });
    expect(await names(call)).toEqual(['Decision', 'Agency', 'PlannedEvent']);
    expect((await call('moveLabel', { id: 1, toIndex: 0 })).map((label: any) => label.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    // A move to where the label already is writes nothing.
    const unmoved = await call('getContentVersion', {});
    expect((await call('moveLabel', { id: 2, toIndex: 1 })).map((label: any) => label.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    expect(await call('getContentVersion', {})).toBe(unmoved);
    // A label added later goes last.
    await call('moveLabel', { id: 3, toIndex: 0 });
    await call('createLabel', { name: 'Location', color: '#299236' });
    expect(await names(call)).toEqual(['PlannedEvent', 'Agency', 'Decision', 'Location']);
    service.close();
  });

  it('refuses a place past the last label, a deleted or unknown label, changing nothing', async () => {
    const { call, service } = await freshService();
    await call('createLabel', { name: 'Location', color: '#299236' });
    await call('deleteLabel', { id: 4 });
    const before = await call('getContentVersion', {});
    await expect(call('moveLabel', { id: 1, toIndex: 3 })).rejects.toThrow('invalid_input: There are 3 labels: a place is 0 to 2, not 3.');
    await expect(call('moveLabel', { id: 4, toIndex: 0 })).rejects.toThrow('not_found: There is no label 4.');
    await expect(call('moveLabel', { id: 99, toIndex: 0 })).rejects.toThrow('not_found: There is no label 99.');
    expect(await call('getContentVersion', {})).toBe(before);
    expect(await names(call)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    service.close();
  });

  it('reorders only the live labels: a deleted label keeps its place, and comes back there', async () => {
    const { call, service } = await freshService();
    await call('deleteLabel', { id: 2 });
    const { getLabel } = await import('../db/labelsRepo');
    expect(getLabel(service.project.db, 2)!.order).toBe(2);
    expect((await call('moveLabel', { id: 3, toIndex: 0 })).map((label: any) => [label.name, label.order])).toEqual([
      ['PlannedEvent', 1],
      ['Agency', 3],
    ]);
    expect(getLabel(service.project.db, 2)!.order).toBe(2);
    await call('createLabel', { name: 'Decision', color: '#299236' });
    expect(await names(call)).toEqual(['PlannedEvent', 'Decision', 'Agency']);
    service.close();
  });

  it('moves labels that share a sort order (a file edited by hand)', async () => {
    const { call, service } = await freshService();
    service.project.db.prepare('UPDATE labels SET sort_order = 1').run();
    expect(await names(call)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    expect((await call('moveLabel', { id: 1, toIndex: 1 })).map((label: any) => [label.name, label.order])).toEqual([
      ['Decision', 1],
      ['Agency', 2],
      ['PlannedEvent', 3],
    ]);
    service.close();
  });

  it('refuses a move on a read-only project', async () => {
    const { file, service } = await freshService();
    service.close();
    const readOnly = createProjectService(await ensureProject(file, { readOnly: true, create: false }));
    expect(await dispatchCall(readOnly.handlers, 'moveLabel', { id: 1, toIndex: 2 })).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(((await dispatchCall(readOnly.handlers, 'listLabels', {})) as any).result.map((label: any) => label.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    readOnly.close();
  });
});

describe('span ids across documents', () => {
  const SECOND_TEXT = 'NATO ministers met in Brussels today.';

  async function twoDocuments() {
    const env = await freshService();
    const { insertDocument } = await import('../db/documentsRepo');
    const second = insertDocument(env.service.project.db, { title: 'second', text: SECOND_TEXT });
    const text = (await env.call('getDocument', { id: 1 })).text as string;
    return { ...env, second, text };
  }

  it('undoes a delete after another document labelled something: the new span never takes the deleted one’s id', async () => {
    const { call, service, second, text } = await twoDocuments();
    const made = (await call('createSpan', { documentId: 1, labelId: 1, ...offsetsOf(text, 'Yuri Borisov') })).upserted[0];
    await call('deleteSpan', { id: made.id });
    const other = (await call('createSpan', { documentId: second, labelId: 1, ...offsetsOf(SECOND_TEXT, 'Brussels') })).upserted[0];
    expect(other.id).not.toBe(made.id);
    const undone = await call('undo', { documentId: 1 });
    expect(undone.upserted[0]).toEqual(made);
    expect((await call('listSpans', { documentId: second })).map((s: any) => s.text)).toEqual(['Brussels']);
    service.close();
  });

  it('redoes an undone create after another document labelled something', async () => {
    const { call, service, second, text } = await twoDocuments();
    const made = (await call('createSpan', { documentId: 1, labelId: 2, ...offsetsOf(text, 'Kyrgyz Republic') })).upserted[0];
    await call('undo', { documentId: 1 });
    const other = (await call('createSpan', { documentId: second, labelId: 1, ...offsetsOf(SECOND_TEXT, 'NATO') })).upserted[0];
    expect(other.id).not.toBe(made.id);
    expect((await call('redo', { documentId: 1 })).upserted[0]).toEqual(made);
    expect((await call('undo', { documentId: 1 })).deletedIds).toEqual([made.id]);
    expect((await call('listSpans', { documentId: second })).map((s: any) => s.id)).toEqual([other.id]);
    service.close();
  });

  it('brings spans and relations back under fresh ids where a project from before schema 3 gave theirs away, and the history follows them', async () => {
    const { call, service, second, text } = await twoDocuments();
    const { db } = service.project;
    const a = (await call('createSpan', { documentId: 1, labelId: 1, ...offsetsOf(text, 'Yuri Borisov') })).upserted[0];
    const b = (await call('createSpan', { documentId: 1, labelId: 2, ...offsetsOf(text, 'Kyrgyz Republic') })).upserted[0];
    const relation = Number(db.prepare("INSERT INTO relations (document_id, type, from_span_id, to_span_id, created_at) VALUES (1, 'represents', ?, ?, 'x')").run(a.id, b.id).lastInsertRowid);
    await call('deleteSpan', { id: b.id });
    await call('deleteSpan', { id: a.id });
    // What SQLite without AUTOINCREMENT did: the freed ids went to the next rows, in another document.
    const insertSpan = db.prepare("INSERT INTO spans (id, document_id, label_id, start, end, text, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, 'x', 'x')");
    for (const [id, phrase] of [[a.id, 'NATO'], [b.id, 'Brussels']] as const) {
      const where = offsetsOf(SECOND_TEXT, phrase);
      insertSpan.run(id, second, where.start, where.end, phrase);
    }
    db.prepare("INSERT INTO relations (id, document_id, type, from_span_id, to_span_id, created_at) VALUES (?, ?, 'in', ?, ?, 'x')").run(relation, second, a.id, b.id);
    const secondBefore = { spans: await call('listSpans', { documentId: second }), relations: db.prepare('SELECT * FROM relations WHERE document_id = ?').all(second) };

    const undoA = await call('undo', { documentId: 1 });
    const a2 = undoA.upserted[0];
    expect(a2).toEqual({ ...a, id: expect.any(Number) });
    expect(a2.id).not.toBe(a.id);
    const undoB = await call('undo', { documentId: 1 });
    const b2 = undoB.upserted[0];
    expect(b2).toEqual({ ...b, id: expect.any(Number) });
    expect(b2.id).not.toBe(b.id);
    expect(undoB.description).toBe('Undid: delete Decision span “Kyrgyz Republic”');
    const restored = db.prepare('SELECT id, type, from_span_id, to_span_id FROM relations WHERE document_id = 1').all() as any[];
    expect(restored).toEqual([{ id: expect.any(Number), type: 'represents', from_span_id: a2.id, to_span_id: b2.id }]);
    expect(restored[0].id).not.toBe(relation);

    // Undoing the creates removes this document's spans, not the other document's under the old ids.
    expect((await call('undo', { documentId: 1 })).deletedIds).toEqual([b2.id]);
    expect((await call('undo', { documentId: 1 })).deletedIds).toEqual([a2.id]);
    expect(await call('listSpans', { documentId: 1 })).toEqual([]);
    expect((await call('redo', { documentId: 1 })).upserted[0].id).toBe(a2.id);
    expect((await call('redo', { documentId: 1 })).upserted[0].id).toBe(b2.id);
    expect((await call('redo', { documentId: 1 })).deletedIds).toEqual([b2.id]);
    expect((await call('redo', { documentId: 1 })).deletedIds).toEqual([a2.id]);
    expect(await call('listSpans', { documentId: 1 })).toEqual([]);
    expect({ spans: await call('listSpans', { documentId: second }), relations: db.prepare('SELECT * FROM relations WHERE document_id = ?').all(second) }).toEqual(secondBefore);
    service.close();
  });
});

describe('relations and notes', () => {
  it('lists a document’s relations; deleting a span says how many went with it, and undo brings them back', async () => {
    const { call, service } = await freshService();
    const { db } = service.project;
    const text = (await call('getDocument', { id: 1 })).text as string;
    const borisov = (await call('createSpan', { documentId: 1, labelId: 1, ...offsetsOf(text, 'Yuri Borisov') })).upserted[0];
    const kyrgyz = (await call('createSpan', { documentId: 1, labelId: 2, ...offsetsOf(text, 'Kyrgyz Republic') })).upserted[0];
    const lone = (await call('createSpan', { documentId: 1, labelId: 3, ...offsetsOf(text, 'Bishkek') })).upserted[0];
    const relation = Number(
      db.prepare("INSERT INTO relations (document_id, type, from_span_id, to_span_id, note, created_at) VALUES (1, 'Represents', ?, ?, 'as chair', 'x')").run(borisov.id, kyrgyz.id).lastInsertRowid,
    );
    const listed = [{ id: relation, type: 'Represents', fromSpanId: borisov.id, toSpanId: kyrgyz.id, note: 'as chair' }];
    expect(await call('listRelations', { documentId: 1 })).toEqual(listed);

    expect((await call('deleteSpan', { id: lone.id })).description).toBe('Deleted PlannedEvent span “Bishkek”');
    const deleted = await call('deleteSpan', { id: kyrgyz.id });
    expect(deleted.description).toBe('Deleted Decision span “Kyrgyz Republic” and its 1 relation');
    expect(await call('listRelations', { documentId: 1 })).toEqual([]);
    await call('undo', { documentId: 1 });
    expect(await call('listRelations', { documentId: 1 })).toEqual(listed);
    await expect(call('listRelations', { documentId: 99 })).rejects.toThrow('not_found: There is no document 99.');
    service.close();
  });

  it('stores an emptied note as no note, and undo puts the old note back', async () => {
    const { call, service } = await freshService();
    const text = (await call('getDocument', { id: 1 })).text as string;
    const span = (await call('createSpan', { documentId: 1, labelId: 1, ...offsetsOf(text, 'Yuri Borisov'), note: 'chair' })).upserted[0];
    for (const emptied of ['', '  \n ', null]) {
      const change = await call('updateSpan', { id: span.id, note: emptied });
      expect(change.upserted[0].note).toBeNull();
      expect(change.description).toBe('Edit note of “Yuri Borisov”');
      expect((await call('undo', { documentId: 1 })).upserted[0].note).toBe('chair');
    }
    expect((await call('updateSpan', { id: span.id, note: 'chair of the\ncommission' })).upserted[0].note).toBe('chair of the\ncommission');
    expect((await call('getHistory', { documentId: 1 })).undoDescription).toBe('edit note of “Yuri Borisov”');
    service.close();
  });
});

describe('linking spans', () => {
  /** The sample with three spans: who decides, what was decided, and a third. */
  async function threeSpans() {
    const env = await freshService();
    const text = (await env.call('getDocument', { id: 1 })).text as string;
    const make = async (labelId: number, phrase: string): Promise<any> => (await env.call('createSpan', { documentId: 1, labelId, ...offsetsOf(text, phrase) })).upserted[0];
    const borisov = await make(1, 'Yuri Borisov');
    const kyrgyz = await make(2, 'Kyrgyz Republic');
    const bishkek = await make(3, 'Bishkek');
    return { ...env, text, borisov, kyrgyz, bishkek };
  }

  it('links two spans in one undoable change named in the history; the relation starts from the span returned', async () => {
    const { call, service, borisov, kyrgyz } = await threeSpans();
    const linked = await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: kyrgyz.id, type: '  decides ', note: '' });
    expect(linked.relation).toEqual({ id: expect.any(Number), type: 'decides', fromSpanId: borisov.id, toSpanId: kyrgyz.id, note: null });
    expect(linked.description).toBe('Linked “Yuri Borisov” decides “Kyrgyz Republic”');
    expect(linked.upserted).toEqual([borisov]);
    expect(linked.deletedIds).toEqual([]);
    expect(linked.history.undoDescription).toBe('link “Yuri Borisov” decides “Kyrgyz Republic”');
    expect(await call('listRelations', { documentId: 1 })).toEqual([linked.relation]);
    const row = service.project.db.prepare('SELECT author, created_at FROM relations WHERE id = ?').get(linked.relation.id) as any;
    expect(row.author).toBe((await call('getProjectInfo', {})).settings.author);

    const undone = await call('undo', { documentId: 1 });
    expect(undone.description).toBe('Undid: link “Yuri Borisov” decides “Kyrgyz Republic”');
    expect(undone.upserted).toEqual([borisov]);
    expect(await call('listRelations', { documentId: 1 })).toEqual([]);
    expect((await call('redo', { documentId: 1 })).description).toBe('Redid: link “Yuri Borisov” decides “Kyrgyz Republic”');
    expect(await call('listRelations', { documentId: 1 })).toEqual([linked.relation]);
    expect(service.project.db.prepare('SELECT author, created_at FROM relations WHERE id = ?').get(linked.relation.id)).toEqual(row);
    service.close();
  });

  it('keeps a note given with the link', async () => {
    const { call, service, borisov, kyrgyz } = await threeSpans();
    const linked = await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: kyrgyz.id, type: 'decides', note: 'as chair' });
    expect((await call('listRelations', { documentId: 1 }))[0]).toEqual({ ...linked.relation, note: 'as chair' });
    service.close();
  });

  it('answers the same link asked again with the one already there, logging nothing; another type or direction is another link', async () => {
    const { call, service, borisov, kyrgyz } = await threeSpans();
    const first = await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: kyrgyz.id, type: 'decides' });
    const again = await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: kyrgyz.id, type: 'decides' });
    expect(again.description).toBe('Already linked: “Yuri Borisov” decides “Kyrgyz Republic”');
    expect(again.relation).toEqual(first.relation);
    expect(again.history).toEqual(first.history);
    expect(await call('listRelations', { documentId: 1 })).toHaveLength(1);
    const { listChanges } = await import('../db/changesRepo');
    expect(listChanges(service.project.db, 1).filter((change) => change.kind === 'relation.create')).toHaveLength(1);
    await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: kyrgyz.id, type: 'plans' });
    await call('createRelation', { documentId: 1, fromSpanId: kyrgyz.id, toSpanId: borisov.id, type: 'decides' });
    expect(await call('listRelations', { documentId: 1 })).toHaveLength(3);
    service.close();
  });

  it('refuses a span linked to itself, a span that is gone and a span of another document, changing nothing', async () => {
    const { call, service, borisov, kyrgyz } = await threeSpans();
    const { insertDocument } = await import('../db/documentsRepo');
    const second = insertDocument(service.project.db, { title: 'second', text: 'NATO ministers met.' });
    const nato = (await call('createSpan', { documentId: second, labelId: 1, start: 0, end: 4 })).upserted[0];
    const historyBefore = await call('getHistory', { documentId: 1 });
    await expect(call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: borisov.id, type: 'decides' })).rejects.toThrow(
      'invalid_input: createRelation: toSpanId: a span cannot be linked to itself',
    );
    await expect(call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: 9999, type: 'decides' })).rejects.toThrow(
      'not_found: There is no span 9999 in document 1; it may have been deleted.',
    );
    await expect(call('createRelation', { documentId: 1, fromSpanId: nato.id, toSpanId: kyrgyz.id, type: 'decides' })).rejects.toThrow(
      `not_found: There is no span ${nato.id} in document 1; it may have been deleted.`,
    );
    await expect(call('createRelation', { documentId: 99, fromSpanId: borisov.id, toSpanId: kyrgyz.id, type: 'decides' })).rejects.toThrow('not_found: There is no document 99.');
    await expect(call('deleteRelation', { id: 9999 })).rejects.toThrow('not_found: There is no relation 9999; it may have been removed.');
    expect(await call('listRelations', { documentId: 1 })).toEqual([]);
    expect(await call('getHistory', { documentId: 1 })).toEqual(historyBefore);
    service.close();
  });

  it('removes a relation as an undoable change; undo puts it back under its id', async () => {
    const { call, service, borisov, kyrgyz, bishkek } = await threeSpans();
    const decides = (await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: kyrgyz.id, type: 'decides', note: 'as chair' })).relation;
    const plans = (await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: bishkek.id, type: 'plans' })).relation;
    const removed = await call('deleteRelation', { id: decides.id });
    expect(removed.description).toBe('Removed the relation “Yuri Borisov” decides “Kyrgyz Republic”');
    expect(removed.upserted).toEqual([borisov]);
    expect(removed.history.undoDescription).toBe('unlink “Yuri Borisov” decides “Kyrgyz Republic”');
    expect(await call('listRelations', { documentId: 1 })).toEqual([plans]);
    expect((await call('undo', { documentId: 1 })).description).toBe('Undid: unlink “Yuri Borisov” decides “Kyrgyz Republic”');
    expect(await call('listRelations', { documentId: 1 })).toEqual([{ ...decides, note: 'as chair' }, plans]);
    await call('redo', { documentId: 1 });
    expect(await call('listRelations', { documentId: 1 })).toEqual([plans]);
    service.close();
  });

  it('link A→B, delete B, undo, undo, redo, redo: each step acts on the same relation and spans', async () => {
    const { call, service, borisov, kyrgyz } = await threeSpans();
    const linked = (await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: kyrgyz.id, type: 'decides' })).relation;
    expect((await call('deleteSpan', { id: kyrgyz.id })).description).toBe('Deleted Decision span “Kyrgyz Republic” and its 1 relation');
    expect((await call('undo', { documentId: 1 })).upserted).toEqual([kyrgyz]);
    expect(await call('listRelations', { documentId: 1 })).toEqual([linked]);
    expect((await call('undo', { documentId: 1 })).description).toBe('Undid: link “Yuri Borisov” decides “Kyrgyz Republic”');
    expect(await call('listRelations', { documentId: 1 })).toEqual([]);
    await call('redo', { documentId: 1 });
    expect(await call('listRelations', { documentId: 1 })).toEqual([linked]);
    expect((await call('redo', { documentId: 1 })).deletedIds).toEqual([kyrgyz.id]);
    expect(await call('listRelations', { documentId: 1 })).toEqual([]);
    expect((await call('undo', { documentId: 1 })).upserted).toEqual([kyrgyz]);
    expect(await call('listRelations', { documentId: 1 })).toEqual([linked]);
    service.close();
  });

  it('the same sequence where a project from before schema 3 gave B’s id and the relation’s id away: the history follows their fresh ids', async () => {
    const { call, service, borisov, kyrgyz } = await threeSpans();
    const { db } = service.project;
    const { insertDocument } = await import('../db/documentsRepo');
    const second = insertDocument(db, { title: 'second', text: 'NATO ministers met in Brussels.' });
    const linked = (await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: kyrgyz.id, type: 'decides' })).relation;
    await call('deleteSpan', { id: kyrgyz.id });
    // What SQLite without AUTOINCREMENT did: the freed ids went to the next rows, in another document.
    db.prepare("INSERT INTO spans (id, document_id, label_id, start, end, text, created_at, updated_at) VALUES (?, ?, 1, 0, 4, 'NATO', 'x', 'x')").run(kyrgyz.id, second);
    db.prepare("INSERT INTO spans (id, document_id, label_id, start, end, text, created_at, updated_at) VALUES (?, ?, 1, 22, 30, 'Brussels', 'x', 'x')").run(kyrgyz.id + 1000, second);
    db.prepare("INSERT INTO relations (id, document_id, type, from_span_id, to_span_id, created_at) VALUES (?, ?, 'in', ?, ?, 'x')").run(linked.id, second, kyrgyz.id, kyrgyz.id + 1000);
    const secondBefore = { spans: await call('listSpans', { documentId: second }), relations: await call('listRelations', { documentId: second }) };

    const kyrgyz2 = (await call('undo', { documentId: 1 })).upserted[0];
    expect(kyrgyz2).toEqual({ ...kyrgyz, id: expect.any(Number) });
    expect(kyrgyz2.id).not.toBe(kyrgyz.id);
    const restored = await call('listRelations', { documentId: 1 });
    expect(restored).toEqual([{ ...linked, id: expect.any(Number), toSpanId: kyrgyz2.id }]);
    expect(restored[0].id).not.toBe(linked.id);

    // Undoing the link removes this document's relation, not the other document's under the old id.
    expect((await call('undo', { documentId: 1 })).description).toBe('Undid: link “Yuri Borisov” decides “Kyrgyz Republic”');
    expect(await call('listRelations', { documentId: 1 })).toEqual([]);
    await call('redo', { documentId: 1 });
    expect(await call('listRelations', { documentId: 1 })).toEqual([{ ...linked, id: restored[0].id, toSpanId: kyrgyz2.id }]);
    expect((await call('redo', { documentId: 1 })).deletedIds).toEqual([kyrgyz2.id]);
    expect(await call('listRelations', { documentId: 1 })).toEqual([]);
    expect((await call('listSpans', { documentId: 1 })).map((span: any) => span.text)).toEqual(['Yuri Borisov', 'Bishkek']);
    // And back once more: span and link under the ids they came back with.
    await call('undo', { documentId: 1 });
    expect(await call('listRelations', { documentId: 1 })).toEqual([{ ...linked, id: restored[0].id, toSpanId: kyrgyz2.id }]);
    expect({ spans: await call('listSpans', { documentId: second }), relations: await call('listRelations', { documentId: second }) }).toEqual(secondBefore);
    service.close();
  });

  it('lists the project’s relation types, most used first', async () => {
    const { call, service, borisov, kyrgyz, bishkek } = await threeSpans();
    expect(await call('listRelationTypes', {})).toEqual([]);
    await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: kyrgyz.id, type: 'plans' });
    await call('createRelation', { documentId: 1, fromSpanId: borisov.id, toSpanId: bishkek.id, type: 'hosts' });
    await call('createRelation', { documentId: 1, fromSpanId: kyrgyz.id, toSpanId: bishkek.id, type: 'hosts' });
    expect(await call('listRelationTypes', {})).toEqual(['hosts', 'plans']);
    service.close();
  });
});

describe('the last relation type', () => {
  it('is kept in the project file, trimmed, so the next session starts with it', async () => {
    const first = await freshService();
    expect((await first.call('getProjectInfo', {})).settings.lastRelationType).toBeNull();
    const saved = await first.call('setSettings', { lastRelationType: '  participates in ' });
    expect(saved.lastRelationType).toBe('participates in');
    // Another setting changed later leaves it as it was.
    expect((await first.call('setSettings', { snapToWords: false })).lastRelationType).toBe('participates in');
    first.service.close();

    const next = await freshService({ file: first.file });
    expect((await next.call('getProjectInfo', {})).settings).toMatchObject({ lastRelationType: 'participates in', snapToWords: false });
    next.service.close();
  });
});

describe('span attributes', () => {
  it('refuses an attribute named __proto__ rather than leaving it out of the saved set without a word', async () => {
    const { call } = await freshService();
    const span = await call('createSpan', { documentId: 1, labelId: 1, start: 4, end: 9 });
    const input = JSON.parse(`{"id": ${span.upserted[0].id}, "attributes": {"__proto__": "x", "Role": "chair"}}`);
    await expect(call('updateSpan', input)).rejects.toThrow(/invalid_input: updateSpan: attributes\.__proto__: "__proto__" cannot be a name here/);
    expect((await call('listSpans', { documentId: 1 }))[0].attributes).toEqual({});
  });

  it('edits a span’s attributes as one undoable change: added, changed and removed at once', async () => {
    const { call, service } = await freshService();
    const text = (await call('getDocument', { id: 1 })).text as string;
    const span = (await call('createSpan', { documentId: 1, labelId: 1, ...offsetsOf(text, 'Yuri Borisov') })).upserted[0];
    const first = await call('updateSpan', { id: span.id, attributes: { '  Role ': 'chair', Count: 2, Confirmed: true } });
    expect(first.upserted[0].attributes).toEqual({ Role: 'chair', Count: 2, Confirmed: true });
    expect(first.description).toBe('Edit attributes of “Yuri Borisov”');
    expect(first.history.undoDescription).toBe('edit attributes of “Yuri Borisov”');
    await expect(call('updateSpan', { id: span.id, attributes: { 'Ro\u202ele': 'x' } })).rejects.toThrow(
      'invalid_input: updateSpan: attributes: an attribute name cannot contain control or bidirectional override characters',
    );
    const second = await call('updateSpan', { id: span.id, attributes: { Role: 'vice chair', Confirmed: true } });
    expect(second.upserted[0]).toMatchObject({ attributes: { Role: 'vice chair', Confirmed: true }, note: null, labelId: 1 });
    expect((await call('undo', { documentId: 1 })).upserted[0].attributes).toEqual({ Role: 'chair', Count: 2, Confirmed: true });
    expect((await call('undo', { documentId: 1 })).upserted[0].attributes).toEqual({});
    expect((await call('redo', { documentId: 1 })).upserted[0].attributes).toEqual({ Role: 'chair', Count: 2, Confirmed: true });
    // Changing the note leaves the attributes as they are.
    expect((await call('updateSpan', { id: span.id, note: 'in Moscow' })).upserted[0].attributes).toEqual({ Role: 'chair', Count: 2, Confirmed: true });
    expect((await call('listSpans', { documentId: 1 }))[0].attributes).toEqual({ Role: 'chair', Count: 2, Confirmed: true });
    service.close();
  });
});

describe('identical spans', () => {
  it('returns the span already there when the same words get the same label again, and logs nothing', async () => {
    const { call, service } = await freshService();
    const text = (await call('getDocument', { id: 1 })).text as string;
    const where = offsetsOf(text, 'Kyrgyz');
    const first = await call('createSpan', { documentId: 1, labelId: 1, ...where });
    // A second tab (or a second press) asks again: the server keeps one span.
    const again = await call('createSpan', { documentId: 1, labelId: 1, ...where });
    expect(again.description).toBe('Already Agency: “Kyrgyz”');
    expect(again.upserted).toEqual(first.upserted);
    expect(again.deletedIds).toEqual([]);
    expect(again.history).toEqual(first.history);
    expect(await call('listSpans', { documentId: 1 })).toEqual(first.upserted);
    const { listChanges } = await import('../db/changesRepo');
    expect(listChanges(service.project.db, 1)).toHaveLength(1);
    // Another label over the same words is another span.
    expect((await call('createSpan', { documentId: 1, labelId: 2, ...where })).upserted[0].id).not.toBe(first.upserted[0].id);
    service.close();
  });

  it('refuses to relabel a span into a copy of another one, naming it', async () => {
    const { call, service } = await freshService();
    const text = (await call('getDocument', { id: 1 })).text as string;
    const where = offsetsOf(text, 'Kyrgyz');
    await call('createSpan', { documentId: 1, labelId: 1, ...where });
    const decision = (await call('createSpan', { documentId: 1, labelId: 2, ...where })).upserted[0];
    const spansBefore = await call('listSpans', { documentId: 1 });
    const historyBefore = await call('getHistory', { documentId: 1 });
    await expect(call('updateSpan', { id: decision.id, labelId: 1 })).rejects.toThrow('conflict: Already Agency: “Kyrgyz”');
    expect(await call('listSpans', { documentId: 1 })).toEqual(spansBefore);
    expect(await call('getHistory', { documentId: 1 })).toEqual(historyBefore);
    // A label no span over those words has is fine, and so is a note on the span.
    expect((await call('updateSpan', { id: decision.id, labelId: 3 })).upserted[0].labelId).toBe(3);
    expect((await call('updateSpan', { id: decision.id, labelId: 3, note: 'planned' })).upserted[0].note).toBe('planned');
    service.close();
  });
});

describe('the contract refuses bad input to every method', () => {
  const bad: Record<ApiMethod, unknown[]> = {
    getProjectInfo: [{ extra: 1 }, 'x'],
    setSettings: [
      { snapToWords: 'yes' },
      { author: '' },
      { unknown: true },
      // As relation types are: one line of at most 100 characters, without control or override characters.
      { lastRelationType: '' },
      { lastRelationType: '   ' },
      { lastRelationType: 'decides\nplans' },
      { lastRelationType: 'A\u202eB' },
      { lastRelationType: 'x'.repeat(101) },
      { lastRelationType: null },
      { lastRelationType: 3 },
    ],
    getContentVersion: [{ since: 'x' }],
    listLabels: [{ x: 1 }],
    createLabel: [{ name: '', color: '#000000' }, { name: 'A', color: 'red' }, { name: 'A\u202eB', color: '#000000' }, { name: 'A', color: '#000000', hotkey: 'F1' }],
    updateLabel: [
      { id: 0 },
      { id: 1, color: 'blue' },
      { id: 'one' },
      { id: 1, name: 'A\u202eB' },
      { id: 1, name: 'Tab\there' },
      { id: 1, name: '  ' },
      { id: 1, color: '#12345' },
      { id: 1, hotkey: '12' },
      { id: 1, hotkey: 'A' },
      // A label's place changes with moveLabel only.
      { id: 1, order: 2 },
    ],
    deleteLabel: [{}, { id: 0 }, { id: '1' }, { id: 1, force: true }, { name: 'Agency' }],
    listLabelUsage: [{ labelId: 1 }, 'x'],
    moveLabel: [{}, { id: 1 }, { toIndex: 0 }, { id: 0, toIndex: 0 }, { id: 1, toIndex: -1 }, { id: 1, toIndex: 1.5 }, { id: 1, toIndex: '1' }, { id: 1, toIndex: 2 ** 53 }, { id: 1, order: 2 }, { id: 1, toIndex: 0, ids: [1] }],
    listDocuments: [{ limit: 0 }, { sort: 'nonsense' }, { status: 'finished' }, { offset: -1 }],
    locateDocument: [{}, { id: 0 }, { id: '1' }, { id: 1, sort: 'nonsense' }, { id: 1, status: 'finished' }, { id: 1, hasLabelId: -1 }, { id: 1, offset: 0 }],
    getDocument: [{}, { id: -1 }, { id: 1.5 }, { id: '1' }],
    setDocumentStatus: [{ documentId: 1, status: 'finished' }, { documentId: 1 }],
    listSpans: [{}, { documentId: null }],
    listRelations: [{}, { documentId: 0 }, { documentId: '1' }, { documentId: 1, spanId: 2 }],
    listRelationTypes: [{ documentId: 1 }, 'x'],
    createRelation: [
      { documentId: 1, fromSpanId: 1, toSpanId: 2 },
      { documentId: 1, fromSpanId: 1, toSpanId: 1, type: 'decides' },
      { documentId: 1, fromSpanId: 1, toSpanId: 2, type: '' },
      { documentId: 1, fromSpanId: 1, toSpanId: 2, type: '  \t ' },
      { documentId: 1, fromSpanId: 1, toSpanId: 2, type: 'd'.repeat(101) },
      { documentId: 1, fromSpanId: 1, toSpanId: 2, type: 'de\ncides' },
      { documentId: 1, fromSpanId: 1, toSpanId: 2, type: 'de\u0000cides' },
      { documentId: 1, fromSpanId: 1, toSpanId: 2, type: 'de\u202ecides' },
      { documentId: 1, fromSpanId: 1, toSpanId: 2, type: 7 },
      { documentId: 1, fromSpanId: 0, toSpanId: 2, type: 'decides' },
      { documentId: 1, fromSpanId: 1, toSpanId: '2', type: 'decides' },
      { documentId: 1, fromSpanId: 1, toSpanId: 2, type: 'decides', note: 'n'.repeat(100_001) },
      { documentId: 1, fromSpanId: 1, toSpanId: 2, type: 'decides', author: 'someone else' },
      { fromSpanId: 1, toSpanId: 2, type: 'decides' },
    ],
    deleteRelation: [{}, { id: 0 }, { id: '1' }, { id: 1.5 }, { id: 1, type: 'decides' }],
    createSpan: [
      { documentId: 1, labelId: 1, start: 5, end: 5 },
      { documentId: 1, labelId: 1, start: 6, end: 5 },
      { documentId: 1, labelId: 1, start: -1, end: 5 },
      { documentId: 1, labelId: 1, start: 0, end: 2 ** 53 },
      { documentId: 1, labelId: 1, start: 0 },
      { documentId: 1, labelId: 1, start: 0, end: 1, __proto__: { polluted: true }, extra: 1 },
    ],
    updateSpan: [
      { id: 1 },
      { id: 1, labelId: 0 },
      { id: 1, attributes: 'Negation' },
      { id: 1, attributes: { '': 'x' } },
      { id: 1, attributes: { 'Neg\u202eation': true } },
      { id: 1, attributes: { ['a'.repeat(101)]: true } },
      { id: 1, attributes: { Negation: null } },
      { id: 1, attributes: { Negation: { nested: true } } },
      { id: 1, attributes: { Negation: ['a'] } },
      { id: 1, attributes: { Reference: 'r'.repeat(10_001) } },
      { id: 1, attributes: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`key${i}`, i])) },
      { id: 1, attributes: { Role: 'chair', ' Role ': 'vice chair' } },
    ],
    deleteSpan: [{}, { id: 'x' }],
    undo: [{}, { documentId: 0 }],
    redo: [{ documentId: -3 }],
    getHistory: [{ documentId: 'a' }],
    updateDocument: [{ id: 1, text: 'rewritten' }, { id: 1, publishedAt: '27/11/2020' }, { id: 1, metadata: 'x' }],
    searchDocuments: [{}, { query: 5 }, { query: 'x', limit: 10_000 }],
    getStats: [{ all: true }],
    startImport: [{ sourceIds: [] }, { sourceIds: ['/etc/passwd'] }, { sourceIds: ['abcdefgh1'], format: 'exe' }, { paths: ['/etc'] }],
    startExport: [{ format: 'xml' }, { format: 'brat', destinationId: '/etc/passwd' }, { format: 'conll', status: ['finished'] }, { format: 'doccano', since: 'yesterday' }],
    getJob: [{}, { jobId: '../../x' }],
    cancelJob: [{ jobId: 5 }],
  };

  it('covers every method', () => {
    expect(Object.keys(bad).sort()).toEqual([...apiMethods].sort());
    expect(Object.keys(apiInputs).length).toBe(apiMethods.length);
  });

  for (const method of apiMethods) {
    it(`${method}`, async () => {
      const { service } = await freshService();
      for (const input of bad[method]) {
        const response = await dispatchCall(service.handlers, method, input);
        expect(response.ok, `${method} accepted ${JSON.stringify(input)}`).toBe(false);
        if (!response.ok) {
          expect(response.error.code).toBe('invalid_input');
          expect(response.error.message.startsWith(`${method}: `)).toBe(true);
        }
      }
      service.close();
    });
  }

  it('refuses unknown methods, including prototype names', async () => {
    const { service } = await freshService();
    for (const name of ['dropTables', '__proto__', 'constructor', 'toString', 42]) {
      const response = await dispatchCall(service.handlers, name, {});
      expect(response).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    service.close();
  });

  it('reports a missing document or span as not_found', async () => {
    const { service } = await freshService();
    expect(await dispatchCall(service.handlers, 'getDocument', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatchCall(service.handlers, 'deleteSpan', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatchCall(service.handlers, 'locateDocument', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    service.close();
  });
});

describe('finding documents', () => {
  it('locates a document in the list as listDocuments sorts and filters it', async () => {
    const { call, service } = await freshService();
    const { insertDocument } = await import('../db/documentsRepo');
    const sample = (await call('listDocuments', {})).items[0].id as number;
    for (const title of ['b', 'a', 'c']) insertDocument(service.project.db, { text: `Text ${title}.`, title, source: 'Wire' });
    const byTitle = (await call('listDocuments', { sort: 'title' })).items.map((item: any) => item.id);
    for (const [index, id] of byTitle.entries()) {
      expect(await call('locateDocument', { id, sort: 'title' })).toEqual({ index, before: index, total: 4 });
    }
    // The sample article is not from Wire: the filtered list leaves it out, and it would sit last by title ("XVIII…").
    expect(await call('locateDocument', { id: sample, sort: 'title', source: 'Wire' })).toEqual({ index: null, before: 3, total: 3 });
    // Defaults are listDocuments' own: oldest first.
    expect(await call('locateDocument', { id: sample })).toEqual({ index: 0, before: 0, total: 4 });
    service.close();
  });

  it('searches titles and texts with ranking, snippets and the match position', async () => {
    const { call, service } = await freshService();
    const { insertDocument } = await import('../db/documentsRepo');
    insertDocument(service.project.db, { text: 'Nothing about the exhibition here. Definex is mentioned once.', title: 'Other' });
    insertDocument(service.project.db, { text: 'Unrelated text.', title: 'Definex 2021 programme' });
    const found = await call('searchDocuments', { query: 'Definex' });
    expect(found.total).toBe(3);
    // The title match ranks first.
    expect(found.hits[0].document.title).toBe('Definex 2021 programme');
    const sample = found.hits.find((h: any) => h.document.title.startsWith('XVIII'));
    expect(sample.snippet).toContain('\u0002Definex\u0003');
    const text = (await call('getDocument', { id: sample.document.id })).text as string;
    expect([...text].slice(sample.match.start, sample.match.end).join('')).toBe('Definex');
    // Each hit's snippet comes from its own document.
    const other = found.hits.find((h: any) => h.document.title === 'Other');
    expect(other.snippet).toContain('Nothing about the exhibition here');
    expect((await call('searchDocuments', { query: '"military-industrial exhibition"' })).total).toBe(1);
    expect((await call('searchDocuments', { query: 'Bish*' })).total).toBe(1);
    expect((await call('searchDocuments', { query: '(((' })).total).toBe(0);
    service.close();
  });

  it('edits a document’s details (never its text), undoably, and the search follows the new title', async () => {
    const { call, service } = await freshService();
    const updated = await call('updateDocument', { id: 1, title: 'CSTO commission, 27 Nov', metadata: { desk: 'Central Asia' }, publishedAt: '2020-11-27' });
    expect(updated.title).toBe('CSTO commission, 27 Nov');
    expect(updated.metadata).toEqual({ desk: 'Central Asia' });
    expect((await call('searchDocuments', { query: 'commission' })).hits[0].document.id).toBe(1);
    await call('undo', { documentId: 1 });
    expect((await call('getDocument', { id: 1 })).title).toBe('XVIII meeting of the ICMEC CSTO');
    service.close();
  });

  it('counts documents, spans per label and relations', async () => {
    const { call, service } = await freshService();
    await call('createSpan', { documentId: 1, labelId: 1, start: 0, end: 3 });
    await call('createSpan', { documentId: 1, labelId: 3, start: 4, end: 8 });
    const stats = await call('getStats', {});
    expect(stats).toEqual({ documents: 1, spans: 2, labels: { Agency: 1, Decision: 0, PlannedEvent: 1 }, relations: 0, byStatus: { new: 0, in_progress: 1, done: 0 } });
    service.close();
  });
});

describe('search', () => {
  it('refuses a NOT with nothing before it with a message saying how to write it', async () => {
    const { call, service } = await freshService();
    expect((await call('searchDocuments', { query: 'CSTO NOT NATO' })).total).toBe(1);
    await expect(call('searchDocuments', { query: 'NOT Borisov' })).rejects.toThrow(/invalid_input: NOT needs a word before it: “CSTO NOT NATO”/);
    service.close();
  });
});

describe('import jobs', () => {
  it('imports staged files as a job, reports progress and a summary, and refuses unstaged ids', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'feed.jsonl');
    fs.writeFileSync(file, ['{"text":"One 👋","title":"A"}', '{"text":"Two","title":"B"}', '{"text":"One 👋","title":"dup"}'].join('\n'));
    const staged = new Map([['stagedfile1', file]]);
    const opened = await ensureProject(path.join(dir, 'p.sqlite'), { withSample: false });
    const service = createProjectService(opened, { stagedFiles: staged });
    const call = async (method: ApiMethod, input: unknown): Promise<any> => {
      const response = await dispatchCall(service.handlers, method, input);
      if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
      return response.result;
    };
    const started = await call('startImport', { sourceIds: ['stagedfile1'] });
    expect(started.kind).toBe('import');
    let job = started;
    for (let i = 0; i < 200 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      job = await call('getJob', { jobId: started.id });
    }
    expect(job.state).toBe('done');
    expect(job.summary).toMatchObject({ imported: 2, duplicates: 1, refusedFiles: 0 });
    expect((await call('listDocuments', {})).total).toBe(2);
    await expect(call('startImport', { sourceIds: ['notstaged1'] })).rejects.toThrow(/not_found: Nothing was staged/);
    service.close();
  });
});
