/** Reports progress on stderr: a redrawn bar on a terminal, plain lines otherwise (logs, CI). */
export interface Progress {
  update(fraction: number, detail?: string): void;
  done(detail?: string): void;
}

/** A progress reporter for one task. Plain-line mode prints at most every 10 %. */
export function createProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const tty = stream.isTTY === true;
  let lastDecile = -1;
  const bar = (fraction: number): string => {
    const width = 24;
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
    return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}]`;
  };
  return {
    update(fraction, detail = '') {
      const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
      if (tty) {
        stream.write(
          `\r${label} ${bar(fraction)} ${String(percent).padStart(3)} % ${detail}\x1b[K`,
        );
        return;
      }
      const decile = Math.floor(percent / 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      stream.write(`${label}: ${percent} %${detail ? ` (${detail})` : ''}\n`);
    },
    done(detail = 'done') {
      stream.write(tty ? `\r${label} ${bar(1)} 100 % ${detail}\x1b[K\n` : `${label}: ${detail}\n`);
    },
  };
}
