/**
 * Root-only test fixtures. As root, chmod stops nothing (root writes to a 0444 file), so a
 * read-only file is made immutable (chattr +i), a read-only folder is a read-only bind mount,
 * and a full disk is a small tmpfs. Without root (or without mount rights) the tests that need
 * these skip with a printed reason.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}` };
}

let mountable: string | null | undefined;

/** Null when mounts work here, else why not. */
export function whyNoMounts(): string | null {
  if (mountable !== undefined) return mountable;
  if (process.getuid?.() !== 0) return (mountable = 'not running as root, cannot mount');
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-mount-probe-'));
  const mounted = run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
  if (mounted.ok) run('umount', [probe]);
  fs.rmSync(probe, { recursive: true, force: true });
  return (mountable = mounted.ok ? null : `mount failed: ${mounted.output.trim()}`);
}

let immutable: string | null | undefined;

/** Null when chattr +i works on the temp folder's file system, else why not. */
export function whyNoImmutable(): string | null {
  if (immutable !== undefined) return immutable;
  if (process.getuid?.() !== 0) return (immutable = 'not root: chmod 0444 is enough');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-chattr-probe-')), 'f');
  fs.writeFileSync(file, 'x');
  const set = run('chattr', ['+i', file]);
  if (set.ok) run('chattr', ['-i', file]);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return (immutable = set.ok ? null : `chattr +i failed: ${set.output.trim()}`);
}

/** Makes a file read-only even for root; returns the undo. */
export function makeReadOnlyFile(file: string): () => void {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(file, 0o444);
    return () => fs.chmodSync(file, 0o644);
  }
  const set = run('chattr', ['+i', file]);
  if (!set.ok) throw new Error(`chattr +i ${file}: ${set.output}`);
  return () => void run('chattr', ['-i', file]);
}

/** Remounts a folder read-only in place (a bind mount); returns the undo. */
export function makeReadOnlyFolder(dir: string): () => void {
  const bind = run('mount', ['--bind', dir, dir]);
  if (!bind.ok) throw new Error(`mount --bind ${dir}: ${bind.output}`);
  const ro = run('mount', ['-o', 'remount,ro,bind', dir]);
  if (!ro.ok) {
    run('umount', ['-l', dir]);
    throw new Error(`remount ro ${dir}: ${ro.output}`);
  }
  // Lazy: a worker that has not yet let go of a file must not make the test fail here.
  return () => void run('umount', ['-l', dir]);
}

/** Mounts a tmpfs of `size` (e.g. '2m') on a new folder; returns it and the undo. */
export function smallDisk(size: string): { dir: string; unmount: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-small-disk-'));
  const mounted = run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (!mounted.ok) throw new Error(`mount tmpfs: ${mounted.output}`);
  return {
    dir,
    unmount: () => {
      run('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Bytes and modification time: what "nothing was written" is checked against. */
export function fingerprint(file: string): { bytes: Buffer; mtimeMs: number; size: number } {
  const stat = fs.statSync(file);
  return { bytes: fs.readFileSync(file), mtimeMs: stat.mtimeMs, size: stat.size };
}
