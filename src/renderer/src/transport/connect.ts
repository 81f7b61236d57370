import type { CallResult, LabClient } from '../../../shared/contract';
import { RequestError } from '../../../shared/field-issues';
import { WebSocketLabClient, type ConnectionState } from './ws-client';

/** The Electron preload's client; `callResult` keeps a refusal's field issues and sentence. */
type PreloadClient = LabClient & {
  callResult?: (channel: string, request: unknown) => Promise<CallResult<unknown>>;
};

declare global {
  interface Window {
    /** Present in the Electron window: the preload's client. */
    lab?: PreloadClient;
  }
}

/** The client the app talks to, and (serve mode only) a way to watch the connection. */
export interface LabConnection {
  client: LabClient;
  onConnectionChange?: (listener: (state: ConnectionState) => void) => () => void;
}

/** Picks the transport that is present: the preload's client in Electron, else the WebSocket. */
export function connectToLab(): LabConnection {
  if (window.lab) return { client: withFieldIssues(window.lab) };
  const client = WebSocketLabClient.fromLocation(window.location);
  return { client, onConnectionChange: (listener) => client.onConnectionChange(listener) };
}

/** The preload's client, its refusals turned into RequestErrors that name their fields. */
function withFieldIssues(preload: PreloadClient): LabClient {
  const { callResult } = preload;
  if (callResult === undefined) return preload;
  return {
    call: async (channel, request) => {
      const result = await callResult(channel, request);
      if (!result.ok) throw RequestError.of(result.error, result.issues, result.said);
      return result.value as never;
    },
    subscribe: (stream, listener) => preload.subscribe(stream, listener),
  };
}
