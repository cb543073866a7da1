/**
 * The `spanbench` command line: project set-up, browser mode and (as they land)
 * import, export, search and maintenance commands.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { insertDocument } from '../db/documentsRepo';
import { ProjectOpenError } from '../db/open';
import { startServer } from '../server/server';
import { decodeUtf8Strict } from './decode';
import { IMPORT_FORMAT_HELP, importCommand, searchCommand, statsCommand } from './corpusCommands';
import { backupCommand, checkCommand, MAINTENANCE_HELP, restoreCommand } from './maintenanceCommands';
import { UsageError } from './usage';
import { exportCommand } from './exportCommand';
import { ensureProject } from '../services/project';
import { defaultProjectPath } from '../services/paths';
import { ProjectStartError, ServiceHost } from '../services/serviceHost';

/** Folder of the built CLI bundle (dist/node). */
const bundleDir: string = __dirname;


const HELP = `spanbench — span annotation workbench

Usage: spanbench <command> [options]

Commands:
  init PROJECT.sqlite [--sample]        Create a project with the default labels
                                        (Agency, Decision, PlannedEvent); --sample adds
                                        the sample article.
  serve [PROJECT.sqlite] [--port N]     Browser mode: serve the app on 127.0.0.1 only and
        [--read-only]                   print its URL with an access token. Without PROJECT,
                                        opens the same default project as the desktop app.
  import PROJECT PATH... [options]      Import article files or folders (recursively):
        --format ${IMPORT_FORMAT_HELP}
        --text-column NAME              CSV/TSV column (or JSON field) holding the text
        --on-duplicate skip|keep        Same text already in the project (default skip)
        --skip-invalid                  Import the good records of a file with bad ones
                                        (default: refuse the whole file)
        --first-line-title              Plain text: the first line is the title
        --offsets codepoint|utf16       Annotation formats: the unit of the file's offsets
        --label-map ORG=Agency,...      Annotation formats: rename labels on the way in
        --include-predictions           Label Studio: import model predictions as spans too
  export PROJECT --format F --out PATH  Write a dataset: F is spanbench, doccano, brat,
        [--offsets codepoint|utf16]     conll, labelstudio, prodigy, w3c, webanno or csv
        [--status new,in_progress,done] [--labels A,B] [--source S]
        [--since YYYY-MM-DD] [--until YYYY-MM-DD]   (published dates)
        [--split train=0.8,dev=0.1,test=0.1 --seed N]   deterministic split by document
  stats PROJECT [--json]                Documents, spans per label, relations
  search PROJECT "QUERY" [--json]       Full-text search: words, "phrases", prefix*,
        [--limit N]                     OR, NOT
  add-text PROJECT FILE [--title T]     Add one UTF-8 text file as a document, byte-exact
        [--source S] [--date YYYY-MM-DD]
${MAINTENANCE_HELP}  help, --help                          Show this help.

The desktop app: npm start [-- --project PROJECT.sqlite]
Default project: ${defaultProjectPath()}
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  import: importCommand,
  export: exportCommand,
  stats: statsCommand,
  search: searchCommand,
  backup: backupCommand,
  check: checkCommand,
  restore: restoreCommand,

  init: async (args) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { sample: { type: 'boolean', default: false } } });
    const file = requireOne(positionals, 'init needs the path of the project to create: spanbench init PROJECT.sqlite');
    if (fs.existsSync(file)) throw new UsageError(`${file} already exists; init creates new projects only. Open it with: spanbench serve ${file}`);
    const opened = await ensureProject(file, { withSample: values.sample });
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
    if (positionals.length > 1) throw new UsageError('serve takes at most one project path.');
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
    const server = await startServer({ caller: host, staticDir, port });
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
      options: { title: { type: 'string' }, source: { type: 'string' }, date: { type: 'string' } },
    });
    if (positionals.length !== 2) throw new UsageError('add-text needs a project and a file: spanbench add-text PROJECT FILE');
    const [projectPath, file] = positionals as [string, string];
    const text = decodeUtf8Strict(fs.readFileSync(file), file);
    const opened = await ensureProject(projectPath, { create: false });
    try {
      const id = opened.db
        .transaction(() =>
          insertDocument(opened.db, {
            text,
            title: values.title ?? path.basename(file).replace(/\.[^.]+$/, ''),
            source: values.source ?? null,
            publishedAt: values.date ?? null,
          }),
        )
        .immediate();
      console.log(`Added document ${id} from ${file}.`);
    } finally {
      opened.db.close();
    }
    return 0;
  },
};

function requireOne(positionals: string[], message: string): string {
  if (positionals.length !== 1) throw new UsageError(message);
  return positionals[0]!;
}

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`spanbench: unknown command ${name}\n\n${HELP}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`spanbench ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    if (error instanceof ProjectOpenError || error instanceof ProjectStartError) {
      process.stderr.write(`spanbench ${name}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`spanbench ${name}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
