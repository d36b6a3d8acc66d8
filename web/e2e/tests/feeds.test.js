// Feed readers find the feeds from any page: the head names all three (autodiscovery), the
// footer links to the Atom feed, and the server answers it as Atom, not as the reader's HTML.

import assert from 'node:assert/strict';
import { baseUrl, pageTest, useBrowser } from './helpers.js';

useBrowser();

pageTest('every page advertises the feeds, and /feed.atom is served as Atom', async (s) => {
  const { page } = s;
  await s.visit('/publications', '.site-footer a[href="/feed.atom"]', 'archive-with-feeds');

  const alternates = await page.locator('head link[rel="alternate"]').evaluateAll((links) =>
    links.map((l) => [l.getAttribute('type'), l.getAttribute('href')]));
  assert.deepEqual(alternates, [
    ['application/atom+xml', `${baseUrl}/feed.atom`],
    ['application/rss+xml', `${baseUrl}/feed.rss`],
    ['application/feed+json', `${baseUrl}/feed.json`],
  ]);
  assert.equal((await page.locator('.site-footer a[href="/feed.atom"]').textContent()).trim(), 'Feeds');

  for (const [type, href] of alternates) {
    const response = await fetch(href);
    assert.equal(response.status, 200, href);
    assert.ok(response.headers.get('content-type').startsWith(type), `${href}: ${response.headers.get('content-type')}`);
  }
  const atom = await (await fetch(`${baseUrl}/feed.atom`)).text();
  assert.match(atom, /^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
});
