/** CLI commands that look after a project file: backup, check, restore. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupTo, timestampedBackupPath } from '../db/backup';
import { openProjectForReading, type ProjectDb } from '../db/open';
import { listBackups, RestoreError, restoreBackup } from '../services/backups';
import { backupDir } from '../services/paths';
import { checkProject, formatCheckReport } from '../services/projectCheck';
import { UsageError } from './usage';

/** Nothing here may write to the project: it is opened read-only, at whatever schema it has. */
function openForReading(file: string): ProjectDb {
  return openProjectForReading(file).db;
}

export async function backupCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 2) throw new UsageError('backup needs a project and where to write the copy: spanbench backup PROJECT OUT');
  const [projectPath, out] = positionals as [string, string];
  let destination = path.resolve(out);
  if (fs.existsSync(destination) && fs.statSync(destination).isDirectory()) destination = timestampedBackupPath(destination, projectPath, 'manual');
  if (fs.existsSync(destination)) throw new UsageError(`${destination} already exists; backup never overwrites a file. Name a new file or a folder.`);
  const db = openForReading(projectPath);
  try {
    await backupTo(db, destination);
  } finally {
    db.close();
  }
  console.log(`Backed up ${path.resolve(projectPath)} to ${destination} (${fs.statSync(destination).size.toLocaleString('en')} bytes).`);
  return 0;
}

export async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('check needs a project: spanbench check PROJECT [--json]');
  const file = path.resolve(positionals[0]!);
  const db = openForReading(file);
  let report;
  try {
    report = checkProject(db);
  } finally {
    db.close();
  }
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else for (const line of formatCheckReport(file, report)) (report.ok ? console.log : console.error)(line);
  return report.ok ? 0 : 1;
}

export async function restoreCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { list: { type: 'boolean', default: false } } });
  if (values.list) {
    if (positionals.length !== 1) throw new UsageError('restore --list needs a project: spanbench restore PROJECT --list');
    const backups = listBackups(positionals[0]!);
    if (backups.length === 0) console.log(`No backups of ${path.resolve(positionals[0]!)} in ${backupDir(positionals[0]!)}.`);
    for (const backup of backups) console.log(`${backup.takenAt.toISOString()}  ${backup.bytes.toLocaleString('en').padStart(14)} bytes  ${backup.file}`);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('restore needs a project and a backup: spanbench restore PROJECT BACKUP (spanbench restore PROJECT --list shows the backups)');
  const [projectPath, backup] = positionals as [string, string];
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

export const MAINTENANCE_HELP = `  backup PROJECT OUT                    Copy a project safely (even while it is open) to OUT
                                        (a new file, or a folder to put a dated copy in)
  check PROJECT [--json]                Check a project: SQLite integrity, foreign keys, every
                                        span against its text, span counts; exit 1 on problems
  restore PROJECT BACKUP                Replace a project with a backup (the current file is
        [--list]                        backed up first); --list shows the automatic backups
`;
