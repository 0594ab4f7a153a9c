#!/usr/bin/env node
// `npm test`: every check and test suite in order, then ONE closing line "N passed, N failed, N skipped" summed
// over vitest (unit + integration), Playwright in Chromium (end-to-end) and the Playwright Electron test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
/** Each failed test with the start of its message, printed again just above the closing line: CI keeps only the tail. */
const recap = [];
const firstLines = (text) =>
  String(text ?? '')
    // eslint-disable-next-line no-control-regex -- the ANSI colour codes vitest puts in its messages
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, 16)
    .map((l) => `    ${l.slice(0, 300)}`)
    .join('\n');

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failures.push(`${title} (exit ${result.status ?? result.signal})`);
  return result.status === 0;
}

function chromiumPath() {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

// 1. Static checks: types, lint boundaries, formatting (the OpenAPI drift test runs with the unit tests).
run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('typecheck renderer', 'npx', ['tsc', '-p', 'renderer/tsconfig.json', '--noEmit']);
run('lint', 'npx', ['eslint', '.']);
run('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);

// 2. The web renderer the headless server serves (end-to-end tests drive it).
run('build web renderer', 'npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);

// 3. Unit + integration (real SQLite, ffmpeg, HTTP server).
const vitestJson = join(reports, 'vitest.json');
run('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  for (const file of r.testResults ?? [])
    for (const t of file.assertionResults ?? [])
      if (t.status === 'failed')
        recap.push(
          `vitest ${file.name.replace(root, '')} › ${t.fullName}\n${firstLines(t.failureMessages?.join('\n'))}`,
        );
  if ((r.testResults ?? []).some((f) => f.status === 'failed' && !(f.assertionResults ?? []).length))
    for (const f of r.testResults.filter((x) => x.status === 'failed' && !(x.assertionResults ?? []).length))
      recap.push(`vitest ${f.name.replace(root, '')} (the file failed)\n${firstLines(f.message)}`);
} else failures.push('vitest wrote no report');

// 4. End-to-end in Chromium, then the Electron window test (skips itself, with the reason, without a binary).
let chromium = chromiumPath();
if (!chromium && !process.env.CI) {
  console.log('No Chromium at PLAYWRIGHT_CHROMIUM_PATH or /usr/bin/chromium: installing Playwright’s own.');
  run('playwright install', 'npx', ['playwright', 'install', 'chromium']);
}
for (const [title, config, file] of [
  ['e2e (Chromium)', 'playwright.config.ts', 'e2e.json'],
  ['electron', 'tests/electron/playwright.config.ts', 'electron.json'],
]) {
  if (!existsSync(join(root, config))) continue;
  const out = join(reports, file);
  run(title, 'npx', ['playwright', 'test', '--config', config, '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
    ...(chromium ? { PLAYWRIGHT_CHROMIUM_PATH: chromium } : {}),
  });
  if (!existsSync(out)) {
    failures.push(`${title} wrote no report`);
    continue;
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const stats = report.stats;
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected' || t.status === 'flaky')
          recap.push(
            `${title} ${spec.file}:${spec.line} › ${spec.title} (${t.status})\n` +
              firstLines((t.results ?? []).map((x) => x.error?.message ?? '').join('\n')),
          );
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  totals.passed += stats.expected + (stats.flaky ?? 0);
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
}

if (recap.length) console.log(`\nFailed or flaky tests:\n${recap.join('\n')}`);
if (failures.length) console.log(`\nFailed steps: ${failures.join('; ')}`);
if (failures.length && totals.failed === 0) totals.failed = failures.length;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length ? 1 : 0);
