/**
 * A full consistency check of a project: what `spanbench check` reports, and what the crash
 * and fuzz tests demand after every kill and every import. Reads only.
 */
import { fragmentsProblem } from '../core/model';
import { OffsetIndex } from '../core/offsets';
import { shorten } from '../core/text';
import type { ProjectDb } from '../db/open';

export interface CheckProblem {
  kind: 'integrity' | 'foreign_key' | 'search_index' | 'span_outside' | 'span_text' | 'span_fragments' | 'span_count' | 'document_length';
  message: string;
}

export interface CheckReport {
  ok: boolean;
  problems: CheckProblem[];
  /** Problems beyond those listed (the list is capped so a wrecked file gives a readable report). */
  moreProblems: number;
  documents: number;
  spans: number;
}

const MAX_LISTED = 200;

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(shorten(flat, 40));
}

export function checkProject(db: ProjectDb): CheckReport {
  const problems: CheckProblem[] = [];
  let more = 0;
  const add = (kind: CheckProblem['kind'], message: string) => {
    if (problems.length < MAX_LISTED) problems.push({ kind, message });
    else more++;
  };

  const guarded = (what: string, work: () => void) => {
    try {
      work();
    } catch (error) {
      add('integrity', `${what} could not be checked: ${(error as Error).message}`);
    }
  };

  // A damaged page can stop integrity_check itself ("database disk image is malformed"): that is
  // the finding, not a failure of the check. On a damaged file the checks below may fail in
  // turn; each reports what it could not read.
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((row) => row.integrity_check);
    if (!(integrity.length === 1 && integrity[0] === 'ok')) {
      for (const line of integrity) add('integrity', `SQLite integrity check: ${line}`);
    }
  } catch (error) {
    add('integrity', `SQLite integrity check could not read the whole file: ${(error as Error).message}; the file is damaged`);
  }

  const hasTable = (name: string) => {
    try {
      return db.prepare('SELECT 1 FROM sqlite_schema WHERE name = ?').get(name) !== undefined;
    } catch {
      return false; // Already reported: the schema itself cannot be read.
    }
  };

  guarded('foreign keys', () => {
    const rows = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
    for (const row of rows) add('foreign_key', `${row.table} row ${row.rowid} points to a missing row in ${row.parent}`);
  });

  if (hasTable('documents_fts') && !db.readonly) {
    guarded('the search index', () => {
      // A write statement that changes nothing; rolled back so the check never writes.
      db.exec('SAVEPOINT spanbench_check');
      try {
        db.prepare("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)").run();
      } catch (error) {
        add('search_index', `the full-text search index does not match the documents (${(error as Error).message}); it can be rebuilt`);
      } finally {
        db.exec('ROLLBACK TO spanbench_check; RELEASE spanbench_check');
      }
    });
  }

  let documents = 0;
  let spans = 0;
  guarded('documents', () => {
    documents = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    // SQLite's length() counts code points, up to a NUL; documents holding NUL are checked in JS.
    const rows = db.prepare('SELECT id, length, text FROM documents WHERE instr(text, char(0)) > 0 OR length(text) != length').all() as Array<{ id: number; length: number; text: string }>;
    for (const row of rows) {
      const actual = new OffsetIndex(row.text).length;
      if (actual !== row.length) add('document_length', `document ${row.id}: stored length ${row.length} but its text has ${actual} characters`);
    }
  });

  guarded('spans', () => {
    const texts = db.prepare('SELECT text FROM documents WHERE id = ?');
    let currentDocument = -1;
    let current: { text: string; index: OffsetIndex } | null = null;
    const rows = db.prepare('SELECT id, document_id, start, end, text, fragments FROM spans ORDER BY document_id, id').iterate() as IterableIterator<{
      id: number;
      document_id: number;
      start: number;
      end: number;
      text: string;
      fragments: string | null;
    }>;
    for (const span of rows) {
      spans++;
      if (span.document_id !== currentDocument) {
        currentDocument = span.document_id;
        const row = texts.get(span.document_id) as { text: string } | undefined;
        current = row ? { text: row.text, index: new OffsetIndex(row.text) } : null;
      }
      if (!current) continue; // Reported by the foreign key check.
      if (!(span.start >= 0 && span.end > span.start && span.end <= current.index.length)) {
        add('span_outside', `span ${span.id} (${span.start}–${span.end}) is outside document ${span.document_id} (${current.index.length} characters)`);
        continue;
      }
      const covered = current.text.slice(current.index.toUtf16(span.start), current.index.toUtf16(span.end));
      if (covered !== span.text) {
        add('span_text', `span ${span.id} in document ${span.document_id} says ${preview(span.text)} but the text at ${span.start}–${span.end} is ${preview(covered)}`);
      }
      if (span.fragments !== null) {
        const broken = storedFragmentsProblem(span.fragments, span.start, span.end);
        if (broken) add('span_fragments', `span ${span.id} in document ${span.document_id}: ${broken}`);
      }
    }
  });

  guarded('span counts', () => {
    const rows = db
      .prepare('SELECT d.id AS id, d.span_count AS stored, (SELECT count(*) FROM spans s WHERE s.document_id = d.id) AS actual FROM documents d WHERE stored != actual')
      .all() as Array<{ id: number; stored: number; actual: number }>;
    for (const row of rows) add('span_count', `document ${row.id}: span_count is ${row.stored} but it has ${row.actual} spans`);
  });

  return { ok: problems.length === 0 && more === 0, problems, moreProblems: more, documents, spans };
}

/** The report for a file too damaged to be opened or checked at all. */
export function unreadableReport(message: string): CheckReport {
  return { ok: false, problems: [{ kind: 'integrity', message }], moreProblems: 0, documents: 0, spans: 0 };
}

export function formatCheckReport(file: string, report: CheckReport): string[] {
  if (report.ok) return [`${file}: OK — ${report.documents.toLocaleString('en')} documents, ${report.spans.toLocaleString('en')} spans; integrity, foreign keys, spans and counts all check out.`];
  const lines = [`${file}: ${report.problems.length + report.moreProblems} problem${report.problems.length + report.moreProblems === 1 ? '' : 's'} found:`];
  for (const problem of report.problems) lines.push(`  [${problem.kind}] ${problem.message}`);
  if (report.moreProblems > 0) lines.push(`  … and ${report.moreProblems} more`);
  lines.push('Way forward: restore a recent backup (spanbench restore PROJECT BACKUP; backups are listed in the backups folder), or keep working on a copy.');
  return lines;
}

/** The stored fragments' problem: not a JSON list of [start, end] pairs, or not what fragmentsProblem accepts. */
function storedFragmentsProblem(json: string, start: number, end: number): string | null {
  let fragments: unknown;
  try {
    fragments = JSON.parse(json);
  } catch {
    return `fragments are not JSON (${preview(json)})`;
  }
  const pairs = Array.isArray(fragments) && fragments.every((f) => Array.isArray(f) && f.length === 2 && f.every((n) => Number.isSafeInteger(n)));
  if (!pairs) return `fragments are not a list of [start, end] pairs (${preview(json)})`;
  return fragmentsProblem(fragments as Array<[number, number]>, start, end);
}
