// The archive ("all messages"): it opens from the home page, a kind filter and the pager put
// their state in the URL, and Back undoes them. Expected lists come from the API (fetched
// here with node's fetch), the independent source.
//
// Paging, deterministically: the demo has 11 publications and the API's default page is 20,
// so the archive would have a single page and nothing to page through. Rather than depend on
// the reader's own page size, the paging test rewrites the reader's list requests to
// `per_page=5` on their way to the server (page.route + route.continue): the real server then
// answers with 3 pages, and the reader must build its pager from what the API says
// (page, total_pages). Everything else (the URL, the links, history) is the reader's own.

import assert from 'node:assert/strict';
import { apiJson, eventually, loadSeed, pageTest, phone, desktop, squash, texts, useBrowser } from './helpers.js';

useBrowser();

const AT = loadSeed().captured_at;
const ITEMS = 'ol.publications > li';
const TITLES = 'ol.publications > li a.title';

async function apiTitles(query) {
  const body = await apiJson(`/api/v1/publications?${query}`);
  return body.items.map((p) => squash(p.title));
}

pageTest('"all messages" opens the archive', async (s) => {
  const { page } = s;
  await s.visit(`/?at=${AT}`, 'a.all-messages', 'home');
  await page.locator('a.all-messages').first().click();
  await page.waitForURL((url) => url.pathname === '/publications');
  await s.settled(ITEMS, 'archive');
  assert.ok((await page.locator(ITEMS).count()) > 0, 'ol.publications has items');
  assert.equal(await page.locator('nav.pager[aria-label="Pages"]').count(), 1, 'one nav.pager[aria-label="Pages"]');
});

pageTest('a kind filter puts itself in the URL and Back removes it', async (s) => {
  const { page } = s;
  // The reader picks its page size; whatever it asks for, the API (asked the same) says what
  // that page holds.
  let perPage = '20';
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/v1/publications') perPage = url.searchParams.get('per_page') ?? '20';
  });

  await s.visit('/publications', ITEMS, 'archive');
  const all = await apiTitles(`per_page=${perPage}`);
  await eventually(async () => assert.deepEqual(await texts(page, TITLES), all, 'the unfiltered archive'));

  await page.locator('form.filters select[name=kind]').selectOption('article');
  const submit = page.locator('form.filters [type=submit]');
  if ((await submit.count()) > 0) {
    await submit.first().click();
  } else {
    await page.locator('form.filters').evaluate((form) => form.requestSubmit());
  }
  await page.waitForURL((url) => url.searchParams.getAll('kind').join(',').split(',').includes('article'));
  assert.match(page.url(), /kind=article/, 'the URL names the filter');
  const articles = await apiTitles(`kind=article&per_page=${perPage}`);
  assert.equal(articles.length, 3, 'the demo content has three articles');
  await eventually(async () => {
    assert.deepEqual(await texts(page, TITLES), articles, 'the filtered list is exactly the API\'s articles');
  });
  await s.snap('archive-articles');

  await page.goBack();
  await page.waitForURL((url) => url.pathname === '/publications' && !url.searchParams.has('kind'));
  await eventually(async () => {
    assert.deepEqual(await texts(page, TITLES), all, 'the unfiltered archive again after Back');
  });
  assert.ok(all.length > articles.length, 'the unfiltered archive has more items than the articles');
});

pageTest('the pager moves through pages in the URL and Back returns to page 1', async (s) => {
  const { page } = s;
  // Every list request the reader makes goes to the server with per_page=5 (see the top).
  await page.route(
    (url) => url.pathname === '/api/v1/publications',
    async (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('per_page', '5');
      await route.continue({ url: url.toString() });
    },
  );
  const page1 = await apiTitles('page=1&per_page=5');
  const page2 = await apiTitles('page=2&per_page=5');
  assert.equal(page1.length, 5);
  assert.equal(page2.length, 5);

  await s.visit('/publications', ITEMS, 'archive-page-1');
  await eventually(async () => assert.deepEqual(await texts(page, TITLES), page1, 'page 1'));

  // The pager is there and fits at both widths.
  const pager = page.locator('nav.pager[aria-label="Pages"]');
  for (const size of [phone, desktop]) {
    await page.setViewportSize(size);
    assert.equal(await pager.isVisible(), true, `the pager is visible at ${size.width} px`);
    const box = await pager.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= size.width + 1,
      `the pager fits in ${size.width} px (box ${JSON.stringify(box)})`);
  }

  await pager.locator('a[rel="next"]').first().click();
  await page.waitForURL((url) => url.searchParams.get('page') === '2');
  await eventually(async () => assert.deepEqual(await texts(page, TITLES), page2, 'page 2'));
  await s.snap('archive-page-2');

  await page.goBack();
  await page.waitForURL((url) => url.pathname === '/publications' && (url.searchParams.get('page') ?? '1') === '1');
  await eventually(async () => assert.deepEqual(await texts(page, TITLES), page1, 'page 1 after Back'));

  // The page lives in the URL: loading ?page=2 directly shows page 2.
  await s.visit('/publications?page=2', ITEMS, 'archive-page-2-direct');
  await eventually(async () => assert.deepEqual(await texts(page, TITLES), page2, 'page 2 loaded directly'));
});
