import { createContext, useContext, useEffect, useRef } from 'react';
import type { LabClient, StreamChannel, StreamPayloads } from '../../../shared/contract';

/** The LabClient for the component tree; provided once in main.tsx. */
export const LabContext = createContext<LabClient | null>(null);

/** The app's LabClient. */
export function useLab(): LabClient {
  const client = useContext(LabContext);
  if (client === null) throw new Error('useLab() used outside <LabContext.Provider>');
  return client;
}

/** Calls `listener` for every payload on `stream` while the component is mounted. */
export function useStream<S extends StreamChannel>(
  stream: S,
  listener: (payload: StreamPayloads[S]) => void,
): void {
  const client = useLab();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => client.subscribe(stream, (payload) => latest.current(payload)), [client, stream]);
}
