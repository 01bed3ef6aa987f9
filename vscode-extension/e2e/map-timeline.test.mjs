// End-to-end in a real VS Code (code-server 4.100.3, the built .vsix, playwright-core in Debian's Chromium): "CorpusLsp:
// Show Map and Timeline" on the example corpus, then with a planted date error, which the timeline shows in red.
// Prerequisites: ./setup.sh (prints the folder it installed into). Screenshots go to e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir, homedir } from 'node:os';
import { createRequire } from 'node:module';
import net from 'node:net';

const here = import.meta.dirname;
const repo = resolve(here, '..', '..');
const e2eHome = process.env.CORPUSLSP_E2E_HOME || join(homedir(), '.cache', 'corpuslsp-e2e');
const codeServer = join(e2eHome, 'code-server-4.100.3', 'out', 'node', 'entry.js');
const vsix = join(repo, 'vscode-extension', 'corpuslsp.vsix');
const artifacts = join(here, 'artifacts');

// The processes below `root` (by parent pid, from /proc) whose command line matches: this test's own language
// server, never another corpuslsp server on the machine (a user's editor session).
function descendants(root, pattern) {
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


async function commandPalette(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget', { state: 'visible' });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
}

// The webview's document is two iframes deep; find the frame that holds the map.
async function viewFrame(page, selector, timeout = 60_000) {
  for (const end = Date.now() + timeout; Date.now() < end; await page.waitForTimeout(500))
    for (const frame of page.frames()) {
      try { if (await frame.locator(selector).count()) return frame; } catch { /* detached */ }
    }
  throw new Error(`no webview frame with ${selector}`);
}

test('map and timeline webview in VS Code (code-server)', { timeout: 300_000 }, async () => {
  assert.ok(existsSync(codeServer), `code-server missing at ${codeServer}: run vscode-extension/e2e/setup.sh`);
  assert.ok(existsSync(vsix), `${vsix} missing: run npm run package in vscode-extension (setup.sh does)`);
  const { chromium } = createRequire(join(e2eHome, 'package.json'))('playwright-core');
  mkdirSync(artifacts, { recursive: true });

  const work = mkdtempSync(join(tmpdir(), 'corpuslsp-e2e-map-'));
  const corpus = join(work, 'syria');
  cpSync(join(repo, 'examples', 'syria'), corpus, { recursive: true });
  const sidecarName = '000_c4d40e22f1093045.yaml';
  const sidecar = join(corpus, sidecarName);
  const original = readFileSync(sidecar, 'utf8');

  const userData = join(work, 'user-data');
  const extensions = join(work, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'update.mode': 'none', 'workbench.tips.enabled': false,
    'files.autoSave': 'off', 'workbench.colorTheme': 'Default Light Modern',
  }));
  const config = join(work, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const base = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(process.execPath, [codeServer, ...base, '--install-extension', vsix], { stdio: 'pipe' });

  const port = await freePort();
  const server = spawn(process.execPath, [codeServer, ...base, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--bind-addr', `127.0.0.1:${port}`, corpus], { stdio: 'pipe' });
  let serverOutput = '';
  server.stdout.on('data', (d) => (serverOutput += d));
  server.stderr.on('data', (d) => (serverOutput += d));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  try {
    for (let i = 0; i < 100 && !serverOutput.includes('HTTP server listening'); i++) await new Promise((r) => setTimeout(r, 200));
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(corpus)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(2000);
    const editorUp = page.locator('.monaco-editor .view-lines');
    for (let attempt = 0; attempt < 4 && !(await editorUp.count()); attempt++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget', { state: 'visible' });
      await page.keyboard.type(sidecarName);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: sidecarName }).first().waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      try { await editorUp.first().waitFor({ timeout: 15_000 }); } catch { /* try again */ }
    }
    await editorUp.first().waitFor({ timeout: 30_000 });
    // The status bar says the server has indexed the corpus.
    await page.locator('.statusbar-item', { hasText: 'places' }).first().waitFor({ timeout: 90_000 });

    await commandPalette(page, 'CorpusLsp: Show Map and Timeline');
    let frame = await viewFrame(page, 'svg.map .marker');
    assert.ok(await frame.locator('svg.map path.country').count() > 5, 'no country outlines');
    assert.ok(await frame.locator('svg.map .marker.linked').count() >= 10, 'too few linked places');
    assert.equal(await frame.locator('svg.timeline .event.error').count(), 0);
    assert.match(await frame.locator('#meta').innerText(), /published 2016-02-25/);
    await page.screenshot({ path: join(artifacts, 'map-timeline.png') });
    await frame.locator('#timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'timeline.png') });

    // A planted date error, typed in the editor: the recapture dated after publication turns red with the message.
    const dateLine = original.split('\n').findIndex((l, i, all) => l.includes('date: 2016-02-25') && all[i + 1]?.includes('when: on Thursday')) + 1;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(dateLine));
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    for (let i = 0; i < '02-25'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('03-02');
    frame = await viewFrame(page, 'svg.timeline .event.error', 60_000);
    const message = await frame.locator('svg.timeline .event.error .message').first().textContent();
    assert.match(message, /CLS032: The capture is dated 2016-03-02, after publication/);
    await frame.locator('#timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'timeline-error.png') });

    // Clicking a marker reveals its mention in the article.
    // A click event on the marker (markers may overlap, so no pointer hit-testing).
    await frame.locator('svg.map .marker.linked circle').first().dispatchEvent('click', { bubbles: true });
    await page.locator('.tab.active', { hasText: '000_c4d40e22f1093045.txt' }).first().waitFor({ timeout: 20_000 });
  } catch (e) {
    try { const p = browser.contexts()[0]?.pages()[0]; if (p) await p.screenshot({ path: join(artifacts, 'map-failure.png') }); } catch {}
    throw new Error(`${e.message}\n--- code-server output ---\n${serverOutput.slice(-3000)}`);
  } finally {
    await browser.close();
    const cmdline = (pid) => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { return null; } };
    const children = descendants(server.pid, /./).map((pid) => [pid, cmdline(pid)]);
    const exited = new Promise((res) => server.once('exit', res));
    server.kill();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    for (const [pid, line] of children) if (line !== null && cmdline(pid) === line) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    rmSync(work, { recursive: true, force: true });
  }
});
