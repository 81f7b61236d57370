import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rendererDir } from '../core/paths';
import { LabService } from '../core/service';
import { startLabServer } from '../server/lab-server';
import { findChromium, hasDisplay, openAppWindow, type AppWindow } from './chromium';
import { untilInterrupted } from './commands/command';
import { rendererProcessesUnder } from './page-processes';

/** Options of `concurrency-lab serve`. */
export interface ServeOptions {
  port: number;
  /** Open the page in a Chromium app window; closing the window stops serve mode. */
  open: boolean;
}

/**
 * Runs serve mode until interrupted (or until the app window is closed), then stops the lab,
 * the server and the window, so nothing it started keeps running.
 */
export async function runServeMode(options: ServeOptions): Promise<void> {
  const root = rendererDir();
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`the renderer is not built (${root} is missing): run npm run build`);
  }
  // Listen for stop signals before the URL is announced: whoever reads the URL may stop serve
  // mode at once, and a signal with no listener would kill it without closing anything.
  const stop = untilInterrupted();
  const service = new LabService();
  try {
    service.start();
    let window: AppWindow | null = null;
    const server = await startLabServer({
      service,
      rendererDir: root,
      port: options.port,
      // The window's page is in: its launch page, which holds the token, is no longer needed.
      onClientAccepted: () => void window?.launched(),
    });
    // Our own terminal only: the URL (token included) goes to no other process's arguments.
    console.log(`Concurrency Lab serve mode: ${server.url}`);

    const chromium = options.open ? findChromium() : null;
    if (options.open && chromium === null)
      console.log('No Chromium found: open the URL above in a browser.');
    else if (options.open && !hasDisplay())
      console.log('No display: open the URL above in a browser.');
    else if (chromium !== null) window = await openAppWindow(chromium, server.url);
    // The window is our descendant: its renderers are the page whose cost results show.
    if (window !== null) service.pageProcessIds = () => rendererProcessesUnder(process.pid);

    await Promise.race([stop.interrupted, window?.closed ?? new Promise<never>(() => undefined)]);
    await window?.close();
    await server.close();
  } finally {
    // Signals stay absorbed until everything has stopped.
    await service.dispose();
    stop.dispose();
  }
}
