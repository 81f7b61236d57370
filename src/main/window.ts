import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import { mainWindowOptions } from './window-options';

/** Where the renderer is loaded from: the dev server in `npm run dev`, else the built file. */
export function rendererUrl(): string {
  const devServer = process.env['ELECTRON_RENDERER_URL'];
  if (devServer) return devServer;
  return pathToFileURL(join(__dirname, '../renderer/index.html')).href;
}

/** Creates the main window with the hardened options and loads the renderer. */
export function createMainWindow(url: string): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js')));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url);
  return window;
}
