import type { RawData, WebSocket, WebSocketServer } from 'ws';
import type { LabService } from '../core/service';
import { describeIssues } from '../shared/validation';
import { clientFrameSchema, type ServerFrame } from '../shared/ws-protocol';
import { serveClientCalls } from './client-calls';

/** A client this far behind on stream frames is skipped until it catches up (live data only). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Last resort: a client this far behind is closed at once. Calls normally stop at
 * ANSWER_BACKLOG_BYTES (client-calls.ts); only in-flight answers can add more.
 */
const MAX_UNREAD_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * Wires LabService to every accepted WebSocket: calls are answered by id (the service
 * validates each request against its schema), streams are broadcast to all clients.
 * No frame and no client can stop serve mode: protocol errors close only that connection.
 */
export function wireWebSocketTransport(service: LabService, server: WebSocketServer): () => void {
  const send = (socket: WebSocket, frame: ServerFrame): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_UNREAD_ANSWER_BYTES) {
      socket.close(1008, 'too many unread answers');
      return;
    }
    socket.send(JSON.stringify(frame));
  };

  server.on('connection', (socket) => {
    // ws already closes a connection that breaks the protocol, with the right code (1002, 1007,
    // 1009), and then emits 'error': without a listener that error would end the whole process.
    socket.on('error', () => undefined);
    serveClientCalls(socket, async (data, isBinary) => {
      try {
        await answer(socket, data, isBinary);
      } catch {
        // A bug of ours (an answer that cannot be sent, say) costs this client, not serve mode.
        socket.close(1011, 'internal error');
      }
    });
  });

  const answer = async (socket: WebSocket, data: RawData, isBinary: boolean): Promise<void> => {
    if (socket.readyState !== socket.OPEN) return;
    if (isBinary) return socket.close(1003, 'binary frames are not accepted');
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      return socket.close(1007, 'frame is not JSON');
    }
    const frame = clientFrameSchema.safeParse(json);
    if (!frame.success) {
      const error = `bad frame: ${describeIssues(frame.error)}`;
      return send(socket, { type: 'result', id: usableId(json), ok: false, error });
    }
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

/** The id of a rejected frame, when it has one a client could be waiting on; else null. */
function usableId(json: unknown): number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const { id } = json;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}
