import type { LabClient } from '../../../shared/contract';
import { WebSocketLabClient, type ConnectionState } from './ws-client';

declare global {
  interface Window {
    /** Present in the Electron window: the preload's client. */
    lab?: LabClient;
  }
}

/** The client the app talks to, and (serve mode only) a way to watch the connection. */
export interface LabConnection {
  client: LabClient;
  onConnectionChange?: (listener: (state: ConnectionState) => void) => () => void;
}

/** Picks the transport that is present: the preload's client in Electron, else the WebSocket. */
export function connectToLab(): LabConnection {
  if (window.lab) return { client: window.lab };
  const client = WebSocketLabClient.fromLocation(window.location);
  return { client, onConnectionChange: (listener) => client.onConnectionChange(listener) };
}
