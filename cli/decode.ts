import fs from 'node:fs';
import { decodeBytes } from '../core/import/decode';
import { ImportError } from '../core/import/types';
import { describeProblem } from '../core/model';
import { CliError, UsageError } from './usage';

/**
 * Reads one text file whole, decoded as import decodes it (UTF-8 with or without BOM, UTF-16 with
 * a BOM; the BOM is not part of the text), so a bad byte gets the same message with its offset.
 * Refuses a folder, and an empty or whitespace-only file, as import does.
 */
export function readTextFileStrict(file: string): string {
  if (fs.statSync(file).isDirectory()) {
    throw new UsageError(`${file} is a folder; add-text adds one file. To add every file in a folder: spanbench import PROJECT ${file}`);
  }
  let text: string;
  try {
    text = decodeBytes(file, fs.readFileSync(file)).text;
  } catch (error) {
    if (error instanceof ImportError) throw new CliError(`${error.message}; nothing was added.`);
    throw error;
  }
  if (text.length === 0) throw new CliError(`${describeProblem({ file, reason: 'the file is empty' })}; nothing was added.`);
  if (text.trim() === '') throw new CliError(`${describeProblem({ file, reason: 'the file contains only whitespace' })}; nothing was added.`);
  return text;
}
