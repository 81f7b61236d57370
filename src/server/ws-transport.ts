import type { RawData, WebSocket, WebSocketServer } from 'ws';
import type { LabService } from '../core/service';
import { describeIssues } from '../shared/validation';
import { clientFrameSchema, type ServerFrame } from '../shared/ws-protocol';

/** A client this far behind on stream frames is skipped until it catches up (live data only). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Wires LabService to every accepted WebSocket: calls are answered by id (the service
 * validates each request against its schema), streams are broadcast to all clients.
 */
export function wireWebSocketTransport(service: LabService, server: WebSocketServer): () => void {
  const send = (socket: WebSocket, frame: ServerFrame): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };

  server.on('connection', (socket) => {
    socket.on('message', (data: RawData, isBinary: boolean) => {
      void answer(socket, data, isBinary);
    });
  });

  const answer = async (socket: WebSocket, data: RawData, isBinary: boolean): Promise<void> => {
    if (isBinary) return socket.close(1003, 'binary frames are not accepted');
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      return socket.close(1007, 'frame is not JSON');
    }
    const frame = clientFrameSchema.safeParse(json);
    if (!frame.success)
      return socket.close(1008, `bad frame: ${describeIssues(frame.error)}`.slice(0, 120));
    const { id, channel, request } = frame.data;
    send(socket, { type: 'result', id, ...(await service.call(channel, request)) });
  };

  return service.onStream((stream, payload) => {
    const text = JSON.stringify({ type: 'stream', stream, payload } satisfies ServerFrame);
    for (const socket of server.clients) {
      if (socket.readyState === socket.OPEN && socket.bufferedAmount < MAX_BUFFERED_BYTES) {
        socket.send(text);
      }
    }
  });
}
