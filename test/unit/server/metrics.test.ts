import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockTicksPerSecond } from '../../../src/core/os';
import {
  countersFromCpuTimes,
  countersFromProcStat,
} from '../../../src/core/metrics/system-counters';
import { createLabMetrics } from '../../../src/core/metrics/lab-metrics';
import { LabService } from '../../../src/core/service';
import { startLabServer, type LabServer } from '../../../src/server/lab-server';
import type { StreamChannel } from '../../../src/shared/contract';
import { requireMachine } from '../support/machine';
import { openFdsWhere } from '../support/os-helpers';

/**
 * /metrics on serve mode's server (the agent's is the same server): the bearer token, the text
 * format checked by promtool, counters equal to the kernel's, and a metric the platform cannot
 * read left out rather than exported as 0.
 */

let service: LabService;
let server: LabServer;
let idleChild: ChildProcess | null = null;

beforeAll(async () => {
  service = new LabService();
  await service.call('sampling:set-table-interval', { intervalMs: 250 });
  service.start();
  server = await startLabServer({ service });
});

afterAll(async () => {
  idleChild?.kill('SIGKILL');
  await server.close();
  await service.dispose();
});

/** A GET of /metrics with the given headers: status, content type and body. */
function scrape(
  headers: Record<string, string> = { Authorization: `Bearer ${server.token}` },
  path = '/metrics',
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        headers: { Host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type']),
            body,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The samples of one metric name: label text → value. */
function samples(body: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of body.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] === name) found.set(match[2] ?? '', Number(match[3]));
  }
  return found;
}

/** Resolves with the next payload of a stream that `accept` takes. */
function next<T>(stream: StreamChannel, accept: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const stop = service.onStream((name, payload) => {
      if (name === stream && accept(payload as T)) {
        stop();
        resolve(payload as T);
      }
    });
  });
}

describe('/metrics', () => {
  it('answers only a bearer token that matches, and only our Host', async () => {
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ Authorization: `Bearer ${server.token}x` })).status).toBe(401);
    expect((await scrape({ Authorization: `Basic ${server.token}` })).status).toBe(401);
    // The page's way (a token in the URL) is not accepted here: it would end up in logs.
    expect((await scrape({}, `/metrics?token=${server.token}`)).status).toBe(401);
    const wrongHost = await scrape({
      Authorization: `Bearer ${server.token}`,
      Host: 'evil.example',
    });
    expect(wrongHost.status).toBe(421);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(ok.body).toContain('# TYPE concurrency_lab_cpu_seconds_total counter');
  });

  it('reads busy seconds per core and mode from the kernel at each scrape', async () => {
    const stat = (): string => readFileSync('/proc/stat', 'latin1');
    const before = countersFromProcStat(stat(), clockTicksPerSecond());
    const body = (await scrape()).body;
    const after = countersFromProcStat(stat(), clockTicksPerSecond());
    const exported = samples(body, 'concurrency_lab_cpu_seconds_total');
    expect(
      new Set([...exported.keys()].map((labels) => /cpu="(\d+)"/.exec(labels)?.[1])).size,
    ).toBe(before.cores.length);
    for (const [index, core] of before.cores.entries()) {
      for (const [mode, low] of Object.entries(core.seconds)) {
        const value = exported.get(`{cpu="${core.cpu}",mode="${mode}"}`);
        const high = after.cores[index]?.seconds[mode as 'user'] ?? NaN;
        expect(value, `${core.cpu}/${mode}`).toBeGreaterThanOrEqual(low);
        expect(value, `${core.cpu}/${mode}`).toBeLessThanOrEqual(high);
      }
    }
    const switches = samples(body, 'concurrency_lab_context_switches_total').get('') ?? NaN;
    expect(switches).toBeGreaterThanOrEqual(before.contextSwitches ?? Infinity);
    expect(switches).toBeLessThanOrEqual(after.contextSwitches ?? -1);
  });

  it('keeps /proc/stat open between scrapes and closes it on dispose', async () => {
    // Descriptors of this process open on /proc/stat (the sampler keeps one of its own).
    const openOnStat = (): number => openFdsWhere((target) => target === '/proc/stat');
    const before = openOnStat();
    const metrics = createLabMetrics(service);
    try {
      await metrics.render();
      await metrics.render();
      expect(openOnStat()).toBe(before + 1);
    } finally {
      metrics.dispose();
    }
    expect(openOnStat()).toBe(before);
  });

  it('leaves out what the platform cannot read instead of exporting 0', async () => {
    // A /proc/stat as old kernels write it: four columns, no ctxt line.
    const old = 'cpu  100 20 30 400\ncpu0 50 10 15 200\ncpu1 50 10 15 200\nbtime 1\n';
    const limited = createLabMetrics(service, {
      readSystem: () => countersFromProcStat(old, 100),
    });
    // os.cpus() (macOS and others): no iowait, steal or context switches.
    const generic = createLabMetrics(service, {
      readSystem: () =>
        countersFromCpuTimes(
          [{ model: 'x', speed: 1, times: { user: 1000, nice: 0, sys: 500, idle: 9000, irq: 0 } }],
          false,
        ),
    });
    try {
      for (const body of [await limited.render(), await generic.render()]) {
        expect(body).toMatch(/concurrency_lab_cpu_seconds_total\{cpu="0",mode="user"\} /);
        expect(body).toMatch(/mode="idle"/);
        for (const mode of ['steal', 'iowait', 'irq']) expect(body).not.toContain(`mode="${mode}"`);
        expect(body).not.toContain('concurrency_lab_context_switches_total');
        expect(body).not.toContain('concurrency_lab_threads{state="running"}');
      }
      expect(
        samples(await limited.render(), 'concurrency_lab_cpu_seconds_total').get(
          '{cpu="1",mode="user"}',
        ),
      ).toBe(0.6); // user + nice, in seconds at 100 ticks per second
    } finally {
      limited.dispose();
      generic.dispose();
    }
  });

  it('passes promtool check metrics with every family filled', async ({ skip }) => {
    requireMachine(skip, 'linux', 'prometheus');
    // A watched process, one IPC round-trip run and one experiment with its baseline.
    idleChild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {
      stdio: 'ignore',
    });
    const pid = idleChild.pid as number;
    const watchedTicks = next<{ processes: { pid: number }[] }>('sample:threads', (sample) =>
      sample.processes.some((watched) => watched.pid === pid),
    );
    for (let i = 0; i < 40; i += 1) {
      if ((await service.call('processes:watch', { pid })).ok) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await watchedTicks;
    await next('sample:threads', () => true); // a second tick: the first has no split yet
    const ipcDone = next<{ kind: string }>('ipc:result', (event) => event.kind === 'run');
    const ipc = await service.call('ipc:start', {
      mechanism: 'pipe',
      mode: 'round-trip',
      sizeBytes: 64,
      count: 200,
      producers: 1,
    });
    expect(ipc).toMatchObject({ ok: true });
    await ipcDone;
    const experimentDone = next<{ params: { model: string } }>(
      'experiment:result',
      (result) => result.params.model === 'node-worker-pool',
    );
    const experiment = await service.call('experiment:start', {
      runs: [{ workload: 'cpu', model: 'node-worker-pool', workers: 2, tasks: 4, cpuSize: 2000 }],
    });
    expect(experiment).toMatchObject({ ok: true });
    await experimentDone;

    const body = (await scrape()).body;
    for (const name of [
      'concurrency_lab_cpu_seconds_total',
      'concurrency_lab_context_switches_total',
      'concurrency_lab_processes',
      'concurrency_lab_threads',
      'concurrency_lab_watched_thread_seconds_total',
      'concurrency_lab_experiment_wall_seconds',
      'concurrency_lab_experiment_cpu_seconds',
      'concurrency_lab_experiment_cores_busy',
      'concurrency_lab_experiment_speedup_ratio',
      'concurrency_lab_ipc_throughput_bytes_per_second',
      'concurrency_lab_ipc_round_trip_latency_seconds_count',
      'concurrency_lab_lab_cpu_seconds_total',
    ]) {
      expect(samples(body, name).size, name).toBeGreaterThan(0);
    }
    const threads = samples(body, 'concurrency_lab_watched_thread_seconds_total');
    expect([...threads.keys()].some((labels) => labels.includes(`pid="${pid}",tid="${pid}"`))).toBe(
      true,
    );
    expect(
      samples(body, 'concurrency_lab_experiment_speedup_ratio').get(
        '{model="node-worker-pool",workload="cpu"}',
      ),
    ).toBeGreaterThan(0);

    const lint = spawnSync('/usr/bin/promtool', ['check', 'metrics'], {
      input: body,
      encoding: 'utf8',
    });
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
  }, 60_000);
});
