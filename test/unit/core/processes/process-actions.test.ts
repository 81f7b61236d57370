import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tsxLoaderUrl } from '../../../../src/core/paths';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabService } from '../../../../src/core/service';
import type { ProcessActionResult } from '../../../../src/shared/process-actions';
import { requireMachine } from '../../support/machine';
import { Children, WORKERS_SCRIPT, threadNames, waitFor } from '../../support/os-helpers';

/**
 * Process actions on real processes: a signal, a nice value or a CPU set is checked in /proc
 * afterwards, by the test's own reading, never by the lab's answer alone.
 */

/** Fields of /proc/PID[/task/TID]/stat after the name: [0] is the state, [16] the nice value. */
function statFields(path: string): string[] {
  const text = readFileSync(path, 'latin1');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}
const stateOf = (pid: number): string => statFields(`/proc/${pid}/stat`)[0] ?? '';
const niceOf = (pid: number, tid = pid): number =>
  Number(statFields(`/proc/${pid}/task/${tid}/stat`)[16]);
const tidsOf = (pid: number): number[] => readdirSync(`/proc/${pid}/task`).map(Number);
/** Cpus_allowed_list of one thread, as the kernel writes it ("0-1", "1"). */
function cpusOf(pid: number, tid = pid): string {
  const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
  return /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1] ?? '';
}

describe('process actions', () => {
  const children = new Children();
  let service: LabService;

  beforeEach(({ skip }) => {
    requireMachine(skip, 'linux');
    service = new LabService();
  });
  afterEach(async () => {
    await children.killAll();
    await service?.dispose();
  });

  /** A `sleep` of the test's own user, asleep (state S) before it is acted on. */
  async function sleeper(...asUser: string[]): Promise<number> {
    const child =
      asUser.length > 0
        ? children.start('setpriv', [...asUser, 'sleep', '60'])
        : children.start('sleep', ['60']);
    const pid = child.pid ?? 0;
    await waitFor(
      () => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep' && stateOf(pid) === 'S',
    );
    return pid;
  }

  const act = async (channel: string, request: unknown) => service.call(channel, request);
  const value = (answer: Awaited<ReturnType<typeof act>>): ProcessActionResult => {
    if (!answer.ok) throw new Error(`refused: ${answer.error}`);
    return answer.value as ProcessActionResult;
  };

  it('SIGSTOP stops a sleep (state T) and SIGCONT lets it sleep again (state S)', async () => {
    const pid = await sleeper();
    const stopped = value(await act('process:signal', { pid, signal: 'SIGSTOP' }));
    expect(stateOf(pid)).toBe('T');
    expect(stopped.message).toContain('T (stopped)');
    value(await act('process:signal', { pid, signal: 'SIGCONT' }));
    await waitFor(() => stateOf(pid) === 'S');
    const killed = value(await act('process:signal', { pid, signal: 'SIGKILL' }));
    expect(killed.after).toBeNull();
    expect(killed.message).toContain('it has ended');
  });

  it('renice sets the nice value in /proc/PID/stat, on every thread', async () => {
    const child = children.start(process.execPath, [
      '-e',
      WORKERS_SCRIPT,
      JSON.stringify([{ name: 'nice-w', busy: false }]),
    ]);
    const pid = child.pid ?? 0;
    await waitFor(() => threadNames(pid).includes('nice-w'));
    const before = tidsOf(pid).map((tid) => niceOf(pid, tid));
    expect(before.every((nice) => nice === before[0])).toBe(true);
    const target = before[0] === 7 ? 8 : 7;
    const answer = value(await act('process:renice', { pid, nice: target }));
    expect(answer.after?.nice).toBe(target);
    expect(niceOf(pid)).toBe(target);
    expect(tidsOf(pid).map((tid) => niceOf(pid, tid))).toEqual(tidsOf(pid).map(() => target));
  });

  it('affinity changes Cpus_allowed_list of every thread of a multi-threaded process', async ({
    skip,
  }) => {
    requireMachine(skip, 'taskset', 'twoCpus');
    const child = children.start(process.execPath, [
      '-e',
      WORKERS_SCRIPT,
      JSON.stringify([{ name: 'pin-w', busy: false }]),
    ]);
    const pid = child.pid ?? 0;
    await waitFor(() => threadNames(pid).includes('pin-w'));
    expect(tidsOf(pid).length).toBeGreaterThan(1);
    for (const cpu of [1, 0]) {
      const answer = value(await act('process:affinity', { pid, cpus: [cpu] }));
      expect(answer.after?.cpus).toEqual([cpu]);
      expect(tidsOf(pid).map((tid) => cpusOf(pid, tid))).toEqual(
        tidsOf(pid).map(() => String(cpu)),
      );
    }
  });

  it("refuses another user's process and leaves it as it was", async ({ skip }) => {
    requireMachine(skip, 'setpriv', 'root');
    const pid = await sleeper('--reuid=65534', '--regid=65534', '--clear-groups');
    const cpus = cpusOf(pid);
    const nice = niceOf(pid);
    const requests: [string, unknown][] = [
      ['process:signal', { pid, signal: 'SIGSTOP' }],
      ['process:signal', { pid, signal: 'SIGKILL' }],
      ['process:renice', { pid, nice: nice === 5 ? 6 : 5 }],
      ['process:affinity', { pid, cpus: [0] }],
    ];
    for (const [channel, request] of requests) {
      const answer = await act(channel, request);
      expect(answer.ok).toBe(false);
      if (!answer.ok)
        expect(answer.error).toMatch(
          /PID \d+ belongs to \S+; the lab acts only on its own user's processes/,
        );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stateOf(pid)).toBe('S');
    expect(niceOf(pid)).toBe(nice);
    expect(cpusOf(pid)).toBe(cpus);
    const settings = await act('process:get-settings', { pid });
    expect(settings.ok && (settings.value as { refused: string | null }).refused).toContain(
      'belongs to',
    );
  });

  it('says in plain words when the OS refuses to lower nice (no privilege)', ({ skip }) => {
    requireMachine(skip, 'setpriv', 'root');
    const run = spawnSync(
      'setpriv',
      [
        ...['--reuid=65534', '--regid=65534', '--clear-groups'],
        ...[process.execPath, '--import', tsxLoaderUrl()],
        join(__dirname, 'fixtures/unprivileged-renice.ts'),
      ],
      { cwd: '/', encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' },
    );
    expect(run.stderr).toBe('');
    const { answers, niceAfter } = JSON.parse(run.stdout) as {
      answers: { ok: boolean; text: string }[];
      niceAfter: number;
    };
    expect(answers[0]).toMatchObject({ ok: true, text: expect.stringContaining('is now 5') });
    expect(answers[1]).toEqual({
      ok: false,
      text: expect.stringMatching(
        /^the OS did not allow the lab to set nice 0 on PID \d+: permission denied \(only root.*may lower nice/,
      ),
    });
    expect(niceAfter).toBe(5);
  });

  it('refuses the lab itself and the processes it runs under', async () => {
    for (const pid of [process.pid, process.ppid]) {
      const answer = await act('process:signal', { pid, signal: 'SIGCONT' });
      expect(answer).toMatchObject({ ok: false, error: expect.stringMatching(/the lab/) });
    }
    expect(await act('process:signal', { pid: process.pid, signal: 'SIGCONT' })).toMatchObject({
      error: expect.stringContaining('is the lab itself; killing itself is not a lesson'),
    });
  });

  it("refuses the lab's own page (the window's renderer)", async () => {
    const pid = await sleeper();
    service.pageProcessIds = () => [pid];
    expect(await act('process:signal', { pid, signal: 'SIGSTOP' })).toMatchObject({
      ok: false,
      error: expect.stringContaining(`PID ${pid} (sleep) shows the lab's own page`),
    });
    expect(stateOf(pid)).toBe('S');
  });

  it('refuses bad requests with a sentence, and nothing changes', async () => {
    const pid = await sleeper();
    const nice = niceOf(pid);
    const cpus = cpusOf(pid);
    const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
    const bad: [string, unknown, RegExp][] = [
      ['process:signal', { pid: 0, signal: 'SIGKILL' }, /process id must be at least 1 \(got 0\)/],
      ['process:signal', { pid: -pid, signal: 'SIGKILL' }, /process id must be at least 1/],
      [
        'process:signal',
        { pid, signal: 'SIGHUP' },
        /signal must be one of SIGSTOP, .* \(got "SIGHUP"\)/,
      ],
      [
        'process:signal',
        { pid: pidMax, signal: 'SIGKILL' },
        new RegExp(`no process with PID ${pidMax}`),
      ],
      ['process:renice', { pid, nice: 50 }, /nice must be at most 19 \(got 50\)/],
      ['process:renice', { pid, nice: -21 }, /nice must be at least -20/],
      ['process:affinity', { pid, cpus: [] }, /choose at least one CPU/],
      ['process:affinity', { pid, cpus: [999] }, /CPU 999 is not online here/],
      ['process:affinity', { pid, cpus: [0.5] }, /whole number/],
      ['process:signal', { pid, signal: 'SIGKILL', extra: 1 }, /extra/],
    ];
    for (const [channel, request, error] of bad) {
      const answer = await act(channel, request);
      expect(answer, JSON.stringify(request)).toMatchObject({
        ok: false,
        error: expect.stringMatching(error),
      });
    }
    expect(stateOf(pid)).toBe('S');
    expect(niceOf(pid)).toBe(nice);
    expect(cpusOf(pid)).toBe(cpus);
  });
});
