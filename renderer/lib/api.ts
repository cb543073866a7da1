/**
 * The bridge to the back end. In Electron the preload exposes the API on
 * `window.spanbench`; in a browser (`spanbench serve`) every method is a POST
 * to /api/<method> carrying the session token from the page URL.
 */
import type { ApiInput, ApiMethod, ApiResults, SpanbenchApi } from '../../contract/api';
import { apiMethodNames as apiMethods, fromWireError, SpanbenchError, TOKEN_REFUSED_MESSAGE, type WireResponse } from '../../contract/constants';

/** The token stays in the URL (not copied to storage) so a reload keeps working and nothing outlives the tab. */
function readToken(): string {
  return new URLSearchParams(window.location.search).get('token') ?? '';
}

/** No answer at all: the server was stopped (or crashed). */
export function unreachableMessage(cause: unknown): string {
  return `Cannot reach the Spanbench server (${cause instanceof Error ? cause.message : String(cause)}): start \`spanbench serve\` again and open the address it prints. Everything shown as saved is saved.`;
}

async function call<M extends ApiMethod>(method: M, input: ApiInput<M>, token: string): Promise<ApiResults[M]> {
  let response: Response;
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-spanbench-token': token },
      body: JSON.stringify(input),
    });
  } catch (error) {
    throw new SpanbenchError('internal', unreachableMessage(error));
  }
  // Whatever the body says (an older server answers in plain text), the user's way out is the same.
  if (response.status === 401) throw new SpanbenchError('forbidden', TOKEN_REFUSED_MESSAGE);
  let wire: WireResponse<ApiResults[M]>;
  try {
    wire = (await response.json()) as WireResponse<ApiResults[M]>;
  } catch {
    throw new SpanbenchError('internal', `The server answered ${method} with HTTP ${response.status} and no readable body.`);
  }
  if (wire.ok) return wire.result;
  throw fromWireError(wire.error);
}

export function createHttpApi(token: string = readToken()): SpanbenchApi {
  const api: Partial<Record<ApiMethod, (input: never) => Promise<unknown>>> = {};
  for (const method of apiMethods) {
    api[method] = (input: never) => call(method, input, token);
  }
  return api as SpanbenchApi;
}

/**
 * Calls started before the app's code has loaded (see main.ts), kept for the first caller
 * that asks for exactly the same thing. Each is handed out once: later calls go to the back end.
 */
const prefetched = new Map<string, Promise<unknown>>();

const prefetchKey = (method: string, input: unknown) => `${method} ${JSON.stringify(input)}`;

function withPrefetch(base: SpanbenchApi): SpanbenchApi {
  const wrapped: Partial<Record<ApiMethod, (input: never) => Promise<unknown>>> = {};
  for (const method of apiMethods) {
    wrapped[method] = (input: never) => {
      const key = prefetchKey(method, input);
      const early = prefetched.get(key);
      if (early) {
        prefetched.delete(key);
        return early;
      }
      return (base[method] as (input: never) => Promise<unknown>)(input);
    };
  }
  return wrapped as SpanbenchApi;
}

/**
 * While the first screen is rendered on the server (renderer/firstScreen.ts) there is no
 * window and no back end to call: the state is seeded with data instead, and a call is a bug.
 */
function serverSideApi(): SpanbenchApi {
  const api: Partial<Record<ApiMethod, () => Promise<never>>> = {};
  for (const method of apiMethods) {
    api[method] = () => Promise.reject(new SpanbenchError('internal', `${method} was called while the first screen was rendered on the server.`));
  }
  return api as SpanbenchApi;
}

const inBrowser = typeof window !== 'undefined';
const baseApi = inBrowser ? (window.spanbench ?? createHttpApi()) : serverSideApi();
export const api = withPrefetch(baseApi) satisfies SpanbenchApi;

/** Starts a read-only call now; the first identical call through `api` gets its result. */
export function prefetch<M extends ApiMethod>(method: M, input: ApiInput<M>): void {
  const early = (baseApi[method] as (input: ApiInput<M>) => Promise<unknown>)(input);
  // An early failure is reported by whoever consumes it; an unconsumed one must not go unhandled.
  early.catch(() => undefined);
  prefetched.set(prefetchKey(method, input), early);
}
export const shell = inBrowser ? (window.spanbenchShell ?? null) : null;

export interface UploadHandle {
  done: Promise<{ sourceId: string; name: string; size: number }>;
  abort(): void;
}

/**
 * Browser mode: sends one file to POST /upload?name=<relative name>, streamed from disk
 * (the File is the body, never read into memory), and stages it for startImport.
 * XMLHttpRequest rather than fetch: only it reports upload progress.
 */
export function uploadFile(file: File, name: string, onProgress?: (loaded: number) => void, batch?: string, token: string = readToken()): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ sourceId: string; name: string; size: number }>((resolve, reject) => {
    // Files of one import share a folder on the server, so a brat .txt finds its .ann and annotation.conf.
    xhr.open('POST', `/upload?name=${encodeURIComponent(name)}${batch ? `&batch=${encodeURIComponent(batch)}` : ''}`);
    xhr.setRequestHeader('x-spanbench-token', token);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded);
    xhr.onerror = () => reject(new SpanbenchError('internal', `${name}: the upload failed. ${unreachableMessage('no answer')}`));
    xhr.onabort = () => reject(new SpanbenchError('internal', `${name}: upload cancelled.`));
    xhr.onload = () => {
      if (xhr.status === 401) {
        reject(new SpanbenchError('forbidden', `${name}: ${TOKEN_REFUSED_MESSAGE}`));
        return;
      }
      let wire: WireResponse<{ sourceId: string; name: string; size: number }>;
      try {
        wire = JSON.parse(xhr.responseText) as typeof wire;
      } catch {
        reject(new SpanbenchError('internal', `${name}: the server answered the upload with HTTP ${xhr.status}.`));
        return;
      }
      if (wire.ok) resolve(wire.result);
      else reject(fromWireError(wire.error));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

/**
 * Browser mode: where a finished export waits (GET /download streams the file, or a .tar of a
 * folder format). The token rides in the query too: the cookie set with the page is HttpOnly and
 * SameSite=Strict, and a download started from a link must not depend on how the browser treats it.
 */
export function downloadUrl(jobId: string, token: string = readToken()): string {
  return `/download?job=${encodeURIComponent(jobId)}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
}

const methodNames = new Set<string>(apiMethods);

/**
 * The contract refuses an input naming the method and each field, for whoever calls the API
 * ("createRelation: type: a relation type cannot contain …", contract/api.ts parseApiInput). The
 * analyst filled in a form, beside which the reason alone is shown.
 */
function withoutCallNames(message: string): string {
  const colon = message.indexOf(': ');
  if (colon < 0 || !methodNames.has(message.slice(0, colon))) return message;
  // Each problem is "path: message", paths being the schema's keys (type, attributes, items.0.name) or "input".
  return message
    .slice(colon + 2)
    .split('; ')
    .map((problem) => problem.replace(/^[a-z]\w*(?:\.\w+)*: /, ''))
    .join('; ');
}

/** A message fit for the status bar (and beside a form's field) from anything a call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return errorCode(error) === 'invalid_input' ? withoutCallNames(error.message) : error.message;
  return String(error);
}

/**
 * A string the contract's error carries (its `code`, the input `field` it names). In the desktop app
 * the preload builds the error on the page's side, an Error named SpanbenchError with those
 * properties (electron/preloadApi.ts): not an instance of this bundle's class, so it is read by name.
 */
function spanbenchErrorString(error: unknown, key: 'code' | 'field'): string | null {
  if (!(error instanceof Error) || error.name !== 'SpanbenchError') return null;
  const value: unknown = (error as Error & Partial<Record<typeof key, unknown>>)[key];
  return typeof value === 'string' ? value : null;
}

/** The contract's error code, from either kind of error; null for any other error. */
export function errorCode(error: unknown): string | null {
  return spanbenchErrorString(error, 'code');
}

/** The input field a refusal is about ('name', 'hotkey'); null when none is named. */
export function errorField(error: unknown): string | null {
  return spanbenchErrorString(error, 'field');
}
