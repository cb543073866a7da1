/**
 * Damaged or odd project files, through the CLI and the ServiceHost (what the app and browser
 * mode use): each gives a clear message and a way forward, never a crash or a stack trace,
 * and never a write to the file (bytes and modification time compared before and after).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertDocument } from '../../db/documentsRepo';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { ensureProject } from '../../services/project';
import { ProjectStartError, ServiceHost } from '../../services/serviceHost';
import { repoRoot, requireBuild, workerScript } from './built';
import { tempDir } from './helpers';
import { fingerprint, makeReadOnlyFile, makeReadOnlyFolder, whyNoImmutable, whyNoMounts } from './mounts';
import { cli, serve } from './running';

beforeAll(requireBuild);

async function makeProject(file: string, documents = 5): Promise<void> {
  const opened = await ensureProject(file, { withSample: true });
  opened.db.transaction(() => {
    for (let i = 0; i < documents; i++) insertDocument(opened.db, { title: `Doc ${i}`, text: `Text ${i}: the commission met in Ташкент 👋 ${'and decided. '.repeat(i % 7)}` });
  })();
  opened.db.close();
}

function expectUntouched(file: string, before: ReturnType<typeof fingerprint>): void {
  const after = fingerprint(file);
  expect(after.size).toBe(before.size);
  expect(after.mtimeMs).toBe(before.mtimeMs);
  expect(after.bytes.equals(before.bytes)).toBe(true);
}

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

interface DamagedCase {
  name: string;
  make(file: string): Promise<void> | void;
  /** What the message says, and the way forward it offers. */
  message: RegExp;
  way: RegExp;
}

const damagedCases: DamagedCase[] = [
  {
    name: 'not SQLite',
    make: (file) => fs.writeFileSync(file, 'These are my notes, not a database. '.repeat(40)),
    message: /is not a Spanbench project \(it is not an SQLite database\)/,
    way: /restore a backup/i,
  },
  {
    name: 'truncated',
    make: async (file) => {
      await makeProject(file, 400);
      const db = new Database(file);
      db.pragma('journal_mode = DELETE');
      db.close();
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    },
    message: /is damaged: it is truncated/,
    way: /Restore a backup/,
  },
  {
    name: 'SQLite from another program',
    make: (file) => {
      const db = new Database(file);
      db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')");
      db.close();
    },
    message: /is an SQLite database from another program, not a Spanbench project/,
    way: /restore one from a backup/,
  },
  {
    name: 'from a newer Spanbench',
    make: async (file) => {
      await makeProject(file);
      const db = new Database(file);
      db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      db.close();
    },
    message: /was saved by a newer Spanbench/,
    way: /Update Spanbench/,
  },
];

describe('damaged and foreign project files', () => {
  for (const damaged of damagedCases) {
    it(`${damaged.name}: clear message and a way forward from every entry point, file untouched`, async () => {
      const dir = tempDir();
      const file = path.join(dir, 'project.sqlite');
      await damaged.make(file);
      const article = path.join(dir, 'a.jsonl');
      fs.writeFileSync(article, '{"text": "An article"}\n');
      const before = fingerprint(file);

      for (const args of [['stats', file], ['import', file, article], ['check', file], ['search', file, 'commission'], ['serve', file]]) {
        const result = cli(args);
        expect(result.code, `${args[0]}: ${result.stderr}`).toBe(1);
        expect(result.stderr).toContain(file);
        expect(result.stderr).toMatch(damaged.message);
        expect(result.stderr).toMatch(damaged.way);
        expectNoStackTrace(result.stderr);
      }

      for (const createIfMissing of [false, true]) {
        const started = ServiceHost.start({ workerScript, projectPath: file, createIfMissing });
        await expect(started).rejects.toThrow(ProjectStartError);
        await expect(started).rejects.toThrow(damaged.message);
      }
      expectUntouched(file, before);
      expect(fs.existsSync(`${file}-journal`)).toBe(false);
    });
  }
});

const writeCalls: Array<[string, unknown]> = [
  ['setSettings', { author: 'someone' }],
  ['createLabel', { name: 'Extra', color: '#123456' }],
  ['updateLabel', { id: 1, color: '#654321' }],
  ['deleteLabel', { id: 3 }],
  ['moveLabel', { id: 1, toIndex: 2 }],
  ['setDocumentStatus', { documentId: 1, status: 'done' }],
  ['createSpan', { documentId: 1, labelId: 1, start: 0, end: 4 }],
  ['updateSpan', { id: 1, labelId: 2 }],
  ['deleteSpan', { id: 1 }],
  ['undo', { documentId: 1 }],
  ['redo', { documentId: 1 }],
  ['updateDocument', { id: 1, title: 'Renamed' }],
  ['startImport', { sourceIds: ['abcdefgh12'] }],
];

async function expectReadOnlyApi(call: (method: string, input: unknown) => Promise<any>): Promise<void> {
  expect(await call('getProjectInfo', {})).toMatchObject({ ok: true, result: { readOnly: true } });
  expect(await call('listDocuments', {})).toMatchObject({ ok: true });
  for (const [method, input] of writeCalls) {
    const response = await call(method, input);
    expect(response, method).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(response.error.message).toMatch(/read-only/);
  }
}

/** A project with one span, so update/delete/undo have something to refuse. */
async function projectWithSpan(file: string): Promise<void> {
  await makeProject(file);
  const host = await ServiceHost.start({ workerScript, projectPath: file, backups: false });
  expect(await host.call('createSpan', { documentId: 1, labelId: 1, start: 0, end: 4 })).toMatchObject({ ok: true });
  await host.close();
}

describe('read-only projects', () => {
  it('serve --read-only gives a read-only project: every write call returns read_only and the file is unchanged', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    await projectWithSpan(file);
    const before = fingerprint(file);
    const server = await serve([file, '--read-only']);
    try {
      expect(server.output()).toContain('(read-only)');
      await expectReadOnlyApi((method, input) => server.api(method, input));
    } finally {
      await server.stop();
    }
    expectUntouched(file, before);
  });

  it('a read-only file opens read-only with the reason, through the ServiceHost, serve and the CLI', async (context) => {
    const why = whyNoImmutable();
    if (why) {
      console.log(`skipped read-only file test: ${why}`);
      context.skip();
    }
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    await projectWithSpan(file);
    const undo = makeReadOnlyFile(file);
    try {
      const before = fingerprint(file);
      const host = await ServiceHost.start({ workerScript, projectPath: file });
      try {
        expect(host.readOnly).toBe(true);
        expect(host.readOnlyReason).toBe('the file is read-only');
        await expectReadOnlyApi((method, input) => host.call(method, input));
      } finally {
        await host.close();
      }
      const server = await serve([file]);
      try {
        expect(server.output()).toContain('(read-only: the file is read-only)');
        expect(await server.api('createSpan', { documentId: 1, labelId: 1, start: 5, end: 9 })).toMatchObject({ ok: false, error: { code: 'read_only' } });
      } finally {
        await server.stop();
      }
      expect(cli(['stats', file]).code).toBe(0);
      expect(cli(['check', file]).code).toBe(0);
      const article = path.join(dir, 'a.jsonl');
      fs.writeFileSync(article, '{"text": "An article"}\n');
      const imported = cli(['import', file, article]);
      expect(imported.code).toBe(2);
      expect(imported.stderr).toMatch(/is read-only \(the file is read-only\); nothing can be imported/);
      expectUntouched(file, before);
    } finally {
      undo();
    }
  });

  it('a project in a read-only folder opens read-only, including changes still in its WAL', async (context) => {
    const why = whyNoMounts();
    if (why) {
      console.log(`skipped read-only folder test: ${why}`);
      context.skip();
    }
    const dir = path.join(tempDir(), 'shared');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'p.sqlite');
    await makeProject(file);
    // A change committed to the WAL but not yet checkpointed into the file (the writer was killed).
    const killed = spawnSync(
      process.execPath,
      ['-e', `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(file)}); d.pragma('wal_autocheckpoint = 0'); d.prepare("UPDATE documents SET title = 'Only in the WAL' WHERE id = 1").run(); process.kill(process.pid, 'SIGKILL');`],
      { cwd: repoRoot },
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const undo = makeReadOnlyFolder(dir);
    try {
      const before = fingerprint(file);
      const host = await ServiceHost.start({ workerScript, projectPath: file });
      try {
        expect(host.readOnly).toBe(true);
        expect(host.readOnlyReason).toBe('it is on a read-only disk');
        expect(await host.call('getDocument', { id: 1 })).toMatchObject({ ok: true, result: { title: 'Only in the WAL' } });
        await expectReadOnlyApi((method, input) => host.call(method, input));
      } finally {
        await host.close();
      }
      const stats = cli(['stats', file]);
      expect(stats.code).toBe(0);
      expect(stats.stdout).toContain('Documents: 6');
      expect(cli(['check', file]).code).toBe(0);
      const out = path.join(tempDir(), 'copy.sqlite');
      expect(cli(['backup', file, out]).code).toBe(0);
      const copy = new Database(out, { readonly: true });
      expect(copy.prepare('SELECT title FROM documents WHERE id = 1').get()).toEqual({ title: 'Only in the WAL' });
      copy.close();
      const server = await serve([file]);
      try {
        expect(server.output()).toContain('read-only');
        expect(await server.api('setDocumentStatus', { documentId: 1, status: 'done' })).toMatchObject({ ok: false, error: { code: 'read_only' } });
      } finally {
        await server.stop();
      }
      expectUntouched(file, before);
    } finally {
      undo();
    }
  });
});
