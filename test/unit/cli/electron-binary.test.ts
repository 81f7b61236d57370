import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../src/cli/electron-binary';

describe('findElectronBinary', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'electron-pkg-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('is null when the package never downloaded its binary', () => {
    expect(findElectronBinary(dir)).toBeNull();
  });

  it('is null when path.txt names a binary that is not there', async () => {
    await writeFile(join(dir, 'path.txt'), 'electron');
    expect(findElectronBinary(dir)).toBeNull();
  });

  it('finds the downloaded binary', async () => {
    await writeFile(join(dir, 'path.txt'), 'electron');
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'electron'), '');
    expect(findElectronBinary(dir)).toBe(join(dir, 'dist', 'electron'));
  });
});
