/**
 * brat standoff: a folder of `name.txt` + `name.ann` pairs with `annotation.conf` and
 * `visual.conf`. https://brat.nlplab.org/standoff.html
 *
 * Offsets are code points: the brat server is Python and indexes str (fixtures/SOURCES.md).
 * brat's text column joins discontinuous fragments with one space, as DKPro and brat do.
 *
 * A text column cannot hold a line break, so a span that crosses one is written the way brat's
 * own UI writes it: split into fragments at the line breaks (`4 23;24 43`). Reading a file, we
 * join fragments that only line breaks separate back into the one span they were cut from.
 */
import { fragmentsProblem, type AnnotatedDocument, type RelationInput, type SpanAttributeValue, type SpanInput } from '../model';
import { OffsetIndex } from '../offsets';
import { DocChecker, FileNamer, LossLog, documentFileId, externalIdCarriedAs, emptyResult, outOffset, reportUncarried, setOwn, spanKeys, splitLines, stripCr } from './shared';
import type { ExportDocument, FormatExporter, ImportResult, OffsetOption, OffsetUnit } from './types';

/** Attribute key prefix for brat N (normalization) lines: `norm:Reference` = "Wikipedia:64488". */
export const BRAT_NORM_PREFIX = 'norm:';
/** Suffix of the companion attribute holding an N line's text column. */
export const BRAT_NORM_TEXT_SUFFIX = ':text';

export interface BratConf {
  entities: Set<string>;
  relations: Set<string>;
  events: Set<string>;
  attributes: Set<string>;
}

/** Reads the type names declared in annotation.conf (hierarchy and macros are flattened). */
export function parseBratConf(text: string): BratConf {
  const conf: BratConf = { entities: new Set(), relations: new Set(), events: new Set(), attributes: new Set() };
  let section: keyof BratConf | null = null;
  for (const raw of splitLines(text)) {
    const line = stripCr(raw).trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      const name = header[1]!;
      section = name === 'entities' || name === 'relations' || name === 'events' || name === 'attributes' ? name : null;
      continue;
    }
    if (!section || line.startsWith('<')) continue;
    const name = line.split(/\s+/)[0]!.replace(/^!/, '');
    if (name !== '') conf[section].add(name);
  }
  return conf;
}

export interface BratImportOptions extends OffsetOption {
  /** annotation.conf text; when given, labels it does not declare are reported as warnings. */
  conf?: string | BratConf;
}

export interface BratPair {
  txtName: string;
  txtText: string;
  /** Name used in messages; defaults to txtName with .ann. */
  annName?: string;
  annText: string;
  /**
   * The .txt began with a byte order mark, left out of txtText (it is not part of the text). brat
   * reads the file with Python's utf-8 codec, which keeps it as character 0, so the .ann's offsets
   * count it: they are read against the text with it, then moved back by one.
   */
  txtHadBom?: boolean;
}

/** Imports one text/annotation pair as one document. */
export function importBrat(pair: BratPair, options: BratImportOptions = {}): ImportResult {
  const unit: OffsetUnit = options.offsets ?? 'codepoint';
  const annName = pair.annName ?? pair.txtName.replace(/\.txt$/i, '') + '.ann';
  const conf = typeof options.conf === 'string' ? parseBratConf(options.conf) : options.conf;
  const bratText = pair.txtHadBom ? `\uFEFF${pair.txtText}` : pair.txtText;
  const check = new DocChecker(annName, bratText, unit, 0, pair.txtName);
  const doc: AnnotatedDocument = { text: bratText, spans: [], relations: [] };
  const spanLine = new Map<SpanInput, number>();
  const stem = pair.txtName.replace(/^.*[\\/]/, '').replace(/\.txt$/i, '');
  doc.externalId = stem;
  const spanByKey = new Map<string, SpanInput>();
  const relByKey = new Map<string, RelationInput>();
  const relLine = new Map<RelationInput, number>();
  // A/N/# lines may come before the line they point at, so resolve them after all T/R lines.
  const deferred: Array<{ line: number; kind: 'attr' | 'norm' | 'note'; fields: string[] }> = [];
  const eventKeys = new Set<string>();

  splitLines(pair.annText).forEach((raw, i) => {
    const lineNo = i + 1;
    const line = stripCr(raw);
    if (line.trim() === '') return;
    const fields = line.split('\t');
    const id = fields[0] ?? '';
    const kind = id.charAt(0);
    if (kind === 'T') {
      const span = readTextBound(fields, lineNo, check);
      if (!span) return;
      if (spanByKey.has(id)) {
        check.error(lineNo, `duplicate id ${id}`, id);
        return;
      }
      if (conf && !conf.entities.has(span.label) && !conf.events.has(span.label)) {
        check.warn(lineNo, `label ${JSON.stringify(span.label)} of ${id} is not declared in annotation.conf`, id);
      }
      spanByKey.set(id, span);
      spanLine.set(span, lineNo);
      doc.spans.push(span);
    } else if (kind === 'R') {
      const parts = (fields[1] ?? '').split(' ').filter((p) => p !== '');
      const [type, a1, a2] = parts;
      const from = a1?.split(':')[1];
      const to = a2?.split(':')[1];
      if (!type || !from || !to || parts.length !== 3) {
        check.error(lineNo, `relation ${id}: expected "Type Arg1:T1 Arg2:T2"`, id);
        return;
      }
      const rel: RelationInput = { key: id, type, from, to };
      relByKey.set(id, rel);
      relLine.set(rel, lineNo);
      doc.relations.push(rel);
    } else if (kind === 'E') {
      eventKeys.add(id);
      const parts = (fields[1] ?? '').split(' ');
      check.warn(
        lineNo,
        `event ${id} (${parts[0] ?? ''}) is not supported: its trigger ${parts[0]?.split(':')[1] ?? '?'} is kept as a span, its ${parts.length - 1} argument(s) are not imported`,
        id,
      );
    } else if (kind === 'A' || kind === 'M') {
      deferred.push({ line: lineNo, kind: 'attr', fields });
    } else if (kind === 'N') {
      deferred.push({ line: lineNo, kind: 'norm', fields });
    } else if (kind === '#') {
      deferred.push({ line: lineNo, kind: 'note', fields });
    } else if (kind === '*') {
      const parts = (fields[1] ?? '').split(' ').filter((p) => p !== '');
      const [type, ...members] = parts;
      for (let m = 0; m + 1 < members.length; m++) {
        const rel: RelationInput = { type: type ?? 'Equiv', from: members[m]!, to: members[m + 1]! };
        relLine.set(rel, lineNo);
        doc.relations.push(rel);
      }
      check.warn(lineNo, `equivalence "${fields[1] ?? ''}" imported as ${Math.max(0, members.length - 1)} chained ${type ?? ''} relation(s)`);
    } else {
      check.warn(lineNo, `unsupported annotation line ${JSON.stringify(line.slice(0, 40))} not imported`);
    }
  });

  for (const { line, kind, fields } of deferred) {
    const id = fields[0] ?? '';
    const parts = (fields[1] ?? '').split(' ').filter((p) => p !== '');
    if (kind === 'note') {
      const target = parts[1];
      const note = fields.slice(2).join('\t');
      if (parts[0] !== 'AnnotatorNotes' || !target) {
        check.warn(line, `comment ${id} of type ${parts[0] ?? '?'} not imported`);
        continue;
      }
      const span = spanByKey.get(target);
      const rel = relByKey.get(target);
      if (span) span.note = note;
      else if (rel) rel.note = note;
      else if (eventKeys.has(target)) check.warn(line, `note ${id} on event ${target} not imported (events are not supported)`);
      else check.error(line, `note ${id} refers to unknown annotation ${target}`);
      continue;
    }
    const [name, target, value] = parts;
    if (!name || !target) {
      check.error(line, `${id}: expected "Name Target [Value]"`);
      continue;
    }
    const span = spanByKey.get(target);
    if (!span) {
      if (eventKeys.has(target) || relByKey.has(target)) {
        check.warn(line, `${kind === 'norm' ? 'normalization' : 'attribute'} ${id} (${name}) on ${target} not imported: only spans keep attributes`);
      } else check.error(line, `${id} refers to unknown annotation ${target}`);
      continue;
    }
    span.attributes ??= {};
    if (kind === 'attr') {
      setOwn<SpanAttributeValue>(span.attributes, name, value ?? true);
    } else {
      if (!value) {
        check.error(line, `normalization ${id}: expected "Type Target RefDB:RefID"`);
        continue;
      }
      setOwn<SpanAttributeValue>(span.attributes, BRAT_NORM_PREFIX + name, value);
      const text = fields.slice(2).join('\t');
      if (text !== '') setOwn<SpanAttributeValue>(span.attributes, BRAT_NORM_PREFIX + name + BRAT_NORM_TEXT_SUFFIX, text);
    }
  }
  if (pair.txtHadBom) leaveOutByteOrderMark(doc, pair.txtText, check, spanLine, relLine);
  check.finishRelations(doc, (i) => relLine.get(doc.relations[i]!));
  const result = emptyResult();
  result.documents.push(check.imported(doc, 1, stem));
  return result;
}

function readTextBound(fields: string[], line: number, check: DocChecker): SpanInput | null {
  const id = fields[0]!;
  const head = fields[1] ?? '';
  const spaceAt = head.indexOf(' ');
  const label = spaceAt < 0 ? '' : head.slice(0, spaceAt);
  const offsets = spaceAt < 0 ? '' : head.slice(spaceAt + 1);
  const pieces = offsets.split(';').map((p) => p.trim().split(' '));
  if (label === '' || pieces.some((p) => p.length !== 2)) {
    check.error(line, `text-bound ${id}: expected "Label start end[;start end…]"`, id);
    return null;
  }
  const fragments: Array<[number, number]> = [];
  for (const [s, e] of pieces) {
    const range = check.range(/^\d+$/.test(s!) ? Number(s) : s, /^\d+$/.test(e!) ? Number(e) : e, line, id);
    if (!range) return null;
    fragments.push(range);
  }
  // The one rule for fragments (core/model.ts); the span covers them all by construction.
  const broken = fragmentsProblem(fragments, fragments[0]![0], fragments[fragments.length - 1]![1]);
  if (broken) {
    check.error(line, `text-bound ${id}: ${broken}`, id);
    return null;
  }
  const stored = fields.length > 2 ? fields.slice(2).join('\t') : undefined;
  if (stored !== undefined) {
    // What brat compares: the fragments' text as written, joined by one space (annotation.py
    // TextAnnotations._parse_textbound_annotation), before any fragments are joined below.
    const actual = fragments.map(([s, e]) => check.slice(s, e)).join(' ');
    if (stored !== actual) {
      // Older Spanbench exports wrote a span across a line break as one fragment with the line
      // break turned into a space. brat refuses such a line, but what it marks is unambiguous.
      if (stored !== actual.replace(/\r\n|\r|\n/g, ' ')) {
        check.error(
          line,
          `text-bound ${id}: stored text ${JSON.stringify(stored.slice(0, 60))} does not match the document text ${JSON.stringify(actual.slice(0, 60))}`,
          id,
        );
        return null;
      }
      check.warn(line, `text-bound ${id}: its text has spaces where the document has line breaks (brat itself refuses this line); imported as marked`, id);
    }
  }
  const joined = joinLineBreakFragments(fragments, check);
  const span: SpanInput = { key: id, label, start: joined[0]![0], end: joined[joined.length - 1]![1] };
  if (joined.length > 1) span.fragments = joined;
  return span;
}

/**
 * Moves spans read against the text with its byte order mark (character 0, as brat counts it) onto
 * the text without it. A span that starts on the mark starts after it; one that is only the mark
 * is left out, and so are its relations, each with a warning.
 */
function leaveOutByteOrderMark(doc: AnnotatedDocument, text: string, check: DocChecker, spanLine: Map<SpanInput, number>, relLine: Map<RelationInput, number>): void {
  const back = ([s, e]: [number, number]): [number, number] => [Math.max(0, s - 1), e - 1];
  const leftOut = new Set<string>();
  doc.text = text;
  doc.spans = doc.spans.filter((span) => {
    const line = spanLine.get(span);
    if (span.end <= 1) {
      check.warn(line, `text-bound ${span.key ?? '?'} marks only the byte order mark, which is not part of the text; not imported`, span.key);
      if (span.key !== undefined) leftOut.add(span.key);
      return false;
    }
    if (span.start === 0) check.warn(line, `text-bound ${span.key ?? '?'} starts on the byte order mark, which is not part of the text; imported from the character after it`, span.key);
    [span.start, span.end] = back([span.start, span.end]);
    if (span.fragments) {
      const moved = span.fragments.map(back).filter(([s, e]) => e > s);
      // A first fragment that was only the mark is gone: the span starts where the next one does.
      [span.start, span.end] = [moved[0]![0], moved[moved.length - 1]![1]];
      if (moved.length > 1) span.fragments = moved;
      else delete span.fragments;
    }
    return true;
  });
  doc.relations = doc.relations.filter((rel) => {
    const end = leftOut.has(rel.from) ? rel.from : leftOut.has(rel.to) ? rel.to : null;
    if (end !== null) check.warn(relLine.get(rel), `relation ${rel.key ?? rel.type} not imported: its span ${end} marks only the byte order mark`, rel.key);
    return end === null;
  });
}

/**
 * Every character brat's server takes for the end of an .ann line: it reads the file with
 * Python's codecs readlines(), that is str.splitlines() (annotation.py _parse_ann_file). A text
 * column holding any of them would be cut in two, so none may sit inside a written fragment.
 */
const LINE_BREAKS = '\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029';
const LINE_BREAK_RUN = new RegExp(`[${LINE_BREAKS}]+`, 'g');
const ONLY_LINE_BREAKS = new RegExp(`^[${LINE_BREAKS}]+$`);
const NOT_IN_NAMES = new RegExp(`[\\s${LINE_BREAKS}]`, 'g');
/** One line break as brat reads it: CRLF counts once. */
const ANY_LINE_BREAK = new RegExp(`\\r\\n|[${LINE_BREAKS}]`, 'g');

/** Notes and normalization texts have no fragments to split into: their line breaks become spaces. */
function flattenBreaks(text: string): string {
  return text.replace(ANY_LINE_BREAK, ' ');
}

/** True when the characters between two fragments are all line breaks (and there is at least one). */
function onlyLineBreaksBetween(text: string, index: OffsetIndex, end: number, start: number): boolean {
  return start > end && ONLY_LINE_BREAKS.test(text.slice(index.toUtf16(end), index.toUtf16(start)));
}

/**
 * Joins consecutive fragments separated only by line breaks: brat's UI cuts a selection that
 * crosses lines into such fragments (annotator.py __create_span), and our exporter does too.
 */
function joinLineBreakFragments(fragments: Array<[number, number]>, check: DocChecker): Array<[number, number]> {
  const joined: Array<[number, number]> = [[...fragments[0]!]];
  for (const [s, e] of fragments.slice(1)) {
    const last = joined[joined.length - 1]!;
    if (onlyLineBreaksBetween(check.text, check.index, last[1], s)) last[1] = e;
    else joined.push([s, e]);
  }
  return joined;
}

/** The non-empty pieces of [start, end) between runs of line breaks, in code points. */
function splitAtLineBreaks(text: string, index: OffsetIndex, start: number, end: number): Array<[number, number]> {
  const from16 = index.toUtf16(start);
  const slice = text.slice(from16, index.toUtf16(end));
  const pieces: Array<[number, number]> = [];
  let at = 0;
  // Line breaks are single UTF-16 units, so every boundary below is a code point edge.
  for (const m of slice.matchAll(LINE_BREAK_RUN)) {
    if (m.index > at) pieces.push([index.toCodePoint(from16 + at), index.toCodePoint(from16 + m.index)]);
    at = m.index + m[0].length;
  }
  if (slice.length > at) pieces.push([index.toCodePoint(from16 + at), end]);
  return pieces;
}

/** Loss reasons for what line breaks do to a span in brat. */
const LINE_BREAK_LOSS = {
  only: 'only line breaks (brat cannot mark a line break)',
  edges: 'line breaks at its edges left out (brat cannot mark a line break)',
  joined: 'fragments separated only by line breaks read back as one continuous span',
} as const;

/**
 * Why the written pieces will not read back as exactly these fragments, or null when they will.
 * `pieces[f]` are the pieces of `fragments[f]`.
 */
function lineBreakLoss(text: string, index: OffsetIndex, fragments: Array<[number, number]>, pieces: Array<Array<[number, number]>>): string | null {
  if (pieces.every((p) => p.length === 0)) return LINE_BREAK_LOSS.only;
  const trimmed = fragments.some(([s, e], f) => {
    const own = pieces[f]!;
    return own.length === 0 || own[0]![0] !== s || own[own.length - 1]![1] !== e;
  });
  if (trimmed) return LINE_BREAK_LOSS.edges;
  for (let f = 1; f < fragments.length; f++) {
    if (onlyLineBreaksBetween(text, index, fragments[f - 1]![1], fragments[f]![0])) return LINE_BREAK_LOSS.joined;
  }
  return null;
}

export interface BratExportOptions extends OffsetOption {
  /**
   * The project's labels in its order (the Labels dialog's), for annotation.conf and visual.conf to
   * list the labels spans use in it, as the palette does. A label it lacks follows, in name order.
   */
  labelOrder?: readonly string[];
}

/** brat names may not contain spaces (fields are space-separated). */
/** A label, relation type or attribute name brat can read: no whitespace, and no line break of any kind. */
function bratName(name: string): string {
  return name.replace(NOT_IN_NAMES, '_') || '_';
}

export function createBratExporter(options: BratExportOptions = {}): FormatExporter {
  const unit: OffsetUnit = options.offsets ?? 'codepoint';
  const log = new LossLog();
  const names = new FileNamer();
  const entityTypes = new Set<string>();
  const relationTypes = new Set<string>();
  const attributeValues = new Map<string, Set<string>>();
  return {
    format: 'brat',
    begin: () => [],
    document(doc: ExportDocument, ordinal) {
      const index = new OffsetIndex(doc.text);
      const name = names.name(documentFileId(doc), ordinal);
      const keys = spanKeys(doc.spans);
      const keepKeys = keys.every((k) => /^T\d+$/.test(k)) && new Set(keys).size === keys.length;
      const bratKey = new Map<string, string>();
      const lines: string[] = [];
      const extra: string[] = [];
      let attrN = 0;
      let normN = 0;
      let noteN = 0;
      const written: SpanInput[] = [];
      const leftOut = new Set<string>();
      doc.spans.forEach((span, i) => {
        const fragments = span.fragments && span.fragments.length > 0 ? span.fragments : [[span.start, span.end] as [number, number]];
        // brat compares the text column with the fragments' text joined by one space, and the
        // column cannot hold a line break: write each fragment as its pieces between line breaks.
        const perFragment = fragments.map(([s, e]) => splitAtLineBreaks(doc.text, index, s, e));
        const pieces = perFragment.flat();
        const loss = lineBreakLoss(doc.text, index, fragments, perFragment);
        if (loss !== null) log.span(doc, ordinal, span, loss);
        if (pieces.length === 0) {
          leftOut.add(keys[i]!);
          return;
        }
        written.push(span);
        const key = keepKeys ? keys[i]! : `T${i + 1}`;
        bratKey.set(keys[i]!, key);
        const label = bratName(span.label);
        if (label !== span.label) log.span(doc, ordinal, span, 'label whitespace replaced by "_"');
        entityTypes.add(label);
        const offsets = pieces.map(([s, e]) => `${outOffset(index, s, unit)} ${outOffset(index, e, unit)}`).join(';');
        const text = pieces.map(([s, e]) => doc.text.slice(index.toUtf16(s), index.toUtf16(e))).join(' ');
        lines.push(`${key}\t${label} ${offsets}\t${text}`);
        for (const attr of Object.keys(span.attributes ?? {})) {
          const value = span.attributes![attr]!;
          if (attr.startsWith(BRAT_NORM_PREFIX)) {
            if (attr.endsWith(BRAT_NORM_TEXT_SUFFIX) && Object.hasOwn(span.attributes!, attr.slice(0, -BRAT_NORM_TEXT_SUFFIX.length))) continue;
            const normText = span.attributes![attr + BRAT_NORM_TEXT_SUFFIX];
            extra.push(
              `N${++normN}\t${bratName(attr.slice(BRAT_NORM_PREFIX.length))} ${key} ${bratName(String(value))}\t${flattenBreaks(normText === undefined ? '' : String(normText))}`,
            );
            continue;
          }
          const attrName = bratName(attr);
          if (attrName !== attr || (typeof value === 'string' && bratName(value) !== value)) {
            log.add({ kind: 'attribute', documentId: doc.id, ordinal, key: span.key ?? key, label: attr, reason: 'attribute whitespace replaced by "_"' });
          }
          // A brat binary attribute is there or not: an explicit false reads back as no attribute at all.
          if (value === false) {
            log.add({ kind: 'attribute', documentId: doc.id, ordinal, key: span.key ?? key, label: attr, reason: 'false flag attribute left out' });
            continue;
          }
          const values = attributeValues.get(attrName) ?? new Set<string>();
          attributeValues.set(attrName, values);
          if (value === true) extra.push(`A${++attrN}\t${attrName} ${key}`);
          else {
            values.add(bratName(String(value)));
            extra.push(`A${++attrN}\t${attrName} ${key} ${bratName(String(value))}`);
          }
        }
        if (span.note !== undefined && span.note !== null && span.note !== '') {
          if (flattenBreaks(span.note) !== span.note) log.span(doc, ordinal, span, 'note line breaks replaced by spaces');
          extra.push(`#${++noteN}\tAnnotatorNotes ${key}\t${flattenBreaks(span.note)}`);
        }
      });
      log.spans += written.length;
      let relN = 0;
      const writtenRelations: RelationInput[] = [];
      for (const rel of doc.relations) {
        const from = bratKey.get(rel.from);
        const to = bratKey.get(rel.to);
        if (!from || !to) {
          const reason = leftOut.has(rel.from) || leftOut.has(rel.to) ? 'relation end is a span left out (only line breaks)' : 'relation end is not a span of the document';
          log.relation(doc, ordinal, rel, reason);
          continue;
        }
        writtenRelations.push(rel);
        const type = bratName(rel.type);
        if (type !== rel.type) log.relation(doc, ordinal, rel, 'relation type whitespace replaced by "_"');
        relationTypes.add(type);
        const key = rel.key !== undefined && /^R\d+$/.test(rel.key) && keepKeys ? rel.key : `R${++relN}`;
        lines.push(`${key}\t${type} Arg1:${from} Arg2:${to}\t`);
        if (rel.note) {
          if (flattenBreaks(rel.note) !== rel.note) log.relation(doc, ordinal, rel, 'note line breaks replaced by spaces');
          extra.push(`#${++noteN}\tAnnotatorNotes ${key}\t${flattenBreaks(rel.note)}`);
        }
        log.relations++;
      }
      reportUncarried(log, doc, ordinal, { fields: externalIdCarriedAs(doc, name), spanNotes: true, spanAttributes: true, fragments: true, relationNotes: true }, { spans: written, relations: writtenRelations });
      log.documents++;
      const ann = [...lines, ...extra].map((l) => `${l}\n`).join('');
      return [
        { path: `${name}.txt`, text: doc.text },
        { path: `${name}.ann`, text: ann },
      ];
    },
    end() {
      const sorted = (s: Iterable<string>) => [...s].sort();
      // As written in the .ann files (bratName), so that a label with a space finds its place too.
      const inProjectOrder = [...new Set((options.labelOrder ?? []).map(bratName))].filter((type) => entityTypes.has(type));
      const labels = [...inProjectOrder, ...sorted(entityTypes).filter((type) => !inProjectOrder.includes(type))];
      const conf = [
        '# Generated by Spanbench',
        '[entities]',
        ...labels,
        '',
        '[relations]',
        ...sorted(relationTypes).map((t) => `${t}\tArg1:<ENTITY>, Arg2:<ENTITY>`),
        '',
        '[events]',
        '',
        '[attributes]',
        ...sorted(attributeValues.keys()).map((a) => {
          const values = sorted(attributeValues.get(a)!);
          return values.length > 0 ? `${a}\tArg:<ENTITY>, Value:${values.join('|')}` : `${a}\tArg:<ENTITY>`;
        }),
        '',
      ].join('\n');
      const visual = ['[labels]', ...labels.map((t) => `${t} | ${t}`), ...sorted(relationTypes).map((t) => `${t} | ${t}`), '', '[drawing]', 'SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken', 'ARC_DEFAULT\tcolor:black, arrowHead:triangle-5', ''].join('\n');
      return {
        chunks: [
          { path: 'annotation.conf', text: conf },
          { path: 'visual.conf', text: visual },
        ],
        summary: log.summary(),
      };
    },
  };
}

