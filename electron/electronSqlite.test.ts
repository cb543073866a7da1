/**
 * prepareElectronSqlite without Electron and without a network: a fake "electron" (a Node script
 * that acts only as Node, as Electron does with ELECTRON_RUN_AS_NODE=1) loads an addon only when
 * it says 'electron-abi', and fake build tools write such an addon, a Node one, or fail.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedAddonPath, prepareElectronSqlite, type PrepareElectronSqliteOptions } from './electronSqlite.mjs';

const ELECTRON_VERSION = '45.5.0';
const SQLITE_VERSION = '12.11.1';

let tmp: string;
let packageDir: string;
let cacheDir: string;
let fakeElectron: string;
let toolLog: string;
let lines: string[];

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'spanbench-electron-sqlite-'));
  // A stand-in for node_modules/better-sqlite3 as npm install leaves it: its addon built for Node.
  packageDir = path.join(tmp, 'node_modules', 'better-sqlite3');
  mkdirSync(path.join(packageDir, 'build', 'Release'), { recursive: true });
  mkdirSync(path.join(packageDir, 'lib'), { recursive: true });
  writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: SQLITE_VERSION }));
  writeFileSync(path.join(packageDir, 'lib', 'index.js'), '');
  writeFileSync(path.join(packageDir, 'build', 'Release', 'better_sqlite3.node'), 'node-abi');
  cacheDir = path.join(tmp, 'cache');
  toolLog = path.join(tmp, 'tools.log');
  lines = [];
  fakeElectron = path.join(tmp, 'electron');
  writeFileSync(
    fakeElectron,
    `#!${process.execPath}
const fs = require('node:fs');
const path = require('node:path');
if (process.env.ELECTRON_RUN_AS_NODE !== '1') { console.error('would have opened a window'); process.exit(2); }
const [packageDir, nativeBinding] = process.argv.slice(3);
const addon = nativeBinding ?? path.join(packageDir, 'build', 'Release', 'better_sqlite3.node');
const abi = fs.existsSync(addon) ? fs.readFileSync(addon, 'utf8') : 'missing';
if (abi === 'electron-abi') process.exit(0);
console.error(addon + ' was compiled against a different Node.js version (' + abi + ')');
process.exit(1);
`,
  );
  chmodSync(fakeElectron, 0o755);
});

afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A build tool that logs its arguments and folder, then writes an addon of the given ABI, or fails. */
function fakeTool(name: string, outcome: 'electron-abi' | 'node-abi' | 'fail'): string {
  const script = path.join(tmp, `${name}.cjs`);
  writeFileSync(
    script,
    `const fs = require('node:fs');
fs.appendFileSync(${JSON.stringify(toolLog)}, JSON.stringify({ tool: ${JSON.stringify(name)}, cwd: process.cwd(), args: process.argv.slice(2), nodedir: process.env.npm_config_nodedir ?? null }) + '\\n');
if (${JSON.stringify(outcome)} === 'fail') {
  console.log('${name} starting');
  console.error('${name}: ERR! no network');
  // What node-gyp prints after the reason, which the message leaves out.
  console.error('gyp ERR! stack     at go (node-gyp/lib/install.js:244:21)');
  console.error('gyp ERR! cwd ' + process.cwd());
  console.error('gyp ERR! not ok');
  process.exit(1);
}
fs.mkdirSync('build/Release', { recursive: true });
fs.writeFileSync('build/Release/better_sqlite3.node', ${JSON.stringify(outcome)});
`,
  );
  return script;
}

function toolRuns(): Array<{ tool: string; cwd: string; args: string[]; nodedir: string | null }> {
  return existsSync(toolLog) ? readFileSync(toolLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : [];
}

function prepare(tools: { prebuildInstall: 'electron-abi' | 'node-abi' | 'fail'; nodeGyp: 'electron-abi' | 'node-abi' | 'fail' }): ReturnType<typeof prepareElectronSqlite> {
  const options: PrepareElectronSqliteOptions = {
    electronPath: fakeElectron,
    electronVersion: ELECTRON_VERSION,
    root: tmp,
    packageDir,
    cacheDir,
    tools: { prebuildInstall: fakeTool('prebuild-install', tools.prebuildInstall), nodeGyp: fakeTool('node-gyp', tools.nodeGyp) },
    platform: 'linux',
    arch: 'x64',
    log: (line) => lines.push(line),
  };
  return prepareElectronSqlite(options);
}

const cached = () => cachedAddonPath({ cacheDir, sqliteVersion: SQLITE_VERSION, electronVersion: ELECTRON_VERSION, platform: 'linux', arch: 'x64' });
/** What is left in the cache folder: the built addon's folder at most, no half-finished build. */
const cacheEntries = () => (existsSync(cacheDir) ? readdirSync(cacheDir) : []);

describe('prepareElectronSqlite', () => {
  it("uses node_modules' own better-sqlite3 when it loads in Electron, building nothing", () => {
    writeFileSync(path.join(packageDir, 'build', 'Release', 'better_sqlite3.node'), 'electron-abi');
    expect(prepare({ prebuildInstall: 'electron-abi', nodeGyp: 'electron-abi' })).toEqual({ ok: true, nativeBinding: null, source: 'node_modules' });
    expect(toolRuns()).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('uses a cached Electron build that loads, building nothing', () => {
    mkdirSync(path.dirname(cached()), { recursive: true });
    writeFileSync(cached(), 'electron-abi');
    expect(prepare({ prebuildInstall: 'fail', nodeGyp: 'fail' })).toEqual({ ok: true, nativeBinding: cached(), source: 'cache' });
    expect(toolRuns()).toEqual([]);
  });

  it('downloads a prebuilt module into a copy of the package, probes it and caches it', () => {
    const result = prepare({ prebuildInstall: 'electron-abi', nodeGyp: 'fail' });
    expect(result).toEqual({ ok: true, nativeBinding: cached(), source: 'prebuild-install' });
    expect(lines).toEqual([`Preparing SQLite for Electron ${ELECTRON_VERSION} (first start)…`]);
    expect(readFileSync(cached(), 'utf8')).toBe('electron-abi');
    const [run] = toolRuns();
    expect(run?.args).toEqual(['--runtime', 'electron', '--target', ELECTRON_VERSION, '--platform', 'linux', '--arch', 'x64', '--verbose']);
    // Never in node_modules/better-sqlite3 itself: the CLI and the tests still load that one in Node.
    expect(path.resolve(run!.cwd)).not.toBe(path.resolve(packageDir));
    expect(readFileSync(path.join(packageDir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('node-abi');
    expect(cacheEntries()).toEqual([path.basename(path.dirname(cached()))]);
    // A second start finds it in the cache.
    expect(prepare({ prebuildInstall: 'fail', nodeGyp: 'fail' })).toMatchObject({ ok: true, source: 'cache' });
  });

  it("builds from source with Electron's headers when no prebuilt module can be had, without the project's nodedir", () => {
    const nodedirBefore = process.env.npm_config_nodedir;
    process.env.npm_config_nodedir = '/usr';
    try {
      expect(prepare({ prebuildInstall: 'fail', nodeGyp: 'electron-abi' })).toEqual({ ok: true, nativeBinding: cached(), source: 'node-gyp' });
    } finally {
      if (nodedirBefore === undefined) delete process.env.npm_config_nodedir;
      else process.env.npm_config_nodedir = nodedirBefore;
    }
    const runs = toolRuns();
    expect(runs.map((run) => run.tool)).toEqual(['prebuild-install', 'node-gyp']);
    expect(runs[1]?.args).toEqual(['rebuild', '--release', '--runtime=electron', `--target=${ELECTRON_VERSION}`, '--dist-url=https://electronjs.org/headers', '--arch=x64']);
    expect(runs.map((run) => run.nodedir)).toEqual([null, null]);
    expect(readFileSync(cached(), 'utf8')).toBe('electron-abi');
  });

  it('does not cache a build that fails the probe', () => {
    const result = prepare({ prebuildInstall: 'node-abi', nodeGyp: 'fail' });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(`prebuild-install made a module that does not load in Electron ${ELECTRON_VERSION}: `);
    expect(result.ok ? '' : result.message).toContain('was compiled against a different Node.js version (node-abi)');
    expect(existsSync(cached())).toBe(false);
    expect(cacheEntries()).toEqual([]);
    // A bad download is not the end: the build from source is tried next.
    expect(prepare({ prebuildInstall: 'node-abi', nodeGyp: 'electron-abi' })).toEqual({ ok: true, nativeBinding: cached(), source: 'node-gyp' });
  });

  it('says what failed and what to do when both tools fail, leaving no cache entry behind', () => {
    const result = prepare({ prebuildInstall: 'fail', nodeGyp: 'fail' });
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.message;
    expect(message.split('\n')[0]).toBe(`Could not prepare SQLite (better-sqlite3 ${SQLITE_VERSION}) for Electron ${ELECTRON_VERSION} on linux-x64:`);
    expect(message).toContain('- prebuild-install failed: prebuild-install starting | prebuild-install: ERR! no network');
    expect(message).toContain('- node-gyp failed: node-gyp starting | node-gyp: ERR! no network');
    expect(message).toContain('npx spanbench serve');
    expect(existsSync(cached())).toBe(false);
    expect(cacheEntries()).toEqual([]);
  });

  it('replaces a cached build that no longer loads', () => {
    mkdirSync(path.dirname(cached()), { recursive: true });
    writeFileSync(cached(), 'node-abi');
    expect(prepare({ prebuildInstall: 'electron-abi', nodeGyp: 'fail' })).toMatchObject({ ok: true, source: 'prebuild-install' });
    expect(readFileSync(cached(), 'utf8')).toBe('electron-abi');
  });
});
