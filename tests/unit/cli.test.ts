import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/open';
import { cliBin, repoRoot, requireBuild } from './built';
import { tempDir, zeroRootPage } from './helpers';

beforeAll(requireBuild);

function cli(args: string[], env: Record<string, string> = {}, options: { uid?: number; gid?: number; timeout?: number } = {}) {
  const result = spawnSync(process.execPath, [cliBin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, ...options });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An expected failure is one line on stderr, never a stack trace. */
function expectNoStack(result: { stderr: string }): void {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/SqliteError|Error: (EACCES|EISDIR|ENOENT|EADDRINUSE)/);
}

function countDocuments(Database: typeof import('better-sqlite3'), file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Starts `spanbench serve`, resolves with the printed URL once it is listening. */
function serve(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cliBin, 'serve', ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('http://127.0.0.1:'));
      if (line) resolve(line.trim());
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  /** Stops the server and waits until it has closed the project: only then may its folder go. */
  const stop = (): Promise<void> => {
    child.kill('SIGTERM');
    return exited;
  };
  return { child, url, output: () => output, stop };
}

describe('spanbench CLI', () => {
  it('--help lists the commands', () => {
    const { code, stdout } = cli(['--help']);
    expect(code).toBe(0);
    for (const command of ['init', 'serve', 'add-text']) expect(stdout).toContain(command);
  });

  it('init creates a project with the default schema, --sample adds the article, and never overwrites', () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    expect(cli(['init', file, '--sample'])).toMatchObject({ code: 0 });
    expect(fs.existsSync(file)).toBe(true);
    const again = cli(['init', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('add-text stores a file byte-exact (CRLF, emoji) and refuses invalid UTF-8 naming the file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    cli(['init', file]);
    const textFile = path.join(dir, 'a.txt');
    fs.writeFileSync(textFile, '\ufeffLine 1 👨‍👩‍👧\r\nLine 2\r\n');
    expect(cli(['add-text', file, textFile, '--title', 'CRLF'])).toMatchObject({ code: 0 });
    const bad = path.join(dir, 'bad.txt');
    fs.writeFileSync(bad, Buffer.from([0x61, 0xff, 0x62]));
    const refused = cli(['add-text', file, bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('bad.txt');
    // The same message as import: where the first bad byte is.
    expect(refused.stderr).toContain('bad.txt:byte 1: invalid UTF-8 (0xFF 0x62)');
    expectNoStack(refused);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT text FROM documents').all()).toEqual([{ text: 'Line 1 👨‍👩‍👧\r\nLine 2\r\n' }]);
    db.close();
  });

  it('add-text refuses a folder, an empty or blank file and an impossible date, and skips a text already there', async () => {
    const { default: Database } = await import('better-sqlite3');
    const dir = tempDir();
    const project = path.join(dir, 'p.sqlite');
    cli(['init', project]);
    const folder = path.join(dir, 'folder');
    fs.mkdirSync(folder);
    const asFolder = cli(['add-text', project, folder]);
    expect(asFolder.code).toBe(2);
    expect(asFolder.stderr).toContain(`${folder} is a folder`);
    expectNoStack(asFolder);
    for (const [name, content, reason] of [
      ['empty.txt', '', 'the file is empty'],
      ['blank.txt', ' \n\t\r\n', 'the file contains only whitespace'],
    ] as const) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      const result = cli(['add-text', project, file]);
      expect(result.code, name).toBe(1);
      expect(result.stderr, name).toContain(`${file}: ${reason}`);
    }
    const missing = cli(['add-text', project, path.join(dir, 'nowhere.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${path.join(dir, 'nowhere.txt')}: no such file or folder`);
    expectNoStack(missing);
    expect(countDocuments(Database, project)).toBe(0);

    const text = path.join(dir, 'a.txt');
    fs.writeFileSync(text, 'Some article text.\n');
    for (const date of ['2020-13-45', '2020-02-30', '2020-2-3', 'yesterday']) {
      const result = cli(['add-text', project, text, '--date', date]);
      expect(result.code, date).toBe(2);
      expect(result.stderr, date).toContain(`--date is a calendar date, YYYY-MM-DD`);
    }
    expect(countDocuments(Database, project)).toBe(0);
    expect(cli(['add-text', project, text, '--date', '2020-02-29'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Added document 1') });

    // As import does by default: a duplicate is skipped and reported with the document it repeats (exit 0).
    const again = cli(['add-text', project, text, '--title', 'Again']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already document 1');
    expect(countDocuments(Database, project)).toBe(1);
    expect(cli(['add-text', project, text, '--on-duplicate', 'keep']).code).toBe(0);
    expect(countDocuments(Database, project)).toBe(2);
  });

  it('check reports a file with a zeroed b-tree page as a damaged file, also with --json', async () => {
    const dir = tempDir();
    const project = path.join(dir, 'p.sqlite');
    expect(cli(['init', project, '--sample']).code).toBe(0);
    zeroRootPage(project, 'documents');

    const text = cli(['check', project]);
    expect(text.code).toBe(1);
    expectNoStack(text);
    expect(text.stderr).toContain(`${project}: `);
    expect(text.stderr).toContain('[integrity]');
    expect(text.stderr).toContain('database disk image is malformed');

    const json = cli(['check', project, '--json']);
    expect(json.code).toBe(1);
    expectNoStack(json);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: Array<{ kind: string; message: string }> };
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'integrity', message: expect.stringContaining('malformed') });
  });

  it('every command prints its usage for --help, and an extra argument is called extra', () => {
    for (const command of ['init', 'serve', 'import', 'export', 'stats', 'agreement', 'search', 'add-text', 'backup', 'check', 'restore']) {
      const result = cli([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toContain(`Usage: spanbench ${command} `);
      // The command's own lines of the full help, options included.
      expect(result.stdout, command).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(cli(['add-text', '--help']).stdout).toContain('--date YYYY-MM-DD');
    expect(cli(['export', 'p.sqlite', '-h']).stdout).toContain('--split');
    expect(cli(['help', 'check'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: spanbench check PROJECT') });

    for (const args of [['stats', 'p.sqlite', 'extra'], ['check', 'p.sqlite', 'extra'], ['init', 'p.sqlite', 'extra'], ['backup', 'p.sqlite', 'out.sqlite', 'extra'], ['agreement', 'a.sqlite', 'b.sqlite', 'extra']]) {
      const result = cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain('unexpected extra argument "extra"');
      expect(result.stderr, args.join(' ')).not.toContain('needs a project');
    }
    expect(cli(['check']).stderr).toContain('check needs PROJECT');
  });

  it('serve on a port in use says so in one line, closes the project and exits non-zero', async () => {
    const dir = tempDir();
    const project = path.join(dir, 'p.sqlite');
    cli(['init', project]);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      // Without the fix the project worker kept the process alive: the timeout kills it (status null).
      const result = cli(['serve', project, '--port', String(port)], {}, { timeout: 20_000 });
      expect(result.code).toBe(1);
      expectNoStack(result);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain('--port');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      blocker.close();
    }
  }, 30_000);

  it('names a folder it cannot write: init, backup and add-text in a read-only place', async () => {
    const dir = tempDir();
    const project = path.join(dir, 'p.sqlite');
    expect(cli(['init', project, '--sample']).code).toBe(0);
    const text = path.join(dir, 'a.txt');
    fs.writeFileSync(text, 'Some article text.\n');
    // Root writes anywhere: run the CLI as nobody in a folder nobody cannot write (root's, 0755).
    const asRoot = process.getuid?.() === 0;
    const as = asRoot ? { uid: 65534, gid: 65534 } : {};
    fs.chmodSync(dir, asRoot ? 0o755 : 0o555);
    if (!asRoot) fs.chmodSync(project, 0o444);
    try {
      const created = path.join(dir, 'new.sqlite');
      const init = cli(['init', created], {}, as);
      expect(init.code).toBe(1);
      expectNoStack(init);
      expect(init.stderr).toContain(`cannot create ${created}: the folder ${dir} cannot be written (permission denied)`);
      expect(init.stderr).not.toContain('Restore a backup');
      expect(fs.existsSync(created)).toBe(false);

      const out = path.join(dir, 'copy.sqlite');
      const backup = cli(['backup', project, out], {}, as);
      expect(backup.code).toBe(1);
      expectNoStack(backup);
      expect(backup.stderr).toContain(`cannot write the backup to ${out}: the folder ${dir} cannot be written (permission denied)`);

      const added = cli(['add-text', project, text], {}, as);
      expect(added.code).toBe(2);
      expectNoStack(added);
      expect(added.stderr).toMatch(new RegExp(`${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is read-only \(.*\); nothing can be added to it`));
    } finally {
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(project, 0o644);
    }
  });

  it('reports file and SQLite errors as one line naming the path', async () => {
    const dir = tempDir();
    const project = path.join(dir, 'p.sqlite');
    expect(cli(['init', project, '--sample']).code).toBe(0);
    zeroRootPage(project, 'documents_by_sha256');
    const text = path.join(dir, 'a.txt');
    fs.writeFileSync(text, 'Some article text.\n');
    // The duplicate check reads the damaged index: an SQLite error, named as the project's.
    const result = cli(['add-text', project, text]);
    expect(result.code).toBe(1);
    expectNoStack(result);
    expect(result.stderr).toContain(`${project}: the file is damaged`);
    expect(result.stderr).toContain('SQLITE_CORRUPT');
  });

  it('reports an unknown command and bad options with exit status 2', () => {
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['serve', '--port', 'abc']).code).toBe(2);
  });

  it('names a mistyped option in one line with where to look, for every command (exit 2)', () => {
    for (const command of ['init', 'serve', 'import', 'export', 'stats', 'agreement', 'search', 'add-text', 'backup', 'check', 'restore']) {
      const result = cli([command, 'p.sqlite', '--jsn']);
      expect(result.code, command).toBe(2);
      expect(result.stderr).toBe(`spanbench ${command}: unknown option --jsn (see spanbench ${command} --help)\n`);
    }
    expect(cli(['stats', 'p.sqlite', '--json=yes']).stderr).toBe('spanbench stats: option --json takes no value (see spanbench stats --help)\n');
    const missing = cli(['export', 'p.sqlite', '--format', 'doccano', '--out']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('spanbench export: option --out needs a value (see spanbench export --help)\n');
  });

  it('refuses to serve a file that is not a project, naming it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(file, 'plain notes '.repeat(30));
    const result = cli(['serve', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('notes.sqlite is not a Spanbench project');
  });

  it('serve on a path with no project says it created one, before the URL line; an existing one is just opened', async () => {
    const project = path.join(tempDir(), 'projcet.sqlite');
    for (const run of ['first', 'again']) {
      const server = serve([project]);
      try {
        const url = await server.url;
        const lines = server.output().split('\n');
        const created = lines.findIndex((line) => line.startsWith('Created a new project'));
        if (run === 'first') {
          expect(lines[created]).toBe(`Created a new project at ${project} (the default labels, no documents).`);
          expect(created).toBeLessThan(lines.indexOf(url));
        } else {
          expect(created).toBe(-1);
        }
      } finally {
        await server.stop();
      }
    }
  });

  it('serve --read-only on a path with no project says there is none, as other commands do, and creates nothing', () => {
    const project = path.join(tempDir(), 'missing.sqlite');
    const result = cli(['serve', project, '--read-only']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`spanbench serve: No project at ${project}.`);
    expect(cli(['stats', project]).stderr.trim()).toBe(`spanbench stats: No project at ${project}.`);
    expect(fs.readdirSync(path.dirname(project))).toEqual([]);
  });

  it('reads a project of an older schema as it is (agreement, stats, search, export), and asks for one upgrade only when it must', async () => {
    const { default: Database } = await import('better-sqlite3');
    const dir = tempDir();
    const schema = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.pragma('user_version', { simple: true });
      } finally {
        db.close();
      }
    };
    const [a, b] = [path.join(dir, 'a.sqlite'), path.join(dir, 'b.sqlite')];
    for (const file of [a, b]) {
      expect(cli(['init', file, '--sample']).code).toBe(0);
      // Schema 3, as Spanbench left it before labels could be deleted: what migration 4 added, taken away.
      const db = new Database(file);
      db.exec('ALTER TABLE labels DROP COLUMN deleted_at');
      db.pragma('user_version = 3');
      db.close();
    }
    const agreement = cli(['agreement', a, b]);
    expect(agreement.stderr).toBe('');
    expect(agreement.code).toBe(0);
    const stats = cli(['stats', a]);
    expect(stats.stderr).toBe('');
    expect(stats.stdout).toContain('  Agency: 0');
    expect(cli(['search', a, 'CSTO']).stdout).toContain('1 document match.');
    expect(cli(['export', a, '--format', 'brat', '--out', path.join(dir, 'brat')]).code).toBe(0);
    expect([schema(a), schema(b)]).toEqual([3, 3]);
    // Schema 1 has no full-text index: reading it needs the upgrade, which the file allows.
    const oldest = path.join(dir, 'oldest.sqlite');
    const db = new Database(oldest);
    migrate(db, 0, 1);
    db.close();
    const refused = cli(['stats', oldest]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`must be upgraded once before it can be read: open it in the app, or with a command that writes to it (spanbench serve ${oldest})`);
    expect(refused.stderr).not.toContain('cannot be written');
    expect(schema(oldest)).toBe(1);
  });

  it('serve prints a loopback URL with a token, and the API needs that token', async () => {
    const home = tempDir();
    const server = serve([], { SPANBENCH_HOME: home });
    try {
      const url = await server.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const { origin, searchParams } = new URL(url);
      const token = searchParams.get('token')!;
      const denied = await fetch(`${origin}/api/listDocuments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(denied.status).toBe(401);
      const listed = await fetch(`${origin}/api/listDocuments`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-spanbench-token': token }, body: '{}' });
      const body = (await listed.json()) as any;
      // Without a PROJECT, serve opens the app's default project, created with the sample article.
      expect(body.result.items[0].title).toBe('XVIII meeting of the ICMEC CSTO');
      expect(server.output()).toContain(`Created a new project at ${path.join(home, 'default-project.sqlite')} (the default labels and the sample article).`);
      expect(fs.existsSync(path.join(home, 'default-project.sqlite'))).toBe(true);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script');
    } finally {
      await server.stop();
    }
  });
});
