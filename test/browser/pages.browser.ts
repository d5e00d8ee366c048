/**
 * npm run test:browser: Debian's Chromium, driven by playwright-core, opens one page of each type
 * on a running `wrangler dev` and checks what a reader would notice: the page loads without
 * console errors or failed requests, the meta box's lists show as lists, and the page fits a
 * 390 px phone and a 1280 px desktop without horizontal scrolling. Screenshots go to
 * test/screenshots/ (gitignored) for a person to look at. Every page type's HTML also goes
 * through html-validate (the standard and accessibility presets): zero errors, on every page.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HtmlValidate } from 'html-validate';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT } from '../../scripts/bench/runtime.ts';
import { type DevServer, startDevServer } from './dev-server.ts';
import { realPostPages } from './real-posts.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'test', 'screenshots');
/** The meta box's heading. */
const META_HEADING = 'About this article';

interface PageCase {
  name: string;
  path: string;
  status: number;
  /** The article page must show the meta box; other pages may not have one. */
  metaBox: boolean;
}

const PAGES: PageCase[] = [
  { name: 'home', path: '/', status: 200, metaBox: false },
  {
    name: 'article',
    // The seed article (test/fixtures/alphanode-000989.txt).
    path: '/posts/building-a-safer-workflow-for-building-safer-deployment-steps-with-python-services',
    status: 200,
    metaBox: true,
  },
  // Real posts: code blocks and tables scroll inside themselves, never the page; their meta box
  // may have no lists (no stack or tools), so it is not required to.
  ...realPostPages().map((post) => ({ ...post, status: 200, metaBox: false })),
  { name: 'listing', path: '/stack/python', status: 200, metaBox: false },
  { name: 'search', path: '/search?q=deployment', status: 200, metaBox: false },
  { name: 'not-found', path: '/posts/no-such-article-anywhere', status: 404, metaBox: false },
];

/** Every page type the site renders as HTML, for the validator (status is what it must answer). */
const HTML_PAGES: { path: string; status: number }[] = [
  ...PAGES.map(({ path, status }) => ({ path, status })),
  { path: '/?page=2', status: 200 },
  { path: '/stack', status: 200 },
  { path: '/tools', status: 200 },
  { path: '/difficulty', status: 200 },
  { path: '/tools/pytest', status: 200 },
  { path: '/difficulty/beginner?page=2', status: 200 },
  { path: '/search', status: 200 },
  { path: '/search?q=deployment&page=2', status: 200 },
  { path: '/search?q=xylophonezz', status: 200 },
  { path: '/search?q=%22%22', status: 200 },
  { path: '/stack/no-such-stack', status: 404 },
  { path: '/?page=abc', status: 400 },
];

/**
 * Spec conformance and accessibility. `void-style` is off: hono/jsx closes void elements as
 * `<meta/>`, which is valid HTML, and the rule only enforces one spelling of it.
 */
const validator = new HtmlValidate({
  extends: ['html-validate:standard', 'html-validate:a11y'],
  rules: { 'void-style': 'off' },
});

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
];

interface Visit {
  status: number;
  problems: string[];
}

/** Opens `path`, collecting every console error, page error and failed request on the way. */
async function visit(page: Page, origin: string, pageCase: PageCase): Promise<Visit> {
  const problems: string[] = [];
  const url = `${origin}${pageCase.path}`;
  page.on('console', (message) => {
    // Chromium logs a document's own error status as a console error; the 404 page is meant to
    // answer 404, so only that one message about that one URL is expected.
    const expected =
      pageCase.status >= 400 &&
      message.location().url === url &&
      message.text().includes(`status of ${pageCase.status}`);
    if (message.type() === 'error' && !expected) {
      problems.push(`console error: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    // The 404 page's own document is meant to be a 404; anything else it loads is not.
    if (response.status() >= 400 && response.url() !== url) {
      problems.push(`HTTP ${response.status()} for ${response.url()}`);
    }
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  return { status: response?.status() ?? 0, problems };
}

/** Every <ul> in the meta box must be on screen with at least one visible, non-empty item. */
async function metaBoxListProblems(page: Page, required: boolean): Promise<string[]> {
  const box = page
    .locator('section, aside, div')
    .filter({ has: page.getByRole('heading', { name: META_HEADING, exact: true }) })
    .last();
  if ((await box.count()) === 0) {
    return required ? [`no meta box (a section headed "${META_HEADING}")`] : [];
  }
  // The editorial data is collapsed: open it as a reader would before looking at its lists.
  const closed = box.locator('details:not([open]) > summary');
  for (let i = await closed.count(); i > 0; i--) {
    await closed.first().click();
  }
  const lists = box.locator('ul');
  const count = await lists.count();
  if (count === 0) {
    return required ? ['the meta box has no <ul> lists'] : [];
  }
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    const list = lists.nth(i);
    const label = (await list.getAttribute('aria-label')) ?? `list ${i + 1}`;
    if (!(await list.isVisible())) {
      problems.push(`meta box ${label}: the <ul> is not visible`);
      continue;
    }
    const items = list.locator(':scope > li');
    const itemCount = await items.count();
    if (itemCount === 0) {
      problems.push(`meta box ${label}: the <ul> has no <li>`);
    }
    for (let j = 0; j < itemCount; j++) {
      const item = items.nth(j);
      const box = await item.boundingBox();
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees.
      const text = (await item.innerText()).trim();
      if (!(await item.isVisible()) || !box || box.width === 0 || box.height === 0 || !text) {
        problems.push(`meta box ${label}: item ${j + 1} is not visible`);
      }
    }
  }
  return problems;
}

let server: DevServer;
let browser: Browser;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startDevServer();
});

after(async () => {
  await server?.stop();
});

describe('html-validate', () => {
  for (const { path: pagePath, status } of HTML_PAGES) {
    test(`${pagePath} has no HTML errors`, async () => {
      const response = await fetch(`${server.origin}${pagePath}`);
      assert.equal(response.status, status, `HTTP status of ${pagePath}`);
      const report = await validator.validateString(await response.text(), pagePath);
      const errors = report.results.flatMap((result) =>
        result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
      );
      assert.deepEqual(errors, [], `html-validate errors on ${pagePath}`);
    });
  }
});

describe('in Chromium', () => {
  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Playwright gives every launch a fresh temporary profile (--user-data-dir).
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
  });

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.width} px`, () => {
      for (const pageCase of PAGES) {
        test(`${pageCase.name} (${pageCase.path})`, async () => {
          const context = await browser.newContext({
            viewport: { width: viewport.width, height: viewport.height },
          });
          const page = await context.newPage();
          try {
            const { status, problems } = await visit(page, server.origin, pageCase);
            await page.screenshot({
              path: path.join(SCREENSHOTS, `${pageCase.name}-${viewport.width}.png`),
              fullPage: true,
            });
            assert.equal(status, pageCase.status, `HTTP status of ${pageCase.path}`);
            assert.deepEqual(problems, [], 'console errors and failed requests');
            assert.deepEqual(
              await metaBoxListProblems(page, pageCase.metaBox),
              [],
              'meta box lists',
            );
            const scrollWidth = await page.evaluate<number>(
              // A string: this file is type-checked without the DOM library.
              'document.documentElement.scrollWidth',
            );
            assert.ok(
              scrollWidth <= viewport.width,
              `page is ${scrollWidth} px wide at a ${viewport.width} px viewport (horizontal scroll)`,
            );
            const brokenLinks = await page.evaluate<string[]>(
              // Header links taller than one line were split inside a word ("Difficult / y").
              `[...document.querySelectorAll('.site-nav a')]
                .filter((a) => a.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(a).fontSize) * 1.2)
                .map((a) => a.textContent)`,
            );
            assert.deepEqual(brokenLinks, [], 'header links split across lines');
            const heading = page.locator('h1').first();
            assert.ok(await heading.isVisible(), 'the page has a visible <h1>');
          } finally {
            await context.close();
          }
        });
      }
    });
  }
});
