/**
 * The parent side of the kill test (tests/crash/crash.test.ts and `npm run soak`).
 *
 * A chain starts from a project at schema 1 (so the first open migrates it), then runs
 * `crashChild` again and again on the same project, killing it with SIGKILL at a seeded
 * random moment each time. After every kill the project is reopened as the app would and
 * held to what the child acknowledged:
 * - PRAGMA integrity_check is ok, foreign_key_check is empty, the search index matches;
 * - every span is inside its document and equal to the text it covers (code points), and
 *   span_count equals the real count (services/projectCheck.ts);
 * - every acknowledged change is there: spans with their label, deleted spans gone,
 *   document statuses, imports (all documents of a file, counted by a per-file marker),
 *   backups (a valid project file);
 * - the one call in flight when the kill came may have committed or not, but never half:
 *   at most one entity differs from the acknowledged state, in that call's document, and
 *   an import in flight is all there or not at all.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { prng } from '../../bench/generate';
import { insertDocument } from '../../db/documentsRepo';
import { insertLabel } from '../../db/labelsRepo';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { inspectProjectFile, migrate, openProject } from '../../db/open';
import { DEFAULT_LABELS } from '../../services/defaults';
import { backupDir } from '../../services/paths';
import { checkProject } from '../../services/projectCheck';

interface AckedChange {
  upserted: Array<{ id: number; documentId: number; labelId: number }>;
  deletedIds: number[];
  document: { id: number; status: string };
}

type Message =
  | { t: 'up' }
  | { t: 'refused' }
  | { t: 'intent'; op: string; doc?: number; batch?: string; count?: number; span?: number; file?: string }
  | { t: 'ack'; op: string; doc?: number; change?: AckedChange | null; batch?: string; count?: number; file?: string; format?: string; schema?: number };

export interface Tally {
  kills: number;
  acknowledged: number;
  lost: number;
  /** Imports found half done (must be 0). */
  halfImports: number;
  /** Problems from the consistency check (must be 0). */
  damaged: number;
  /** Kills that landed while the migration or an import was running. */
  inMigration: number;
  inImport: number;
  /** Pending calls found committed after the kill (committed but not yet acknowledged). */
  committedUnacknowledged: number;
  failures: string[];
}

export function emptyTally(): Tally {
  return { kills: 0, acknowledged: 0, lost: 0, halfImports: 0, damaged: 0, inMigration: 0, inImport: 0, committedUnacknowledged: 0, failures: [] };
}

interface Model {
  spans: Map<number, { documentId: number; labelId: number }>;
  deleted: Set<number>;
  statuses: Map<number, string>;
  batches: Map<string, { count: number; acked: boolean }>;
  backups: string[];
  exports: Array<{ file: string; format: string; count: number }>;
  schema: number;
}

const INITIAL_DOCUMENTS = 1500;

/** A project at schema 1, as an older Spanbench left it, with enough text that migrating takes a while. */
export function makeSchemaOneProject(file: string, seed: number): void {
  const random = prng(seed);
  const db = new Database(file);
  migrate(db, 0, 1);
  db.transaction(() => {
    for (const label of DEFAULT_LABELS) insertLabel(db, label);
    for (let i = 0; i < INITIAL_DOCUMENTS; i++) {
      const words = Array.from({ length: 40 + Math.floor(random() * 60) }, () => ['treaty', 'Ташкент', 'café', '👋', 'commission', 'decided', 'meeting', 'e\u0301'][Math.floor(random() * 8)]);
      insertDocument(db, { title: `Initial ${i}`, text: `Document ${i}: ${words.join(' ')}.` });
    }
  })();
  db.close();
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs the child once, kills it after `delayMs` past its start-up line; returns its messages. */
async function runAndKill(childScript: string, project: string, seed: number, workDir: string, delayMs: number, env: NodeJS.ProcessEnv): Promise<{ messages: Message[]; stderr: string; exitedEarly: boolean }> {
  const child = spawn(process.execPath, [childScript, project, String(seed), workDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  const up = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('{"t":"up"}')) resolve();
    });
    void exit.then(resolve);
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  await up;
  await wait(delayMs);
  const exitedEarly = exited;
  if (!exited) child.kill('SIGKILL');
  await exit;
  // Read whatever was still in the pipe when the child died.
  await new Promise<void>((resolve) => (child.stdout.readableEnded ? resolve() : child.stdout.once('end', resolve)));
  const messages: Message[] = [];
  for (const line of out.split('\n')) {
    if (!line) continue;
    try {
      messages.push(JSON.parse(line) as Message);
    } catch {
      // A line cut by the kill acknowledges nothing.
    }
  }
  return { messages, stderr: err, exitedEarly };
}

function applyAck(model: Model, message: Extract<Message, { t: 'ack' }>): void {
  if (message.op === 'open') model.schema = message.schema ?? model.schema;
  if (message.op === 'import' && message.batch) model.batches.set(message.batch, { count: message.count!, acked: true });
  if (message.op === 'backup' && message.file) model.backups.push(message.file);
  if (message.op === 'export' && message.file) model.exports.push({ file: message.file, format: message.format ?? '', count: message.count ?? 0 });
  const change = message.change;
  if (!change) return;
  for (const span of change.upserted) {
    model.spans.set(span.id, { documentId: span.documentId, labelId: span.labelId });
    model.deleted.delete(span.id);
  }
  for (const id of change.deletedIds) {
    model.spans.delete(id);
    model.deleted.add(id);
  }
  model.statuses.set(change.document.id, change.document.status);
}

interface Difference {
  documentId: number;
  kind: 'span' | 'status';
  what: string;
}

/** Verifies the project after a kill and brings the model in line with what was committed. */
async function verifyAfterKill(project: string, home: string, model: Model, pending: Extract<Message, { t: 'intent' }> | null, tally: Tally, label: string): Promise<void> {
  const dir = backupDir(project, { SPANBENCH_HOME: home });
  const fail = (message: string) => tally.failures.push(`${label}: ${message}`);

  // Each migration is all or nothing: schema 1 without the search table, schema 2 with it, schema 3
  // with it and with span ids that are never reused (AUTOINCREMENT), schema 4 with those and labels
  // that can be deleted softly (deleted_at). Read-write, as the app opens it:
  // a kill during the first open can leave a hot rollback journal (before the switch to WAL) that
  // only a writer may roll back.
  const raw = new Database(project);
  const version = raw.pragma('user_version', { simple: true }) as number;
  const hasFts = raw.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'documents_fts'").get() !== undefined;
  const spansSql = (raw.prepare("SELECT sql FROM sqlite_schema WHERE name = 'spans'").pluck().get() as string | undefined) ?? '';
  const labelsDeletable = (raw.prepare("SELECT 1 FROM pragma_table_info('labels') WHERE name = 'deleted_at'").get() as unknown) !== undefined;
  raw.close();
  const idsKept = spansSql.includes('AUTOINCREMENT');
  const whole = [
    version === 1 && !hasFts && !idsKept && !labelsDeletable,
    version === 2 && hasFts && !idsKept && !labelsDeletable,
    version === 3 && hasFts && idsKept && !labelsDeletable,
    version === 4 && hasFts && idsKept && labelsDeletable,
  ].some(Boolean);
  if (!whole) {
    tally.damaged++;
    fail(
      `half-migrated project: user_version ${version}, search table ${hasFts ? 'present' : 'missing'}, span ids ${idsKept ? '' : 'not '}kept, labels ${labelsDeletable ? '' : 'not '}deletable`,
    );
  }
  if (model.schema === LATEST_SCHEMA_VERSION && version !== LATEST_SCHEMA_VERSION) {
    tally.lost++;
    fail('an acknowledged migration was lost');
  }
  if (pending?.op === 'open' && version < LATEST_SCHEMA_VERSION && model.schema === 1) tally.inMigration++;

  const opened = await openProject(project, { backupDir: dir });
  const { db } = opened;
  try {
    const report = checkProject(db);
    if (!report.ok) {
      tally.damaged += report.problems.length + report.moreProblems;
      for (const problem of report.problems.slice(0, 5)) fail(`check: ${problem.message}`);
    }

    const differences: Difference[] = [];
    const rows = db.prepare('SELECT id, document_id, label_id FROM spans').all() as Array<{ id: number; document_id: number; label_id: number }>;
    const present = new Map(rows.map((row) => [row.id, row]));
    for (const [id, expected] of model.spans) {
      const row = present.get(id);
      if (!row) differences.push({ documentId: expected.documentId, kind: 'span', what: `acknowledged span ${id} is missing` });
      else if (row.label_id !== expected.labelId || row.document_id !== expected.documentId) {
        differences.push({ documentId: expected.documentId, kind: 'span', what: `span ${id} has label ${row.label_id}, acknowledged ${expected.labelId}` });
      }
    }
    for (const id of model.deleted) {
      const row = present.get(id);
      if (row) differences.push({ documentId: row.document_id, kind: 'span', what: `acknowledged-deleted span ${id} is back` });
    }
    for (const row of rows) {
      if (!model.spans.has(row.id) && !model.deleted.has(row.id)) differences.push({ documentId: row.document_id, kind: 'span', what: `span ${row.id} was never acknowledged` });
    }
    const statusOf = db.prepare('SELECT status FROM documents WHERE id = ?');
    for (const [id, status] of model.statuses) {
      const row = statusOf.get(id) as { status: string } | undefined;
      if (row?.status !== status) differences.push({ documentId: id, kind: 'status', what: `document ${id} has status ${row?.status}, acknowledged ${status}` });
    }

    // The call in flight may have committed: in its document, at most one span and the
    // document's status (creating a span on a new document also marks it in progress).
    const spanOps = ['createSpan', 'updateSpan', 'deleteSpan', 'undo', 'redo', 'setDocumentStatus'];
    const explained =
      pending !== null &&
      spanOps.includes(pending.op) &&
      differences.length > 0 &&
      differences.every((d) => d.documentId === pending.doc) &&
      differences.filter((d) => d.kind === 'span').length <= 1 &&
      differences.filter((d) => d.kind === 'status').length <= 1;
    if (explained) tally.committedUnacknowledged++;
    else if (differences.length > 0) {
      tally.lost += differences.length;
      for (const difference of differences.slice(0, 5)) fail(difference.what);
    }

    const batchCounts = new Map(
      (db.prepare("SELECT json_extract(metadata, '$.batch') AS batch, count(*) AS n FROM documents WHERE json_extract(metadata, '$.batch') IS NOT NULL GROUP BY 1").all() as Array<{ batch: string; n: number }>).map((r) => [r.batch, r.n]),
    );
    if (pending?.op === 'import' && pending.batch) {
      tally.inImport++;
      const n = batchCounts.get(pending.batch) ?? 0;
      if (n !== 0 && n !== pending.count) {
        tally.halfImports++;
        fail(`import ${pending.batch} is half done: ${n} of ${pending.count} documents`);
      }
      if (n === pending.count) {
        tally.committedUnacknowledged++;
        model.batches.set(pending.batch, { count: pending.count!, acked: true });
      }
    }
    for (const [batch, expected] of model.batches) {
      const n = batchCounts.get(batch) ?? 0;
      if (n !== expected.count) {
        tally.lost++;
        if (n !== 0) tally.halfImports++;
        fail(`acknowledged import ${batch}: ${n} of ${expected.count} documents`);
      }
    }
    for (const [batch, n] of batchCounts) if (!model.batches.has(batch)) fail(`import ${batch} (${n} documents) was never started as far as the test knows`);

    // Acknowledged exports are whole files; an export the kill interrupted left nothing at its destination.
    for (const done of model.exports.splice(0)) {
      if (!fs.existsSync(done.file)) {
        tally.lost++;
        fail(`acknowledged export ${done.file} is missing`);
        continue;
      }
      if (done.format === 'spanbench') {
        const lines = fs.readFileSync(done.file, 'utf8').split('\n').filter((line) => line.length > 0);
        if (lines.length !== done.count + 1) {
          tally.lost++;
          fail(`acknowledged export ${done.file} has ${lines.length - 1} of ${done.count} documents`);
        }
      }
      fs.rmSync(done.file, { force: true });
    }
    if (pending?.op === 'export' && pending.file && fs.existsSync(pending.file)) {
      // Renamed into place just before the kill: it must be whole like any other.
      fs.rmSync(pending.file, { force: true });
    }

    // Acknowledged backups are whole projects (unless pruned: only the newest 10 are kept).
    const kept = new Set(fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.sqlite')).sort().slice(-10) : []);
    for (const file of model.backups.splice(0)) {
      if (!fs.existsSync(file)) {
        if (kept.has(path.basename(file))) fail(`backup ${file} is missing`);
        continue;
      }
      try {
        inspectProjectFile(file);
        const copy = new Database(file, { readonly: true });
        const ok = (copy.pragma('integrity_check', { simple: true }) as string) === 'ok';
        copy.close();
        if (!ok) throw new Error('integrity check failed');
      } catch (error) {
        tally.lost++;
        fail(`acknowledged backup ${file} is not a valid project: ${(error as Error).message}`);
      }
    }

    // What is committed is now the truth the next round is held to.
    model.spans = new Map(rows.map((row) => [row.id, { documentId: row.document_id, labelId: row.label_id }]));
    for (const id of [...model.deleted]) if (present.has(id)) model.deleted.delete(id);
    for (const id of model.statuses.keys()) model.statuses.set(id, (statusOf.get(id) as { status: string }).status);
    model.schema = LATEST_SCHEMA_VERSION;
  } finally {
    db.close();
  }
}

export interface ChainOptions {
  childScript: string;
  workDir: string;
  seed: number;
  kills: number;
  tally: Tally;
  /** The child's SPANBENCH_HOME: where its backups go. */
  home: string;
  onKill?(tally: Tally): void;
}

/** One project, killed `kills` times. */
export async function runChain(options: ChainOptions): Promise<void> {
  const { tally } = options;
  const random = prng(options.seed);
  fs.mkdirSync(options.workDir, { recursive: true });
  const project = path.join(options.workDir, `chain-${options.seed}.sqlite`);
  makeSchemaOneProject(project, options.seed);
  const model: Model = { spans: new Map(), deleted: new Set(), statuses: new Map(), batches: new Map(), backups: [], exports: [], schema: 1 };
  const env = { ...process.env, SPANBENCH_HOME: options.home };
  for (let round = 0; round < options.kills; round++) {
    // Some kills come early (opening, migrating), most while the work goes on.
    const delay = random() < 0.25 ? Math.floor(random() * 60) : 40 + Math.floor(random() * 360);
    const childSeed = options.seed * 1000 + round;
    const { messages, stderr, exitedEarly } = await runAndKill(options.childScript, project, childSeed, options.workDir, delay, env);
    const label = `seed ${options.seed} round ${round} (kill after ${delay} ms)`;
    if (exitedEarly) tally.failures.push(`${label}: the child exited by itself: ${stderr.slice(0, 2000)}`);
    let pending: Extract<Message, { t: 'intent' }> | null = null;
    for (const message of messages) {
      if (message.t === 'intent') pending = message;
      else if (message.t === 'refused') pending = null;
      else if (message.t === 'ack') {
        pending = null;
        tally.acknowledged++;
        applyAck(model, message);
      }
    }
    tally.kills++;
    await verifyAfterKill(project, options.home, model, pending, tally, label);
    options.onKill?.(tally);
  }
}
