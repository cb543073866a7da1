import { isApiMethod, parseApiInput, SpanbenchError, toWireError, type ApiHandlers, type WireResponse } from '../contract/api';

/**
 * The boundary every call crosses, whichever transport brought it (IPC, HTTP, worker message):
 * unknown methods and invalid input are refused here, and no exception escapes.
 */
export async function dispatchCall(handlers: ApiHandlers, method: unknown, rawInput: unknown): Promise<WireResponse<unknown>> {
  try {
    if (!isApiMethod(method)) throw new SpanbenchError('unknown_method', `There is no API method ${JSON.stringify(String(method)).slice(0, 80)}.`);
    const input = parseApiInput(method, rawInput);
    const handler = handlers[method] as (input: unknown) => unknown;
    return { ok: true, result: await handler(input) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
