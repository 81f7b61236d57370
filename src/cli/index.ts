import { APP_VERSION } from '../core/app-version';
import { agentCommand } from './commands/agent';
import type { Command } from './commands/command';
import { experimentCommand } from './commands/experiment';
import { exportCommand } from './commands/export';
import { recordCommand } from './commands/record';
import { serveCommand } from './commands/serve';

/**
 * The headless command line (package bin `concurrency-lab`, plain Node, no Electron).
 * Progress goes to stderr, results to stdout; errors are one line and a non-zero exit.
 */
const COMMANDS: Command[] = [
  recordCommand,
  experimentCommand,
  exportCommand,
  serveCommand,
  agentCommand,
];

const USAGE = `usage: concurrency-lab <command> [options]

commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(12)}${command.summary}`).join('\n')}

Run "concurrency-lab <command> --help" for a command's options, "concurrency-lab --version"
for the version.`;

/** Runs the CLI with the given arguments; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    console.log(APP_VERSION);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
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
