/**
 * The importers the fuzz suite attacks: one entry per importer. Adding an importer (the
 * annotation formats of core/formats/, when they are wired into project import) is one more
 * entry here: how to parse bytes purely, how to import a file into a real project, and a
 * generator of plausible-but-nasty inputs for it.
 */
import fc from 'fast-check';
import { ARTICLE_FORMATS, createImportStream, parseArticleFile, RecordCollector, type ArticleFormat } from '../../core/import/index';
import type { InputProblem } from '../../core/model';
import type { ProjectDb } from '../../db/open';
import { importCorpus } from '../../services/corpusImport';

export interface ParseOutcome {
  refused: boolean;
  problems: InputProblem[];
  /** The texts that would be stored, in order. */
  texts: string[];
}

export interface ImportOutcome {
  refused: boolean;
  imported: number;
  problems: InputProblem[];
}

export interface ImporterUnderTest {
  name: string;
  /** File extension the generated files get. */
  extension: string;
  /** Bytes in, outcome out, whole file at once. Must never throw. */
  parse(file: string, bytes: Uint8Array): ParseOutcome;
  /** The same through the streaming path, with the bytes cut at `cuts`. Must agree with parse. */
  parseInChunks?(file: string, bytes: Uint8Array, cuts: number[]): ParseOutcome;
  /** The file, through services/corpusImport.ts (or the format's own service) into a project. */
  importFile(db: ProjectDb, file: string): ImportOutcome;
  /** Inputs shaped like this format, with the nasty cases mixed in. */
  arbitrary: fc.Arbitrary<Uint8Array>;
}

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text);

/** Characters that break naive parsers: quotes, separators, newlines, NUL, bidi overrides, astral, lone surrogates. */
const nastyChar = fc.constantFrom(
  'a', 'b', ' ', ',', ';', '\t', '\n', '\r', '\r\n', '"', "'", '\\', '{', '}', '[', ']', ':', '<', '>', '&', '&amp;', '&#x202E;',
  '\u0000', '\u202e', '\u2066', '\u200b', '\ufeff', 'é', 'e\u0301', 'Ж', 'ب', '👋', '👨‍👩‍👧', '\ud800', '\udfff', '__proto__', 'constructor',
);
const nastyString = fc.array(nastyChar, { maxLength: 40 }).map((parts) => parts.join(''));
const plainText = fc.array(fc.constantFrom('the', 'commission', 'met', 'in', 'Ташкент', 'café', '👋', 'decided', '\u202eevil', '\n'), { minLength: 1, maxLength: 30 }).map((words) => words.join(' '));

/** A number literal as written in JSON, including ones JSON.parse cannot keep exactly. */
const numberLiteral = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom('9007199254740993', '-9007199254740993', '123456789012345678901234567890', '1e400', '-0', '0.1e-400', '1.7976931348623157e309'),
);

const jsonValue = fc.oneof(
  { depthSize: 'small' },
  nastyString.map((s) => JSON.stringify(s)),
  numberLiteral,
  fc.constantFrom('true', 'false', 'null', '{}', '[]', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}'),
);

const jsonKey = fc.oneof(fc.constantFrom('text', 'title', 'id', 'source', 'url', 'date', 'published_at', 'lang', 'meta', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'Text', 'TEXT'), nastyString);

const jsonRecord = fc
  .tuple(plainText, fc.array(fc.tuple(jsonKey, jsonValue), { maxLength: 6 }))
  .map(([text, fields]) => `{${[`"text":${JSON.stringify(text)}`, ...fields.map(([key, value]) => `${JSON.stringify(key)}:${value}`)].join(',')}}`);

/** Valid-looking content, sometimes cut short, sometimes with raw bytes spliced in. */
function mangled(text: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(text, fc.nat(), fc.oneof(fc.constant('none'), fc.constant('truncate'), fc.constant('splice')), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([value, at, how, junk]) => {
    const bytes = utf8(value);
    const cut = bytes.length === 0 ? 0 : at % bytes.length;
    if (how === 'truncate') return bytes.subarray(0, cut);
    if (how === 'splice') return Uint8Array.from([...bytes.subarray(0, cut), ...junk, ...bytes.subarray(cut)]);
    return bytes;
  });
}

const csvCell = fc.oneof(nastyString, plainText, nastyString.map((s) => `"${s.replace(/"/g, '""')}"`), plainText.map((s) => `"${s}\n${s}"`));

function delimited(separator: string): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(`text${separator}title`, `title${separator}body${separator}id`, `content`, `Text${separator}text`, `a${separator}b`),
      fc.array(fc.array(csvCell, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
      fc.constantFrom('\n', '\r\n', '\r'),
    )
    .map(([header, rows, newline]) => [header, ...rows.map((row) => row.join(separator))].join(newline));
}

const html = fc
  .tuple(
    fc.array(fc.oneof(plainText, nastyString, fc.constantFrom('<title>', '</title>', '<p>', '</p>', '<script>x</script>', '<!--', '-->', '<meta name="date" content="2024-01-01">', '<br/>', '<![CDATA[', '&nbsp;', '&#0;', '&#xD800;')), { maxLength: 25 }),
  )
  .map(([parts]) => `<html><body>${parts.join('')}</body></html>`);

const formatArbitraries: Record<ArticleFormat, fc.Arbitrary<string>> = {
  txt: fc.oneof(plainText, nastyString),
  md: fc.oneof(plainText.map((t) => `# Title\n\n${t}`), nastyString),
  html,
  jsonl: fc.array(fc.oneof(jsonRecord, jsonRecord, nastyString), { maxLength: 8 }).map((lines) => lines.join('\n')),
  json: fc.oneof(
    fc.array(jsonRecord, { maxLength: 6 }).map((records) => `[${records.join(',')}]`),
    fc.array(jsonRecord, { maxLength: 4 }).map((records) => `{"articles":[${records.join(',')}]}`),
    jsonRecord,
  ),
  csv: delimited(','),
  tsv: delimited('\t'),
};

function fromParsed(file: string, format: ArticleFormat, bytes: Uint8Array): ParseOutcome {
  const parsed = parseArticleFile(file, bytes, { format });
  return { refused: parsed.refused, problems: parsed.problems, texts: parsed.articles.map((a) => a.text) };
}

function fromChunks(file: string, format: ArticleFormat, bytes: Uint8Array, cuts: number[]): ParseOutcome {
  const stream = createImportStream(file, format);
  const collector = new RecordCollector(file);
  const texts: string[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    texts.push(...collector.take(stream.push(bytes.subarray(from, cut))).map((a) => a.text));
    from = cut;
  }
  texts.push(...collector.take(stream.push(bytes.subarray(from))).map((a) => a.text));
  texts.push(...collector.take(stream.end()).map((a) => a.text));
  const report = collector.finish();
  return { refused: report.refused, problems: report.problems, texts: report.refused ? [] : texts };
}

const articleImporters: ImporterUnderTest[] = ARTICLE_FORMATS.map((format) => ({
  name: `article ${format}`,
  extension: format,
  parse: (file, bytes) => fromParsed(file, format, bytes),
  parseInChunks: (file, bytes, cuts) => fromChunks(file, format, bytes, cuts),
  importFile: (db, file) => {
    const summary = importCorpus(db, [file], { format, onDuplicate: 'keep', skipInvalid: false });
    const outcome = summary.files[0]!;
    return { refused: outcome.refused, imported: summary.imported, problems: outcome.problems };
  },
  arbitrary: fc.oneof({ weight: 3, arbitrary: mangled(formatArbitraries[format]) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) }),
}));

/** Every importer the suite runs. Annotation formats: add their entries here. */
export const IMPORTERS: readonly ImporterUnderTest[] = [...articleImporters];
