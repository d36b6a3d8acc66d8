// The site with JavaScript off: every page arrives whole from the server, and the links, the
// pager, the archive's filters and the search box work as plain links and GET forms. The
// expected content comes from the API (node's fetch) and the seed page, not from the reader.

import assert from 'node:assert/strict';
import { apiJson, loadSeed, pageTest, squash, texts, useBrowser } from './helpers.js';

useBrowser();

const AT = loadSeed().captured_at;
const TITLES = 'ol.publications > li a.title';
const off = { scripts: false };

pageTest('the home page reads whole without scripts', async (s) => {
  const { page } = s;
  await s.visit(`/?at=${AT}`, 'section.today', 'home without scripts');
  const seed = loadSeed();
  const home = await apiJson(`/api/v1/home?at=${AT}`);
  assert.equal(squash(await page.locator('.date-line').textContent()), home.site.date_line);
  assert.deepEqual(await texts(page, '.clock-time'), home.clocks.map((c) => c.local_time));
  assert.deepEqual(await texts(page, '.latest a.title'), home.latest.map((p) => squash(p.title)));
  assert.ok(seed.captured_at, 'the seed names its instant');
  assert.equal(await page.title(), home.site.name);
}, off);

pageTest('links, the filter form and the pager work as plain HTML', async (s) => {
  const { page } = s;
  await s.visit('/', 'a.all-messages', 'home');
  await page.locator('a.all-messages').first().click();
  await page.waitForURL((url) => url.pathname === '/publications');
  await s.settled(TITLES, 'archive');

  // The filter form is a GET form: choosing a kind and pressing Show loads the filtered page.
  await page.locator('form.filters select[name=kind]').selectOption('interview');
  await page.locator('form.filters [type=submit]').click();
  await page.waitForURL((url) => url.searchParams.get('kind') === 'interview');
  await s.settled(TITLES, 'archive filtered');
  const interviews = await apiJson('/api/v1/publications?kind=interview');
  assert.deepEqual(await texts(page, TITLES), interviews.items.map((p) => squash(p.title)));
  assert.equal(await page.locator('form.filters select[name=kind]').inputValue(), 'interview',
    'the form shows the filter it was sent with');

  // The pager is links.
  await page.goto('/publications?per_page=4');
  await s.settled(TITLES, 'archive page 1');
  await page.locator('nav.pager a[rel=next]').first().click();
  await page.waitForURL((url) => url.searchParams.get('page') === '2');
  const second = await apiJson('/api/v1/publications?per_page=4&page=2');
  assert.deepEqual(await texts(page, TITLES), second.items.map((p) => squash(p.title)));

  // A title opens its page.
  const first = second.items[0];
  await page.locator(TITLES).first().click();
  await page.waitForURL((url) => url.pathname === `/publications/${first.slug}`);
  await s.settled('article.publication h1', 'publication');
  assert.equal(squash(await page.locator('article.publication h1').textContent()), squash(first.title));
}, off);

pageTest('the header search box finds publications without scripts', async (s) => {
  const { page } = s;
  await s.visit('/publications', 'form.site-search', 'archive');
  await page.locator('form.site-search input[name=q]').fill('lavrov');
  await page.locator('form.site-search button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'lavrov');
  await s.settled(TITLES, 'search results');
  const found = await apiJson('/api/v1/publications?q=lavrov');
  assert.deepEqual(await texts(page, TITLES), found.items.map((p) => squash(p.title)));
  assert.equal(await page.locator('form.site-search input[name=q]').inputValue(), 'lavrov');
}, off);
