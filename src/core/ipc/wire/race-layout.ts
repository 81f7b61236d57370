/** Int32 cells of the race demo's shared buffer. */
export const RACE_CELLS = {
  /** The counter every racer increments. */
  counter: 0,
  /** Racers that reached the start barrier. */
  ready: 1,
  /** 0 until the runner lets every racer go at once. */
  start: 2,
  /** The Atomics mutex of 'mutex' mode. */
  mutex: 3,
  count: 4,
} as const;
