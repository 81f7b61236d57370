import type { ChildProcess } from 'node:child_process';

/**
 * Waits for the URL (token included) that `concurrency-lab serve` prints, reading stdout and
 * stderr; rejects with what it printed if it exits first or prints nothing in `timeoutMs`.
 * Shared by the e2e fixture and the renderer benchmark.
 */
export function waitForServeUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve mode printed no URL:\n${output}`)),
      timeoutMs,
    );
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /serve mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve mode exited (${code}):\n${output}`));
    });
  });
}
