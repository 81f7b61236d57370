import type { StreamChannel, StreamPayloads } from '../../../shared/contract';

type AnyListener = (payload: unknown) => void;

/** Who listens to which stream: the subscribe/emit half of every LabClient in the page. */
export class StreamListeners {
  private readonly byStream = new Map<StreamChannel, Set<AnyListener>>();

  /** Adds a listener; returns how to remove it. */
  add<S extends StreamChannel>(
    stream: S,
    listener: (payload: StreamPayloads[S]) => void,
  ): () => void {
    const set = this.byStream.get(stream) ?? new Set<AnyListener>();
    this.byStream.set(stream, set);
    const anyListener = listener as AnyListener;
    set.add(anyListener);
    return () => set.delete(anyListener);
  }

  /** Hands a payload that arrived on `stream` to its listeners. */
  emit(stream: StreamChannel, payload: unknown): void {
    for (const listener of this.byStream.get(stream) ?? []) listener(payload);
  }

  /** Forgets every listener. */
  clear(): void {
    this.byStream.clear();
  }
}
