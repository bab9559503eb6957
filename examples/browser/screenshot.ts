// Regenerates docs/browser-example.png: builds the page, serves it, loads the emotions sample in headless Chromium,
// meta-trains MAML with the page's defaults and takes a full-page screenshot.
//   npx tsup && npx tsx examples/browser/screenshot.ts
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { buildBrowserExample } from './build.js';
import { serveStatic } from './serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'docs', 'browser-example.png');

const built = await buildBrowserExample();
const server = await serveStatic(built.root, 0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(server.url);
  await page.click('#sample');
  await page.waitForSelector('#data-status[data-state="ready"]', { timeout: 30_000 });
  await page.click('#train');
  await page.waitForSelector('#train-status[data-state="done"]', { timeout: 120_000 });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}: ${await page.textContent('#maml-result')}`);
} finally {
  await browser.close();
  await server.close();
}
