import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Finds Electron's binary without require('electron'), which would try to download it (and
 * hang or fail on machines that reach only the package registries). Returns null when absent.
 */
export function findElectronBinary(electronPackageDir: string): string | null {
  const pathFile = join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (relative === '') return null;
  const distDir = process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? join(electronPackageDir, 'dist');
  const binary = join(distDir, relative);
  return existsSync(binary) ? binary : null;
}

/** Why the Electron window cannot open here, in one line. */
export const ELECTRON_MISSING_REASON =
  "Electron's binary is not installed (it cannot be downloaded on this machine)";
