// Opens a local HTML file (the `corpuslsp report` page) in headless Chromium at 1280×800, in the light and the dark
// colour scheme, refuses every request that is not the file itself, and takes full-page screenshots.
// Usage: node screenshot.mjs REPORT.html OUT-PREFIX  → OUT-PREFIX-light.png, OUT-PREFIX-dark.png; prints a JSON summary.
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [html, prefix] = process.argv.slice(2);
const e2eHome = process.env.CORPUSLSP_E2E_HOME || join(homedir(), '.cache', 'corpuslsp-e2e');
const { chromium } = createRequire(join(e2eHome, 'package.json'))('playwright-core');
const url = pathToFileURL(resolve(html)).href;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const summary = { blocked: [], shots: [] };
try {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    const page = await context.newPage();
    await page.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      summary.blocked.push(route.request().url());
      return route.abort();
    });
    await page.goto(url, { waitUntil: 'load' });
    const facts = await page.evaluate(() => ({
      title: document.title,
      countries: document.querySelectorAll('svg.map path.country').length,
      markers: document.querySelectorAll('svg.map .marker').length,
      events: document.querySelectorAll('svg.timeline .event').length,
      errorEvents: document.querySelectorAll('svg.timeline .event.error').length,
      findings: document.querySelectorAll('ul.findings li').length,
      background: getComputedStyle(document.body).backgroundColor,
      overflowX: document.documentElement.scrollWidth > window.innerWidth,
    }));
    const file = `${prefix}-${colorScheme}.png`;
    await page.screenshot({ path: file, fullPage: true });
    summary.shots.push({ colorScheme, file, ...facts });
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(summary));
