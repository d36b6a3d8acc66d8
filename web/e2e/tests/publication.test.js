// A publication opens from its title on the home page, at a URL of its own that also works
// when loaded directly, and Back returns home.

import assert from 'node:assert/strict';
import { apiJson, eventually, loadSeed, pageTest, squash, texts, useBrowser } from './helpers.js';

useBrowser();

const AT = loadSeed().captured_at;
const HOME = `/?at=${AT}`;

pageTest('a publication opens from its title and Back returns home', async (s) => {
  const { page } = s;
  await s.visit(HOME, 'ol.latest > li a.title', 'home');

  const link = page.locator('ol.latest > li a.title').first();
  const title = squash(await link.textContent());
  const href = await link.getAttribute('href');
  // The API's slug for the newest publication (the independent source of the URL).
  const home = await apiJson(`/api/v1/home?at=${encodeURIComponent(AT)}`);
  const newest = (home.publications ?? home.latest ?? [])[0];
  assert.ok(newest?.slug, 'the API lists a newest publication with a slug');
  assert.equal(squash(newest.title), title, 'the first listed title is the API\'s newest publication');

  await link.click();
  await page.waitForURL((url) => url.pathname.startsWith('/publications/'));
  assert.equal(new URL(page.url()).pathname, `/publications/${newest.slug}`, 'the publication URL');
  assert.equal(new URL(href, page.url()).pathname, `/publications/${newest.slug}`, 'the title link href');
  await s.settled('article.publication h1', 'publication');

  await eventually(async () => {
    assert.deepEqual(await texts(page, 'article.publication h1'), [title], 'article.publication h1');
  });
  assert.equal(await page.locator('h1').count(), 1, 'exactly one h1 on the page');
  assert.equal(await page.locator('article.publication .dateline').count(), 1, 'one .dateline');
  assert.notEqual(squash(await page.locator('article.publication .dateline').textContent()), '');
  assert.ok((await page.title()).trim() !== '', 'document.title should not be empty');

  await page.goBack();
  await page.waitForURL((url) => url.pathname === '/');
  await s.settled('.date-line', 'home-after-back');
  assert.equal(squash(await page.locator('.date-line').first().textContent()), '15 July 2020');

  // Loaded directly (a shared link, a reload): the server hands out the reader, which routes.
  await s.visit(`/publications/${newest.slug}`, 'article.publication h1', 'publication-direct');
  await eventually(async () => {
    assert.deepEqual(await texts(page, 'article.publication h1'), [title], 'h1 when loaded directly');
  });
});
