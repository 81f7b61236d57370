import { parseArgs } from 'node:util';
import { runServeMode } from '../serve';
import { parseIntegerFlag, type Command } from './command';

/** `concurrency-lab serve`: serve mode. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the app on 127.0.0.1 for a browser',
  usage: `concurrency-lab serve [--port N] [--open]

Serves the lab on http://127.0.0.1 with a WebSocket that needs the printed token.
  --port N   port to listen on (default: a free one)
  --open     open the page in a Chromium app window; closing it stops the server`,
  run: async (argv) => {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' },
        open: { type: 'boolean', default: false },
      },
      strict: true,
    });
    await runServeMode({
      port: parseIntegerFlag('port', values.port, 0, 65535),
      open: values.open,
    });
  },
};
