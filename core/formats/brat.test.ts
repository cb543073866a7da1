import { describe, expect, it } from 'vitest';
import { createBratExporter, importBrat, parseBratConf } from './brat';
import { hasErrors } from './shared';
import { only, relationSet, runExport, sampleDoc, spanTexts } from './test-helpers';

describe('brat', () => {
  it('writes .txt/.ann with code point offsets and notes, plus the two .conf files', () => {
    const doc = sampleDoc();
    doc.spans[1]!.attributes = { Mention: 'Name', Individual: true, 'norm:Reference': 'Wikidata:Q64', 'norm:Reference:text': 'Berlin' };
    const { files, summary } = runExport(createBratExporter(), [doc]);
    expect(files.get('7.txt')).toBe('Hi 😀 Anna\r\nBerlin!');
    expect(files.get('7.ann')).toBe(
      'T1\tPER 5 9\tAnna\n' +
        'T2\tLOC 11 17\tBerlin\n' +
        'R1\tlivesIn Arg1:T1 Arg2:T2\t\n' +
        '#1\tAnnotatorNotes T1\tn\n' +
        'A1\tMention T2 Name\n' +
        'A2\tIndividual T2\n' +
        'N1\tReference T2 Wikidata:Q64\tBerlin\n',
    );
    expect(files.get('annotation.conf')).toContain('[entities]\nLOC\nPER\n');
    expect(files.get('annotation.conf')).toContain('livesIn\tArg1:<ENTITY>, Arg2:<ENTITY>');
    expect(files.get('annotation.conf')).toContain('Mention\tArg:<ENTITY>, Value:Name');
    expect(files.get('visual.conf')).toContain('[labels]');
    // brat has no place for the title or status; notes, attributes and relations all fit.
    expect(summary.losses.byReason).toEqual({ 'document metadata field title': 1, 'document status': 1 });
  });

  it("lists the labels spans use in the project's order, in both .conf files; a label the order lacks follows by name", () => {
    const doc = sampleDoc();
    doc.spans.push({ key: 'c', label: 'Planned Event', start: 0, end: 2 }, { key: 'd', label: 'DATE', start: 3, end: 5 }, { key: 'e', label: 'AGE', start: 17, end: 18 });
    // ORG is the project's but no span's: brat lists only what the export uses, as before.
    const { files } = runExport(createBratExporter({ labelOrder: ['PER', 'Planned Event', 'ORG', 'LOC', 'DATE'] }), [doc]);
    const entities = files.get('annotation.conf')!.split('[entities]\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(entities).toEqual(['PER', 'Planned_Event', 'LOC', 'DATE', 'AGE']);
    const visual = files.get('visual.conf')!.split('[labels]\n')[1]!.split('\n').slice(0, 5);
    expect(visual).toEqual(['PER | PER', 'Planned_Event | Planned_Event', 'LOC | LOC', 'DATE | DATE', 'AGE | AGE']);
  });

  it("counts a .txt's byte order mark as character 0, as brat does, and stores the text without it", () => {
    // brat reads the .txt with Python's utf-8 codec: the BOM stays, and the .ann counts it.
    const ann = 'T1\tORG 1 5\tNATO\nT2\tORG 0 5\t\uFEFFNATO\nT3\tORG 0 1\t\uFEFF\nT4\tORG 10 14;17 18\tCSTO x\nR1\tr Arg1:T3 Arg2:T1\nT5\tORG 0 1;2 4\t\uFEFF AT\n';
    const result = importBrat({ txtName: 'b.txt', txtText: 'NATO and CSTO 😀 x', txtHadBom: true, annText: ann });
    const doc = only(result);
    expect(doc.text).toBe('NATO and CSTO 😀 x');
    expect(doc.spans.map((s) => [s.key, s.start, s.end, s.fragments])).toEqual([
      ['T1', 0, 4, undefined],
      ['T2', 0, 4, undefined],
      ['T4', 9, 17, [[9, 13], [16, 17]]],
      ['T5', 1, 3, undefined],
    ]);
    expect(spanTexts(doc)).toEqual(['ORG:NATO', 'ORG:NATO', 'ORG:CSTO 😀 x', 'ORG:AT']);
    expect(doc.relations).toEqual([]);
    expect(hasErrors(result)).toBe(false);
    const warnings = result.documents[0]!.warnings.map((w) => [w.line, w.reason]);
    expect(warnings).toContainEqual([5, 'relation R1 not imported: its span T3 marks only the byte order mark']);
    expect(warnings).toContainEqual([2, 'text-bound T2 starts on the byte order mark, which is not part of the text; imported from the character after it']);
    expect(warnings).toContainEqual([3, 'text-bound T3 marks only the byte order mark, which is not part of the text; not imported']);
    // Without a BOM nothing moves.
    expect(only(importBrat({ txtName: 'c.txt', txtText: 'NATO and CSTO', annText: 'T1\tORG 0 4\tNATO\n' })).spans[0]).toMatchObject({ start: 0, end: 4 });
  });

  it('reads discontinuous spans, notes, attributes; reports events', () => {
    const txt = 'Hi 😀 Anna\r\nBerlin!';
    const ann = [
      'T1\tPER 5 9\tAnna',
      'T2\tLOC 11 13;15 17\tBe in',
      'T3\tGo 0 2\tHi',
      'E1\tGo:T3 Agent:T1',
      'R1\tlivesIn Arg1:T1 Arg2:T2\t',
      '#1\tAnnotatorNotes T1\tsome note',
      '#2\tAnnotatorNotes R1\trel note',
      'A1\tNeg T2',
      'A2\tConf E1 High',
      'N1\tRef T1 Wiki:1\tAnna X',
      '',
    ].join('\r\n');
    const result = importBrat({ txtName: 'doc.txt', txtText: txt, annText: ann }, { conf: '[entities]\nPER\nLOC\n[events]\nGo\n' });
    expect(hasErrors(result)).toBe(false);
    const doc = only(result);
    expect(spanTexts(doc)).toEqual(['PER:Anna', 'LOC:Berlin', 'Go:Hi']);
    expect(doc.spans[1]!.fragments).toEqual([[11, 13], [15, 17]]);
    expect(doc.spans[0]!.note).toBe('some note');
    expect(doc.spans[0]!.attributes).toEqual({ 'norm:Ref': 'Wiki:1', 'norm:Ref:text': 'Anna X' });
    expect(doc.spans[1]!.attributes).toEqual({ Neg: true });
    expect(doc.relations).toEqual([{ key: 'R1', type: 'livesIn', from: 'T1', to: 'T2', note: 'rel note' }]);
    const warnings = result.documents[0]!.warnings;
    expect(warnings.map((w) => w.line)).toEqual([4, 9]);
    expect(warnings[0]!.reason).toMatch(/event E1/);
  });

  it('reports a T line whose text does not match, with its line', () => {
    const result = importBrat({ txtName: 'a.txt', txtText: '😀abc', annText: 'T1\tX 1 3\tab\nT2\tX 0 9\tzz\n' });
    const errors = result.documents[0]!.errors;
    expect(errors.map((e) => [e.file, e.line, e.span])).toEqual([['a.ann', 2, 'T2']]);
    // With UTF-16 offsets the same first line is off by one.
    const utf16 = importBrat({ txtName: 'a.txt', txtText: '😀abc', annText: 'T1\tX 1 3\tab\n' }, { offsets: 'utf16' });
    expect(utf16.documents[0]!.errors[0]!.reason).toMatch(/surrogate|does not match/);
  });

  it('parses annotation.conf sections', () => {
    const conf = parseBratConf('[entities]\nPerson\n!Life\n\tBe-born\n[relations]\nLocated Arg1:Person, Arg2:GPE\n<OVERLAP> Arg1:X\n');
    expect([...conf.entities]).toEqual(['Person', 'Life', 'Be-born']);
    expect([...conf.relations]).toEqual(['Located']);
  });

  it('round-trips fragments and attributes', () => {
    const doc = sampleDoc();
    doc.spans[1] = { key: 'b', label: 'LOC', start: 11, end: 17, fragments: [[11, 13], [15, 17]], attributes: { Neg: true, Kind: 'x' } };
    const { files } = runExport(createBratExporter(), [doc]);
    const back = only(importBrat({ txtName: '7.txt', txtText: files.get('7.txt')!, annText: files.get('7.ann')! }));
    expect(back.spans[1]).toMatchObject({ fragments: [[11, 13], [15, 17]], attributes: { Neg: true, Kind: 'x' } });
    expect(relationSet(back)).toEqual(['livesIn:PER@5-9->LOC@11-17']);
  });

  it('reports a false flag attribute as lost: brat writes a flag only when it is set', () => {
    const doc = sampleDoc();
    doc.spans[1]!.attributes = { Individual: false, Mention: 'Name' };
    const { files, summary } = runExport(createBratExporter(), [doc]);
    expect(files.get('7.ann')).not.toContain('Individual');
    expect(summary.losses.byReason).toMatchObject({ 'false flag attribute left out': 1 });
    expect(summary.losses.items).toContainEqual(expect.objectContaining({ kind: 'attribute', label: 'Individual', reason: 'false flag attribute left out' }));
  });
});
