/** One CLI command: its help text and what it runs. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Runs with the arguments after the command name; throws an Error with a one-line reason. */
  run(argv: string[]): Promise<void>;
}

/** Parses a whole number within bounds, or throws a one-line reason naming the flag. */
export function parseIntegerFlag(flag: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new Error(`--${flag} must be a whole number from ${min} to ${max} (got ${value})`);
  }
  return number;
}

/** Resolves when the process is asked to stop (Ctrl-C, SIGTERM, SIGHUP). */
export function untilInterrupted(): { interrupted: Promise<void>; dispose(): void } {
  let resolve: () => void = () => {};
  const interrupted = new Promise<void>((done) => (resolve = done));
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  // `on`, not `once`: a Ctrl-C reaches the whole process group, and `npm start` forwards it too,
  // so a second signal may follow the first; with no listener left it would kill us mid-cleanup.
  for (const signal of signals) process.on(signal, resolve);
  return {
    interrupted,
    dispose: () => signals.forEach((signal) => process.off(signal, resolve)),
  };
}
