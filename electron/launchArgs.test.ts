import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLaunchArgs, projectKey, requestFromSecondInstance, routeLaunch, toSecondInstanceData } from './launchArgs';

const cwd = path.resolve('/home/ana/work');

describe('parseLaunchArgs', () => {
  it('finds --project in every launch shape', () => {
    const expected = { projectPath: path.resolve(cwd, 'p.sqlite'), withSample: false };
    expect(parseLaunchArgs(['.', '--project', 'p.sqlite'], cwd)).toEqual(expected);
    expect(parseLaunchArgs(['dist/electron/main.cjs', '--project', 'p.sqlite'], cwd)).toEqual(expected);
    expect(parseLaunchArgs(['--project=p.sqlite'], cwd)).toEqual(expected);
    expect(parseLaunchArgs(['.', '--', '--project', 'p.sqlite'], cwd)).toEqual(expected);
    expect(parseLaunchArgs(['/opt/Spanbench/spanbench', '--project', 'p.sqlite', '--allow-file-access-from-files', '--enable-logging'], cwd)).toEqual(expected);
  });

  it('keeps absolute paths and flags the sample', () => {
    expect(parseLaunchArgs(['.', '--project', '/data/x.sqlite', '--sample'], cwd)).toEqual({ projectPath: path.resolve('/data/x.sqlite'), withSample: true });
  });

  it('means the default project without --project or without a value', () => {
    expect(parseLaunchArgs(['.'], cwd)).toEqual({ projectPath: null, withSample: false });
    expect(parseLaunchArgs(['.', '--project'], cwd)).toEqual({ projectPath: null, withSample: false });
    expect(parseLaunchArgs(['.', '--project', '--sample'], cwd)).toEqual({ projectPath: null, withSample: true });
    expect(parseLaunchArgs(['.', '--project='], cwd)).toEqual({ projectPath: null, withSample: false });
  });

  it('lets the last --project win', () => {
    expect(parseLaunchArgs(['--project', 'a.sqlite', '--project', 'b.sqlite'], cwd).projectPath).toBe(path.resolve(cwd, 'b.sqlite'));
  });
});

describe('second instance', () => {
  it('prefers additionalData, resolving against the second launch folder', () => {
    const data = toSecondInstanceData({ projectPath: '/data/x.sqlite', withSample: false });
    expect(requestFromSecondInstance(['ignored', '--project', 'other.sqlite'], '/elsewhere', data)).toEqual({ projectPath: path.resolve('/data/x.sqlite'), withSample: false });
  });

  it('falls back to argv and its working directory', () => {
    expect(requestFromSecondInstance(['/usr/bin/spanbench', '--project', 'rel.sqlite'], '/second/cwd', {})).toEqual({
      projectPath: path.resolve('/second/cwd', 'rel.sqlite'),
      withSample: false,
    });
    expect(requestFromSecondInstance(['/usr/bin/spanbench'], '/second/cwd', null)).toEqual({ projectPath: null, withSample: false });
  });
});

describe('projectKey', () => {
  it('treats spellings of one file as one project', () => {
    const noRealpath = (p: string): string => {
      throw new Error(`no ${p}`);
    };
    expect(projectKey('/data/./x.sqlite', 'linux', noRealpath)).toBe(projectKey('/data/sub/../x.sqlite', 'linux', noRealpath));
    expect(projectKey('/Data/X.sqlite', 'darwin', noRealpath)).toBe(projectKey('/data/x.sqlite', 'darwin', noRealpath));
    expect(projectKey('/Data/X.sqlite', 'linux', noRealpath)).not.toBe(projectKey('/data/x.sqlite', 'linux', noRealpath));
  });

  it('follows symlinks of existing files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-key-'));
    try {
      const real = path.join(dir, 'real.sqlite');
      fs.writeFileSync(real, '');
      fs.symlinkSync(real, path.join(dir, 'link.sqlite'));
      expect(projectKey(path.join(dir, 'link.sqlite'), 'linux')).toBe(projectKey(real, 'linux'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('routeLaunch', () => {
  const options = { defaultProjectPath: '/home/ana/.config/Spanbench/default-project.sqlite', keyOf: (p: string) => p.toLowerCase() };

  it('focuses the window already showing the project', () => {
    const windows = new Map([['/data/x.sqlite', 'window-x']]);
    expect(routeLaunch({ projectPath: '/DATA/x.sqlite', withSample: false }, windows, options)).toEqual({ kind: 'focus', window: 'window-x' });
  });

  it('opens a new window for another project', () => {
    const windows = new Map([['/data/x.sqlite', 'window-x']]);
    expect(routeLaunch({ projectPath: '/data/y.sqlite', withSample: false }, windows, options)).toEqual({ kind: 'open', projectPath: '/data/y.sqlite', withSample: false });
  });

  it('opens the default project, with the sample, when no project is named', () => {
    expect(routeLaunch({ projectPath: null, withSample: false }, new Map(), options)).toEqual({ kind: 'open', projectPath: options.defaultProjectPath, withSample: true });
    const windows = new Map([[options.defaultProjectPath.toLowerCase(), 'window-default']]);
    expect(routeLaunch({ projectPath: null, withSample: false }, windows, options)).toEqual({ kind: 'focus', window: 'window-default' });
  });
});
