import { describe, expect, it } from 'vitest';
import { addPickedFiles, fromFileList, type PickedFile } from './importFiles';

function file(name: string, content: string, lastModified = 1_700_000_000_000, relative = ''): File {
  const made = new File([content], name, { lastModified });
  if (relative) Object.defineProperty(made, 'webkitRelativePath', { value: relative });
  return made;
}

const names = (files: readonly PickedFile[]) => files.map((item) => item.name);

describe('files picked in the browser', () => {
  it('two files of one name from different folders, in one pick, are both chosen under distinct names', () => {
    const picked = fromFileList([file('reference.tsv', 'first'), file('reference.tsv', 'the second one')]);
    const { files, alreadyChosen } = addPickedFiles([], picked.files);
    expect(names(files)).toEqual(['reference.tsv', 'reference (2).tsv']);
    expect(files.map((item) => item.given)).toEqual(['reference.tsv', 'reference.tsv']);
    expect(alreadyChosen).toEqual([]);
  });

  it('a file of a name already chosen, in a later pick, is added numbered; the same file again is not', () => {
    const first = addPickedFiles([], fromFileList([file('reference.tsv', 'first')]).files);
    const second = addPickedFiles(first.files, fromFileList([file('reference.tsv', 'another file')]).files);
    expect(names(second.files)).toEqual(['reference.tsv', 'reference (2).tsv']);
    // Same name, size and time: the same file, chosen again.
    const again = addPickedFiles(second.files, fromFileList([file('reference.tsv', 'first'), file('Reference.TSV', 'third!')]).files);
    expect(again.alreadyChosen).toEqual(['reference.tsv']);
    expect(names(again.files)).toEqual(['reference.tsv', 'reference (2).tsv', 'Reference (3).TSV']);
  });

  it("a second folder of the same name is numbered as a whole, so a brat .txt still meets its .ann", () => {
    // Two folders named corpus, in different places: their files were written at different times.
    const corpus = (content: string, time: number) => fromFileList([file('a.txt', content, time, 'corpus/a.txt'), file('a.ann', `T1\tX 0 1\t${content[0]}`, time, 'corpus/a.ann')]).files;
    const first = addPickedFiles([], corpus('one', 1));
    const second = addPickedFiles(first.files, corpus('two', 2));
    expect(names(second.files)).toEqual(['corpus/a.ann', 'corpus/a.txt', 'corpus (2)/a.ann', 'corpus (2)/a.txt']);
    // The same folder picked again adds nothing.
    const again = addPickedFiles(second.files, corpus('one', 1));
    expect(again.alreadyChosen).toEqual(['corpus/a.ann', 'corpus/a.txt']);
    expect(again.files).toHaveLength(4);
  });
});
