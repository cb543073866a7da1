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
import { allProblems, createLineImporter, hasErrors, importFile, importW3c } from '../../core/formats/index';
import { runLineImporter } from '../../core/formats/shared';
import { decodeBytes, ImportError } from '../../core/import/index';

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

type FuzzedAnnotationFormat = 'spanbench' | 'doccano' | 'conll' | 'labelstudio' | 'prodigy' | 'webanno' | 'w3c';

/** Document texts, now and then with half a character written as a JSON escape ("\ud800"), which must be refused. */
const annotationText = fc.oneof(
  { weight: 5, arbitrary: plainText },
  {
    weight: 1,
    arbitrary: fc.tuple(plainText, fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'), fc.nat()).map(([text, half, at]) => {
      const cut = at % (text.length + 1);
      return text.slice(0, cut) + half + text.slice(cut);
    }),
  },
);

/** An offset as files get it wrong: negative, reversed, past the end, fractional, huge. */
const offsetLiteral = fc.oneof(fc.integer({ min: -3, max: 60 }).map(String), fc.constantFrom('1.5', '9007199254740993', '1e400', '"3"', 'null'));
const spanLabel = fc.oneof(fc.constantFrom('Agency', 'Decision', 'ORG', 'PER', '__proto__', 'constructor', 'a‮b'), nastyString);
const entity = fc
  .tuple(offsetLiteral, offsetLiteral, spanLabel, fc.nat(5))
  .map(([start, end, label, id]) => `{"id":${id},"start_offset":${start},"end_offset":${end},"label":${JSON.stringify(label)}}`);
const labelTriple = fc.tuple(offsetLiteral, offsetLiteral, spanLabel).map(([start, end, label]) => `[${start},${end},${JSON.stringify(label)}]`);

const annotationArbitraries: Record<FuzzedAnnotationFormat, fc.Arbitrary<string>> = {
  spanbench: fc
    .array(
      fc.tuple(annotationText, fc.array(fc.tuple(offsetLiteral, offsetLiteral, spanLabel), { maxLength: 4 })).map(
        ([text, spans]) => `{"text":${JSON.stringify(text)},"spans":[${spans.map(([s, e, l], i) => `{"key":"T${i}","label":${JSON.stringify(l)},"start":${s},"end":${e}}`).join(',')}],"relations":[]}`,
      ),
      { maxLength: 5 },
    )
    .map((lines) => [`{"format":"spanbench","version":1,"offsets":"codepoint"}`, ...lines].join('\n')),
  doccano: fc
    .array(
      fc.oneof(
        fc.tuple(annotationText, fc.array(entity, { maxLength: 4 })).map(([text, es]) => `{"text":${JSON.stringify(text)},"entities":[${es.join(',')}],"relations":[{"id":1,"from_id":0,"to_id":9,"type":"r"}]}`),
        fc.tuple(annotationText, fc.array(labelTriple, { maxLength: 4 })).map(([text, ls]) => `{"text":${JSON.stringify(text)},"label":[${ls.join(',')}]}`),
        jsonRecord,
      ),
      { maxLength: 6 },
    )
    .map((lines) => lines.join('\n')),
  conll: fc
    .array(fc.oneof(fc.tuple(nastyString, fc.constantFrom('O', 'B-ORG', 'I-ORG', 'I-PER', 'E-LOC', 'S-X', 'B-', 'X-Y', '')).map(([t, tag]) => `${t}\t${tag}`), fc.constantFrom('', '-DOCSTART- -X- O O', '\t', 'a b c d')), { maxLength: 20 })
    .map((lines) => lines.join('\n')),
  labelstudio: fc
    .array(
      fc.tuple(annotationText, fc.array(fc.tuple(offsetLiteral, offsetLiteral, spanLabel), { maxLength: 3 })).map(
        ([text, rs]) =>
          `{"id":1,"data":{"text":${JSON.stringify(text)}},"annotations":[{"result":[${rs.map(([s, e, l], i) => `{"id":"r${i}","type":"labels","from_name":"label","to_name":"text","value":{"start":${s},"end":${e},"labels":[${JSON.stringify(l)}]}}`).join(',')}]}]}`,
      ),
      { maxLength: 4 },
    )
    .map((tasks) => `[${tasks.join(',')}]`),
  prodigy: fc
    .array(
      fc.tuple(annotationText, fc.array(fc.tuple(offsetLiteral, offsetLiteral, spanLabel), { maxLength: 3 })).map(
        ([text, spans]) => `{"text":${JSON.stringify(text)},"spans":[${spans.map(([s, e, l]) => `{"start":${s},"end":${e},"label":${JSON.stringify(l)}}`).join(',')}]}`,
      ),
      { maxLength: 5 },
    )
    .map((lines) => lines.join('\n')),
  webanno: fc
    .tuple(fc.array(fc.tuple(nastyString, fc.nat(30), fc.nat(30), fc.constantFrom('_', 'ORG', 'PER[1]', 'ORG[1]|PER[2]', '*')), { maxLength: 8 }), plainText)
    .map(
      ([tokens, text]) =>
        `#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|label\n\n\n#Text=${text}\n${tokens.map(([t, b, e, l], i) => `1-${i + 1}\t${b}-${e}\t${t}\t${l}\t`).join('\n')}\n`,
    ),
  w3c: fc
    .array(
      fc.tuple(nastyString, offsetLiteral, offsetLiteral, spanLabel).map(
        ([exact, s, e, l]) =>
          `{"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","body":[{"type":"TextualBody","purpose":"tagging","value":${JSON.stringify(l)}}],"target":{"source":"texts/missing.txt","selector":[{"type":"TextQuoteSelector","exact":${JSON.stringify(exact)}},{"type":"TextPositionSelector","start":${s},"end":${e}}]}}`,
      ),
      { maxLength: 4 },
    )
    .map((annotations) => `[${annotations.join(',')}]`),
};

const ANNOTATION_EXTENSIONS: Record<FuzzedAnnotationFormat, string> = {
  spanbench: 'jsonl',
  doccano: 'jsonl',
  conll: 'conll',
  labelstudio: 'json',
  prodigy: 'jsonl',
  webanno: 'tsv',
  w3c: 'jsonld',
};

/**
 * The pure parse of an annotation file, decoded the way the importer decodes it, with the two rules
 * the import adds on top, as for articles: an empty file, or a document with no text, is refused.
 */
function parseAnnotation(file: string, format: FuzzedAnnotationFormat, bytes: Uint8Array): ParseOutcome {
  if (bytes.length === 0) return { refused: true, problems: [{ file, reason: 'the file is empty' }], texts: [] };
  let text: string;
  try {
    text = decodeBytes(file, bytes, { rejectNul: true }).text;
  } catch (error) {
    if (error instanceof ImportError) return { refused: true, problems: [error.problem], texts: [] };
    throw error;
  }
  const result =
    format === 'w3c'
      ? importW3c(file, text, { resolveText: () => undefined })
      : format === 'labelstudio' || format === 'webanno'
        ? importFile(format, file, text, {})
        : runLineImporter(createLineImporter(format, file, {}), text);
  const problems: InputProblem[] = allProblems(result).filter((p) => p.severity === 'error');
  for (const imported of result.documents) {
    if (imported.errors.length === 0 && imported.document.text.trim() === '') problems.push({ file, reason: 'the document has no text' });
  }
  const refused = problems.length > 0 || hasErrors(result);
  return { refused, problems, texts: refused ? [] : result.documents.map((d) => d.document.text) };
}

const annotationImporters: ImporterUnderTest[] = (Object.keys(annotationArbitraries) as FuzzedAnnotationFormat[]).map((format) => ({
  name: `annotation ${format}`,
  extension: ANNOTATION_EXTENSIONS[format],
  parse: (file, bytes) => parseAnnotation(file, format, bytes),
  importFile: (db, file) => {
    const summary = importCorpus(db, [file], { format, onDuplicate: 'keep', skipInvalid: false });
    const outcome = summary.files[0]!;
    return { refused: outcome.refused, imported: summary.imported, problems: outcome.problems };
  },
  arbitrary: fc.oneof({ weight: 4, arbitrary: mangled(annotationArbitraries[format]) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }) }),
}));

/** Every importer the suite runs. */
export const IMPORTERS: readonly ImporterUnderTest[] = [...articleImporters, ...annotationImporters];
