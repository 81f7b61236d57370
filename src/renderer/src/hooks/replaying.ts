import { createContext, useContext } from 'react';

/** True while the views show a recording instead of the live lab; provided once by App. */
export const ReplayingContext = createContext(false);

/** Whether a recording is being replayed: views then disable whatever would run something. */
export function useReplaying(): boolean {
  return useContext(ReplayingContext);
}

/** The text key of why run controls are disabled during a replay, shown beside them. */
export const REPLAY_DISABLED_REASON_KEY = 'replay.disabledReason';
