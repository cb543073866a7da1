import { SNIPPET_MATCH_END, SNIPPET_MATCH_START } from '../../contract/constants';

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * A search snippet as alternating plain and matched parts, drawn as text nodes and <mark>s
 * (never as HTML: the snippet is article text and may hold anything). A stray or missing
 * marker never swallows text: an unclosed match runs to the end, a lone end marker is dropped.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let hit = false;
  let text = '';
  const flush = () => {
    if (text) parts.push({ text, hit });
    text = '';
  };
  for (const char of snippet) {
    if (char === SNIPPET_MATCH_START) {
      flush();
      hit = true;
    } else if (char === SNIPPET_MATCH_END) {
      flush();
      hit = false;
    } else text += char;
  }
  flush();
  return parts;
}
