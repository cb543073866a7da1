// Run by the Electron binary as Node (ELECTRON_RUN_AS_NODE=1) from electronSqlite.mjs: exits 0
// only if better-sqlite3 (argv[2], its package folder) loads in this Electron, with the addon
// named by argv[3] when given, and opens a database. A load failure (wrong NODE_MODULE_VERSION,
// a crash) stays in this throwaway process instead of the app's.
'use strict';
const [packageDir, nativeBinding] = process.argv.slice(2);
const Database = require(packageDir);
const db = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
db.prepare('SELECT sqlite_version()').get();
db.close();
