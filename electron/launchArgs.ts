/**
 * Command-line parsing and single-instance routing, pure so both are unit-tested in Node.
 *
 * argv looks different per launch: `electron . --project p` in development,
 * `electron dist/electron/main.cjs --project p` under Playwright, `Spanbench --project p` when
 * packaged, and Chromium may append its own switches (`--allow-file-access-from-files`, …)
 * to the argv that 'second-instance' receives. So we look for our options anywhere.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface LaunchRequest {
  /** Absolute path, or null for the default project. */
  projectPath: string | null;
  /** Put the sample article into a project that is being created. */
  withSample: boolean;
}

/** What a second launch hands to the first through requestSingleInstanceLock(additionalData). */
export interface SecondInstanceData {
  kind: 'spanbench-launch';
  projectPath: string | null;
  withSample: boolean;
}

export function parseLaunchArgs(argv: readonly string[], cwd: string): LaunchRequest {
  let projectPath: string | null = null;
  let withSample = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === undefined) continue;
    if (arg === '--') continue;
    if (arg === '--project') {
      const value = argv[index + 1];
      if (value !== undefined && value !== '' && !value.startsWith('--')) {
        projectPath = path.resolve(cwd, value);
        index += 1;
      }
    } else if (arg.startsWith('--project=')) {
      const value = arg.slice('--project='.length);
      if (value !== '') projectPath = path.resolve(cwd, value);
    } else if (arg === '--sample') {
      withSample = true;
    }
  }
  return { projectPath, withSample };
}

export function toSecondInstanceData(request: LaunchRequest): SecondInstanceData {
  return { kind: 'spanbench-launch', projectPath: request.projectPath, withSample: request.withSample };
}

/**
 * The request a second launch made. additionalData is preferred (argv can be mangled on
 * Windows); argv with the second process's working directory is the fallback.
 */
export function requestFromSecondInstance(argv: readonly string[], workingDirectory: string, additionalData: unknown): LaunchRequest {
  if (typeof additionalData === 'object' && additionalData !== null && (additionalData as { kind?: unknown }).kind === 'spanbench-launch') {
    const data = additionalData as Partial<SecondInstanceData>;
    const projectPath = typeof data.projectPath === 'string' && data.projectPath !== '' ? path.resolve(workingDirectory, data.projectPath) : null;
    return { projectPath, withSample: data.withSample === true };
  }
  return parseLaunchArgs(argv, workingDirectory);
}

/**
 * A key that is equal for two spellings of the same project file: resolved, symlinks followed
 * when the file exists, case-folded where the usual file systems ignore case.
 */
export function projectKey(projectPath: string, platform: NodeJS.Platform = process.platform, realpath: (p: string) => string = defaultRealpath): string {
  const resolved = path.resolve(projectPath);
  let real = resolved;
  try {
    real = realpath(resolved);
  } catch {
    // Not created yet: the resolved path is the best we know.
  }
  return platform === 'win32' || platform === 'darwin' ? real.toLowerCase() : real;
}

function defaultRealpath(p: string): string {
  return fs.realpathSync.native(p);
}

export type Route<W> = { kind: 'focus'; window: W } | { kind: 'open'; projectPath: string; withSample: boolean };

/** Focus the window already showing the project, or open a new one for it. */
export function routeLaunch<W>(
  request: LaunchRequest,
  openWindows: ReadonlyMap<string, W>,
  options: { defaultProjectPath: string; keyOf: (projectPath: string) => string },
): Route<W> {
  const isDefault = request.projectPath === null;
  const projectPath = request.projectPath ?? options.defaultProjectPath;
  const existing = openWindows.get(options.keyOf(projectPath));
  if (existing !== undefined) return { kind: 'focus', window: existing };
  // The default project is always created with the sample article (first run).
  return { kind: 'open', projectPath, withSample: isDefault || request.withSample };
}
