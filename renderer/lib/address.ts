import { parseDocumentParam } from '../../contract/constants';

/**
 * The open document lives in the address as ?doc=N, so a reload (or the back end, which renders
 * the first screen of the page it serves) knows it. Older addresses said #doc=N; they still work.
 */
export function addressedDocumentId(location: { search: string; hash: string }): number | null {
  return parseDocumentParam(new URLSearchParams(location.search).get('doc') ?? /(?:^|[#&])doc=(\d+)/.exec(location.hash)?.[1]);
}

/** The address with ?doc=N (other parameters, such as browser mode's token, kept; a legacy #doc= dropped). */
export function addressFor(href: string, documentId: number): string {
  const url = new URL(href);
  url.searchParams.set('doc', String(documentId));
  if (/(?:^|[#&])doc=/.test(url.hash.slice(1))) url.hash = '';
  return url.toString();
}
