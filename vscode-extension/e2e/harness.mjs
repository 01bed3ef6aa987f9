// What the code-server end-to-end tests share: where things are, starting code-server with the packaged extension on a
// corpus folder and a headless Chromium page on it, opening a file, and ending exactly what the test started.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { createRequire } from 'node:module';
import net from 'node:net';

const here = import.meta.dirname;
export const repo = resolve(here, '..', '..');
export const e2eHome = process.env.CORPUSLSP_E2E_HOME || join(homedir(), '.cache', 'corpuslsp-e2e');
export const artifacts = join(here, 'artifacts');
const codeServer = join(e2eHome, 'code-server-4.100.3', 'out', 'node', 'entry.js');
const vsix = join(repo, 'vscode-extension', 'corpuslsp.vsix');

// The processes below `root` (by parent pid, from /proc) whose command line matches: this test's own language
// server, never another corpuslsp server on the machine (a user's editor session).
export function descendants(root, pattern) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* ended meanwhile */ }
  }
  const below = (pid) => { for (let p = parent.get(pid); p; p = parent.get(p)) if (p === root) return true; return false; };
  return [...parent.keys()].filter((pid) => {
    if (!below(pid)) return false;
    try { return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')); } catch { return false; }
  });
}

async function freePort() {
  return new Promise((res) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
}

const quietSettings = {
  'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'update.mode': 'none', 'workbench.tips.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
};

/**
 * code-server on `corpus` with the packaged extension installed in a fresh profile under `work` (user settings:
 * quiet defaults plus `settings`), and a Chromium page with the workbench up. `stop()` ends all of it.
 */
export async function startCodeServer({ work, corpus, settings = {}, viewport, logName = 'server.log' }) {
  assert.ok(existsSync(codeServer), `code-server missing at ${codeServer}: run vscode-extension/e2e/setup.sh`);
  assert.ok(existsSync(vsix), `${vsix} missing: run npm run package in vscode-extension (setup.sh does)`);
  const { chromium } = createRequire(join(e2eHome, 'package.json'))('playwright-core');
  mkdirSync(artifacts, { recursive: true });
  const userData = join(work, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }));
  const config = join(work, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const base = ['--config', config, '--user-data-dir', userData, '--extensions-dir', join(work, 'extensions')];
  execFileSync(process.execPath, [codeServer, ...base, '--install-extension', vsix], { stdio: 'pipe' });

  const port = await freePort();
  const server = spawn(process.execPath, [codeServer, ...base, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--bind-addr', `127.0.0.1:${port}`, corpus], { stdio: 'pipe' });
  let output = '';
  server.stdout.on('data', (d) => (output += d));
  server.stderr.on('data', (d) => (output += d));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const session = {
    server, browser, output: () => output,
    // The tail of the language server's own log (requests with their outcome and time, changes by version).
    serverLog: (lines = 60) => { const f = serverLogOf(work); return f ? readFileSync(f, 'utf8').split('\n').filter((l) => !l.includes('workspace/diagnostic')).slice(-lines).join('\n') : '(no server log)'; },
    stop: () => stop(server, browser, work, logName),
  };
  try {
    for (let i = 0; i < 100 && !output.includes('HTTP server listening'); i++) await new Promise((r) => setTimeout(r, 200));
    session.page = await browser.newPage({ viewport });
    await session.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(corpus)}`);
    await session.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await session.page.waitForTimeout(2000);
    return session;
  } catch (e) {
    await session.stop();
    throw e;
  }
}

/** Opens a file with Quick Open, waiting for its result row (the file index may still be loading). */
export async function openFile(page, name) {
  const editorUp = page.locator('.monaco-editor .view-lines');
  // The Explorer's row when it shows the file (quick open waits for the file search, which a loaded machine keeps busy
  // for more than 20 s at startup), else quick open.
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  for (let attempt = 0; attempt < 4 && !(await editorUp.count()); attempt++) {
    await page.keyboard.press('Escape');
    try {
      if (await row.count()) await row.dblclick();
      else {
        await page.keyboard.press('Control+P');
        await page.waitForSelector('.quick-input-widget', { state: 'visible' });
        await page.keyboard.type(name);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 20_000 });
        await page.keyboard.press('Enter');
      }
      await editorUp.first().waitFor({ timeout: 15_000 });
    } catch { /* try again */ }
  }
  await editorUp.first().waitFor({ timeout: 30_000 });
}

/**
 * The log the extension's server writes: the extension passes `--log` with a file in VS Code's log folder for the
 * extension (so CORPUSLSP_LOG does not apply), under the profile's `logs/<session>/…/server.log`.
 */
export function serverLogOf(work) {
  const find = (dir) => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return null; }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isFile() && e.name === 'server.log') return full;
      if (e.isDirectory()) { const found = find(full); if (found) return found; }
    }
    return null;
  };
  return find(join(work, 'user-data', 'logs'));
}

// What this code-server started (extension host, language server) ends with it: noted before it exits, since its
// orphans are re-parented; each is ended only if its pid still runs the same command line.
async function stop(server, browser, work, logName) {
  await browser.close();
  const log = serverLogOf(work);
  if (log) copyFileSync(log, join(artifacts, logName));
  const cmdline = (pid) => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { return null; } };
  const children = descendants(server.pid, /./).map((pid) => [pid, cmdline(pid)]);
  const exited = new Promise((res) => server.once('exit', res));
  server.kill();
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  for (const [pid, line] of children) if (line !== null && cmdline(pid) === line) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  rmSync(work, { recursive: true, force: true });
}
