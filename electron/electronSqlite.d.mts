export interface SqliteCacheKey {
  cacheDir: string;
  sqliteVersion: string;
  electronVersion: string;
  platform: string;
  arch: string;
}
export function cachedAddonPath(key: SqliteCacheKey): string;

export interface PrepareElectronSqliteOptions {
  electronPath: string;
  electronVersion: string;
  root: string;
  packageDir?: string;
  cacheDir?: string;
  tools?: { prebuildInstall: string; nodeGyp: string };
  platform?: string;
  arch?: string;
  log?: (line: string) => void;
}
export type SqliteForElectron =
  | { ok: true; nativeBinding: string | null; source: 'node_modules' | 'cache' | 'prebuild-install' | 'node-gyp' }
  | { ok: false; message: string };
export function prepareElectronSqlite(options: PrepareElectronSqliteOptions): SqliteForElectron;
