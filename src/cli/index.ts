import { parseArgs } from 'node:util';
import { runServeMode } from './serve';

/**
 * The headless command line (package bin `concurrency-lab`, plain Node, no Electron).
 * Each command parses its own flags and answers --help.
 */
const COMMANDS: Record<string, { usage: string; run: (argv: string[]) => Promise<void> }> = {
  serve: {
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
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port must be a whole number from 0 to 65535 (got ${values.port})`);
      }
      await runServeMode({ port, open: values.open });
    },
  },
};

const USAGE = `usage: concurrency-lab <command> [options]

commands:
${Object.keys(COMMANDS)
  .map((name) => `  ${name}`)
  .join('\n')}

Run "concurrency-lab <command> --help" for a command's options.`;

/** Runs the CLI with the given arguments; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`concurrency-lab: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    console.error(
      `concurrency-lab ${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
