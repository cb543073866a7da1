/**
 * `spanbench export` refuses a wrong --out, an impossible date or an unknown label with one
 * clear line before any work (exit 2, nothing written), and `search --json` gives a plain
 * snippet with its highlights as code-point ranges instead of raw U+0002/U+0003 markers.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { plainSnippet } from '../../cli/corpusCommands';
import { SNIPPET_MATCH_END, SNIPPET_MATCH_START, type Label } from '../../contract/api';
import { ensureProject } from '../../services/project';
import { createProjectService } from '../../services/projectService';
import { cliBin, repoRoot, requireBuild } from './built';
import { tempDir, zeroRootPage } from './helpers';

beforeAll(requireBuild);

function cli(args: string[], options: { uid?: number; gid?: number } = {}) {
  const result = spawnSync(process.execPath, [cliBin, ...args], { cwd: repoRoot, encoding: 'utf8', ...options });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function sampleProject(): { dir: string; project: string } {
  const dir = tempDir();
  const project = path.join(dir, 'p.sqlite');
  expect(cli(['init', project, '--sample']).code).toBe(0);
  return { dir, project };
}

/** The one error line, with no raw errno text and no staging (.partial) name in it. */
function expectCleanRefusal(result: ReturnType<typeof cli>, ...parts: string[]): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  for (const part of parts) expect(lines[0]).toContain(part);
  expect(lines[0]).not.toMatch(/EISDIR|ENOTDIR|EACCES|\.partial|scandir|rename/);
  expect(result.stdout).not.toContain('Exported');
}

describe('spanbench export --out', () => {
  it('refuses an existing folder for a one-file format, naming the path, and writes nothing', () => {
    const { dir, project } = sampleProject();
    const out = path.join(dir, 'outdir');
    fs.mkdirSync(out);
    const before = fs.readdirSync(dir).sort();
    const result = cli(['export', project, '--format', 'doccano', '--out', out]);
    expectCleanRefusal(result, out, 'is a folder', 'file');
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('refuses a folder where a split file would go', () => {
    const { dir, project } = sampleProject();
    fs.mkdirSync(path.join(dir, 'out.train.jsonl'));
    const result = cli(['export', project, '--format', 'doccano', '--out', path.join(dir, 'out.jsonl'), '--split', 'train=0.5,test=0.5']);
    expectCleanRefusal(result, 'out.train.jsonl', 'is a folder');
  });

  for (const format of ['brat', 'w3c', 'webanno']) {
    it(`refuses an existing file for the folder format ${format} and leaves the file as it was`, () => {
      const { dir, project } = sampleProject();
      const out = path.join(dir, 'file.txt');
      fs.writeFileSync(out, 'keep\n');
      const before = fs.readdirSync(dir).sort();
      const result = cli(['export', project, '--format', format, '--out', out]);
      expectCleanRefusal(result, out, 'is a file', 'new or empty folder');
      expect(fs.readFileSync(out, 'utf8')).toBe('keep\n');
      expect(fs.readdirSync(dir).sort()).toEqual(before);
    });
  }

  it('refuses a non-empty folder for a folder format', () => {
    const { dir, project } = sampleProject();
    const out = path.join(dir, 'full');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'x'), '');
    expectCleanRefusal(cli(['export', project, '--format', 'brat', '--out', out]), out, 'not empty');
  });

  it('refuses an --out beneath a file', () => {
    const { dir, project } = sampleProject();
    fs.writeFileSync(path.join(dir, 'plain'), '');
    const out = path.join(dir, 'plain', 'sub', 'x.jsonl');
    expectCleanRefusal(cli(['export', project, '--format', 'doccano', '--out', out]), out, 'cannot be written', 'not a folder');
  });

  it('refuses an --out in a folder it cannot write, naming --out and the folder, not a .partial file', () => {
    const { dir, project } = sampleProject();
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o555);
    // Root writes anywhere: run the CLI as nobody then (the check comes before the project is opened).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) fs.chmodSync(dir, 0o755);
    const out = path.join(locked, 'x.jsonl');
    try {
      const result = cli(['export', project, '--format', 'doccano', '--out', out], asRoot ? { uid: 65534, gid: 65534 } : {});
      expectCleanRefusal(result, out, 'cannot be written', locked);
      expect(fs.readdirSync(locked)).toEqual([]);
    } finally {
      fs.chmodSync(locked, 0o755);
    }
  });

  it('refuses to replace the project itself or another project (exit 2), which stay intact', () => {
    const { dir, project } = sampleProject();
    const other = path.join(dir, 'other.sqlite');
    expect(cli(['init', other]).code).toBe(0);
    // Reading the project may leave its -wal and -shm beside it; nothing else may appear.
    const files = () => fs.readdirSync(dir).filter((name) => !/-(wal|shm)$/.test(name)).sort();
    const listing = files();
    expectCleanRefusal(cli(['export', project, '--format', 'spanbench', '--out', project]), `${project} is the project being exported; exports never replace a project: choose another name.`);
    expectCleanRefusal(cli(['export', project, '--format', 'doccano', '--out', other]), `${other} is a Spanbench project; exports never replace one: choose another name.`);
    expect(files()).toEqual(listing);
    for (const file of [project, other]) expect(cli(['stats', file]).code).toBe(0);
  });

  it('names the split files it writes, not --out, which it never writes', () => {
    const { dir, project } = sampleProject();
    const out = path.join(dir, 'gout-split.conll');
    const result = cli(['export', project, '--format', 'conll', '--out', out, '--split', 'train=0.5,test=0.5']);
    expect(result.code).toBe(0);
    const written = ['train', 'test'].map((name) => path.join(dir, `gout-split.${name}.conll`));
    expect(result.stdout).toContain(`to ${written.join(', ')}.`);
    expect(result.stdout).not.toContain(`${out} `);
    for (const file of written) expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('still exports to a new file, a new folder and an empty folder', () => {
    const { dir, project } = sampleProject();
    expect(cli(['export', project, '--format', 'doccano', '--out', path.join(dir, 'new', 'a.jsonl')]).code).toBe(0);
    expect(cli(['export', project, '--format', 'brat', '--out', path.join(dir, 'bratnew')]).code).toBe(0);
    fs.mkdirSync(path.join(dir, 'empty'));
    expect(cli(['export', project, '--format', 'w3c', '--out', path.join(dir, 'empty')]).code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'empty')).length).toBeGreaterThan(0);
  });
});

/** The sample project with a link made as in the app: Yuri Borisov (Agency) participates in Kyrgyz Republic (Decision). */
async function sampleWithRelation(): Promise<{ dir: string; project: string; labels: Label[] }> {
  const { dir, project } = sampleProject();
  const service = createProjectService(await ensureProject(project, { create: false }));
  try {
    const { text } = await service.handlers.getDocument({ id: 1 });
    const span = async (phrase: string, labelId: number) => {
      const start = [...text.slice(0, text.indexOf(phrase))].length;
      return (await service.handlers.createSpan({ documentId: 1, labelId, start, end: start + [...phrase].length })).upserted[0]!;
    };
    const who = await span('Yuri Borisov', 1);
    const what = await span('Kyrgyz Republic', 2);
    await service.handlers.createRelation({ documentId: 1, fromSpanId: who.id, toSpanId: what.id, type: 'participates in' });
    return { dir, project, labels: await service.handlers.listLabels({}) };
  } finally {
    service.close();
  }
}

describe('spanbench export of a relation made in the app', () => {
  it('writes a link made with createRelation as a brat R line between the two spans’ T lines', async () => {
    const { dir, project } = await sampleWithRelation();

    const out = path.join(dir, 'brat');
    expect(cli(['export', project, '--format', 'brat', '--out', out]).code).toBe(0);
    const ann = fs.readFileSync(path.join(out, fs.readdirSync(out).find((name) => name.endsWith('.ann'))!), 'utf8');
    const textBound = new Map([...ann.matchAll(/^(T\d+)\t\S+ [\d ;]+\t(.*)$/gm)].map((match) => [match[2], match[1]]));
    expect(ann).toMatch(new RegExp(`^R1\tparticipates_in Arg1:${textBound.get('Yuri Borisov')} Arg2:${textBound.get('Kyrgyz Republic')}\t?$`, 'm'));
  });

  it('writes a Label Studio export with the labeling config its tasks need beside it, declaring the relation type', async () => {
    const { dir, project, labels } = await sampleWithRelation();

    const out = path.join(dir, 'tasks.json');
    const result = cli(['export', project, '--format', 'labelstudio', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const configPath = path.join(dir, 'tasks.labeling-config.xml');
    expect(result.stdout).toContain(`Label Studio labeling config written to ${configPath}`);
    const config = fs.readFileSync(configPath, 'utf8');
    for (const label of labels) expect(config).toContain(`<Label value="${label.name}" background="${label.color}"/>`);
    expect(config).toContain('<Relation value="participates in"/>');
    const tasks = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<{ annotations: Array<{ result: Array<{ type: string; labels?: string[] }> }> }>;
    expect(tasks[0]!.annotations[0]!.result.find((item) => item.type === 'relation')!.labels).toEqual(['participates in']);

    // Other formats get no such file.
    expect(cli(['export', project, '--format', 'doccano', '--out', path.join(dir, 'tasks.jsonl')]).code).toBe(0);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.xml'))).toEqual(['tasks.labeling-config.xml']);
  });
});

describe('spanbench export filters', () => {
  for (const [flag, value] of [
    ['--since', '2020-99-99'],
    ['--until', '2021-02-31'],
    ['--since', '2021-02-29'],
    ['--until', '2020-00-10'],
  ] as const) {
    it(`refuses ${flag} ${value}, an impossible calendar date`, () => {
      const { dir, project } = sampleProject();
      const out = path.join(dir, 'x.jsonl');
      const result = cli(['export', project, '--format', 'spanbench', '--out', out, flag, value]);
      expectCleanRefusal(result, flag, value, 'calendar');
      expect(fs.existsSync(out)).toBe(false);
    });
  }

  it('accepts a leap day and refuses --since after --until', () => {
    const { dir, project } = sampleProject();
    const out = path.join(dir, 'x.jsonl');
    expect(cli(['export', project, '--format', 'spanbench', '--out', out, '--since', '2020-02-29']).code).toBe(0);
    expectCleanRefusal(cli(['export', project, '--format', 'spanbench', '--out', path.join(dir, 'y.jsonl'), '--since', '2021-01-02', '--until', '2021-01-01']), '--since', '--until');
  });

  it('refuses unknown labels, naming them and listing the project labels', () => {
    const { dir, project } = sampleProject();
    const out = path.join(dir, 'x.jsonl');
    const typo = cli(['export', project, '--format', 'spanbench', '--out', out, '--labels', 'Agnecy']);
    expectCleanRefusal(typo, 'Agnecy', 'Agency, Decision, PlannedEvent');
    const mixed = cli(['export', project, '--format', 'spanbench', '--out', out, '--labels', 'Agency,Nope']);
    expectCleanRefusal(mixed, 'Nope');
    expect(mixed.stderr).not.toMatch(/no labels? Agency/);
    expect(fs.existsSync(out)).toBe(false);
    const good = cli(['export', project, '--format', 'spanbench', '--out', out, '--labels', 'Agency']);
    expect(good.code).toBe(0);
  });
});

describe('spanbench search --json', () => {
  interface Hit {
    snippet: string;
    highlights: Array<[number, number]>;
  }

  function searchJson(project: string, query: string): Hit[] {
    const result = cli(['search', project, query, '--json']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[\u0002\u0003]|\\u000[23]/);
    return (JSON.parse(result.stdout) as { hits: Hit[] }).hits;
  }

  it('gives a plain snippet and the highlighted ranges', () => {
    const { project } = sampleProject();
    const hits = searchJson(project, 'CSTO');
    expect(hits.length).toBeGreaterThan(0);
    const [hit] = hits;
    expect(hit!.highlights.length).toBeGreaterThan(0);
    for (const [start, end] of hit!.highlights) expect([...hit!.snippet].slice(start, end).join('')).toBe('CSTO');
  });

  it('counts highlight offsets in code points', () => {
    const { dir, project } = sampleProject();
    const file = path.join(dir, 'emoji.txt');
    fs.writeFileSync(file, '😀😀 before zanzibarite after');
    expect(cli(['add-text', project, file]).code).toBe(0);
    const [hit] = searchJson(project, 'zanzibarite');
    expect(hit!.highlights).toHaveLength(1);
    const [start, end] = hit!.highlights[0]!;
    expect([...hit!.snippet].slice(start, end).join('')).toBe('zanzibarite');
    expect(hit!.snippet.slice(start, end)).not.toBe('zanzibarite');
  });

  it('keeps the human output marking matches', () => {
    const { project } = sampleProject();
    const result = cli(['search', project, 'CSTO']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[CSTO]');
    expect(result.stdout).not.toMatch(/[\u0002\u0003]/);
  });

  it('plainSnippet handles several, unclosed and stray markers', () => {
    const s = SNIPPET_MATCH_START;
    const e = SNIPPET_MATCH_END;
    expect(plainSnippet(`a ${s}b${e} c ${s}dé${e}`)).toEqual({ snippet: 'a b c dé', highlights: [[2, 3], [6, 8]] });
    expect(plainSnippet(`x${e} 🙂${s}yz`)).toEqual({ snippet: 'x 🙂yz', highlights: [[3, 5]] });
    expect(plainSnippet('plain')).toEqual({ snippet: 'plain', highlights: [] });
  });
});

describe('spanbench export from a damaged project', () => {
  it('says the project file is damaged, naming it (not as a mistake in the call), and leaves nothing behind', async () => {
    const { dir, project } = sampleProject();
    zeroRootPage(project, 'documents');

    const out = path.join(dir, 'out.jsonl');
    const result = cli(['export', project, '--format', 'doccano', '--out', out]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${project}: the file is damaged`);
    expect(lines[0]).toContain('SQLITE_CORRUPT');
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('out'))).toEqual([]);
  });
});
