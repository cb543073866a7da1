/** Pure import/export of annotation formats. See registry.ts for the list of formats. */
export type {
  ExportDocument,
  ExportLoss,
  ExportSummary,
  FormatExporter,
  FormatName,
  FormatProblem,
  ImportedDocument,
  ImportResult,
  LineImporter,
  OffsetOption,
  OffsetUnit,
  OutputChunk,
} from './types';
export {
  FORMATS,
  FORMAT_NAMES,
  createExporter,
  createLineImporter,
  detectAnnotationFormat,
  importFile,
  isLineFormat,
} from './registry';
export type { ExportOptionsByFormat, FileFormat, FileImportOptionsByFormat, FormatInfo, LineFormat, LineImportOptionsByFormat } from './registry';
export { allProblems, createLineSplitter, hasErrors, splitLines, LOSS_ITEM_LIMIT } from './shared';
export { importBrat, parseBratConf, BRAT_NORM_PREFIX, BRAT_NORM_TEXT_SUFFIX } from './brat';
export type { BratConf, BratImportOptions, BratPair } from './brat';
export { importW3c, annotationId, W3C_ANNOTATIONS_PATH } from './w3c';
export type { W3cImportOptions } from './w3c';
export { importDoccano } from './doccano';
export { importLabelStudio, labelStudioLabelingConfig } from './labelstudio';
export { importWebanno, escapeText, unescapeText, escapeValue, unescapeValue } from './webanno';
export { importConll, nonOverlapping, alignSpansToTokens } from './conll';
export type { TagScheme } from './conll';
export { neutralizeCell, restoreCell, parseCsvRecord, CSV_COLUMNS } from './csv';
export { SPANBENCH_VERSION } from './spanbench';
