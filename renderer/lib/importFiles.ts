/**
 * Browser mode: turning what the analyst chose or dropped into a flat list of files with
 * their folder-relative names. The server keeps those names (format detection reads the
 * extension) and the summary shows them.
 */
import { FORMAT_BY_EXTENSION } from '../../core/import/detect';

export interface PickedFile {
  file: File;
  /** Relative to what was chosen: "corpus/2020/a.jsonl" for a folder, "a.jsonl" for a file. */
  name: string;
}

export interface PickedFiles {
  files: PickedFile[];
  /** Files inside chosen folders that no importer reads (named for the summary, as the desktop import does). */
  skipped: string[];
}

/**
 * Annotation files beside the article formats: brat's .ann (and its annotation.conf, which
 * declares the labels), CoNLL and its cousins, W3C JSON-LD. WebAnno .tsv, doccano .jsonl and
 * Label Studio .json already pass as article extensions; the importer tells them apart.
 */
const ANNOTATION_EXTENSIONS = new Set(['ann', 'conll', 'conllu', 'iob', 'iob2', 'bio', 'bioes', 'jsonld']);

export function isReadableName(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  if (base.toLowerCase() === 'annotation.conf') return true;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return false;
  const extension = base.slice(dot + 1).toLowerCase();
  return Object.hasOwn(FORMAT_BY_EXTENSION, extension) || ANNOTATION_EXTENSIONS.has(extension);
}

function isHidden(name: string): boolean {
  return name.split('/').some((part) => part.startsWith('.'));
}

/**
 * Files from <input type=file>: with `webkitdirectory` each carries webkitRelativePath.
 * Files named one by one are always passed on (the importer says why it cannot read one);
 * inside folders, hidden files are passed over and unknown kinds are listed as skipped.
 */
export function fromFileList(list: FileList | readonly File[] | null): PickedFiles {
  const files: PickedFile[] = [];
  const skipped: string[] = [];
  for (const file of Array.from(list ?? [])) {
    const relative = file.webkitRelativePath;
    if (!relative) {
      files.push({ file, name: file.name });
      continue;
    }
    if (isHidden(relative)) continue;
    if (isReadableName(relative)) files.push({ file, name: relative });
    else skipped.push(relative);
  }
  files.sort((a, b) => a.name.localeCompare(b.name));
  return { files, skipped };
}

function readAllEntries(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries answers in batches (100 in Chromium) until it answers an empty one.
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Walks dropped files and folders (recursively). Must be called during the drop event: items expire after it. */
export async function fromDataTransfer(transfer: DataTransfer): Promise<PickedFiles> {
  const entries: FileSystemEntry[] = [];
  const plain: File[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) plain.push(file);
    }
  }
  const result = fromFileList(plain);
  const walk = async (entry: FileSystemEntry, inFolder: boolean): Promise<void> => {
    const name = entry.fullPath.replace(/^\/+/, '');
    if (entry.isDirectory) {
      if (inFolder && entry.name.startsWith('.')) return;
      for (const child of await readAllEntries(entry as FileSystemDirectoryEntry)) await walk(child, true);
      return;
    }
    if (!entry.isFile) return;
    if (inFolder && isHidden(name)) return;
    if (inFolder && !isReadableName(name)) {
      result.skipped.push(name);
      return;
    }
    result.files.push({ file: await entryFile(entry as FileSystemFileEntry), name });
  };
  for (const entry of entries) await walk(entry, false);
  result.files.sort((a, b) => a.name.localeCompare(b.name));
  return result;
}

/** The file name the analyst knows: uploads live in a temporary folder on the server, named after the original. */
export function displayFileName(file: string): string {
  const uploaded = /spanbench-upload-[^/\\]+[/\\](?:u|batch)-[^/\\]+[/\\](.+)$/.exec(file);
  return (uploaded ? uploaded[1]! : file).replace(/\\/g, '/');
}
