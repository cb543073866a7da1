/**
 * Browser mode: turning what the analyst chose or dropped into a flat list of files with
 * their folder-relative names. The server keeps those names (format detection reads the
 * extension) and the summary shows them.
 */
import { FORMAT_BY_EXTENSION } from '../../core/import/detect';

export interface PickedFile {
  file: File;
  /** As the browser gave it, relative to what was chosen: "corpus/2020/a.jsonl" for a folder, "a.jsonl" for a file. */
  given: string;
  /**
   * Unique among the chosen files: `given`, or, when another chosen file already has that name,
   * "a (2).jsonl" (or "corpus (2)/2020/a.jsonl" for a folder's files). The dialog keys its list
   * by it, and the upload is stored under it, so the import's report names this file.
   */
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
      files.push({ file, given: file.name, name: file.name });
      continue;
    }
    if (isHidden(relative)) continue;
    if (isReadableName(relative)) files.push({ file, given: relative, name: relative });
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
    result.files.push({ file: await entryFile(entry as FileSystemFileEntry), given: name, name });
  };
  for (const entry of entries) await walk(entry, false);
  result.files.sort((a, b) => a.name.localeCompare(b.name));
  return result;
}

/** One file on the analyst's disk, as far as the browser tells: where it was chosen from, its size and time. */
function sameFileKey(item: PickedFile): string {
  return `${item.given}\u0000${item.file.size}\u0000${item.file.lastModified}`;
}

/** "a.jsonl" -> "a (2).jsonl": the extension stays last, as format detection reads it. */
function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > name.lastIndexOf('/') + 1 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/**
 * Files just picked, added to those already chosen. Browsers give a file chosen on its own only
 * its bare name, so two files from different folders can share one: the later one is numbered.
 * A folder's files are numbered by their top folder, all alike, so a brat .txt still meets its
 * .ann. The same file chosen again (same name, size and time) is not added twice; `alreadyChosen`
 * names those, for the dialog to say so.
 */
export function addPickedFiles(chosen: readonly PickedFile[], picked: readonly PickedFile[]): { files: PickedFile[]; alreadyChosen: string[] } {
  const known = new Set(chosen.map(sameFileKey));
  // Compared without case: the server may store uploads on a file system that ignores it.
  const taken = new Set(chosen.map((item) => item.name.toLowerCase()));
  const folders = new Set(chosen.flatMap((item) => (item.name.includes('/') ? [item.name.slice(0, item.name.indexOf('/')).toLowerCase()] : [])));
  const folderNames = new Map<string, string>();
  const files = [...chosen];
  const alreadyChosen: string[] = [];
  for (const item of picked) {
    const key = sameFileKey(item);
    if (known.has(key)) {
      alreadyChosen.push(item.given);
      continue;
    }
    known.add(key);
    let name = item.given;
    const slash = name.indexOf('/');
    if (slash > 0) {
      const folder = name.slice(0, slash);
      let renamed = folderNames.get(folder);
      if (renamed === undefined) {
        renamed = folder;
        for (let n = 2; folders.has(renamed.toLowerCase()); n++) renamed = `${folder} (${n})`;
        folderNames.set(folder, renamed);
      }
      name = renamed + name.slice(slash);
    }
    // A bare name, or one a drop of two same-named folders still shares.
    const base = name;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = numberedName(base, n);
    taken.add(name.toLowerCase());
    files.push({ ...item, name });
  }
  return { files, alreadyChosen };
}

/** The file name the analyst knows: uploads live in a temporary folder on the server, named after the original. */
export function displayFileName(file: string): string {
  const uploaded = /spanbench-upload-[^/\\]+[/\\](?:u|batch)-[^/\\]+[/\\](.+)$/.exec(file);
  return (uploaded ? uploaded[1]! : file).replace(/\\/g, '/');
}
