import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { appRoot, tsxLoaderUrl } from '../../src/core/paths';
import { watchForLeftovers } from '../unit/support/nothing-left';

/**
 * `npm run bench [-- name…]`: runs every test/bench/*.bench.ts (or the named ones) one after
 * another, each in its own process so none disturbs another's figures, then gathers their JSON
 * reports into bench-results/summary.json. Exits non-zero if a benchmark failed to run, or
 * left a process, a temp file or shared memory behind (the runs get a $TMPDIR of their own).
 */
const root = appRoot();
const benchDir = join(root, 'test', 'bench');
const resultsDir = join(root, 'bench-results');
const wanted = process.argv.slice(2);
const benches = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name));

if (benches.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exit(2);
}

mkdirSync(resultsDir, { recursive: true });
const failed: string[] = [];
const leftovers = watchForLeftovers();
for (const name of benches) {
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(
    process.execPath,
    ['--import', tsxLoaderUrl(), join(benchDir, `${name}.bench.ts`)],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (run.status !== 0) failed.push(name);
}

const reports: Record<string, unknown> = {};
for (const name of benches) {
  const path = join(resultsDir, `${name}.json`);
  if (!existsSync(path)) continue;
  const report = JSON.parse(readFileSync(path, 'utf8')) as { targets?: Record<string, unknown> };
  reports[name] = report;
  // Every report states its targets as one boolean each; say which were missed.
  const targets = Object.entries(report.targets ?? {});
  if (targets.length === 0 || targets.some(([, met]) => typeof met !== 'boolean')) {
    console.error(`${name}: its report has no targets object of booleans`);
    failed.push(name);
  }
  const missed = targets.filter(([, met]) => met === false).map(([target]) => target);
  console.log(
    `${name}: ${targets.length - missed.length} of ${targets.length} targets met` +
      (missed.length > 0 ? ` (missed: ${missed.join(', ')})` : ''),
  );
}
writeFileSync(
  join(resultsDir, 'summary.json'),
  `${JSON.stringify({ when: new Date().toISOString(), machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model }, reports }, null, 2)}\n`,
);
console.log(`\nReports: ${resultsDir}/{${benches.join(',')},summary}.json`);
void leftovers().then((left) => {
  if (left.length > 0) {
    console.error(`The benchmarks left behind:\n  ${left.join('\n  ')}`);
    failed.push('(leftovers)');
  }
  if (failed.length > 0) {
    console.error(`failed: ${failed.join(', ')}`);
    process.exit(1);
  }
});
