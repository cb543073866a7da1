import { describe, expect, it } from 'vitest';
import { createLabelStudioExporter, importLabelStudio } from './labelstudio';
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
