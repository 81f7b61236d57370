import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A page that sends the app window on to the lab's URL, token included. */
export interface LaunchPage {
  /** The file:// URL to open: it names the file but holds no secret. */
  fileUrl: string;
  /** Deletes the page (once the window has used it); safe to call more than once. */
  remove(): Promise<void>;
}

/**
 * Writes the launch page into `dir` (a folder only we can enter, e.g. the window's throw-away
 * profile). The token must not go on Chromium's command line, which every local user can read
 * in /proc; a file readable by us alone hands it over instead.
 */
export async function writeLaunchPage(dir: string, url: string): Promise<LaunchPage> {
  const path = join(dir, 'launch.html');
  // Escaped so the URL can only ever be a string inside the script.
  const target = JSON.stringify(url).replace(/</g, '\\u003c');
  const html =
    '<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
    `<title>Concurrency Lab</title><script>location.replace(${target});</script>\n`;
  // O_EXCL and mode 0600: never write through a file or link someone else put there.
  const file = await open(path, 'wx', 0o600);
  try {
    await file.writeFile(html, 'utf8');
  } finally {
    await file.close();
  }
  return {
    fileUrl: pathToFileURL(path).href,
    remove: () => rm(path, { force: true }),
  };
}
