import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capabilities, detect } from '../../../../src/core/os';
import { requireMachine } from '../../support/machine';

describe('capabilities', () => {
  it('on this Linux machine: procfs, thread names and ids, and pinning', ({ skip }) => {
    requireMachine(skip, 'linux');
    expect(capabilities()).toMatchObject({
      hasProcfs: true,
      canNameThreads: true,
      canReadThreadIds: true,
      canPin: true,
      canTieChildren: existsSync('/usr/bin/setpriv'),
      hasProcessGroups: true,
      hasFifos: true,
    });
  });

  it('no /proc features on other systems, whatever this machine has', () => {
    for (const platform of ['darwin', 'win32', 'freebsd'] as const) {
      expect(detect(platform)).toMatchObject({
        hasProcfs: false,
        canNameThreads: false,
        canReadThreadIds: false,
        canPin: false,
        canTieChildren: false,
      });
    }
    expect(detect('win32')).toMatchObject({ hasProcessGroups: false, hasFifos: false });
    expect(detect('darwin')).toMatchObject({ hasProcessGroups: true, hasFifos: true });
  });
});
