import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CALL_CHANNELS, type CallResult } from '../shared/contract';
import type { LabService } from '../core/service';
import { isTrustedRendererUrl } from './trusted-sender';

/**
 * The only place that touches ipcMain and webContents.send. Each contract call is one IPC
 * channel; a request is answered only when it comes from our window's top frame at the URL we
 * loaded, and LabService validates it against the contract's schema before any handler runs.
 */
export function wireLabIpc(
  service: LabService,
  window: () => WebContents | null,
  rendererUrl: string,
): () => void {
  const isTrusted = (event: IpcMainInvokeEvent): boolean => {
    const contents = window();
    const frame = event.senderFrame;
    return (
      contents !== null &&
      event.sender === contents &&
      frame !== null &&
      frame === contents.mainFrame &&
      isTrustedRendererUrl(frame.url, rendererUrl)
    );
  };

  for (const channel of CALL_CHANNELS) {
    ipcMain.handle(channel, async (event, request: unknown): Promise<CallResult<unknown>> => {
      if (!isTrusted(event)) return { ok: false, error: `${channel}: refused: untrusted sender` };
      return service.call(channel, request);
    });
  }

  const stopStreaming = service.onStream((stream, payload) => {
    const contents = window();
    if (contents !== null && !contents.isDestroyed()) contents.send(stream, payload);
  });

  return () => {
    stopStreaming();
    for (const channel of CALL_CHANNELS) ipcMain.removeHandler(channel);
  };
}
