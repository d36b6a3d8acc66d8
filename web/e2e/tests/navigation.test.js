// The reader with scripts on: pages come whole from the server, `boot.js` keeps navigation in
// the page (links, GET forms, Back) with the head, focus and history a full load would give,
// falls back to a full load when a fetch fails or the next page is from a new release, and the
// home page's one island, the clocks, ticks with the browser's clock.

import assert from 'node:assert/strict';
import { apiJson, eventually, pageTest, squash, texts, useBrowser } from './helpers.js';

useBrowser();

/** Marks the document, so a full load (which starts a new one) shows as the mark's absence. */
const mark = (page) => page.evaluate(() => { window.__samePage = true; });
const marked = (page) => page.evaluate(() => window.__samePage === true);
const canonical = (page) =>
  page.locator('link[rel="canonical"]').evaluateAll((links) => links.map((l) => new URL(l.href).pathname + new URL(l.href).search));

pageTest('links, the search form and Back stay in the page and swap the head', async (s) => {
  const { page } = s;
  const site = await apiJson('/api/v1/site');
  await s.visit('/publications', 'ol.publications > li', 'archive');
  await mark(page);

  await page.locator('nav.sections a[href="/"]').click();
  await s.settled('.date-line', 'home');
  await page.waitForURL((url) => url.pathname === '/');
  assert.equal(await marked(page), true, 'the link was followed without a full load');
  assert.equal(await page.title(), site.name, 'the home page\'s title');
  assert.deepEqual(await canonical(page), ['/'], 'one canonical link, the home page\'s');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus on the content');

  await page.locator('#site-search-q').fill('lavrov');
  await page.locator('form.site-search button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/search');
  await s.settled('ol.publications > li', 'search');
  assert.equal(new URL(page.url()).search, '?q=lavrov', 'the words searched for, in the URL');
  assert.equal(await marked(page), true, 'the search form was sent without a full load');
  assert.equal(
    await page.locator('meta[name="robots"]').getAttribute('content'),
    'noindex',
    'the results page\'s own head tags came with it',
  );

  await page.goBack();
  await page.waitForURL((url) => url.pathname === '/');
  await s.settled('.date-line', 'home-after-back');
  assert.equal(await marked(page), true, 'Back stayed in the page');
  assert.equal(await page.locator('meta[name="robots"]').count(), 0, 'and dropped the results\' noindex');
  assert.deepEqual(await canonical(page), ['/']);
});

pageTest('a step back that only changes the fragment fetches nothing', async (s) => {
  const { page } = s;
  await s.visit('/publications', 'ol.publications > li', 'archive');
  const fetched = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'fetch') fetched.push(request.url());
  });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.hash === '#main');
  await page.goBack();
  await page.waitForURL((url) => url.pathname === '/publications' && url.hash === '');
  // Give a fetch, were one started, the time to show.
  await page.waitForTimeout(300);
  assert.deepEqual(fetched, [], 'the page on show was not fetched again');
});

pageTest('a fetch that fails falls back to a full load', async (s) => {
  const { page } = s;
  await s.visit('/publications', 'ol.publications > li', 'archive');
  await mark(page);
  // The page's own fetch of the next page fails once; the browser's load of it does not.
  let refused = 0;
  await page.route('**/*', async (route) => {
    const request = route.request();
    if (request.resourceType() === 'fetch' && new URL(request.url()).pathname === '/') {
      refused += 1;
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  s.allowConsoleError(/ERR_CONNECTION_RESET/);
  await page.locator('nav.sections a[href="/"]').click();
  await page.waitForURL((url) => url.pathname === '/');
  await s.settled('.date-line', 'home-by-full-load');
  assert.equal(refused, 1, 'the page tried to fetch the next one itself first');
  assert.equal(await marked(page), false, 'then the browser loaded it');
});

pageTest('a page from a new release is loaded whole', async (s) => {
  const { page } = s;
  await s.visit('/publications', 'ol.publications > li', 'archive');
  await mark(page);
  // The next page, fetched in the page, names another asset folder (a deploy happened).
  await page.route('**/*', async (route) => {
    const request = route.request();
    if (request.resourceType() === 'fetch' && new URL(request.url()).pathname === '/') {
      const response = await route.fetch();
      const body = (await response.text()).replace(/\/assets\/[0-9a-f]+\/boot\.js/, '/assets/0000000000000000/boot.js');
      await route.fulfill({ response, body });
    } else {
      await route.continue();
    }
  });
  await page.locator('nav.sections a[href="/"]').click();
  await page.waitForURL((url) => url.pathname === '/');
  await s.settled('.date-line', 'home-of-the-new-release');
  assert.equal(await marked(page), false, 'the browser loaded it whole');
});

pageTest('the live clocks tick with the browser\'s clock; as at an instant they stand still', async (s) => {
  const { page } = s;
  await page.clock.install({ time: new Date() });
  await s.visit('/', 'leptos-island .clock-time', 'home');
  const home = await apiJson('/api/v1/home');
  const before = await texts(page, '.clock-time');
  assert.deepEqual(before, home.clocks.map((c) => c.local_time), 'the clocks as the server read them');
  // The island is live once its wasm has run; then two minutes pass in the browser.
  await eventually(async () => {
    assert.equal(await page.locator('leptos-island').evaluate((el) => el.$$live === true), true);
  });
  await page.clock.fastForward('02:00');
  const later = (time) => {
    const [h, m] = time.split(':').map(Number);
    const minutes = (h * 60 + m + 2) % (24 * 60);
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  };
  await eventually(async () => {
    assert.deepEqual(await texts(page, '.clock-time'), before.map(later), 'two minutes on');
  });

  await s.visit('/?at=2020-07-15T18:08:00Z', 'leptos-island .clock-time', 'home-as-at');
  await eventually(async () => {
    assert.equal(await page.locator('leptos-island').evaluate((el) => el.$$live === true), true);
  });
  await page.clock.fastForward('02:00');
  assert.deepEqual(await texts(page, '.clock-time'), ['21:08', '19:08'], 'frozen at the instant');
  assert.equal(squash(await page.locator('.date-line').first().textContent()), '15 July 2020');
});
