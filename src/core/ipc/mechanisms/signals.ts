import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { unlessStopped, type MechanismRun } from './context';
import { endAll, startPeer, type Peer } from '../jobs/ends';
import { planFor, runPlan } from '../wire/produce-plan';

/**
 * Signals: SIGUSR1 / SIGUSR2 between processes. They carry no data, and a standard signal that
 * arrives while the same one is still pending is merged with it — so under a burst, delivered
 * < sent. The runner is the receiver; it counts each delivery in its handler.
 */

type UserSignal = 'SIGUSR1' | 'SIGUSR2';

/** How long to wait for a round-trip reply before counting the ping lost. */
const REPLY_TIMEOUT_MS = 1000;

/** Installs counting handlers; returns the counts and the function that removes them. */
function countSignals(onSignal: (name: UserSignal) => void = () => undefined) {
  const delivered = { SIGUSR1: 0, SIGUSR2: 0 };
  const handlers = {
    SIGUSR1: () => {
      delivered.SIGUSR1 += 1;
      onSignal('SIGUSR1');
    },
    SIGUSR2: () => {
      delivered.SIGUSR2 += 1;
      onSignal('SIGUSR2');
    },
  };
  process.on('SIGUSR1', handlers.SIGUSR1);
  process.on('SIGUSR2', handlers.SIGUSR2);
  return {
    delivered,
    remove: () => {
      process.off('SIGUSR1', handlers.SIGUSR1);
      process.off('SIGUSR2', handlers.SIGUSR2);
    },
  };
}

/** Runs for the signals mechanism, by mode (message size does not apply). */
export const signalMechanism: { throughput: MechanismRun; roundTrip: MechanismRun } = {
  throughput: async (context) => {
    const { request, meter, signal } = context;
    const counts = meter.ledger.counts;
    const tally = countSignals(() => {
      counts.messages += 1;
      counts.received += 1;
    });
    const sent = { SIGUSR1: 0, SIGUSR2: 0 };
    meter.signals = { sent, delivered: tally.delivered };
    const peers: Peer[] = [];
    try {
      for (let i = 0; i < request.producers; i += 1) {
        const plan = planFor(i, request.producers, request);
        peers.push(
          startPeer(
            { role: 'signal-sender', target: process.pid, plan },
            { cpu: context.cores.sender },
          ),
        );
      }
      context.addPids(peers.map((p) => p.pid));
      await unlessStopped(signal, Promise.all(peers.map((p) => p.ready)));
      meter.markStart();
      for (const peer of peers) peer.go();
      const reports = await unlessStopped(signal, Promise.all(peers.map((p) => p.done)));
      for (const report of reports) {
        sent.SIGUSR1 += report.signals?.SIGUSR1 ?? 0;
        sent.SIGUSR2 += report.signals?.SIGUSR2 ?? 0;
        meter.sent += report.sent;
      }
      // Every signal was delivered before the 'done' message could be read; give the event
      // loop a moment to run the handlers libuv queued for them.
      await sleep(50);
      meter.markFinish();
    } finally {
      // Remove the handlers only when no sender is left: SIGUSR2's default action is to exit.
      await endAll(peers);
      tally.remove();
    }
  },
  roundTrip: async (context) => {
    const { request, meter, signal } = context;
    let replied: (() => void) | null = null;
    const counts = meter.ledger.counts;
    const tally = countSignals((name) => {
      if (name !== 'SIGUSR2') return;
      counts.messages += 1;
      counts.received += 1;
      replied?.();
    });
    // One ping in flight: replies from several peers would be indistinguishable.
    const peers: Peer[] = [
      startPeer({ role: 'signal-echo', target: process.pid }, { cpu: context.cores.sender }),
    ];
    const peer = peers[0]!;
    try {
      context.addPids([peer.pid]);
      await unlessStopped(signal, peer.ready);
      meter.markStart();
      const plan = planFor(0, 1, request);
      const pings = await unlessStopped(
        signal,
        runPlan(
          plan,
          () => {
            const startedAt = performance.now();
            let timer: NodeJS.Timeout | undefined;
            const back = new Promise<boolean>((resolve) => {
              replied = () => resolve(true);
              timer = setTimeout(() => resolve(false), REPLY_TIMEOUT_MS);
            });
            process.kill(peer.pid, 'SIGUSR1');
            return back.then((ok) => {
              clearTimeout(timer);
              if (ok) meter.recordLatency((performance.now() - startedAt) * 1000);
            });
          },
          () => signal.aborted,
        ),
      );
      // A round trip is the unit here: a ping whose reply never came is lost.
      meter.sent = pings;
      counts.lost = Math.max(0, pings - counts.received);
      meter.markFinish();
    } finally {
      await endAll(peers);
      tally.remove();
    }
  },
};
