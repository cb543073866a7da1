/**
 * The contract's plain values: no zod, so the renderer's first screen does not pay for
 * building every schema. contract/api.ts re-exports all of this.
 */

/** Article (corpus) formats: text only, one or many articles per file. */
export const corpusFormats = ['txt', 'md', 'html', 'jsonl', 'json', 'csv', 'tsv'] as const;
/** Annotation formats: text with spans (and relations), both ways. `csv` here is one row per span. */
export const annotationFormats = ['spanbench', 'doccano', 'brat', 'conll', 'labelstudio', 'prodigy', 'w3c', 'webanno', 'csv'] as const;
export type AnnotationFormat = (typeof annotationFormats)[number];
/**
 * What import accepts. `csv` is read as span rows when its header is the span CSV's
 * (document_id,title,label,start,end,text,note), else as articles.
 */
export const importFormatChoices = ['auto', 'txt', 'md', 'html', 'jsonl', 'json', 'csv', 'tsv', 'spanbench', 'doccano', 'brat', 'conll', 'labelstudio', 'prodigy', 'w3c', 'webanno'] as const;
export type ImportFormatChoice = (typeof importFormatChoices)[number];
/**
 * What an import does with a document whose text is already in the project: skip it (and say
 * what its annotations were), import it again as a second document, or add its spans and
 * relations to the document already there. Article files carry no annotations: for them
 * `merge` skips, as `skip` does.
 */
export const duplicateChoices = ['skip', 'keep', 'merge'] as const;
export type DuplicateChoice = (typeof duplicateChoices)[number];
export const offsetUnits = ['codepoint', 'utf16'] as const;
export type OffsetUnitChoice = (typeof offsetUnits)[number];

export const documentSortKeys = ['title', 'publishedAt', 'source', 'status', 'spanCount', 'createdAt'] as const;
export type DocumentSortKey = (typeof documentSortKeys)[number];

/** The <script type="application/json"> element carrying the FirstScreen a served page was rendered with. */
export const FIRST_SCREEN_ELEMENT_ID = 'spanbench-first-screen';

/**
 * Marks a pane (the toolbar, the document list, the side panel, the status bar) whose contents a
 * drawn page paints in the frame after the article's: the back end holds them in a
 * <template PANE_CONTENTS_ATTRIBUTE> inside the pane (services/firstScreen.ts), and the page's
 * loader puts them in once the article's frame has been drawn (renderer/loader.ts).
 */
export const AFTER_ARTICLE_ATTRIBUTE = 'data-paints-after-article';
/** The <template> holding a pane's contents until the frame after the article's. */
export const PANE_CONTENTS_ATTRIBUTE = 'data-pane-contents';
/**
 * The Element Timing identifier of the article's drawn blocks (BlockView.svelte): the loader waits
 * for their paint to load the app, and the rendering benchmark times it.
 */
export const ARTICLE_BLOCK_TIMING = 'article-block';
/**
 * The Element Timing identifier of the toolbar's document title (Toolbar.svelte): the rendering
 * benchmark reads from it when the panes around the article were first painted.
 */
export const DOCUMENT_TITLE_TIMING = 'document-title';

/**
 * The open document is named in the page address as ?doc=N (renderer/lib/address.ts); the back end
 * reads the same parameter to draw that document into the page it serves. Null unless a positive id.
 */
export function parseDocumentParam(raw: string | null | undefined): number | null {
  const id = raw != null && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
  return id > 0 ? id : null;
}

/** Rows per listDocuments page in the document list. */
export const DOCUMENT_LIST_PAGE = 200;
/** The list as it first opens (oldest first): the page the back end renders, and the renderer's starting query. */
export const FIRST_LIST_QUERY = { sort: 'createdAt', descending: false, offset: 0, limit: DOCUMENT_LIST_PAGE } as const satisfies {
  sort: DocumentSortKey;
  descending: boolean;
  offset: number;
  limit: number;
};

/** Snippets mark matches with these characters; the renderer draws them as highlights (never as HTML). */
export const SNIPPET_MATCH_START = '\u0002';
export const SNIPPET_MATCH_END = '\u0003';

/** Every API method, in the order of contract/api.ts (a compile-time check there keeps the two equal). */
export const apiMethodNames = [
  'getProjectInfo',
  'getContentVersion',
  'setSettings',
  'listLabels',
  'createLabel',
  'updateLabel',
  'deleteLabel',
  'listLabelUsage',
  'moveLabel',
  'listDocuments',
  'locateDocument',
  'getDocument',
  'setDocumentStatus',
  'listSpans',
  'listRelations',
  'listRelationTypes',
  'createRelation',
  'deleteRelation',
  'createSpan',
  'updateSpan',
  'deleteSpan',
  'undo',
  'redo',
  'getHistory',
  'updateDocument',
  'searchDocuments',
  'getStats',
  'startImport',
  'startExport',
  'getJob',
  'cancelJob',
] as const;
export type ApiMethodName = (typeof apiMethodNames)[number];

/**
 * Browser mode refused a call's access token: the server was restarted (each start makes a new
 * token) while the page stayed open, or the address was copied without it. Nothing is optimistic,
 * so whatever the page shows as saved is in the file.
 */
export const TOKEN_REFUSED_MESSAGE =
  'The Spanbench server was restarted or this address’s access token is no longer valid: open the address `spanbench serve` printed. Everything shown as saved is saved.';

export const errorCodes = ['invalid_input', 'not_found', 'conflict', 'read_only', 'busy', 'unknown_method', 'forbidden', 'internal'] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * An error that crosses the boundary with its code and a message meant for the user. `field` names
 * the input field the refusal is about ('name', 'hotkey'), so a form can show it beside that field
 * without reading the message, which stays free to be reworded.
 */
export class SpanbenchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SpanbenchError';
  }
}

export interface WireError {
  code: ErrorCode;
  message: string;
  /** The input field the refusal is about; absent when it is about the call as a whole. */
  field?: string;
}

export type WireResponse<T> = { ok: true; result: T } | { ok: false; error: WireError };

export function fromWireError(error: WireError): SpanbenchError {
  return new SpanbenchError(error.code, error.message, error.field);
}
