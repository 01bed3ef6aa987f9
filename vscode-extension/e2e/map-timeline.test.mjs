// End-to-end in a real VS Code (code-server 4.100.3, the built .vsix, playwright-core in Debian's Chromium): "CorpusLsp:
// Show Map and Timeline" on the example corpus, then with a planted date error, which the timeline shows in red.
// Prerequisites: ./setup.sh (prints the folder it installed into). Screenshots go to e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { repo, artifacts, startCodeServer, openFile } from './harness.mjs';

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
  const work = mkdtempSync(join(tmpdir(), 'corpuslsp-e2e-map-'));
  const corpus = join(work, 'syria');
  cpSync(join(repo, 'examples', 'syria'), corpus, { recursive: true });
  const sidecarName = '000_c4d40e22f1093045.yaml';
  const sidecar = join(corpus, sidecarName);
  const original = readFileSync(sidecar, 'utf8');

  const session = await startCodeServer({ work, corpus, viewport: { width: 1600, height: 1000 }, settings: { 'files.autoSave': 'off' }, logName: 'server-map-timeline.log' });
  const { page } = session;
  try {
    await openFile(page, sidecarName);
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
    // The view follows every keystroke, so a half-typed date ('2016-03-0', CLS002) shows in red first: wait for the final one.
    const expected = /CLS032: The capture is dated 2016-03-02, after publication/;
    let messages = [];
    for (const end = Date.now() + 60_000; Date.now() < end && !messages.some((m) => expected.test(m)); await page.waitForTimeout(500)) {
      frame = await viewFrame(page, 'svg.timeline .event.error', 60_000);
      try { messages = await frame.locator('svg.timeline .event.error .message').allTextContents(); } catch { /* re-rendered */ }
    }
    assert.ok(messages.some((m) => expected.test(m)), `no CLS032 in the timeline: ${JSON.stringify(messages)}`);
    await frame.locator('#timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'timeline-error.png') });

    // Clicking a marker reveals its mention in the article.
    // A click event on the marker (markers may overlap, so no pointer hit-testing).
    await frame.locator('svg.map .marker.linked circle').first().dispatchEvent('click', { bubbles: true });
    await page.locator('.tab.active', { hasText: '000_c4d40e22f1093045.txt' }).first().waitFor({ timeout: 20_000 });
  } catch (e) {
    try { await page.screenshot({ path: join(artifacts, 'map-failure.png') }); } catch {}
    throw new Error(`${e.message}\n--- code-server output ---\n${session.output().slice(-3000)}`);
  } finally {
    await session.stop();
  }
});
