import type { MessagePort } from 'node:worker_threads';
import type { PcFigures } from '../wire/pc-queue';
import type { PcPortMessage, PcPortReply } from '../protocol/pc-port-protocol';

interface Item {
  producer: number;
  seq: number;
}

/**
 * The producer–consumer queue over MessagePorts: the bounded queue lives here, on the runner's
 * thread, and threads reach it by messages. A put is answered only once its item is in the
 * queue — a producer facing a full queue waits, exactly like a blocking put — and a take is
 * answered only when there is an item. The queue itself never holds more than K items.
 */
export class PcBroker {
  private readonly queue: Item[] = [];
  private readonly parkedPuts: { port: MessagePort; item: Item }[] = [];
  private readonly waitingTakers: MessagePort[] = [];
  private readonly seen = new Map<number, Uint8Array>();
  private readonly blockedMs: number[];
  private readonly idleMs: number[];
  private producersFinished = 0;
  private stopRequested = false;
  private maxDepth = 0;
  private produced = 0;
  private consumed = 0;
  private duplicated = 0;

  constructor(
    private readonly capacity: number,
    private readonly producers: number,
    consumers: number,
  ) {
    this.blockedMs = new Array<number>(producers).fill(0);
    this.idleMs = new Array<number>(consumers).fill(0);
  }

  /** Serves one thread's port. */
  attach(port: MessagePort, role: 'producer' | 'consumer', index: number): void {
    port.on('message', (message: PcPortMessage) => {
      if (message.type === 'put' && role === 'producer') {
        this.blockedMs[index] = message.blockedMs;
        this.put(port, { producer: message.producer, seq: message.seq });
      } else if (message.type === 'finished' && role === 'producer') {
        this.blockedMs[index] = message.blockedMs;
        this.producersFinished += 1;
        this.endIfDrained();
      } else if (message.type === 'take' && role === 'consumer') {
        this.idleMs[index] = message.idleMs;
        if (message.previous) this.markConsumed(message.previous);
        this.take(port);
      }
    });
  }

  /** Producers stop after their current item. */
  requestStop(): void {
    this.stopRequested = true;
  }

  /** The live figures. */
  figures(): PcFigures {
    return {
      depth: this.queue.length,
      maxDepth: this.maxDepth,
      produced: this.produced,
      consumed: this.consumed,
      duplicated: this.duplicated,
      producerBlockedMs: this.blockedMs.reduce((a, b) => a + b, 0),
      consumerIdleMs: this.idleMs.reduce((a, b) => a + b, 0),
    };
  }

  private reply(port: MessagePort, message: PcPortReply): void {
    port.postMessage(message);
  }

  private put(port: MessagePort, item: Item): void {
    if (this.queue.length >= this.capacity) {
      this.parkedPuts.push({ port, item });
      return;
    }
    this.enqueue(port, item);
    this.serveTakers();
  }

  private enqueue(port: MessagePort, item: Item): void {
    this.queue.push(item);
    this.produced += 1;
    this.maxDepth = Math.max(this.maxDepth, this.queue.length);
    this.reply(port, { type: this.stopRequested ? 'stop' : 'ack' });
  }

  private take(port: MessagePort): void {
    this.waitingTakers.push(port);
    this.serveTakers();
    this.endIfDrained();
  }

  private serveTakers(): void {
    while (this.waitingTakers.length > 0 && this.queue.length > 0) {
      const taker = this.waitingTakers.shift()!;
      const item = this.queue.shift()!;
      this.reply(taker, { type: 'item', producer: item.producer, seq: item.seq });
      const parked = this.parkedPuts.shift();
      if (parked) this.enqueue(parked.port, parked.item);
    }
  }

  private endIfDrained(): void {
    const drained = this.queue.length === 0 && this.parkedPuts.length === 0;
    if (this.producersFinished < this.producers || !drained) return;
    for (const taker of this.waitingTakers.splice(0)) this.reply(taker, { type: 'end' });
  }

  private markConsumed(item: Item): void {
    this.consumed += 1;
    let bits = this.seen.get(item.producer);
    const byte = item.seq >>> 3;
    if (!bits || bits.length <= byte) {
      const grown = new Uint8Array(Math.max(1024, (byte + 1) * 2));
      if (bits) grown.set(bits);
      bits = grown;
      this.seen.set(item.producer, bits);
    }
    const mask = 1 << (item.seq & 7);
    if (bits[byte]! & mask) this.duplicated += 1;
    else bits[byte] = bits[byte]! | mask;
  }
}
