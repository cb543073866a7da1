import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgreementReport } from '../../cli/agreementCommand';
import type { AgreementSpan } from '../../core/agreement';
import { SAMPLE_ARTICLE } from '../../services/sampleArticle';
import { cliBin, repoRoot, requireBuild } from './built';
import { tempDir } from './helpers';

beforeAll(requireBuild);

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [cliBin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The sample article's span over the first occurrence of `words` (the sample is ASCII: code points are indexes). */
function sampleSpan(label: string, words: string): AgreementSpan {
  const start = SAMPLE_ARTICLE.text.indexOf(words);
  expect(start).toBeGreaterThanOrEqual(0);
  return { label, start, end: start + words.length };
}

// The worked example of core/agreement.test.ts: exact F1 2/7, overlap F1 6/7, token kappa 9/13.
const MINSK = 'The CSTO decided to hold a summit in Minsk.';
const MINSK_A = [
  { label: 'Agency', start: 4, end: 8 },
  { label: 'Decision', start: 9, end: 33 },
  { label: 'Agency', start: 37, end: 42 },
];
const MINSK_B = [
  { label: 'Agency', start: 0, end: 8 },
  { label: 'Decision', start: 9, end: 16 },
  { label: 'Decision', start: 20, end: 33 },
  { label: 'Agency', start: 37, end: 42 },
];

interface Doc {
  text: string;
  title: string;
  status?: string;
  spans?: AgreementSpan[];
}

/** A project made as an analyst's would be: init --sample, then spans imported from a Spanbench JSONL file. */
function project(dir: string, name: string, docs: Doc[]): string {
  const file = path.join(dir, `${name}.sqlite`);
  expect(cli(['init', file, '--sample']).code).toBe(0);
  const jsonl = path.join(dir, `${name}.jsonl`);
  const lines = [{ format: 'spanbench', version: 1, offsets: 'codepoint' }, ...docs.map((doc) => ({ ...doc, spans: doc.spans ?? [], relations: [] }))];
  fs.writeFileSync(jsonl, lines.map((line) => JSON.stringify(line)).join('\n'));
  const imported = cli(['import', file, jsonl, '--format', 'spanbench', '--on-duplicate', 'merge']);
  expect(imported.code, imported.stdout + imported.stderr).toBe(0);
  return file;
}

/**
 * Two annotators: both marked the sample's ICMEC CSTO (Agency) and the exhibition (PlannedEvent)
 * alike, and disagree on the Minsk article as in the worked example. Each has one text of its own,
 * and the Minsk article has another id in each (imported in another order).
 */
function twoAnnotators() {
  const dir = tempDir();
  const sample = { text: SAMPLE_ARTICLE.text, title: 'sample', spans: [sampleSpan('Agency', 'ICMEC CSTO'), sampleSpan('PlannedEvent', 'military-industrial exhibition')] };
  const a = project(dir, 'a', [sample, { text: MINSK, title: 'Minsk summit', status: 'done', spans: MINSK_A }, { text: 'Only A has this text.', title: 'only A' }]);
  const b = project(dir, 'b', [sample, { text: 'Only B has this text.', title: 'only B' }, { text: MINSK, title: 'Minsk summit', status: 'done', spans: MINSK_B }]);
  return { dir, a, b };
}

describe('spanbench agreement', () => {
  it('prints per-label and overall figures, the paired counts and the documents that agree least', () => {
    const { a, b } = twoAnnotators();
    const result = cli(['agreement', a, b]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(result.stdout).toContain('Documents: 2 paired by their text; 1 only in A, 1 only in B.');
    // Agency: A 1 + 2, B 1 + 2 spans; exact: ICMEC CSTO and Minsk, 2·2/6 = 0.667; overlap: 3 pairs, 1.
    // Decision: A 1, B 2; exact 0; overlap 1: 2/3. PlannedEvent: the same span in both: 1.
    // Overall: A 5, B 6 spans; exact 3 matches: 6/11 = 0.545; overlap 5: 10/11 = 0.909.
    // PlannedEvent's tokens are the same in both: kappa 1. (Agency's and Decision's kappa are over
    // the sample's 348 tokens too; the Minsk article's own are checked with --json below.)
    expect(lines).toContain('label         A spans  B spans  exact F1  overlap F1  token kappa');
    expect(lines.find((line) => line.startsWith('Agency '))).toMatch(/^Agency\s+3\s+3\s+0\.667\s+1\.000\s+0\.\d{3}$/);
    expect(lines.find((line) => line.startsWith('Decision '))).toMatch(/^Decision\s+1\s+2\s+0\.000\s+0\.667\s+0\.\d{3}$/);
    expect(lines.find((line) => line.startsWith('PlannedEvent '))).toMatch(/^PlannedEvent\s+1\s+1\s+1\.000\s+1\.000\s+1\.000$/);
    expect(lines.find((line) => line.startsWith('overall '))).toMatch(/^overall\s+5\s+6\s+0\.545\s+0\.909\s+0\.\d{3}$/);
    // Only the Minsk article disagrees; it is document 2 in A and 3 in B.
    expect(result.stdout).toContain('Documents that agree least (lowest exact F1):\n  A #2 / B #3  exact F1 0.286, overlap F1 0.857, kappa 0.692, spans 3/4  “Minsk summit”\n');
  });

  it('--json gives the full structure, per document too, with null for figures that are undefined', () => {
    const { a, b } = twoAnnotators();
    const result = cli(['agreement', a, b, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as AgreementReport;
    expect(report.documents).toEqual({ selection: 'all', paired: 2, onlyInA: 1, onlyInB: 1, notDoneInBoth: 0 });
    expect(report.labels).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    expect(report.overall.exact).toEqual({ matched: 3, precision: 3 / 6, recall: 3 / 5, f1: 6 / 11 });
    const minsk = report.perDocument.find((doc) => doc.a.title === 'Minsk summit')!;
    expect(minsk).toMatchObject({ a: { id: 2 }, b: { id: 3 }, overall: { spansA: 3, spansB: 4, exact: { f1: 2 / 7 }, overlap: { f1: 6 / 7 } } });
    expect(minsk.overall.tokens.kappa).toBeCloseTo(9 / 13, 12);
    expect(minsk.labels.map((l) => l.tokens.kappa)).toEqual([expect.closeTo(14 / 19, 12), expect.closeTo(0.8, 12), null]);
    // PlannedEvent is not in the Minsk article: no spans, no tokens under it in either: n/a.
    expect(minsk.labels[2]).toMatchObject({ label: 'PlannedEvent', exact: { f1: null }, tokens: { kappa: null } });
    expect(result.stdout).not.toContain('NaN');
  });

  it('--documents done compares the documents done in both; --labels only the labels named', () => {
    const { a, b } = twoAnnotators();
    const done = cli(['agreement', a, b, '--documents', 'done', '--json']);
    expect(done.code, done.stderr).toBe(0);
    const report = JSON.parse(done.stdout) as AgreementReport;
    // Only the Minsk article is done (the sample is not): the worked example's figures.
    expect(report.documents).toEqual({ selection: 'done', paired: 1, onlyInA: 1, onlyInB: 1, notDoneInBoth: 1 });
    expect(report.overall.exact.f1).toBe(2 / 7);
    expect(report.overall.tokens.kappa).toBeCloseTo(9 / 13, 12);

    const agency = cli(['agreement', a, b, '--labels', 'Agency', '--documents', 'done']);
    expect(agency.code, agency.stderr).toBe(0);
    expect(agency.stdout).toContain('(done in both); 1 only in A, 1 only in B; 1 in both but not done in both, left out.');
    const rows = agency.stdout.split('\n').filter((line) => /^(Agency|Decision|PlannedEvent|overall) /.test(line));
    // Agency alone on the Minsk article: exact 0.500, overlap 1.000, kappa 14/19 = 0.737.
    expect(rows).toEqual([expect.stringMatching(/^Agency\s+2\s+2\s+0\.500\s+1\.000\s+0\.737$/), expect.stringMatching(/^overall\s+2\s+2\s+0\.500\s+1\.000\s+0\.737$/)]);
  });

  it('reads a project another program has open, and writes to neither file', () => {
    const { a, b } = twoAnnotators();
    const writer = new Database(b);
    writer.pragma('journal_mode = WAL');
    writer.prepare('SELECT count(*) FROM spans').get();
    const before = [fs.readFileSync(a), fs.readFileSync(b)];
    try {
      expect(cli(['agreement', a, b]).code).toBe(0);
      expect(fs.readFileSync(a).equals(before[0]!)).toBe(true);
      expect(fs.readFileSync(b).equals(before[1]!)).toBe(true);
    } finally {
      writer.close();
    }
  });

  it('refuses a missing file, a file that is no project, the same file twice and a label neither has', () => {
    const { dir, a, b } = twoAnnotators();
    const missing = cli(['agreement', a, path.join(dir, 'nowhere.sqlite')]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(`spanbench agreement: No project at ${path.join(dir, 'nowhere.sqlite')}.\n`);

    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a project');
    const notProject = cli(['agreement', text, b]);
    expect(notProject.code).toBe(1);
    expect(notProject.stderr).toContain(`${text} is not a Spanbench project`);
    expect(notProject.stderr.trim().split('\n')).toHaveLength(1);

    const twice = cli(['agreement', a, a]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(`PROJECT_A and PROJECT_B are the same file (${a})`);
    // Another name for the same file is the same file.
    const link = path.join(dir, 'link.sqlite');
    fs.symlinkSync(a, link);
    expect(cli(['agreement', a, link])).toMatchObject({ code: 2, stderr: expect.stringContaining('the same file') });

    const unknown = cli(['agreement', a, b, '--labels', 'Agency,agency']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--labels: agency is a label neither project has; their labels are Agency, Decision, PlannedEvent');
    expect(cli(['agreement', a, b, '--documents', 'some'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--documents is all or done, not some.') });
    expect(cli(['agreement', a])).toMatchObject({ code: 2, stderr: expect.stringContaining('agreement needs PROJECT_B') });
  });

  it('says when the projects have no document in common, prints zeros and exits 1', () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.sqlite');
    const b = path.join(dir, 'b.sqlite');
    expect(cli(['init', a, '--sample']).code).toBe(0);
    expect(cli(['init', b]).code).toBe(0);
    const result = cli(['agreement', a, b, '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('spanbench agreement: the projects have no document in common; documents are paired by their exact text, so a text imported differently (other line breaks, an edit) does not pair.\n');
    const report = JSON.parse(result.stdout) as AgreementReport;
    expect(report.documents).toMatchObject({ paired: 0, onlyInA: 1, onlyInB: 0 });
    expect(report.overall.exact.f1).toBeNull();

    // Both have the sample, but neither marked it done.
    expect(cli(['init', path.join(dir, 'c.sqlite'), '--sample']).code).toBe(0);
    const notDone = cli(['agreement', a, path.join(dir, 'c.sqlite'), '--documents', 'done']);
    expect(notDone.code).toBe(1);
    expect(notDone.stderr).toContain('no document is done in both projects (1 document in both, not done in both)');
  });
});
