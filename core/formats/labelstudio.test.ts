import { describe, expect, it } from 'vitest';
import { createLabelStudioExporter, importLabelStudio, labelStudioLabelingConfig } from './labelstudio';
import { hasErrors } from './shared';
import { only, relationSet, runExport, sampleDoc, spanTexts } from './test-helpers';

describe('labelstudio', () => {
  it('writes a task array with code point offsets, region text and note', () => {
    const { files } = runExport(createLabelStudioExporter(), [sampleDoc()]);
    expect(files.get('')).toBe(
      '[\n{"id":7,"data":{"text":"Hi 😀 Anna\\r\\nBerlin!","title":"T"},"annotations":[{"result":[' +
        '{"id":"a","from_name":"label","to_name":"text","type":"labels","origin":"manual","value":{"start":5,"end":9,"text":"Anna","labels":["PER"]},"meta":{"text":["n"]}},' +
        '{"id":"b","from_name":"label","to_name":"text","type":"labels","origin":"manual","value":{"start":11,"end":17,"text":"Berlin","labels":["LOC"]}},' +
        '{"from_id":"a","to_id":"b","type":"relation","direction":"right","labels":["livesIn"]}]}]}\n]\n',
    );
    expect(runExport(createLabelStudioExporter(), []).files.get('')).toBe('[]\n');
  });

  it('imports regions and relations, names the line of a bad region', () => {
    const json = [
      '[{"id": 3, "data": {"text": "Hi 😀 Anna\\r\\nBerlin!"},',
      ' "annotations": [{"completed_by": 5, "result": [',
      '  {"id": "x", "type": "labels", "value": {"start": 5, "end": 9, "text": "Anna", "labels": ["PER"]}},',
      '  {"id": "y", "type": "labels", "value": {"start": 11, "end": 17, "labels": ["LOC"]}},',
      '  {"id": "z", "type": "labels", "value": {"start": 6, "end": 10, "text": "Anna", "labels": ["BAD"]}},',
      '  {"from_id": "x", "to_id": "y", "type": "relation", "labels": ["livesIn"]}',
      ']}]}]',
    ].join('\r\n');
    const result = importLabelStudio('ls.json', json);
    const doc = only(result);
    expect(spanTexts(doc)).toEqual(['PER:Anna', 'LOC:Berlin']);
    expect(doc.spans[0]!.author).toBe('5');
    expect(relationSet(doc)).toEqual(['livesIn:PER@5-9->LOC@11-17']);
    expect(result.documents[0]!.errors).toMatchObject([{ file: 'ls.json', line: 5, span: 'z' }]);
  });

  it('round-trips', () => {
    const { files } = runExport(createLabelStudioExporter(), [sampleDoc()]);
    const result = importLabelStudio('x.json', files.get('')!);
    expect(hasErrors(result)).toBe(false);
    const doc = only(result);
    expect(doc.text).toBe(sampleDoc().text);
    expect(doc.spans[0]!.note).toBe('n');
    expect(relationSet(doc)).toEqual(['livesIn:PER@5-9->LOC@11-17']);
  });
});

describe('labelStudioLabelingConfig', () => {
  it('declares every label with its colour and every relation type, names escaped for XML', () => {
    const config = labelStudioLabelingConfig(
      [
        { name: 'Agency', color: '#2563eb' },
        { name: 'Q&A "quoted" <x>', color: '#d97706' },
        { name: 'Plain', color: null },
      ],
      ['meets', "isn't"],
    );
    expect(config).toBe(
      [
        '<View>',
        '  <Labels name="label" toName="text">',
        '    <Label value="Agency" background="#2563eb"/>',
        '    <Label value="Q&amp;A &quot;quoted&quot; &lt;x&gt;" background="#d97706"/>',
        '    <Label value="Plain"/>',
        '  </Labels>',
        '  <Text name="text" value="$text"/>',
        '  <Relations>',
        '    <Relation value="meets"/>',
        '    <Relation value="isn&apos;t"/>',
        '  </Relations>',
        '</View>',
        '',
      ].join('\n'),
    );
    expect(labelStudioLabelingConfig([{ name: 'Agency' }], [])).not.toContain('Relations');
  });

  it('matches the tasks the exporter writes: the same control and object names, every label and relation declared', () => {
    const options = { fromName: 'tag', toName: 'article', textField: 'body' };
    const { files } = runExport(createLabelStudioExporter(options), [sampleDoc()]);
    const tasks = JSON.parse(files.get('')!) as Array<{ data: Record<string, string>; annotations: Array<{ result: Array<Record<string, unknown>> }> }>;
    const config = labelStudioLabelingConfig([{ name: 'PER' }, { name: 'LOC' }], ['livesIn'], options);
    expect(config).toContain('<Labels name="tag" toName="article">');
    expect(config).toContain('<Text name="article" value="$body"/>');
    expect(tasks[0]!.data['body']).toBeDefined();
    const declared = (tag: string) => [...config.matchAll(new RegExp(`<${tag} value="([^"]*)"`, 'g'))].map((match) => match[1]);
    for (const item of tasks[0]!.annotations[0]!.result) {
      if (item['type'] === 'relation') {
        for (const type of item['labels'] as string[]) expect(declared('Relation')).toContain(type);
        continue;
      }
      expect(item['from_name']).toBe('tag');
      expect(item['to_name']).toBe('article');
      for (const label of (item['value'] as { labels: string[] }).labels) expect(declared('Label')).toContain(label);
    }
  });
});
