/** JSON Lines: one article object per line; blank lines are ignored. */

import { jsonValueToArticle } from './article';
import { exceedsDepth } from './json-scan';
import { LineSplitter, type SplitLine } from './lines';
import { DEFAULT_MAX_DEPTH, problemRecord, type ArticleParseOptions, type ParsedRecord, type RecordParser } from './types';

export function createJsonlParser(file: string, options: ArticleParseOptions = {}): RecordParser {
  const splitter = new LineSplitter();
  const textField = options.textField ?? 'text';
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  let sawText = false;
  let records = 0;

  const parseLine = ({ line, text }: SplitLine): ParsedRecord | null => {
    if (text.trim() === '') return null;
    records++;
    const fail = (reason: string) => problemRecord({ file, line, reason }, false);
    if (exceedsDepth(text, maxDepth)) return fail(`nested deeper than ${maxDepth} levels`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return fail(`invalid JSON: ${(error as Error).message}`);
    }
    const result = jsonValueToArticle(value, textField, text);
    return result.ok ? { ok: true, line, article: result.article } : fail(result.reason);
  };

  const parseAll = (lines: SplitLine[]): ParsedRecord[] => {
    const out: ParsedRecord[] = [];
    for (const line of lines) {
      const record = parseLine(line);
      if (record) out.push(record);
    }
    return out;
  };

  return {
    push(text) {
      if (text.length > 0) sawText = true;
      return parseAll(splitter.push(text));
    },
    end() {
      const out = parseAll(splitter.end());
      if (records === 0) {
        out.push(problemRecord({ file, reason: sawText ? 'the file contains only blank lines' : 'the file is empty' }, true));
      }
      return out;
    },
  };
}
