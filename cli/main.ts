/**
 * The `spanbench` command line: project set-up, browser mode and (as they land)
 * import, export, search and maintenance commands.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findDocumentIdBySha256, insertDocument, sha256Hex } from '../db/documentsRepo';
import { ProjectOpenError } from '../db/open';
import { startServer } from '../server/server';
import { isCalendarDay } from '../core/import/dates';
import { readTextFileStrict } from './decode';
import { IMPORT_FORMAT_HELP, importCommand, searchCommand, statsCommand } from './corpusCommands';
import { backupCommand, checkCommand, MAINTENANCE_HELP, restoreCommand } from './maintenanceCommands';
import { CliError, describeFileError, describeSqliteError, expectPositionals, fileErrorReason, isSqliteError, unwritableFolder, UsageError } from './usage';
import { exportCommand } from './exportCommand';
import { AGREEMENT_USAGE, agreementCommand } from './agreementCommand';
import { ensureProject } from '../services/project';
import { defaultProjectPath } from '../services/paths';
import { ProjectStartError, ServiceHost } from '../services/serviceHost';

/** Folder of the built CLI bundle (dist/node). */
const bundleDir: string = __dirname;


type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/**
 * What `spanbench <command> --help` prints (its lines of the full help) and what the command
 * takes, so that an extra argument can be named as such before the command runs, whichever
 * file the command lives in.
 */
interface CommandSpec {
  help: string;
  usage: string;
  options: OptionSpec;
  maxPositionals: number;
}

const COMMAND_SPECS: Record<string, CommandSpec> = {
  init: {
    help: `  init PROJECT.sqlite [--sample]        Create a project with the default labels
                                        (Agency, Decision, PlannedEvent); --sample adds
                                        the sample article.
`,
    usage: 'spanbench init PROJECT.sqlite [--sample]',
    options: { sample: { type: 'boolean' } },
    maxPositionals: 1,
  },
  serve: {
    help: `  serve [PROJECT.sqlite] [--port N]     Browser mode: serve the app on 127.0.0.1 only and
        [--read-only]                   print its URL with an access token. Without PROJECT,
                                        opens the same default project as the desktop app.
`,
    usage: 'spanbench serve [PROJECT.sqlite] [--port N] [--read-only]',
    options: { port: { type: 'string' }, 'read-only': { type: 'boolean' } },
    maxPositionals: 1,
  },
  import: {
    help: `  import PROJECT PATH... [options]      Import article files or folders (recursively):
        --format ${IMPORT_FORMAT_HELP}
        --text-column NAME              CSV/TSV column (or JSON field) holding the text
        --on-duplicate skip|keep|merge  Same text already in the project: skip it (the
                                        default; spans and relations it had are reported
                                        as left out, with exit status 1), keep: import it
                                        again, or merge: add its spans and relations to the
                                        document already there (article files: skipped)
        --skip-invalid                  Import the good records of a file with bad ones
                                        (default: refuse the whole file)
        --first-line-title              Plain text: the first line is the title
        --offsets codepoint|utf16       Annotation formats: the unit of the file's offsets
        --label-map ORG=Agency,...      Annotation formats: rename labels on the way in
        --include-predictions           Label Studio: import model predictions as spans too
`,
    usage: 'spanbench import PROJECT PATH... [options]',
    options: {
      format: { type: 'string' },
      'text-column': { type: 'string' },
      'on-duplicate': { type: 'string' },
      'skip-invalid': { type: 'boolean' },
      'first-line-title': { type: 'boolean' },
      offsets: { type: 'string' },
      'label-map': { type: 'string' },
      'include-predictions': { type: 'boolean' },
    },
    maxPositionals: Infinity,
  },
  export: {
    help: `  export PROJECT --format F --out PATH  Write a dataset: F is spanbench, doccano, brat,
        [--offsets codepoint|utf16]     conll, labelstudio, prodigy, w3c, webanno or csv
        [--status new,in_progress,done] [--labels A,B] [--source S]
        [--since YYYY-MM-DD] [--until YYYY-MM-DD]   (published dates)
        [--split train=0.8,dev=0.1,test=0.1 --seed N]   deterministic split by document
`,
    usage: 'spanbench export PROJECT --format F --out PATH [options]',
    options: Object.fromEntries(
      ['format', 'out', 'offsets', 'status', 'labels', 'source', 'since', 'until', 'split', 'seed'].map((name) => [name, { type: 'string' as const }]),
    ),
    maxPositionals: 1,
  },
  stats: {
    help: `  stats PROJECT [--json]                Documents, spans per label, relations
`,
    usage: 'spanbench stats PROJECT [--json]',
    options: { json: { type: 'boolean' } },
    maxPositionals: 1,
  },
  agreement: {
    help: `  agreement PROJECT_A PROJECT_B         Agreement between two annotators' projects on the
        [--json] [--labels A,B]         documents both hold (paired by text): per label and
        [--documents all|done]          overall, exact and overlap F1 and token kappa, and
                                        the documents that agree least; --documents done:
                                        only those done in both. Exit 1 if none in common.
`,
    usage: AGREEMENT_USAGE,
    options: { json: { type: 'boolean' }, labels: { type: 'string' }, documents: { type: 'string' } },
    maxPositionals: 2,
  },
  search: {
    help: `  search PROJECT "QUERY" [--json]       Full-text search: words, "phrases", prefix*,
        [--limit N]                     OR, NOT
`,
    usage: 'spanbench search PROJECT "QUERY" [--json] [--limit N]',
    options: { json: { type: 'boolean' }, limit: { type: 'string' } },
    maxPositionals: 2,
  },
  'add-text': {
    help: `  add-text PROJECT FILE [--title T]     Add one text file as a document, stored as written
        [--source S] [--date YYYY-MM-DD]   A text already in the project is skipped
        [--on-duplicate skip|keep]      (--on-duplicate keep adds it again).
`,
    usage: 'spanbench add-text PROJECT FILE [--title T] [--source S] [--date YYYY-MM-DD] [--on-duplicate skip|keep]',
    options: { title: { type: 'string' }, source: { type: 'string' }, date: { type: 'string' }, 'on-duplicate': { type: 'string' } },
    maxPositionals: 2,
  },
  backup: { help: MAINTENANCE_HELP.backup, usage: 'spanbench backup PROJECT OUT', options: {}, maxPositionals: 2 },
  check: { help: MAINTENANCE_HELP.check, usage: 'spanbench check PROJECT [--json]', options: { json: { type: 'boolean' } }, maxPositionals: 1 },
  restore: {
    help: MAINTENANCE_HELP.restore,
    usage: 'spanbench restore PROJECT BACKUP, or spanbench restore PROJECT --list',
    options: { list: { type: 'boolean' } },
    maxPositionals: 2,
  },
};

const HELP = `spanbench — span annotation workbench

Usage: spanbench <command> [options]
       spanbench <command> --help         Show one command's usage and options

Commands:
${Object.values(COMMAND_SPECS)
  .map((spec) => spec.help)
  .join('')}  help, --help                          Show this help.

The desktop app: npm start [-- --project PROJECT.sqlite]
Default project: ${defaultProjectPath()}
`;

function commandHelp(name: string): string {
  return `Usage: ${COMMAND_SPECS[name]!.usage}\n\n${COMMAND_SPECS[name]!.help}`;
}

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  import: importCommand,
  export: exportCommand,
  stats: statsCommand,
  agreement: agreementCommand,
  search: searchCommand,
  backup: backupCommand,
  check: checkCommand,
  restore: restoreCommand,

  init: async (args) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { sample: { type: 'boolean', default: false } } });
    const file = requireOne(positionals, 'init', 'PROJECT.sqlite (the path of the project to create)');
    if (fs.existsSync(file)) throw new UsageError(`${file} already exists; init creates new projects only. Open it with: spanbench serve ${file}`);
    const absolute = path.resolve(file);
    // SQLite says "unable to open database file" for a folder it cannot write, and openProject
    // reads that as a damaged project; for a new file the folder is what to name.
    const problem = unwritableFolder(path.dirname(absolute));
    if (problem) {
      const why = problem.notAFolder ? 'is a file, not a folder' : `cannot be written (${fileErrorReason(problem.error)})`;
      throw new CliError(`cannot create ${absolute}: the folder ${problem.folder} ${why}. Choose a folder you can write to.`);
    }
    let opened;
    try {
      opened = await ensureProject(file, { withSample: values.sample });
    } catch (error) {
      // Nothing of a project that failed half-way is worth keeping, and init made all of it.
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${absolute}${suffix}`, { force: true });
      if (error instanceof ProjectOpenError) throw new CliError(`${absolute} could not be created: ${sqliteReasonOf(error.message)}`);
      if (isSqliteError(error)) throw new CliError(`could not create the project: ${describeSqliteError(absolute, error)}`);
      throw error;
    }
    opened.db.close();
    console.log(`Created ${opened.file}${values.sample ? ' with the sample article' : ''}.`);
    return 0;
  },

  serve: async (args) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { port: { type: 'string', default: '0' }, 'read-only': { type: 'boolean', default: false } },
    });
    if (positionals.length > 1) throw new UsageError(`unexpected extra argument ${JSON.stringify(positionals[1])} (serve takes at most one project path); usage: ${COMMAND_SPECS.serve!.usage}`);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not ${values.port}.`);
    const isDefault = positionals.length === 0;
    const projectPath = path.resolve(positionals[0] ?? defaultProjectPath());
    const staticDir = path.join(bundleDir, '..', 'renderer');
    if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
      throw new UsageError(`The app is not built (${staticDir} is missing). Run: npm run build`);
    }
    const host = await ServiceHost.start({
      workerScript: path.join(bundleDir, 'serviceWorker.cjs'),
      projectPath,
      createIfMissing: true,
      withSample: isDefault,
      readOnly: values['read-only'],
    });
    let server;
    try {
      server = await startServer({ caller: host, staticDir, port });
    } catch (error) {
      // The project worker keeps the process alive: close it, or a failed start never exits.
      await host.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new CliError(`port ${port} on 127.0.0.1 is already in use (by another program, or another spanbench serve). Choose another with --port N, or leave --port out (or give --port 0) to get a free one.`);
      }
      if (code === 'EACCES') {
        throw new CliError(`port ${port} on 127.0.0.1 cannot be used without special permission (ports below 1024 usually need it). Choose a port from 1024 to 65535, or leave --port out to get a free one.`);
      }
      throw error;
    }
    // A mistyped path is a new, empty project: say so, or it looks like the project lost its documents.
    if (host.created) console.log(`Created a new project at ${host.projectPath} (${isDefault ? 'the default labels and the sample article' : 'the default labels, no documents'}).`);
    console.log(`Spanbench browser mode — project ${host.projectPath}${host.readOnly ? ` (read-only${host.readOnlyReason ? `: ${host.readOnlyReason}` : ''})` : ''}`);
    console.log('Open this address in a browser (it includes the access token); Ctrl+C stops the server:');
    console.log(server.url);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await host.close();
    return 0;
  },

  'add-text': async (args) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        title: { type: 'string' },
        source: { type: 'string' },
        date: { type: 'string' },
        'on-duplicate': { type: 'string', default: 'skip' },
      },
    });
    const [projectPath, file] = expectPositionals(positionals, 'add-text', ['PROJECT', 'FILE'], COMMAND_SPECS['add-text']!.usage) as [string, string];
    if (values.date !== undefined && !isCalendarDay(values.date)) {
      throw new UsageError(`--date is a calendar date, YYYY-MM-DD (such as 2020-11-27); not ${values.date}.`);
    }
    if (values['on-duplicate'] !== 'skip' && values['on-duplicate'] !== 'keep') throw new UsageError('--on-duplicate is skip or keep.');
    const text = readTextFileStrict(file);
    const title = values.title ?? path.basename(file).replace(/\.[^.]+$/, '');
    const opened = await ensureProject(projectPath, { create: false });
    if (opened.readOnly) {
      opened.db.close();
      throw new UsageError(`${opened.file} is read-only (${opened.readOnlyReason}); nothing can be added to it.`);
    }
    try {
      const sha256 = sha256Hex(text);
      // As import does by default: the same text twice is one document, reported, not an error.
      const result = opened.db
        .transaction((): { added: number } | { existing: number } => {
          const existing = values['on-duplicate'] === 'skip' ? findDocumentIdBySha256(opened.db, sha256) : null;
          if (existing !== null) return { existing };
          return { added: insertDocument(opened.db, { text, title, source: values.source ?? null, publishedAt: values.date ?? null }, { sha256 }) };
        })
        .immediate();
      if ('existing' in result) {
        console.log(`duplicate skipped: ${file} “${title}” (already document ${result.existing}); nothing was added. --on-duplicate keep adds it anyway.`);
      } else {
        console.log(`Added document ${result.added} from ${file}.`);
      }
    } finally {
      opened.db.close();
    }
    return 0;
  },
};

/** openProject's message for a file SQLite could not open, without its advice to restore a backup (a new file has none). */
function sqliteReasonOf(message: string): string {
  const match = /could not be opened: (.*?)\. Restore a backup/.exec(message);
  return match ? `${match[1]}.` : message;
}

/** The one positional a command takes, with a message that says whether it is missing or one too many. */
function requireOne(positionals: string[], command: string, what: string): string {
  return expectPositionals(positionals, command, [what], COMMAND_SPECS[command]?.usage ?? `spanbench ${command}`)[0]!;
}

/**
 * The positionals as the command will see them, to name an extra one before the command runs
 * (its own check may only say what it needs). Null when the options do not parse: the command
 * then reports them itself.
 */
function positionalsOf(spec: CommandSpec, args: string[]): string[] | null {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: spec.options }).positionals;
  } catch {
    return null;
  }
}

/**
 * node:util parseArgs's complaint about an option, in our words on one line, or null for any
 * other error. Its own messages span lines, quote unevenly ('-- "--jsn") and point to no help.
 */
function describeParseArgsError(error: unknown): string | null {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS') || typeof message !== 'string') return null;
  // Node names the option first, in single quotes: 'Unknown option '--jsn'…', 'Option '--format <value>' argument missing'.
  const option = /'(-[^'\s]*)/.exec(message)?.[1];
  if (!option) return message.split('\n')[0]!;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (/does not take an argument/.test(message)) return `option ${option} takes no value`;
  if (/ambiguous/.test(message)) return `option ${option} needs a value; for one that starts with a dash, write ${option}=VALUE`;
  if (/argument missing/.test(message)) return `option ${option} needs a value`;
  return message.split('\n')[0]!;
}

function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** One line for a failure that is no bug, or null for a failure that is one. */
function describeExpectedFailure(error: unknown, projectFile: string | null): string | null {
  if (error instanceof UsageError || error instanceof CliError || error instanceof ProjectOpenError || error instanceof ProjectStartError) return error.message;
  const fileError = describeFileError(error);
  if (fileError) return fileError;
  if (isSqliteError(error)) return describeSqliteError(projectFile ?? 'the project', error);
  return null;
}

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0];
    if (name === 'help' && topic !== undefined && COMMAND_SPECS[topic]) process.stdout.write(commandHelp(topic));
    else process.stdout.write(HELP);
    return 0;
  }
  const command = commands[name];
  const spec = COMMAND_SPECS[name];
  if (!command || !spec) {
    process.stderr.write(`spanbench: unknown command ${name}\n\n${HELP}`);
    return 2;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(commandHelp(name));
    return 0;
  }
  const positionals = positionalsOf(spec, rest);
  try {
    if (positionals && positionals.length > spec.maxPositionals) {
      throw new UsageError(`unexpected extra argument ${JSON.stringify(positionals[spec.maxPositionals])}; usage: ${spec.usage}`);
    }
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`spanbench ${name}: ${error.message}\n`);
      return 2;
    }
    const optionProblem = describeParseArgsError(error);
    if (optionProblem !== null) {
      process.stderr.write(`spanbench ${name}: ${optionProblem} (see spanbench ${name} --help)\n`);
      return 2;
    }
    // SQLite names no file; every command but serve without one names its project first.
    const projectFile = positionals?.[0] !== undefined ? path.resolve(positionals[0]) : name === 'serve' ? defaultProjectPath() : null;
    const expected = describeExpectedFailure(error, projectFile);
    if (expected !== null) {
      process.stderr.write(`spanbench ${name}: ${expected}\n`);
      return 1;
    }
    process.stderr.write(`spanbench ${name}: unexpected error; this is a bug in Spanbench, please report it with what follows:\n${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}
