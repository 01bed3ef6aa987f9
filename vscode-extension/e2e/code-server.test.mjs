// End-to-end in a real VS Code: code-server 4.100.3 with the built .vsix, driven by playwright-core in Debian's
// Chromium. Opens the example corpus with a planted error, checks the Problems panel, a hover and a completion.
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


// The issue-17 flows below: on by default once verified against the merged Core work; CORPUSLSP_E2E_FLOWS=0 leaves them out.
const flowsSkip = process.env.CORPUSLSP_E2E_FLOWS === '0' ? 'CORPUSLSP_E2E_FLOWS=0' : process.env.CORPUSLSP_E2E_FLOWS === '1' ? false : 'not yet verified in code-server after the i17a merge (CORPUSLSP_E2E_FLOWS=1 runs them)';

test('diagnostics, hover and completion in VS Code (code-server)', { timeout: 420_000 }, async (t) => {
  assert.ok(existsSync(codeServer), `code-server missing at ${codeServer}: run vscode-extension/e2e/setup.sh`);
  assert.ok(existsSync(vsix), `${vsix} missing: run npm run package in vscode-extension (setup.sh does)`);
  const { chromium } = createRequire(join(e2eHome, 'package.json'))('playwright-core');
  mkdirSync(artifacts, { recursive: true });
  const started = Date.now();

  // The example corpus with a planted error: a place text the article does not contain.
  const work = mkdtempSync(join(tmpdir(), 'corpuslsp-e2e-'));
  const corpus = join(work, 'syria');
  cpSync(join(repo, 'examples', 'syria'), corpus, { recursive: true });
  const sidecarName = '003_822e10b602b157a7.yaml';
  const sidecar = join(corpus, sidecarName);
  writeFileSync(sidecar, readFileSync(sidecar, 'utf8').replace('  - id: khanaser\n    text: Khanaser', '  - id: khanaser\n    text: Kanaser'));

  const userData = join(work, 'user-data');
  const extensions = join(work, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'update.mode': 'none', 'workbench.tips.enabled': false,
    'editor.hover.delay': 100, 'corpuslsp.trace.server': 'messages', 'workbench.colorTheme': 'Default Light Modern',
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
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(corpus)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(2000);

    // Open the sidecar with Quick Open, waiting for its result row (the file index may still be loading).
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

    // Problems panel: the planted error, with its code and message.
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: "'Kanaser' (place) does not occur in the article" });
    await problem.first().waitFor({ timeout: 60_000 });
    const problemsText = await page.locator('.markers-panel').innerText();
    assert.match(problemsText, /CLS011/);
    await page.screenshot({ path: join(artifacts, 'problems.png') });

    // Hover a linked place: its country shows.
    const line = page.locator('.view-line', { hasText: 'text: Deir al-Zor' }).first();
    await line.scrollIntoViewIfNeeded();
    const box = await line.boundingBox();
    const hoverText = page.locator('.monaco-hover', { hasText: 'Syria' });
    for (let attempt = 0; attempt < 5 && !(await hoverText.count()); attempt++) {
      await page.mouse.move(box.x + 150 + attempt, box.y + box.height / 2);
      await page.waitForTimeout(1500);
    }
    await hoverText.first().waitFor({ timeout: 20_000 });
    assert.match(await hoverText.first().innerText(), /Syria › Deir ez-Zor/);
    await page.screenshot({ path: join(artifacts, 'hover.png') });
    await page.mouse.move(5, 5);

    // Completion on the reference of that place: the gazetteer entry is offered.
    const refLine = readFileSync(sidecar, 'utf8').split('\n').findIndex((l) => l.includes('ref: geonames:170794')) + 1;
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(refLine));
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    for (let i = 0; i < 'geonames:170794'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'Deir ez-Zor' });
    await suggestion.first().waitFor({ timeout: 20_000 });
    assert.match(await page.locator('.suggest-widget').innerText(), /geonames:170794/);
    await page.screenshot({ path: join(artifacts, 'completion.png') });
    await page.keyboard.press('Escape');

    // Commands ask the server (issue 17 item 8). "Show on map": the place under the cursor, by the server's location.
    const runCommand = async (title) => {
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget', { state: 'visible' });
      await page.keyboard.type(title);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
    };
    const deirLine = readFileSync(sidecar, 'utf8').split('\n').findIndex((l) => l.includes('text: Deir al-Zor')) + 1;
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(deirLine));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
    await runCommand('CorpusLsp: Show Place on Map');
    // VS Code asks before opening an external site: the dialog names the link the server gave.
    const dialog = page.locator('.monaco-dialog-box', { hasText: /openstreetmap\.org\/.*35\.33588\/40\.14084/ });
    await dialog.first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(artifacts, 'show-on-map.png') });
    await page.keyboard.press('Escape');

    // "Open paired file": the article the server pairs with the sidecar opens beside it.
    await runCommand('CorpusLsp: Open Paired File');
    await page.locator('.tab', { hasText: '003_822e10b602b157a7.txt' }).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(artifacts, 'paired.png') });

    // The server killed mid-session: the extension starts a new one and its diagnostics come back.
    const status = page.locator('.statusbar-item', { hasText: 'Corpus:' });
    const servers = descendants(server.pid, /corpuslsp\.dll serve/);
    assert.ok(servers.length > 0, 'no corpuslsp server below this code-server');
    for (const pid of servers) process.kill(pid, 'SIGKILL');
    await page.locator('.statusbar-item', { hasText: /Corpus: (starting|stopped|indexing)/ }).first().waitFor({ timeout: 30_000 }).catch(() => {});
    await status.filter({ hasText: 'places' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.markers-panel .monaco-list-row', { hasText: "'Kanaser' (place) does not occur in the article" }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(artifacts, 'restarted.png') });

    // The issue-17 flows, each a named subtest; the sidecar's text as it is now in the editor decides the lines.
    const gotoLine = async (n) => { await page.keyboard.press('Control+G'); await page.keyboard.type(String(n)); await page.keyboard.press('Enter'); };
    const lineOf = (text, after = 0) => readFileSync(sidecar, 'utf8').split('\n').findIndex((l, i) => i >= after && l.includes(text)) + 1;
    const firstSuggestion = page.locator('.suggest-widget .monaco-list-row[data-index="0"]');
    // Puts a line back as it is on disk, so that each flow starts from the example's annotation.
    const restore = async (n) => {
      await gotoLine(n);
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type(readFileSync(sidecar, 'utf8').split('\n')[n - 1].trim());
      await page.keyboard.press('Escape');
    };
    await page.locator('.tab', { hasText: sidecarName }).first().click();

    await t.test('VS Code: typing `ref: geonames:` under Deir al-Zor offers geonames:170794 first', { skip: flowsSkip }, async () => {
      await gotoLine(refLine);
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('ref: geonames:');
      await page.keyboard.press('Control+Space');
      await firstSuggestion.waitFor({ timeout: 20_000 });
      await page.screenshot({ path: join(artifacts, 'flow-geonames.png') });
      assert.match(await firstSuggestion.innerText(), /170794/);
      await page.keyboard.press('Escape');
      await restore(refLine);
    });

    await t.test('VS Code: typing `ref: Idl` under Idlib offers an Idlib entry first', { skip: flowsSkip }, async () => {
      await gotoLine(lineOf('ref:', lineOf('text: Idlib') - 1));
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('ref: Idl');
      await page.keyboard.press('Control+Space');
      await firstSuggestion.waitFor({ timeout: 20_000 });
      await page.screenshot({ path: join(artifacts, 'flow-idlib.png') });
      assert.match(await firstSuggestion.innerText(), /Idlib/);
      assert.doesNotMatch(await firstSuggestion.innerText(), /Idlewood/);
      await page.keyboard.press('Escape');
      await restore(lineOf('ref:', lineOf('text: Idlib') - 1));
    });

    await t.test('VS Code: a misspelt mention text `Idlibb` gets a CLS011 quick fix that applies', { skip: flowsSkip }, async () => {
      await gotoLine(lineOf('text: Idlib'));
      await page.keyboard.press('End');
      await page.keyboard.type('b');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: "'Idlibb' (place) does not occur in the article" });
      await row.first().waitFor({ timeout: 30_000 });
      await page.keyboard.press('Control+.');
      const action = page.locator('.action-widget .monaco-list-row.action').first();
      await action.waitFor({ timeout: 20_000 });
      await page.screenshot({ path: join(artifacts, 'flow-quickfix.png') });
      await page.keyboard.press('Enter');
      await row.first().waitFor({ state: 'detached', timeout: 30_000 });
      assert.equal(await page.locator('.view-line', { hasText: 'text: Idlibb' }).count(), 0);
    });

    await t.test('VS Code: "Kanaser" for one "Khanaser" in article 003 yields a diagnostic on the article', { skip: flowsSkip }, async () => {
      // The sidecar's planted error first undone, so that the article is checked against the example's annotation.
      await gotoLine(lineOf('text: Kanaser'));
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('text: Khanaser');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget', { state: 'visible' });
      await page.keyboard.type('003_822e10b602b157a7.txt');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: '003_822e10b602b157a7.txt' }).first().waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tab.active', { hasText: '003_822e10b602b157a7.txt' }).first().waitFor({ timeout: 20_000 });
      await page.keyboard.press('Control+F');
      await page.keyboard.type('Khanaser');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await page.keyboard.type('Kanaser');
      const group = page.locator('.markers-panel .monaco-list-row', { hasText: '003_822e10b602b157a7.txt' });
      await group.first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(artifacts, 'flow-article.png') });
    });

    writeFileSync(join(artifacts, 'timing.txt'), `code-server e2e: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    try { const p = browser.contexts()[0]?.pages()[0]; if (p) await p.screenshot({ path: join(artifacts, 'failure.png') }); } catch {}
    throw new Error(`${e.message}\n--- code-server output ---\n${serverOutput.slice(-3000)}`);
  } finally {
    await browser.close();
    // What this code-server started (extension host, language server) ends with it: noted before it exits, since
    // its orphans are re-parented; each is ended only if its pid still runs the same command line.
    const cmdline = (pid) => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { return null; } };
    const children = descendants(server.pid, /./).map((pid) => [pid, cmdline(pid)]);
    const exited = new Promise((res) => server.once('exit', res));
    server.kill();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    for (const [pid, line] of children) if (line !== null && cmdline(pid) === line) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    rmSync(work, { recursive: true, force: true });
  }
});
