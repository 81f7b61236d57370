import { parseArgs } from 'node:util';
import { runAgent } from '../agent';
import { parseIntegerFlag, type Command } from './command';

/** `concurrency-lab agent`: the lab's backend without the page, for other machines to reach. */
export const agentCommand: Command = {
  name: 'agent',
  summary: 'run the lab headless for the app or Prometheus to connect to',
  usage: `concurrency-lab agent [--port N | --listen ADDR:PORT] [--token-file PATH]
                     [--allow-host NAME[:PORT]]... [--allow-origin URL]...

Runs the lab with no page: a WebSocket (/ws) for the app and Prometheus metrics (/metrics),
both behind a token, on 127.0.0.1. Reach it from another machine through an SSH tunnel.
  --port N                 port on 127.0.0.1 (default 0: a free one)
  --listen ADDR:PORT       bind another address instead (anyone who can reach it can try
                           the token; prefer an SSH tunnel)
  --token-file PATH        read the token from PATH (mode 0600, owned by you); else from
                           $CONCURRENCY_LAB_TOKEN; else from ~/.config/concurrency-lab/agent-token,
                           created with a new token on first use
  --allow-host NAME[:PORT] also answer to this Host header (repeatable)
  --allow-origin URL       also accept WebSockets from this page origin (repeatable)
There is no --token flag: a token in the arguments is visible to every user in ps.`,
  run: async (argv) => {
    if (argv.some((arg) => arg === '--token' || arg.startsWith('--token='))) {
      throw new Error(
        'there is no --token flag (every user can read arguments with ps): use --token-file PATH or CONCURRENCY_LAB_TOKEN',
      );
    }
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        listen: { type: 'string' },
        'token-file': { type: 'string' },
        'allow-host': { type: 'string', multiple: true, default: [] },
        'allow-origin': { type: 'string', multiple: true, default: [] },
      },
      strict: true,
    });
    if (values.port !== undefined && values.listen !== undefined) {
      throw new Error('give --port or --listen ADDR:PORT, not both');
    }
    const listen =
      values.listen === undefined
        ? { host: '127.0.0.1', port: parseIntegerFlag('port', values.port ?? '0', 0, 65535) }
        : parseListen(values.listen);
    await runAgent({
      ...listen,
      tokenFile: values['token-file'],
      allowedHosts: values['allow-host'],
      allowedOrigins: values['allow-origin'],
    });
  },
};

/** `ADDR:PORT` or `[IPv6]:PORT` → host and port; throws a one-line reason. */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  if (match === null || host === undefined) {
    throw new Error(`--listen must be ADDR:PORT, e.g. 127.0.0.1:7070 or [::1]:7070 (got ${value})`);
  }
  return { host, port: parseIntegerFlag('listen', match[3] ?? '', 0, 65535) };
}
