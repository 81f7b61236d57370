import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  isCallChannel,
  isStreamChannel,
  type CallResult,
  type LabClient,
} from '../shared/contract';

/**
 * The renderer's only door to the app: one typed LabClient. Channel names are checked against
 * the contract here too, so a compromised page cannot reach other IPC channels.
 */
const labClient: LabClient & {
  /** The raw answer with its field issues: an Error crossing contextBridge keeps its message only. */
  callResult(channel: unknown, request: unknown): Promise<CallResult<unknown>>;
} = {
  call: async (channel, request) => {
    if (!isCallChannel(channel)) throw new Error(`unknown channel: ${String(channel)}`);
    const result = (await ipcRenderer.invoke(channel, request)) as CallResult<never>;
    if (!result.ok) throw new Error(result.error);
    return result.value;
  },
  callResult: async (channel, request) => {
    if (!isCallChannel(channel)) return { ok: false, error: `unknown channel: ${String(channel)}` };
    return (await ipcRenderer.invoke(channel, request)) as CallResult<unknown>;
  },
  subscribe: (stream, listener) => {
    if (!isStreamChannel(stream)) throw new Error(`unknown stream: ${String(stream)}`);
    // Never hand the IpcRendererEvent to the page: it carries a reference to ipcRenderer.
    const forward = (_event: IpcRendererEvent, payload: unknown): void =>
      listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(stream, forward);
    return () => void ipcRenderer.removeListener(stream, forward);
  },
};

/** The API's type, derived from the object above (the renderer sees it as a LabClient). */
export type PreloadApi = typeof labClient;

contextBridge.exposeInMainWorld('lab', labClient);
