import { useState, useSyncExternalStore } from 'react';
import type { ProcessRow, ThreadsSample } from '../../../../shared/sampling';
import {
  INITIAL_FOLLOW,
  observeLabProcesses,
  shownProcessKey,
  type LabProcess,
} from './follow-newest';

const STORAGE_KEY = 'lab.processes.followNewest';
const listeners = new Set<() => void>();
// Remembered like the column chooser, so a pinned choice survives a reload.
let following = read();

function read(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'false';
  } catch {
    return true; // storage refused (privacy settings): follow, the default
  }
}

function write(on: boolean): void {
  following = on;
  try {
    localStorage.setItem(STORAGE_KEY, String(on));
  } catch {
    // not remembered, but still applied for this session
  }
  for (const listener of listeners) listener();
}

/** The thread panel's follow-newest choice, and what it resolves to. */
export interface FollowNewest {
  following: boolean;
  /** The lab process followed (while following), kept after it ends; null before any. */
  followed: LabProcess | null;
  /** Turns following on (jumping to the newest lab process) or off. */
  setFollowing: (on: boolean) => void;
  /** A user picked a process by hand: following stops, so the pick stays. */
  pin: () => void;
  /** The key to show: the followed process while following, else the user's `pinned` one. */
  shown: (pinned: string | null) => string | null;
}

/** Follows the newest process the lab starts, read off the thread samples as they arrive. */
export function useFollowNewest(
  samples: readonly ThreadsSample[],
  rows: readonly ProcessRow[],
): FollowNewest {
  const on = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => following,
  );
  const [state, setState] = useState(INITIAL_FOLLOW);
  const next = observeLabProcesses(state, samples, (key) => startTimeOf(rows, key));
  // Derived from the samples as they arrive (React's "state from props" pattern): the render
  // goes again at once with the new state, and reading a sample twice changes nothing.
  if (next !== state) setState(next);
  return {
    following: on,
    followed: on ? next.newest : null,
    setFollowing: write,
    pin: () => write(false),
    shown: (pinned) => shownProcessKey(next, on, pinned),
  };
}

/** A process's start time from the table, where the table already lists it. */
function startTimeOf(rows: readonly ProcessRow[], key: string): number | null {
  return rows.find((row) => row.key === key)?.startTime ?? null;
}
