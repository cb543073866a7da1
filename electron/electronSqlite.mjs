// `npm install` builds node_modules/better-sqlite3 for Node's ABI, which Electron refuses ("was
// compiled against a different Node.js version"). Rebuilding it in place for Electron
// (electron-builder install-app-deps) would break the CLI, `spanbench serve` and the tests, so the
// desktop app started by `npm start` gets its own Electron build of the addon, made once and kept
// in a cache; main.ts hands its path to better-sqlite3's nativeBinding option (db/open.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const probeScript = fileURLToPath(new URL('./sqliteProbe.cjs', import.meta.url));

/** Where the addon better-sqlite3 builds lands, in a package folder. */
const BUILT_ADDON = path.join('build', 'Release', 'better_sqlite3.node');

/**
 * The Electron build of better-sqlite3 for one Electron and one better-sqlite3 (its JS and its
 * addon must match), on one platform and architecture.
 * @param {{ cacheDir: string, sqliteVersion: string, electronVersion: string, platform: string, arch: string }} key
 */
export function cachedAddonPath({ cacheDir, sqliteVersion, electronVersion, platform, arch }) {
  return path.join(cacheDir, `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${platform}-${arch}`, 'better_sqlite3.node');
}

/**
 * Finds, or makes once, a better-sqlite3 that loads in this Electron. Never builds inside
 * node_modules/better-sqlite3, and caches only a build that has been seen to load.
 * @param {object} options
 * @param {string} options.electronPath the Electron executable (run as Node for the probes)
 * @param {string} options.electronVersion
 * @param {string} options.root the project folder: node_modules is found from it
 * @param {string} [options.packageDir] better-sqlite3's package folder (default: resolved from root)
 * @param {string} [options.cacheDir] default: node_modules/.cache/spanbench under root
 * @param {{ prebuildInstall: string, nodeGyp: string }} [options.tools] the build tools' entry scripts, run with this Node
 * @param {string} [options.platform]
 * @param {string} [options.arch]
 * @param {(line: string) => void} [options.log]
 * @returns {{ ok: true, nativeBinding: string | null, source: 'node_modules' | 'cache' | 'prebuild-install' | 'node-gyp' } | { ok: false, message: string }}
 */
export function prepareElectronSqlite(options) {
  const { electronPath, electronVersion, root, platform = process.platform, arch = process.arch, log = (line) => console.error(line) } = options;
  const require = createRequire(path.join(root, 'noop.js'));
  const packageDir = options.packageDir ?? path.dirname(require.resolve('better-sqlite3/package.json'));
  const cacheDir = options.cacheDir ?? path.join(root, 'node_modules', '.cache', 'spanbench');
  const tools = options.tools ?? {
    prebuildInstall: path.join(path.dirname(require.resolve('prebuild-install/package.json')), 'bin.js'),
    nodeGyp: path.join(path.dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js'),
  };

  // Someone ran install-app-deps, or Electron's Node matches the one npm install built for.
  if (probe(electronPath, packageDir, null).ok) return { ok: true, nativeBinding: null, source: 'node_modules' };

  const sqliteVersion = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
  const cached = cachedAddonPath({ cacheDir, sqliteVersion, electronVersion, platform, arch });
  if (existsSync(cached) && probe(electronPath, packageDir, cached).ok) return { ok: true, nativeBinding: cached, source: 'cache' };

  log(`Preparing SQLite for Electron ${electronVersion} (first start)…`);
  mkdirSync(cacheDir, { recursive: true });
  // Built beside the cache, so moving the result in is a rename on one disk.
  const work = mkdtempSync(path.join(cacheDir, '.build-'));
  const failures = [];
  try {
    const copy = path.join(work, 'better-sqlite3');
    const ownBuild = path.join(packageDir, 'build');
    cpSync(packageDir, copy, { recursive: true, filter: (source) => source !== ownBuild });
    const built = path.join(copy, BUILT_ADDON);
    for (const step of buildSteps(tools, { electronVersion, platform, arch })) {
      rmSync(path.join(copy, 'build'), { recursive: true, force: true });
      const run = spawnSync(process.execPath, [step.script, ...step.args], { cwd: copy, env: toolEnv(), encoding: 'utf8', timeout: step.timeoutMs, windowsHide: true });
      if (run.status !== 0 || !existsSync(built)) {
        failures.push(`${step.name} failed: ${lastLines(run.error ? run.error.message : `${run.stdout ?? ''}\n${run.stderr ?? ''}`)}`);
        continue;
      }
      const check = probe(electronPath, packageDir, built);
      if (!check.ok) {
        failures.push(`${step.name} made a module that does not load in Electron ${electronVersion}: ${lastLines(check.output)}`);
        continue;
      }
      mkdirSync(path.dirname(cached), { recursive: true });
      // A rename: an interrupted start leaves no cache entry or a whole one, never half a file.
      renameSync(built, cached);
      return { ok: true, nativeBinding: cached, source: step.name };
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return {
    ok: false,
    message: [
      `Could not prepare SQLite (better-sqlite3 ${sqliteVersion}) for Electron ${electronVersion} on ${platform}-${arch}:`,
      ...failures.map((failure) => `- ${failure}`),
      'With a network, npm start downloads a prebuilt module; otherwise it builds one, which needs a C++ compiler and Python (node-gyp). Fix either and run npm start again.',
      'Meanwhile browser mode works with the same projects: npx spanbench serve',
    ].join('\n'),
  };
}

/** prebuild-install first (better-sqlite3 publishes Electron builds), then a build from source. */
function buildSteps(tools, { electronVersion, platform, arch }) {
  return [
    {
      name: 'prebuild-install',
      script: tools.prebuildInstall,
      args: ['--runtime', 'electron', '--target', electronVersion, '--platform', platform, '--arch', arch, '--verbose'],
      timeoutMs: 300_000,
    },
    {
      name: 'node-gyp',
      script: tools.nodeGyp,
      args: ['rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', `--arch=${arch}`],
      timeoutMs: 900_000,
    },
  ];
}

/**
 * The tools' environment without npm's settings for native builds: the project's .npmrc sets
 * nodedir=/usr (npm start passes it on as npm_config_nodedir), and node-gyp would build against
 * those Node headers while labelling the result as Electron's (/work/shared/ENVIRONMENT.md).
 */
function toolEnv() {
  const overridden = new Set(['nodedir', 'target', 'runtime', 'disturl', 'arch', 'platform', 'build_from_source']);
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name.toLowerCase().startsWith('npm_config_') && overridden.has(name.slice('npm_config_'.length).toLowerCase()))));
}

/** Loads better-sqlite3 (with the given addon) in a throwaway Electron-as-Node process. */
function probe(electronPath, packageDir, nativeBinding) {
  const run = spawnSync(electronPath, [probeScript, packageDir, ...(nativeBinding ? [nativeBinding] : [])], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 60_000,
    windowsHide: true,
  });
  return { ok: run.status === 0, output: run.error ? run.error.message : `${run.stdout ?? ''}\n${run.stderr ?? ''}` };
}

/** node-gyp ends every failure with these (its command, folder, versions, stack frames), after the reason. */
const TOOL_BOILERPLATE = /^gyp ERR! (System|command|cwd|node -v|node-gyp -v|not ok)\b|^gyp ERR! stack\s+at /;

function lastLines(output, count = 4) {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !TOOL_BOILERPLATE.test(line));
  return lines.length === 0 ? '(no output)' : lines.slice(-count).join(' | ');
}
