import type { RawData, WebSocket } from 'ws';

/** Calls one client may have in progress; past this its socket is not read until some finish. */
const MAX_CALLS_IN_FLIGHT = 32;

/** Unsent answer bytes above which a client's next calls wait until it reads. */
export const ANSWER_BACKLOG_BYTES = 1024 * 1024;

/** A client with calls waiting that has read nothing for this long is closed. */
export const UNREAD_TIMEOUT_MS = 10_000;

/** How often a throttled client's backlog is looked at. */
const DRAIN_POLL_MS = 50;

/** Handles one frame of a client; never rejects. */
export type FrameHandler = (data: RawData, isBinary: boolean) => Promise<void>;

/**
 * Runs one client's calls with bounded memory. A client that floods calls is not read while
 * MAX_CALLS_IN_FLIGHT are running (it waits in its own TCP buffers); one that does not read its
 * answers gets no new ones past ANSWER_BACKLOG_BYTES, and is closed (1008) if it stays stuck.
 */
export function serveClientCalls(socket: WebSocket, handle: FrameHandler): void {
  const queue: { data: RawData; isBinary: boolean }[] = [];
  let running = 0;
  let drainTimer: NodeJS.Timeout | null = null;
  let stuckSince = 0;
  let lastBacklog = 0;

  const stopWaiting = (): void => {
    if (drainTimer !== null) clearInterval(drainTimer);
    drainTimer = null;
  };

  const waitForReader = (): void => {
    if (drainTimer !== null) return;
    stuckSince = Date.now();
    lastBacklog = socket.bufferedAmount;
    drainTimer = setInterval(() => {
      const backlog = socket.bufferedAmount;
      if (socket.readyState !== socket.OPEN) return stopWaiting();
      if (backlog <= ANSWER_BACKLOG_BYTES) return (stopWaiting(), pump());
      // Progress (the client read something) restarts the clock: slow is fine, stuck is not.
      if (backlog < lastBacklog) stuckSince = Date.now();
      lastBacklog = backlog;
      if (Date.now() - stuckSince >= UNREAD_TIMEOUT_MS) {
        stopWaiting();
        queue.length = 0;
        socket.close(1008, 'too many unread answers');
      }
    }, DRAIN_POLL_MS);
  };

  const pump = (): void => {
    while (running < MAX_CALLS_IN_FLIGHT && queue.length > 0 && drainTimer === null) {
      if (socket.bufferedAmount > ANSWER_BACKLOG_BYTES) {
        waitForReader();
        break;
      }
      const { data, isBinary } = queue.shift() as { data: RawData; isBinary: boolean };
      running += 1;
      void handle(data, isBinary).finally(() => {
        running -= 1;
        pump();
      });
    }
    if (running + queue.length >= MAX_CALLS_IN_FLIGHT) socket.pause();
    else if (socket.isPaused) socket.resume();
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    queue.push({ data, isBinary });
    pump();
  });
  socket.on('close', () => {
    stopWaiting();
    queue.length = 0;
  });
}
