import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, repoRoot, requireBuild } from './built';
import { tempDir } from './helpers';

beforeAll(requireBuild);

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cliBin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
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
  return { child, url, output: () => output };
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
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT text FROM documents').all()).toEqual([{ text: 'Line 1 👨‍👩‍👧\r\nLine 2\r\n' }]);
    db.close();
  });

  it('reports an unknown command and bad options with exit status 2', () => {
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['serve', '--port', 'abc']).code).toBe(2);
  });

  it('refuses to serve a file that is not a project, naming it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(file, 'plain notes '.repeat(30));
    const result = cli(['serve', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('notes.sqlite is not a Spanbench project');
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
      expect(fs.existsSync(path.join(home, 'default-project.sqlite'))).toBe(true);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script');
    } finally {
      server.child.kill('SIGTERM');
    }
  });
});
