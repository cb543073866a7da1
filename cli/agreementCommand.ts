/** `spanbench agreement`: how far two annotators' projects agree on the documents both hold. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  AgreementTally,
  DOCUMENT_SELECTIONS,
  pairDocuments,
  worstDocuments,
  type AgreementFigures,
  type AgreementSpan,
  type DocumentPairing,
  type DocumentSelection,
  type KappaFigures,
  type MatchFigures,
} from '../core/agreement';
import { oneLine, plural } from '../core/text';
import { getDocumentText, listDocumentKeys } from '../db/documentsRepo';
import { listLabels } from '../db/labelsRepo';
import { openProjectForReading, type ProjectDb } from '../db/open';
import { listSpans } from '../db/spansRepo';
import { CliError, describeSqliteError, expectPositionals, isSqliteError, UsageError } from './usage';

export const AGREEMENT_USAGE = 'spanbench agreement PROJECT_A PROJECT_B [--json] [--labels A,B] [--documents all|done]';

/** How many documents the text output lists for a reviewer to look at first. */
const WORST_DOCUMENTS_SHOWN = 10;

/** What `agreement --json` prints. */
export interface AgreementReport {
  projectA: string;
  projectB: string;
  documents: { selection: DocumentSelection } & Omit<DocumentPairing, 'pairs'> & { paired: number };
  labels: string[];
  overall: AgreementFigures['overall'];
  perLabel: AgreementFigures['perLabel'];
  perDocument: AgreementFigures['documents'];
}

/**
 * Two paths naming one file (the same path, a symlink, a hard link) would compare an annotator
 * with themself: every figure 1, which looks like perfect agreement rather than a wrong argument.
 */
function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const statA = fs.statSync(a);
    const statB = fs.statSync(b);
    return statA.dev === statB.dev && statA.ino === statB.ino;
  } catch {
    return false; // One is missing: opening it says so.
  }
}

function parseLabels(value: string): string[] {
  const labels = [...new Set(value.split(',').map((name) => name.trim()).filter((name) => name !== ''))];
  if (labels.length === 0) throw new UsageError('--labels takes label names separated by commas, such as --labels Agency,Decision.');
  return labels;
}

/** A's labels in its palette order, then those only B has: a label is the same label by its name. */
function labelsOf(dbA: ProjectDb, dbB: ProjectDb): string[] {
  return [...new Set([...listLabels(dbA), ...listLabels(dbB)].map((label) => label.name))];
}

function spansOf(db: ProjectDb, documentId: number, labelNames: ReadonlyMap<number, string>): AgreementSpan[] {
  return listSpans(db, documentId).map((span) => ({ label: labelNames.get(span.labelId)!, start: span.start, end: span.end, fragments: span.fragments }));
}

/** Runs `work` with both projects open for reading, naming the project an SQLite error came from. */
function withProjects<T>(fileA: string, fileB: string, work: (dbA: ProjectDb, dbB: ProjectDb) => T): T {
  const dbs: ProjectDb[] = [];
  let reading = fileA;
  try {
    dbs.push(openProjectForReading(fileA).db);
    reading = fileB;
    dbs.push(openProjectForReading(fileB).db);
    const [dbA, dbB] = dbs as [ProjectDb, ProjectDb];
    // One read transaction on each: the figures describe each project at one moment, even while
    // the app is saving changes to it meanwhile. Errors below may come from either project.
    reading = `${fileA} or ${fileB}`;
    return dbA.transaction(() => dbB.transaction(() => work(dbA, dbB))())();
  } catch (error) {
    if (isSqliteError(error)) throw new CliError(describeSqliteError(reading, error));
    throw error;
  } finally {
    for (const db of dbs) db.close();
  }
}

export function compareProjects(fileA: string, fileB: string, options: { labels?: string[]; selection: DocumentSelection }): AgreementReport {
  return withProjects(fileA, fileB, (dbA, dbB) => {
    const known = labelsOf(dbA, dbB);
    if (options.labels) {
      const unknown = options.labels.filter((name) => !known.includes(name));
      if (unknown.length > 0) {
        throw new UsageError(`--labels: ${unknown.join(', ')} ${unknown.length === 1 ? 'is a label' : 'are labels'} neither project has; their labels are ${known.join(', ')} (names are compared exactly, capitals too).`);
      }
    }
    const labels = options.labels ?? known;
    const pairing = pairDocuments(listDocumentKeys(dbA), listDocumentKeys(dbB), options.selection);
    const namesA = new Map(listLabels(dbA).map((label) => [label.id, label.name]));
    const namesB = new Map(listLabels(dbB).map((label) => [label.id, label.name]));
    const tally = new AgreementTally(labels);
    for (const pair of pairing.pairs) {
      // The texts are the same (the same SHA-256), so A's is the one both are measured on.
      tally.add(pair, getDocumentText(dbA, pair.a.id)!, spansOf(dbA, pair.a.id, namesA), spansOf(dbB, pair.b.id, namesB));
    }
    const figures = tally.figures();
    const { pairs, ...counts } = pairing;
    return {
      projectA: fileA,
      projectB: fileB,
      documents: { selection: options.selection, paired: pairs.length, ...counts },
      labels: figures.labels,
      overall: figures.overall,
      perLabel: figures.perLabel,
      perDocument: figures.documents,
    };
  });
}

/** A figure to three places, or n/a where it is undefined (nothing to divide by). */
function figure(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

function kappaLine(tokens: KappaFigures): string {
  return `kappa ${figure(tokens.kappa)} (observed ${figure(tokens.observed)}, expected by chance ${figure(tokens.expected)}, ${plural(tokens.tokens, 'token')})`;
}

function matchLine(name: string, match: MatchFigures): string {
  return `${name} F1 ${figure(match.f1)} (${plural(match.matched, 'match', 'matches')}; precision ${figure(match.precision)}, recall ${figure(match.recall)})`;
}

export function formatAgreement(report: AgreementReport): string[] {
  const lines: string[] = [];
  lines.push(`A: ${report.projectA}`);
  lines.push(`B: ${report.projectB}`);
  const docs = report.documents;
  lines.push(
    `Documents: ${docs.paired.toLocaleString('en')} paired by their text${docs.selection === 'done' ? ' (done in both)' : ''}; ${docs.onlyInA.toLocaleString('en')} only in A, ${docs.onlyInB.toLocaleString('en')} only in B` +
      `${docs.selection === 'done' ? `; ${docs.notDoneInBoth.toLocaleString('en')} in both but not done in both, left out` : ''}.`,
  );
  lines.push('');
  const rows: string[][] = [
    ['label', 'A spans', 'B spans', 'exact F1', 'overlap F1', 'token kappa'],
    ...report.perLabel.map((l) => [l.label, String(l.spansA), String(l.spansB), figure(l.exact.f1), figure(l.overlap.f1), figure(l.tokens.kappa)]),
    ['overall', String(report.overall.spansA), String(report.overall.spansB), figure(report.overall.exact.f1), figure(report.overall.overlap.f1), figure(report.overall.tokens.kappa)],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  for (const row of rows) lines.push(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  ').trimEnd());
  lines.push('');
  const overall = report.overall;
  lines.push(`Overall: ${matchLine('exact', overall.exact)}; ${matchLine('overlap', overall.overlap)}.`);
  lines.push(
    `Tokens: ${kappaLine(overall.tokens)}${overall.tokens.ambiguous > 0 ? `; ${plural(overall.tokens.ambiguous, 'token')} under two labels left out of the overall kappa (each label's kappa counts them)` : ''}.`,
  );
  lines.push('F1 is the same whichever project is A; precision is the share of B\'s spans that A has, recall of A\'s that B has.');
  const worst = worstDocuments(report.perDocument, WORST_DOCUMENTS_SHOWN);
  if (worst.length > 0) {
    lines.push('');
    lines.push(`Documents that agree least (lowest exact F1${worst.length === WORST_DOCUMENTS_SHOWN ? `, first ${WORST_DOCUMENTS_SHOWN}` : ''}):`);
    for (const doc of worst) {
      const ids = doc.a.id === doc.b.id ? `#${doc.a.id}` : `A #${doc.a.id} / B #${doc.b.id}`;
      lines.push(
        `  ${ids}  exact F1 ${figure(doc.overall.exact.f1)}, overlap F1 ${figure(doc.overall.overlap.f1)}, kappa ${figure(doc.overall.tokens.kappa)}, spans ${doc.overall.spansA}/${doc.overall.spansB}  “${oneLine(doc.a.title, 60)}”`,
      );
    }
  } else if (docs.paired > 0) {
    lines.push('');
    lines.push(report.overall.spansA + report.overall.spansB > 0 ? 'Every paired document agrees exactly.' : 'No paired document has spans (of these labels) in either project.');
  }
  return lines;
}

export async function agreementCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, labels: { type: 'string' }, documents: { type: 'string', default: 'all' } },
  });
  const [projectA, projectB] = expectPositionals(positionals, 'agreement', ['PROJECT_A', 'PROJECT_B'], AGREEMENT_USAGE) as [string, string];
  const selection = values.documents as DocumentSelection;
  if (!DOCUMENT_SELECTIONS.includes(selection)) throw new UsageError(`--documents is all or done, not ${values.documents}.`);
  const labels = values.labels !== undefined ? parseLabels(values.labels) : undefined;
  const fileA = path.resolve(projectA);
  const fileB = path.resolve(projectB);
  if (sameFile(fileA, fileB)) {
    throw new UsageError(`PROJECT_A and PROJECT_B are the same file (${fileA}); agreement compares two annotators' projects, such as two copies annotated on different laptops.`);
  }
  const report = compareProjects(fileA, fileB, { selection, ...(labels ? { labels } : {}) });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else for (const line of formatAgreement(report)) console.log(line);
  if (report.documents.paired === 0) {
    // Nothing compared is not agreement: a script reading only the figures would see n/a and go on.
    const why =
      selection === 'done' && report.documents.notDoneInBoth > 0
        ? `no document is done in both projects (${plural(report.documents.notDoneInBoth, 'document')} in both, not done in both); leave out --documents done to compare them`
        : 'the projects have no document in common; documents are paired by their exact text, so a text imported differently (other line breaks, an edit) does not pair';
    process.stderr.write(`spanbench agreement: ${why}.\n`);
    return 1;
  }
  return 0;
}
