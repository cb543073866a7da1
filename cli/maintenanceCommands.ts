/** CLI commands that look after a project file: backup, check, restore. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupTo, timestampedBackupPath } from '../db/backup';
import { openProjectForReading, ProjectOpenError, type ProjectDb } from '../db/open';
import { listBackups, RestoreError, restoreBackup } from '../services/backups';
import { backupDir } from '../services/paths';
import { checkProject, formatCheckReport, unreadableReport, type CheckReport } from '../services/projectCheck';
import { CliError, describeSqliteError, expectPositionals, fileErrorReason, isSqliteError, unwritableFolder, UsageError } from './usage';

/** Nothing here may write to the project: it is opened read-only, at whatever schema it has. */
function openForReading(file: string): ProjectDb {
  return openProjectForReading(file).db;
}

export async function backupCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [projectPath, out] = expectPositionals(positionals, 'backup', ['PROJECT', 'OUT (where to write the copy)'], 'spanbench backup PROJECT OUT') as [string, string];
  let destination = path.resolve(out);
  if (fs.existsSync(destination) && fs.statSync(destination).isDirectory()) destination = timestampedBackupPath(destination, projectPath, 'manual');
  if (fs.existsSync(destination)) throw new UsageError(`${destination} already exists; backup never overwrites a file. Name a new file or a folder.`);
  // SQLite says only "unable to open database file" when it cannot write the copy; name the folder.
  const problem = unwritableFolder(path.dirname(destination));
  if (problem) {
    const why = problem.notAFolder ? 'is a file, not a folder' : `cannot be written (${fileErrorReason(problem.error)})`;
    throw new CliError(`cannot write the backup to ${destination}: the folder ${problem.folder} ${why}. Name a file in a folder you can write to.`);
  }
  const db = openForReading(projectPath);
  try {
    await backupTo(db, destination);
  } catch (error) {
    fs.rmSync(`${destination}.partial`, { force: true });
    if (isSqliteError(error)) throw new CliError(`the backup could not be written: ${describeSqliteError(destination, error)}`);
    throw error;
  } finally {
    db.close();
  }
  console.log(`Backed up ${path.resolve(projectPath)} to ${destination} (${fs.statSync(destination).size.toLocaleString('en')} bytes).`);
  return 0;
}

export async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const [project] = expectPositionals(positionals, 'check', ['PROJECT'], 'spanbench check PROJECT [--json]') as [string];
  const file = path.resolve(project);
  let report: CheckReport;
  let db: ProjectDb | null = null;
  try {
    db = openForReading(file);
    report = checkProject(db);
  } catch (error) {
    // A file too damaged to open (or to check at all) is what check is for: a problem of that
    // file in the report, not a failure of the command. Not a project at all is another matter.
    if (error instanceof ProjectOpenError && error.kind === 'corrupt') report = unreadableReport(error.message);
    else if (isSqliteError(error)) report = unreadableReport(`SQLite could not read the file: ${error.message} (${error.code})`);
    else throw error;
  } finally {
    db?.close();
  }
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else for (const line of formatCheckReport(file, report)) (report.ok ? console.log : console.error)(line);
  return report.ok ? 0 : 1;
}

export async function restoreCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { list: { type: 'boolean', default: false } } });
  if (values.list) {
    expectPositionals(positionals, 'restore --list', ['PROJECT'], 'spanbench restore PROJECT --list');
    const backups = listBackups(positionals[0]!);
    if (backups.length === 0) console.log(`No backups of ${path.resolve(positionals[0]!)} in ${backupDir(positionals[0]!)}.`);
    for (const backup of backups) console.log(`${backup.takenAt.toISOString()}  ${backup.bytes.toLocaleString('en').padStart(14)} bytes  ${backup.file}`);
    return 0;
  }
  const [projectPath, backup] = expectPositionals(
    positionals,
    'restore',
    ['PROJECT', 'BACKUP'],
    'spanbench restore PROJECT BACKUP (spanbench restore PROJECT --list shows the backups)',
  ) as [string, string];
  try {
    const result = await restoreBackup(projectPath, backup);
    console.log(`Restored ${result.project} from ${result.restoredFrom}.`);
    if (result.previous) console.log(`The project as it was is kept at ${result.previous}.`);
    return 0;
  } catch (error) {
    if (error instanceof RestoreError) {
      console.error(`spanbench restore: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** Each command's lines in `spanbench --help`, also printed by `spanbench <command> --help`. */
export const MAINTENANCE_HELP = {
  backup: `  backup PROJECT OUT                    Copy a project safely (even while it is open) to OUT
                                        (a new file, or a folder to put a dated copy in)
`,
  check: `  check PROJECT [--json]                Check a project: SQLite integrity, foreign keys, every
                                        span against its text, span counts; exit 1 on problems
`,
  restore: `  restore PROJECT BACKUP                Replace a project with a backup (the current file is
        [--list]                        backed up first); --list shows the automatic backups
`,
} as const;
