// End-to-end in a real VS Code: code-server 4.100.3 with the built .vsix, driven by playwright-core in Debian's
// Chromium. Opens the example corpus with a planted error, checks the Problems panel, a hover and a completion.
// Prerequisites: ./setup.sh (prints the folder it installed into). Screenshots go to e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { repo, artifacts, descendants, startCodeServer, openFile } from './harness.mjs';

// The issue-17 flows below (about 35 s of the test); CORPUSLSP_E2E_FLOWS=0 leaves them out.
const flowsSkip = process.env.CORPUSLSP_E2E_FLOWS === '0' ? 'CORPUSLSP_E2E_FLOWS=0' : false;

test('diagnostics, hover and completion in VS Code (code-server)', { timeout: 420_000 }, async (t) => {
  const started = Date.now();

  // The example corpus with a planted error: a place text the article does not contain.
  const work = mkdtempSync(join(tmpdir(), 'corpuslsp-e2e-'));
  const corpus = join(work, 'syria');
  cpSync(join(repo, 'examples', 'syria'), corpus, { recursive: true });
  const sidecarName = '003_822e10b602b157a7.yaml';
  const sidecar = join(corpus, sidecarName);
  writeFileSync(sidecar, readFileSync(sidecar, 'utf8').replace('  - id: khanaser\n    text: Khanaser', '  - id: khanaser\n    text: Kanaser'));

  const session = await startCodeServer({ work, corpus, viewport: { width: 1400, height: 900 },
    settings: { 'editor.hover.delay': 100, 'corpuslsp.trace.server': 'messages', 'files.autoSave': 'off' } });
  const { page, server } = session;
  try {
    await openFile(page, sidecarName);

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
    // Asked again while no list shows: a Ctrl+Space pressed while the editor still handled the deletions was seen lost
    // (no completion request reached the server's log), as a hover is retried above.
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'Deir ez-Zor' });
    for (let attempt = 0; attempt < 4 && !(await suggestion.count()); attempt++) {
      await page.keyboard.press('Control+Space');
      await suggestion.first().waitFor({ timeout: 5_000 }).catch(() => {});
    }
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
    const servers = descendants(server.pid, /\/corpuslsp(\.dll)? serve/);
    assert.ok(servers.length > 0, 'no corpuslsp server below this code-server');
    for (const pid of servers) process.kill(pid, 'SIGKILL');
    await page.locator('.statusbar-item', { hasText: /Corpus: (starting|stopped|indexing)/ }).first().waitFor({ timeout: 30_000 }).catch(() => {});
    await status.filter({ hasText: 'places' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.markers-panel .monaco-list-row', { hasText: "'Kanaser' (place) does not occur in the article" }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(artifacts, 'restarted.png') });

    // The issue-17 flows, each a named subtest.
    // Go to a line, and wait for the widget to close before typing into the editor (keys typed meanwhile went to the widget).
    const gotoLine = async (n) => {
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget', { state: 'visible' });
      await page.keyboard.type(String(n));
      await page.keyboard.press('Enter');
      await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
    };
    // The lines as on disk: the flows never save (auto-save is off), so "File: Revert File" puts the sidecar back.
    const onDisk = readFileSync(sidecar, 'utf8').split('\n');
    const lineOf = (text, after = 0) => onDisk.findIndex((l, i) => i >= after && l.includes(text)) + 1;
    const firstSuggestion = page.locator('.suggest-widget .monaco-list-row[data-index="0"]');
    // Puts a line back as it is on disk, so that each flow starts from the example's annotation.
    // The sidecar as it is on disk again (the example with the planted 'Kanaser'): typing a line back was not reliable
    // (the suggest widget, opened by every keystroke of a `ref:`, sometimes kept keys).
    const restore = async (n) => {
      await page.keyboard.press('Escape');
      await runCommand('File: Revert File');
      const original = onDisk[n - 1].trim();
      await page.locator('.view-line', { hasText: original }).first().waitFor({ timeout: 10_000 });
      await page.locator('.tab.active:not(.dirty)', { hasText: sidecarName }).first().waitFor({ timeout: 10_000 });
    };
    // Keys go to the focused editor of the active group. "Open Paired File" put the article in a second group, and a
    // `.tab.active` of that group also matches: wait for the named tab of the *active* group and a focused editor.
    const focusEditor = async (name) => {
      await page.locator('.tab', { hasText: name }).first().click();
      await page.locator('.editor-group-container.active .tab.active', { hasText: name }).first().waitFor({ timeout: 10_000 });
      await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout: 10_000 });
    };
    // A flow that fails leaves a screenshot named after it and says what the server did meanwhile.
    const flow = (name, body) => t.test(name, { skip: flowsSkip }, async () => {
      try { await body(); } catch (e) {
        const shot = `failure-${name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}.png`;
        try { await page.screenshot({ path: join(artifacts, shot) }); } catch { /* the page is gone */ }
        throw new Error(`${e.message}\n(screenshot ${shot})\n--- server log ---\n${session.serverLog(40)}`);
      }
    });
    // Explicit completion, asked again when it shows nothing (a key pressed while the editor still handles the typing was
    // seen lost), as a user presses Ctrl+Space again; answers the first row's text as read while the list shows (the list
    // was once seen to close between the wait and a second read). The server log shows each request's outcome.
    const complete = async () => {
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+Space');
        // A row with text: a row is drawn empty first, and read then its text was ''.
        try { return await firstSuggestion.filter({ hasText: /\S/ }).innerText({ timeout: 10_000 }); } catch (e) {
          if (attempt === 3) throw e;
          await page.keyboard.press('Escape');
        }
      }
    };
    await focusEditor(sidecarName);

    await flow('VS Code: typing `ref: geonames:` under Deir al-Zor offers geonames:170794 first', async () => {
      await focusEditor(sidecarName);
      await gotoLine(refLine);
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('ref: geonames:');
      const first = await complete();
      await page.screenshot({ path: join(artifacts, 'flow-geonames.png') });
      assert.match(first, /170794/);
      await page.keyboard.press('Escape');
      await restore(refLine);
    });

    await flow('VS Code: typing `ref: Idl` under Idlib offers an Idlib entry first', async () => {
      await focusEditor(sidecarName);
      // The previous flow's line is back as it was: no syntax error left in the sidecar.
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'YAML syntax error' }).first().waitFor({ state: 'detached', timeout: 20_000 });
      await gotoLine(lineOf('ref:', lineOf('text: Idlib') - 1));
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('ref: Idl');
      const first = await complete();
      await page.screenshot({ path: join(artifacts, 'flow-idlib.png') });
      assert.match(first, /Idlib/);
      assert.doesNotMatch(first, /Idlewood/);
      await page.keyboard.press('Escape');
      await restore(lineOf('ref:', lineOf('text: Idlib') - 1));
    });

    await flow('VS Code: a misspelt mention text `Idlibb` gets a CLS011 quick fix that applies', async () => {
      await focusEditor(sidecarName);
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

    await flow('VS Code: "Kanaser" for one "Khanaser" in article 003 yields a diagnostic on the article', async () => {
      await focusEditor(sidecarName);
      // The sidecar's planted error first undone, so that the article is checked against the example's annotation.
      await gotoLine(lineOf('text: Kanaser'));
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('text: Khanaser');
      await page.keyboard.press('Escape');
      // The article is open beside the sidecar since "Open Paired File".
      await focusEditor('003_822e10b602b157a7.txt');
      // The first "Khanaser" (the town, in prose), as in the Neovim and Emacs flows, selected by Go to Line's `line:column`.
      // (The second one is inside the annotated "Ithrya-Khanaser road": that name then no longer occurs, so the article
      // has no anchored name for "Ithrya-Kanaser" to drift from; the sidecar's CLS011 reports it.)
      const articleLines = readFileSync(join(corpus, '003_822e10b602b157a7.txt'), 'utf8').split('\n');
      const townLine = articleLines.findIndex((l) => l.includes('town of Khanaser'));
      await gotoLine(`${townLine + 1}:${articleLines[townLine].indexOf('Khanaser') + 1}`);
      for (let i = 0; i < 'Khanaser'.length; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.type('Kanaser');
      await page.locator('.view-line', { hasText: 'Kanaser' }).first().waitFor({ timeout: 10_000 });
      const drift = page.locator('.markers-panel .monaco-list-row', { hasText: "'Kanaser' is 1 edit(s) from 'Khanaser'" });
      await drift.first().waitFor({ timeout: 30_000 });
      assert.match(await drift.first().innerText(), /CLS055/);
      await page.screenshot({ path: join(artifacts, 'flow-article.png') });
    });

    writeFileSync(join(artifacts, 'timing.txt'), `code-server e2e: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    try { await page.screenshot({ path: join(artifacts, 'failure.png') }); } catch {}
    throw new Error(`${e.message}\n--- code-server output ---\n${session.output().slice(-3000)}\n--- server log ---\n${session.serverLog(60)}`);
  } finally {
    await session.stop();
  }
});
