// Shared harness for the browser tests: one Chromium per test file, a fresh context per test,
// every page error and console error collected and turned into a test failure (a broken wasm
// bundle shows itself only that way), and screenshots of each page visited at desktop and phone
// widths under the repository's target/screenshots/.
//
// Run through web/e2e/run.sh, which starts a server and sets CHANCERY_URL.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root (web/e2e/tests → ../../..). */
export const repoRoot = path.resolve(here, '..', '..', '..');

/** Where screenshots go: <repo>/target/screenshots/, unless E2E_SCREENSHOT_DIR says otherwise. */
export const screenshotDir = process.env.E2E_SCREENSHOT_DIR
  ? path.resolve(process.env.E2E_SCREENSHOT_DIR)
  : path.join(repoRoot, 'target', 'screenshots');

/** The server under test; run.sh exports it. */
export const baseUrl = (() => {
  const url = process.env.CHANCERY_URL;
  if (!url) {
    throw new Error('CHANCERY_URL is not set: run the browser tests through web/e2e/run.sh');
  }
  return url.replace(/\/+$/, '');
})();

/** Debian's Chromium; never a browser that playwright downloads. */
export const executablePath = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** Flags checked on these machines (shared/TOOLCHAIN.md). Playwright gives every launch a fresh,
 *  temporary --user-data-dir of its own (and refuses one in `args`). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long one wait for the page may take (ms). The reader renders in well under a second
 *  here; a missing element should fail in seconds, not after playwright's default 30 s. */
export const timeoutMs = Number(process.env.E2E_TIMEOUT_MS || 10_000);

export const desktop = { width: 1280, height: 900 };
export const phone = { width: 390, height: 844 };

/** The seed page as structured for the API's tests: the independent source of expected text. */
export function loadSeed() {
  const file = path.join(repoRoot, 'api', 'tests', 'fixtures', 'embassy-home-2020-07-15.json');
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** GETs a JSON document from the API with node's fetch (not through the browser). */
export async function apiJson(pathAndQuery) {
  const response = await fetch(baseUrl + pathAndQuery, { headers: { accept: 'application/json' } });
  assert.equal(response.ok, true, `GET ${pathAndQuery} answered ${response.status}`);
  return response.json();
}

/** Collapses runs of whitespace and trims: DOM text without layout newlines. */
export function squash(text) {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Retries an assertion until it passes or the time is up, then throws its last error, so a
 *  failure names what was expected and what the page showed. */
export async function eventually(check, { timeout = timeoutMs, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}

/** Squashed text of every element matching `selector`. */
export async function texts(page, selector) {
  const raw = await page.locator(selector).allTextContents();
  return raw.map(squash);
}

let browser;

/** Launches one browser for the calling test file; closes it after the file's tests. Call once
 *  at the top of each test file. */
export function useBrowser() {
  before(async () => {
    browser = await chromium.launch({
      executablePath,
      args: chromiumArgs,
      timeout: 30_000,
    });
  });
  after(async () => {
    await browser?.close();
    browser = undefined;
  });
}

function slugify(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/**
 * A browser test with its own context and page. `body(s, t)` gets a session:
 *   s.page                      the playwright Page (viewport 1280×900)
 *   s.visit(path, ready, label) goto + wait for `ready` + screenshots
 *   s.settled(ready, label)     wait for `ready` after a click/back + screenshots
 *   s.snap(label)               screenshots at both widths, then back to the current one
 *   s.allowConsoleError(regex)  a console error this test provokes (tested against the
 *                               message + ' ' + its source URL, e.g. a 404 from the API)
 * The test fails when the page threw or logged a console error not allowed.
 */
export function pageTest(name, body, options = {}) {
  // `scripts: false` reads the site as a browser with JavaScript off would.
  const { scripts = true, ...testOptions } = options;
  return test(name, testOptions, async (t) => {
    assert.ok(browser, 'the browser was not launched (useBrowser() missing or launch failed)');
    // t.filePath is newer than some Node 20 releases; node --test runs each file in its own
    // process, so argv[1] names the file there.
    const file = path.basename(t.filePath ?? process.argv[1] ?? 'test', '.test.js');
    const prefix = `${slugify(file)}--${slugify(name)}`;
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: desktop,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      javaScriptEnabled: scripts,
    });
    context.setDefaultTimeout(timeoutMs);
    context.setDefaultNavigationTimeout(timeoutMs);
    // Every Content-Security-Policy violation becomes a console error, which fails the test
    // (Chromium logs most of them itself; this catches the rest).
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`);
      });
    });
    const page = await context.newPage();

    const errors = [];
    const allowed = [];
    // Resolved at the first error, so that a wait gives up at once on a broken page (a wasm
    // bundle that fails to load never renders what the test waits for).
    let signalError;
    const firstError = new Promise((resolve) => {
      signalError = resolve;
    });
    const record = (message) => {
      errors.push(message);
      signalError();
    };
    page.on('pageerror', (error) => {
      record(`page error: ${error.stack || error.message || error}`);
    });
    page.on('console', (message) => {
      const text = message.text();
      // A page the app took over differently from how the server rendered it is a failure.
      if (message.type() === 'warning' && /hydrat/i.test(text)) {
        record(`hydration warning: ${text}`);
        return;
      }
      if (message.type() !== 'error') return;
      const { url, lineNumber } = message.location();
      // Patterns see the message and the URL it came from (a failed request names its URL).
      if (allowed.some((pattern) => pattern.test(`${text} ${url}`))) return;
      record(`console error: ${text}${url ? ` (${url}:${lineNumber})` : ''}`);
    });
    page.on('crash', () => record('the page crashed'));

    let shots = 0;
    const snap = async (label) => {
      mkdirSync(screenshotDir, { recursive: true });
      const current = page.viewportSize() ?? desktop;
      const n = String(++shots).padStart(2, '0');
      for (const size of [desktop, phone]) {
        await page.setViewportSize(size);
        // Long pages (the featured interview) are cut at 8000 px to keep files small.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.screenshot({
          path: path.join(screenshotDir, `${prefix}--${n}-${slugify(label)}--${size.width}.png`),
          fullPage: true,
          clip: { x: 0, y: 0, width: size.width, height: Math.min(Math.max(height, size.height), 8000) },
          animations: 'disabled',
        });
      }
      await page.setViewportSize(current);
    };

    // Waits for `ready`; on a timeout, says what the page shows instead of playwright's call log.
    const waitFor = async (ready) => {
      const waiting = page.waitForSelector(ready);
      waiting.catch(() => {}); // its timeout no longer matters once an error won the race
      try {
        const won = await Promise.race([waiting, firstError.then(() => 'error')]);
        if (won === 'error') {
          throw new assert.AssertionError({
            message: `the page reported an error while the test waited for ${ready}`,
          });
        }
      } catch (error) {
        if (error?.name !== 'TimeoutError') throw error;
        const shown = await page
          .evaluate(() => ({
            h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
            text: (document.body?.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
          }))
          .catch(() => ({ h1: [], text: '(the page could not be read)' }));
        throw new assert.AssertionError({
          message:
            `${ready} did not appear within ${timeoutMs} ms at ${page.url()}; ` +
            `the page has h1 ${JSON.stringify(shown.h1)} and says: ${JSON.stringify(shown.text)}`,
        });
      }
    };

    const session = {
      page,
      context,
      errors,
      allowConsoleError(pattern) {
        allowed.push(pattern);
      },
      async visit(target, ready, label = target) {
        await page.goto(target, { waitUntil: 'load' });
        if (ready) await waitFor(ready);
        await snap(label);
      },
      async settled(ready, label) {
        if (ready) await waitFor(ready);
        await snap(label);
      },
      snap,
    };

    let failure;
    try {
      await body(session, t);
    } catch (error) {
      failure = error;
      // What the page looked like when the test gave up.
      await snap('failed').catch(() => {});
    } finally {
      await context.close().catch(() => {});
    }

    if (errors.length > 0) {
      const report = errors.map((e) => `  - ${e}`).join('\n');
      const message = `the page reported ${errors.length} error(s):\n${report}`;
      if (failure) {
        throw new assert.AssertionError({
          message: `${message}\nand the test failed: ${failure.message}`,
        });
      }
      assert.fail(message);
    }
    if (failure) throw failure;
  });
}

/** Adds a staff user with the server's own CLI, in the data directory run.sh exports
 *  (SQLite in WAL mode takes the second writer while the server runs). */
export function addStaff(name, role, password) {
  const dataDir = process.env.CHANCERY_DATA_DIR;
  if (!dataDir) {
    throw new Error('CHANCERY_DATA_DIR is not set: run the browser tests through web/e2e/run.sh');
  }
  const bin = path.resolve(
    repoRoot,
    process.env.CHANCERY_BIN ||
      path.join(process.env.CARGO_TARGET_DIR || 'target', 'debug', 'chancery'),
  );
  execFileSync(bin, ['--data-dir', dataDir, 'user', 'add', name, '--role', role, '--password-stdin'], {
    input: `${password}\n`,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
}

/** A session for writes made from node, as another member of staff would make them:
 *  `write(method, path, body, etag)` sends one with its cookie and CSRF token. */
export async function apiSession(name, password) {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  assert.equal(response.status, 200, `POST /session as ${name}`);
  const { csrf_token: csrf } = await response.json();
  const cookie = response.headers.get('set-cookie').split(';')[0];
  const write = (method, pathname, body, etag) =>
    fetch(`${baseUrl}/api/v1${pathname}`, {
      method,
      headers: {
        accept: 'application/json',
        cookie,
        'x-csrf-token': csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(etag ? { 'if-match': etag } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { cookie, csrf, write };
}

/** Removes what a test file made, as `name`: drafts are deleted, anything else withdrawn (so
 *  the other files still read the demo content as seeded). */
export async function removePublications(slugs, name, password) {
  if (slugs.size === 0) return;
  const staff = await apiSession(name, password);
  for (const slug of slugs) {
    const current = await fetch(`${baseUrl}/api/v1/publications/${slug}`, {
      headers: { accept: 'application/json', cookie: staff.cookie },
    });
    if (!current.ok) continue; // already deleted by the test itself
    const removed = await staff.write('DELETE', `/publications/${slug}`, undefined, current.headers.get('etag'));
    assert.ok(removed.ok, `DELETE ${slug} answered ${removed.status}`);
  }
}

/** Signs in through the form as `name` and waits for the staff list. */
export async function signIn(s, name, password) {
  await s.visit('/admin/sign-in', 'form.admin-form', 'sign-in');
  await s.page.fill('#s-name', name);
  await s.page.fill('#s-password', password);
  await s.page.click('form.admin-form button[type="submit"]');
  await s.settled('a.new-publication', 'admin-list');
  assert.equal(new URL(s.page.url()).pathname, '/admin');
}
