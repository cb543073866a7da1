/** Running the built CLI from tests: one-shot commands and `spanbench serve` with its API. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { cliBin, repoRoot } from './built';

export function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cliBin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Same as cli, without blocking the event loop (for running beside other work). */
export function cliAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cliBin, ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export interface Served {
  child: ChildProcess;
  origin: string;
  token: string;
  output(): string;
  /** POST /api/<method> with the token; the parsed wire response. */
  api(method: string, input?: unknown): Promise<any>;
  stop(): Promise<void>;
}

/** Starts `spanbench serve ARGS`; resolves once it prints its URL. */
export async function serve(args: string[], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [cliBin, 'serve', ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('http://127.0.0.1:'));
      if (line) resolve(line.trim());
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`serve exited: ${output}`)));
  });
  const { origin, searchParams, port } = new URL(url);
  const token = searchParams.get('token')!;
  // Plain node:http with keep-alive: cheaper per call than fetch, so a load test measures the server.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  return {
    child,
    origin,
    token,
    output: () => output,
    api: (method, input = {}) =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify(input);
        const request = http.request(
          { host: '127.0.0.1', port: Number(port), path: `/api/${method}`, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-spanbench-token': token } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              try {
                resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
              } catch (error) {
                reject(error);
              }
            });
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(body);
      }),
    stop: async () => {
      agent.destroy();
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
