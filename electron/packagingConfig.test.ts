import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
// js-yaml ships with electron-builder (app-builder-lib depends on it).
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('identifies the app and packs only the build output', () => {
    expect(config).toMatchObject({
      appId: 'org.spanbench.app',
      productName: 'Spanbench',
      directories: { buildResources: 'build' },
      asar: true,
      asarUnpack: ['**/*.node'],
      npmRebuild: false,
    });
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb, NSIS and DMG', () => {
    expect(config).toMatchObject({
      linux: { target: ['AppImage', 'deb'] },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'], hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist' },
    });
  });

  it('uses only keys that electron-builder 26 knows', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      definitions: Record<string, { properties?: Record<string, unknown> }>;
    };
    for (const key of Object.keys(config)) expect(Object.keys(schema.properties), key).toContain(key);
    const fuseKeys = Object.keys(schema.definitions.FuseOptionsV1?.properties ?? {});
    for (const key of Object.keys(config.electronFuses as object)) expect(fuseKeys, key).toContain(key);
    const sections: Array<[string, string]> = [
      ['linux', 'LinuxConfiguration'],
      ['win', 'WindowsConfiguration'],
      ['mac', 'MacConfiguration'],
      ['nsis', 'NsisOptions'],
    ];
    for (const [section, definition] of sections) {
      const known = Object.keys(schema.definitions[definition]?.properties ?? {});
      for (const key of Object.keys(config[section] as object)) expect(known, `${section}.${key}`).toContain(key);
    }
  });

  it('has the icon and entitlements it names', () => {
    const png = readFileSync(path.join(root, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width
    expect(readFileSync(path.join(root, 'build', 'icons', '256x256.png')).readUInt32BE(16)).toBe(256);
    expect(readFileSync(path.join(root, 'build', 'entitlements.mac.plist'), 'utf8')).toContain('com.apple.security.cs.allow-jit');
  });
});

describe('electron/start.mjs', () => {
  it('explains what to do when the Electron binary is missing', () => {
    const result = spawnSync(process.execPath, [path.join(root, 'electron', 'start.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(root, 'no-such-electron-dist') },
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('The Electron binary is not installed (it could not be downloaded). Use browser mode: npx spanbench serve');
  });
});
