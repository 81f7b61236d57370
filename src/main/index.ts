import { app, session, type BrowserWindow } from 'electron';
import { LabService } from '../core/service';
import { wireLabIpc } from './ipc';
import { hardenApp } from './security';
import { createMainWindow, rendererUrl } from './window';

// Wiring only: window, security and IPC each set themselves up, so this file stays a list.
const service = new LabService();
let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

void app.whenReady().then(() => {
  hardenApp(session.defaultSession);
  const url = rendererUrl();
  wireLabIpc(service, () => mainWindow?.webContents ?? null, url);
  service.start();
  mainWindow = createMainWindow(url);
  mainWindow.on('closed', () => (mainWindow = null));
  // The page's renderer process, so each result shows what the page cost during the run.
  service.pageProcessIds = () => [mainWindow?.webContents.getOSProcessId() ?? 0].filter(Boolean);
});

app.on('window-all-closed', () => app.quit());

// Stop experiments, samplers and servers before exiting so nothing outlives the app.
let disposed = false;
app.on('will-quit', (event) => {
  if (disposed) return;
  event.preventDefault();
  disposed = true;
  void service.dispose().finally(() => app.quit());
});
