// Search: the header's search box on every page leads to /search?q=…, whose results show where
// the words were found with the words in <mark>, including a word that only appears in an
// interview's answers; a phrase; a search that finds nothing says what was searched; a search
// the API refuses shows its reason. Expected results come from the API (node's fetch).

import assert from 'node:assert/strict';
import { apiJson, eventually, pageTest, squash, texts, useBrowser } from './helpers.js';

useBrowser();

const ITEMS = 'ol.publications > li';
const TITLES = 'ol.publications > li a.title';

async function apiResults(q) {
  const body = await apiJson(`/api/v1/publications?q=${encodeURIComponent(q)}`);
  return body;
}

pageTest('the header search finds a word that is only in an interview answer', async (s) => {
  const { page } = s;
  const expected = await apiResults('nondescript');
  assert.equal(expected.total, 1, 'the demo interview is the one match');
  assert.equal(expected.items[0].snippet.field, 'body');

  await s.visit('/publications', 'form.site-search', 'archive');
  const box = page.getByRole('searchbox', { name: 'Search publications' });
  await box.fill('nondescript');
  await box.press('Enter');
  await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'nondescript');
  await s.settled(ITEMS, 'search-answer-word');

  await eventually(async () => {
    assert.deepEqual(await texts(page, TITLES), expected.items.map((p) => squash(p.title)));
  });
  const marks = await texts(page, `${ITEMS} .snippet mark`);
  assert.deepEqual(marks.map((m) => m.toLowerCase()), ['nondescript']);
  // The snippet is the API's, from the answer, not the lead.
  const shown = squash(await page.locator(`${ITEMS} .snippet`).first().textContent());
  const snippet = squash(expected.items[0].snippet.parts.map((p) => p.text).join(''));
  assert.equal(shown, snippet);
  assert.match(squash(await page.locator('p.summary').textContent()), /^1 result for “nondescript”/);
  // The box keeps the words searched for.
  assert.equal(await box.inputValue(), 'nondescript');
});

pageTest('a quoted phrase is searched as a phrase', async (s) => {
  const { page } = s;
  const q = '"prime minister"';
  const expected = await apiResults(q);
  assert.ok(expected.total >= 1, 'the demo content has the phrase');
  const words = await apiResults('prime minister');
  assert.ok(words.total > expected.total, 'the words alone are found in more places');

  await s.visit(`/search?q=${encodeURIComponent(q)}`, ITEMS, 'search-phrase');
  await eventually(async () => {
    assert.deepEqual(await texts(page, TITLES), expected.items.map((p) => squash(p.title)));
  });
  const marks = await texts(page, `${ITEMS} mark`);
  assert.ok(marks.length > 0, 'the phrase is highlighted');
  for (const mark of marks) assert.match(mark, /^prime minister$/i);
});

pageTest('a search that finds nothing says what was searched', async (s) => {
  const { page } = s;
  await s.visit('/search?q=quetzalcoatl&kind=article', '.results .empty', 'search-nothing');
  const empty = squash(await page.locator('.results .empty').textContent());
  assert.match(empty, /No publications match “quetzalcoatl”, kind “Article”\./);
  assert.equal(await page.locator(ITEMS).count(), 0);
  // Filtering a search keeps the words: the filter form carries them.
  assert.equal(await page.locator('form.filters input[name=q]').inputValue(), 'quetzalcoatl');
});

pageTest('a search the API refuses shows why', async (s) => {
  const { page } = s;
  // The page answers 400, as the API does; Chromium logs that as a console error.
  s.allowConsoleError(/status of 400 .*\/search/);
  await s.visit('/search?q=-iran', '.field-errors', 'search-refused');
  const alert = squash(await page.locator('.field-errors').textContent());
  assert.match(alert, /Search: must contain a word to find/);
});
