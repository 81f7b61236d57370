import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

/**
 * The app watching several machines: serve mode plus two agents started from the build, each
 * with its own hostname (a UTS namespace), one of them in its own network namespace when the
 * machine allows it. Switching machines must show that machine's hostname and live samples.
 */

const CLI = join(process.cwd(), 'out/main/cli.js');

interface Started {
  process: ChildProcess;
  /** `host:port` it printed. */
  address: string;
}

/** Spawns `command` and waits for `pattern` in its output; rejects with the output if it exits. */
function startPrinting(
  command: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
): Promise<Started> {
  const child = spawn(command[0] as string, command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} from ${command.join(' ')}:\n${output}`)),
      20_000,
    );
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ process: child, address: match[1] });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command.join(' ')} exited (${code}):\n${output}`));
    });
  });
}

/** Stops a child and waits until it is gone. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Runs a command that must succeed (network namespace set-up); throws with its stderr. */
function run(...command: string[]): void {
  const result = spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command.join(' ')}: ${result.stderr.trim() || result.error?.message}`);
  }
}

/** A network namespace joined to ours by a veth pair; `remove` deletes everything it made. */
interface Netns {
  name: string;
  /** The namespace's address, reachable from here. */
  address: string;
  remove(): void;
}

/** Makes the namespace, or returns why it cannot be made here. */
function makeNetns(): Netns | string {
  const tag = `${process.pid % 10000}${randomBytes(2).toString('hex')}`;
  const name = `lab-e2e-${tag}`;
  const [outside, inside] = [`vlo${tag}`, `vli${tag}`];
  const octet = 1 + (process.pid % 250);
  const remove = (): void => {
    spawnSync('ip', ['link', 'del', outside]);
    spawnSync('ip', ['netns', 'del', name]);
  };
  try {
    run('ip', 'netns', 'add', name);
    run('ip', 'link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
    run('ip', 'link', 'set', inside, 'netns', name);
    run('ip', 'addr', 'add', `10.200.${octet}.1/30`, 'dev', outside);
    run('ip', 'link', 'set', outside, 'up');
    run('ip', '-n', name, 'addr', 'add', `10.200.${octet}.2/30`, 'dev', inside);
    run('ip', '-n', name, 'link', 'set', inside, 'up');
    run('ip', '-n', name, 'link', 'set', 'lo', 'up');
    return { name, address: `10.200.${octet}.2`, remove };
  } catch (error) {
    remove();
    return `cannot make a network namespace here (${(error as Error).message}; needs root and iproute2)`;
  }
}

/** Why agents cannot get their own hostname here, or null. */
function utsMissing(): string | null {
  const probe = spawnSync('unshare', ['--uts', 'hostname', 'lab-probe'], { encoding: 'utf8' });
  return probe.status === 0
    ? null
    : `cannot unshare a UTS namespace (${probe.stderr.trim() || probe.error?.message}; needs root, util-linux)`;
}

/** Reads the chart's count of received samples. */
async function samplesReceived(page: Page): Promise<number> {
  return Number(await page.getByTestId('core-chart').getAttribute('data-samples'));
}

/** Fills and submits the Add machine form. */
async function addMachine(page: Page, name: string, url: string, token: string): Promise<void> {
  await page.getByRole('button', { name: 'Add machine…' }).click();
  const form = page.getByRole('form', { name: 'Add machine' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('URL').fill(url);
  await form.getByLabel('Token').fill(token);
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(form).toHaveCount(0);
}

/** The switcher's option for a machine, by the start of its name. */
function option(page: Page, name: string) {
  return page.getByTestId('machine-select').locator('option', { hasText: name });
}

/** Selects a machine and checks the views show its hostname and fresh samples. */
async function watch(page: Page, name: string, host: string): Promise<void> {
  const value = await option(page, name).getAttribute('value');
  await page.getByTestId('machine-select').selectOption(value ?? '');
  await expect(page.getByTestId('watching')).toContainText(name);
  await expect(page.getByTestId('machine-hostname')).toHaveText(host);
  const first = await samplesReceived(page);
  await expect.poll(() => samplesReceived(page)).toBeGreaterThan(first + 1);
}

test('switching machines shows each machine’s own data; a lost agent reconnects', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const uts = utsMissing();
  test.skip(uts !== null, uts ?? '');
  const root = mkdtempSync(join(tmpdir(), 'lab-e2e-machines-'));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_DATA_HOME: join(root, 'data'),
  };
  const children: ChildProcess[] = [];
  const netns = makeNetns();
  if (typeof netns === 'string') {
    test
      .info()
      .annotations.push({ type: 'skipped part', description: `agent B on loopback: ${netns}` });
  }
  const tokens = {
    a: randomBytes(24).toString('base64url'),
    b: randomBytes(24).toString('base64url'),
  };
  for (const [key, token] of Object.entries(tokens)) {
    writeFileSync(join(root, `token-${key}`), token, { mode: 0o600 });
  }
  const agent = (
    name: string,
    tokenFile: string,
    listen: string[],
    inNetns: boolean,
  ): Promise<Started> => {
    const inner = ['unshare', '--uts', 'sh', '-c', `hostname ${name}; exec "$@"`, 'sh'];
    const node = [process.execPath, CLI, 'agent', ...listen, '--token-file', tokenFile];
    const prefix = inNetns && typeof netns !== 'string' ? ['ip', 'netns', 'exec', netns.name] : [];
    return startPrinting([...prefix, ...inner, ...node], env, /listening on (\S+:\d+)/);
  };
  const listenB = (port: number): string[] =>
    typeof netns === 'string' ? ['--port', String(port)] : ['--listen', `${netns.address}:${port}`];

  try {
    const serve = await startPrinting(
      [process.execPath, CLI, 'serve', '--port', '0'],
      env,
      /serve mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/,
    );
    children.push(serve.process);
    const a = await agent('lab-a', join(root, 'token-a'), ['--port', '0'], false);
    children.push(a.process);
    let b = await agent('lab-b', join(root, 'token-b'), listenB(0), true);
    children.push(b.process);
    // In its namespace, B is reachable only through the veth pair, at the namespace's address.
    if (typeof netns !== 'string') expect(b.address).toMatch(new RegExp(`^${netns.address}:`));

    await page.goto(serve.address);
    await expect(page.getByTestId('watching')).toContainText('This machine');
    await expect(page.getByTestId('machine-hostname')).toHaveText(hostname());

    // A bad URL is refused, the reason shown next to the field.
    await page.getByRole('button', { name: 'Add machine…' }).click();
    const form = page.getByRole('form', { name: 'Add machine' });
    await form.getByLabel('Name').fill('broken');
    await form.getByLabel('URL').fill('ftp://nowhere');
    await form.getByLabel('Token').fill(tokens.a);
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(form.getByTestId('url-error')).toContainText('ws://host:port');
    await form.getByRole('button', { name: 'Cancel' }).click();

    await addMachine(page, 'Agent A', `ws://${a.address}`, tokens.a);
    await addMachine(page, 'Agent B', `ws://${b.address}`, tokens.b);
    await expect(option(page, 'Agent A')).toContainText('connected');
    await expect(option(page, 'Agent B')).toContainText('connected');

    await watch(page, 'Agent A', 'lab-a');
    await watch(page, 'Agent B', 'lab-b');
    await expect(page.getByTestId('watching')).toContainText(`(ws://${b.address})`);
    await watch(page, 'This machine', hostname());
    await watch(page, 'Agent B', 'lab-b');

    // B goes away: shown as lost, here and in the switcher.
    const port = Number(b.address.split(':').at(-1));
    await stop(b.process);
    await expect(option(page, 'Agent B')).toContainText('lost: unreachable');
    await expect(page.getByTestId('watching')).toHaveAttribute('data-status', 'lost');
    // Its views are stale: grey, the chart faded, the text as readable as before.
    const chart = page.getByTestId('core-chart-canvas').locator('canvas').first();
    await expect(page.locator('main')).toHaveCSS('filter', /grayscale/);
    await expect(chart).toHaveCSS('opacity', '0.45');
    await expect(page.locator('main')).toHaveCSS('opacity', '1');
    // B is back on its port: the app reconnects by itself (backoff) and data flows again.
    b = await agent('lab-b', join(root, 'token-b'), listenB(port), true);
    children.push(b.process);
    await expect(option(page, 'Agent B')).toContainText('connected', { timeout: 30_000 });
    await expect(page.getByTestId('watching')).toHaveAttribute('data-status', 'connected');
    await expect(chart).toHaveCSS('opacity', '1');
    const after = await samplesReceived(page);
    await expect.poll(() => samplesReceived(page)).toBeGreaterThan(after + 1);
  } finally {
    for (const child of children.reverse()) await stop(child);
    if (typeof netns !== 'string') netns.remove();
    rmSync(root, { recursive: true, force: true });
  }
});
