// The archive ("all messages"): it opens from the home page, a kind filter and the pager put
// their state in the URL, and Back undoes them. Expected lists come from the API (fetched
// here with node's fetch), the independent source.
//
// Paging, deterministically: the demo has 11 publications and the reader's default page is
// 20, so the paging test asks for `per_page=5` in the URL, which the reader keeps in its links;
// the server then answers with 3 pages, and the pager is built from what it says.

import assert from 'node:assert/strict';
import { apiJson, baseUrl, eventually, loadSeed, pageTest, phone, desktop, screenshotDir, squash, texts, useBrowser } from './helpers.js';

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
  const page1 = await apiTitles('page=1&per_page=5');
  const page2 = await apiTitles('page=2&per_page=5');
  assert.equal(page1.length, 5);
  assert.equal(page2.length, 5);

  await s.visit('/publications?per_page=5', ITEMS, 'archive-page-1');
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
  await s.visit('/publications?page=2&per_page=5', ITEMS, 'archive-page-2-direct');
  await eventually(async () => assert.deepEqual(await texts(page, TITLES), page2, 'page 2 loaded directly'));
});

// The sidebar's counts come from the facet endpoints; what they should say is taken here from
// the list itself (its X-Total-Count for the same filter), the independent source.
async function listTotal(query) {
  const response = await fetch(`${baseUrl}/api/v1/publications?per_page=1&${query}`);
  assert.equal(response.ok, true, `GET /api/v1/publications?${query} answered ${response.status}`);
  return Number(response.headers.get('x-total-count'));
}

/** The count shown in a facet link. */
async function shownCount(link) {
  return Number(squash(await link.locator('.count').textContent()));
}

/** [value of `param` in the link, count shown] for each link matching `selector`, read at one
 *  moment (the lists are replaced whole when the search changes). */
async function shownCounts(page, selector, param) {
  return page.locator(selector).evaluateAll((links, name) => links.map((a) => [
    new URL(a.href).searchParams.get(name), Number(a.querySelector('.count').textContent),
  ]), param);
}

pageTest('the sidebar counts months, kinds and tags as the list does, and a month filters it', async (s) => {
  const { page } = s;
  await s.visit('/publications', '.facets .facet-dates a', 'archive-facets');
  const july = page.locator('.facets .facet-dates a[href="/publications?year=2020&month=7"]');
  const julyTotal = await listTotal('from=2020-07-01&to=2020-07-31');
  assert.ok(julyTotal > 0, 'the demo content has publications in July 2020');
  await eventually(async () => assert.equal(await shownCount(july), julyTotal, 'July 2020 in the sidebar'));

  // Every kind and tag shown counts what its link lists.
  for (const facet of ['kind', 'tag']) {
    const shown = await shownCounts(page, `.facets .facet-${facet}s .facet-list a[href*="${facet}="]`, facet);
    assert.ok(shown.length > 0, `the sidebar lists ${facet}s`);
    for (const [value, count] of shown) {
      assert.equal(count, await listTotal(`${facet}=${encodeURIComponent(value)}`), `${facet} ${value}`);
    }
  }
  // The form suggests the tags in use.
  const suggested = await page.locator('#f-tags option').evaluateAll((options) => options.map((o) => o.value));
  const tags = (await apiJson('/api/v1/tags')).items.map((t) => t.value);
  assert.deepEqual(suggested, tags, 'the tag field suggests every tag in use');

  // Open beside the results at desktop width; closed above them at phone width, opened by
  // its summary.
  const sidebar = page.locator('.facets-body');
  const results = await page.locator('.results').boundingBox();
  const beside = await sidebar.boundingBox();
  assert.ok(beside && results && beside.x >= results.x + results.width && beside.x + beside.width <= desktop.width,
    `the sidebar is right of the results, within the page (${JSON.stringify({ beside, results })})`);
  await page.setViewportSize(phone);
  await s.visit('/publications', '.facets summary', 'archive-facets-closed');
  assert.equal(await sidebar.isVisible(), false, 'the counts start closed at 390 px');
  await page.locator('.facets summary').click();
  await eventually(async () => assert.equal(await july.isVisible(), true, 'the counts open at 390 px'));
  const box = await sidebar.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= phone.width + 1, `the counts fit in 390 px (${JSON.stringify(box)})`);
  await page.locator('.facets summary').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshotDir}/archive--facets-open-390.png` });
  await page.setViewportSize(desktop);

  await july.click();
  await page.waitForURL((url) => url.searchParams.get('year') === '2020' && url.searchParams.get('month') === '7');
  const julyTitles = await apiTitles(`from=2020-07-01&to=2020-07-31`);
  await eventually(async () => assert.deepEqual(await texts(page, TITLES), julyTitles, 'the list is July 2020'));
  await eventually(async () => assert.equal(await july.getAttribute('aria-current'), 'true', 'July is marked current'));
  assert.equal(await page.locator('.facets [aria-current="true"]').count(), 3,
    'July, all kinds and all tags are the current choices');
  // The kinds are now counted within July, as the list counts them.
  await eventually(async () => {
    const shown = await shownCounts(page, '.facets .facet-kinds a[href*="kind="]', 'kind');
    const expected = [];
    for (const [value] of shown) expected.push([value, await listTotal(`kind=${value}&from=2020-07-01&to=2020-07-31`)]);
    assert.deepEqual(shown, expected, 'kinds counted within July');
    assert.equal(shown.reduce((sum, [, n]) => sum + n, 0), julyTotal, 'the kinds add up to July');
  });
  await s.snap('archive-july');
});
