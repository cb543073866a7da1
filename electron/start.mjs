#!/usr/bin/env node
// `npm start [-- --project PATH.sqlite]`: runs the desktop app, or explains why it cannot.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareElectronSqlite } from './electronSqlite.mjs';
import { locateElectron } from './locateElectron.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
let electron = locateElectron(root);
if (!electron.ok && existsSync(path.join(root, 'node_modules', 'electron', 'install.js'))) {
  // Electron 45 fetches its binary on first use rather than at npm install: do it now, once, where a network exists.
  console.error('Downloading the Electron binary (first start)…');
  const download = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { stdio: 'inherit', timeout: 300_000 });
  if (download.status === 0) electron = locateElectron(root);
}
if (!electron.ok) {
  console.error('The Electron binary is not installed (it could not be downloaded). Use browser mode: npx spanbench serve');
  console.error(`(${electron.reason})`);
  process.exit(1);
}

const main = path.join(root, 'dist', 'electron', 'main.cjs');
if (!existsSync(main)) {
  console.error(`${path.relative(process.cwd(), main) || main} is missing. Build first: npm run build`);
  process.exit(1);
}

// node_modules' better-sqlite3 is built for Node (the CLI and the tests use it): the app may need its own Electron build.
const sqlite = prepareElectronSqlite({ electronPath: electron.executablePath, electronVersion: electron.version, root });
if (!sqlite.ok) {
  console.error(sqlite.message);
  process.exit(1);
}
const env = { ...process.env };
// Read by main.ts only when the app is not packaged; one left over from elsewhere must not stand in for ours.
delete env.SPANBENCH_SQLITE_BINDING;
if (sqlite.nativeBinding) env.SPANBENCH_SQLITE_BINDING = sqlite.nativeBinding;

// Launch the package folder (not main.cjs) so Electron reads package.json: name, version, productName.
const child = spawn(electron.executablePath, [root, ...process.argv.slice(2)], { stdio: 'inherit', windowsHide: false, env });
// Forward Ctrl+C and kill so Electron closes its project workers cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!child.killed) child.kill(signal);
  });
}
child.on('error', (error) => {
  console.error(`Could not start Electron: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
