/**
 * The process the kill test kills. It opens a project the way the app does (migrating it if
 * needed), then works on it through the app's own services until SIGKILL arrives: creating,
 * relabelling and deleting spans, undo/redo, document status, corpus imports, exports, backups.
 *
 * Protocol, one JSON object per stdout line (pipe writes are synchronous on Linux):
 *   {"t":"up"}                                   started, project not yet opened
 *   {"t":"intent", "op": ..., ...}               about to call
 *   {"t":"ack", "op": ..., ...}                  the call returned: the change is committed
 * A change is reported only after the call returned, so every "ack" is a promise the
 * parent holds us to after the kill.
 *
 * Usage: node crashChild.cjs PROJECT SEED WORKDIR
 */
import fs from 'node:fs';
import path from 'node:path';
import { prng } from '../../bench/generate';
import type { SpanChange, Span } from '../../contract/api';
import { openProject } from '../../db/open';
import { backupProject } from '../../services/backups';
import { runExport } from '../../services/annotationExport';
import { importCorpus } from '../../services/corpusImport';
import { dispatchCall } from '../../services/dispatch';
import { backupDir } from '../../services/paths';
import { createProjectService } from '../../services/projectService';

const [projectPath, seedText, workDir] = process.argv.slice(2) as [string, string, string];
const random = prng(Number(seedText));
const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

interface AckedChange {
  upserted: Array<{ id: number; documentId: number; labelId: number }>;
  deletedIds: number[];
  document: { id: number; status: string };
}

function summarize(change: SpanChange | null): AckedChange | null {
  if (!change) return null;
  return {
    upserted: change.upserted.map((s) => ({ id: s.id, documentId: s.documentId, labelId: s.labelId })),
    deletedIds: change.deletedIds,
    document: { id: change.document.id, status: change.document.status },
  };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A JSONL file whose every record carries the batch marker, so the parent can count them. */
function writeBatch(batch: string, count: number): string {
  const file = path.join(workDir, `${batch}.jsonl`);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify({ title: `Batch ${batch} #${i}`, batch, text: `Batch ${batch} record ${i}: ${'Ташкент café 👋 meeting of the commission '.repeat(1 + (i % 5))}` }));
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function main(): Promise<void> {
  say({ t: 'up' });
  say({ t: 'intent', op: 'open' });
  const opened = await openProject(projectPath, { backupDir: backupDir(projectPath) });
  say({ t: 'ack', op: 'open', schema: opened.schemaVersion });
  const service = createProjectService(opened);
  const { db } = opened;
  const call = async (method: string, input: unknown): Promise<unknown> => {
    const response = await dispatchCall(service.handlers, method, input);
    if (!response.ok) throw new Error(`${method}: ${response.error.code}: ${response.error.message}`);
    return response.result;
  };
  // Work concentrates on a few documents so undo, redo, relabel and delete meet each other.
  const workDocs = (db.prepare('SELECT id, length FROM documents ORDER BY id LIMIT 12').all() as Array<{ id: number; length: number }>).filter((d) => d.length > 40);
  const labelIds = (db.prepare('SELECT id FROM labels').all() as Array<{ id: number }>).map((l) => l.id);
  let batchNo = 0;

  for (;;) {
    const doc = pick(workDocs);
    const roll = random();
    try {
      if (roll < 0.36) {
        const start = Math.floor(random() * (doc.length - 30));
        const end = start + 1 + Math.floor(random() * 25);
        say({ t: 'intent', op: 'createSpan', doc: doc.id });
        const change = (await call('createSpan', { documentId: doc.id, labelId: pick(labelIds), start, end })) as SpanChange;
        say({ t: 'ack', op: 'createSpan', doc: doc.id, change: summarize(change) });
      } else if (roll < 0.62) {
        const spans = (await call('listSpans', { documentId: doc.id })) as Span[];
        if (spans.length === 0) continue;
        const span = pick(spans);
        if (roll < 0.48) {
          const labelId = labelIds.find((id) => id !== span.labelId) ?? span.labelId;
          say({ t: 'intent', op: 'updateSpan', doc: doc.id, span: span.id });
          const change = (await call('updateSpan', { id: span.id, labelId })) as SpanChange;
          say({ t: 'ack', op: 'updateSpan', doc: doc.id, change: summarize(change) });
        } else {
          say({ t: 'intent', op: 'deleteSpan', doc: doc.id, span: span.id });
          const change = (await call('deleteSpan', { id: span.id })) as SpanChange;
          say({ t: 'ack', op: 'deleteSpan', doc: doc.id, change: summarize(change) });
        }
      } else if (roll < 0.8) {
        const op = roll < 0.72 ? 'undo' : 'redo';
        say({ t: 'intent', op, doc: doc.id });
        const change = (await call(op, { documentId: doc.id })) as SpanChange | null;
        say({ t: 'ack', op, doc: doc.id, change: summarize(change) });
      } else if (roll < 0.93) {
        const status = pick(['new', 'in_progress', 'done'] as const);
        say({ t: 'intent', op: 'setDocumentStatus', doc: doc.id });
        const change = (await call('setDocumentStatus', { documentId: doc.id, status })) as SpanChange;
        say({ t: 'ack', op: 'setDocumentStatus', doc: doc.id, change: summarize(change) });
      } else if (roll < 0.945) {
        // An export is acknowledged once its file is in place: it must then be whole.
        const format = pick(['spanbench', 'doccano', 'conll', 'csv'] as const);
        const file = path.join(workDir, `export-${process.pid}-${batchNo++}.${format}`);
        say({ t: 'intent', op: 'export', file });
        const summary = runExport(db, { format, outPath: file, selection: { status: ['in_progress', 'done'] } });
        say({ t: 'ack', op: 'export', file, format, count: summary.documents });
      } else if (roll < 0.96) {
        const batch = `s${seedText}-${process.pid}-${batchNo++}`;
        const count = 300 + Math.floor(random() * 1500);
        say({ t: 'intent', op: 'import', batch, count });
        const file = writeBatch(batch, count);
        const summary = importCorpus(db, [file], { format: 'jsonl', onDuplicate: 'keep', skipInvalid: false });
        fs.rmSync(file, { force: true });
        if (summary.imported !== count) throw new Error(`import of ${batch}: ${summary.imported} of ${count} imported`);
        say({ t: 'ack', op: 'import', batch, count });
      } else {
        say({ t: 'intent', op: 'backup' });
        const file = await backupProject(db, projectPath, { reason: 'crash-test' });
        say({ t: 'ack', op: 'backup', file });
      }
    } catch (error) {
      // A refused call changes nothing and is not acknowledged; the parent sees the intent only.
      process.stderr.write(`${(error as Error).message}\n`);
      say({ t: 'refused' });
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`crashChild failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(3);
});
