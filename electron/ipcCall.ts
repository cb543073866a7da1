/**
 * The main-process end of IPC_CALL_CHANNEL, free of electron imports so it is tested with fakes.
 * Validation of method and input happens in the service host (the contract's parseApiInput);
 * this layer decides who may call and which project the call goes to.
 */
import type { WireResponse } from '../contract/api';
import { isTrustedSender, type IpcEventLike } from './security';

/** What a window's back end offers; services/serviceHost.ts ServiceHost satisfies it. */
export interface ProjectBackend {
  readonly projectPath: string;
  call(method: string, rawInput: unknown): Promise<WireResponse<unknown>>;
  close(): Promise<void>;
}

export const FORBIDDEN_RESPONSE: WireResponse<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This call did not come from a Spanbench window and was refused.' },
};

export function createCallHandler(deps: {
  /** The back end of the window whose WebContents has this id, if it is one of ours. */
  backendFor(webContentsId: number): ProjectBackend | undefined;
  log?: (message: string) => void;
}): (event: IpcEventLike, method: unknown, input: unknown) => Promise<WireResponse<unknown>> {
  return async (event, method, input) => {
    const backend = deps.backendFor(event.sender.id);
    if (!backend || !isTrustedSender(event, (id) => deps.backendFor(id) !== undefined)) {
      deps.log?.(`refused IPC call ${String(method).slice(0, 80)} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return FORBIDDEN_RESPONSE;
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'unknown_method', message: 'The method name must be a string.' } };
    }
    try {
      return await backend.call(method, input);
    } catch (error) {
      // ServiceHost.call never throws by contract; this guards against a broken worker.
      return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
    }
  };
}
