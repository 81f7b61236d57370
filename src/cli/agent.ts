import { isIP } from 'node:net';
import { LabService } from '../core/service';
import { hostInUrl, startLabServer } from '../server/lab-server';
import { loadAgentToken } from './agent-token';
import { untilInterrupted } from './commands/command';

/** Options of `concurrency-lab agent`. */
export interface AgentOptions {
  host: string;
  port: number;
  tokenFile: string | undefined;
  allowedHosts: string[];
  allowedOrigins: string[];
}

/**
 * Runs the agent until interrupted: the lab and its server with no page, then stops both so
 * nothing it started keeps running. Clients come and go; the lab runs on for the next one.
 */
export async function runAgent(options: AgentOptions): Promise<void> {
  const token = loadAgentToken(options.tokenFile);
  // Listen for stop signals before announcing the port: a signal with no listener would kill
  // the agent without stopping the lab's children.
  const stop = untilInterrupted();
  const service = new LabService();
  try {
    service.start();
    const server = await startLabServer({
      service,
      host: options.host,
      port: options.port,
      token: token.token,
      allowedHosts: options.allowedHosts,
      allowedOrigins: options.allowedOrigins,
      // Programs (the app's backend, scripts) send no Origin; browsers always do.
      allowMissingOrigin: true,
    });
    if (token.file !== null) {
      console.error(`${token.generated ? 'new token written to' : 'token from'} ${token.file}`);
    }
    if (!isLoopback(options.host)) {
      console.error(
        `warning: listening on ${options.host}: anyone who can reach it can try the token; prefer an SSH tunnel to 127.0.0.1`,
      );
    }
    console.log(`listening on ${hostInUrl(server.host)}:${server.port}`);
    await stop.interrupted;
    await server.close();
  } finally {
    // Signals stay absorbed until everything has stopped.
    await service.dispose();
    stop.dispose();
  }
}

/** True for 127.0.0.0/8, ::1 and localhost. */
function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
