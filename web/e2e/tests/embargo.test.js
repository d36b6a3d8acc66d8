// The embargo in the reader: a featured statement scheduled for 2030 stays off the home page
// even when the page is asked for 2031 (`/?at=`), which says that publications are shown as
// they stand now; the clocks and counters still follow the asked-for moment.

import { after } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, apiSession, pageTest, removePublications, squash, texts, useBrowser } from './helpers.js';

const EDITOR = 'e2e-embargo-editor';
const PASSWORD = 'an embargo long passphrase';
const TITLE = 'Embargoed statement on the Quokka accord';

addStaff(EDITOR, 'editor', PASSWORD);
useBrowser();

const created = new Set();
after(() => removePublications(created, EDITOR, PASSWORD));

pageTest('a future ?at= never shows a scheduled piece to readers', async (s) => {
  const editor = await apiSession(EDITOR, PASSWORD);
  const response = await editor.write('POST', '/publications', {
    kind: 'statement',
    title: TITLE,
    lead: 'Not before 2030.',
    status: 'published',
    featured: true,
    published_at: '2030-01-01T00:00:00Z',
    body: [{ type: 'paragraph', text: 'The quokka clause stays secret until 2030.' }],
  });
  assert.equal(response.status, 201, 'the editor schedules the statement');
  created.add((await response.json()).slug);

  await s.visit('/?at=2031-01-01T00:00:00Z', '.date-line', 'home-in-2031');
  assert.equal(squash(await s.page.locator('.date-line').first().textContent()), '1 January 2031');
  const note = squash(await s.page.locator('p.notice[role="note"]').textContent());
  assert.match(note, /publications as they stand now/);
  const page = squash(await s.page.locator('main').textContent());
  assert.ok(!page.includes('Quokka'), 'the scheduled statement is not on the page');
  const titles = await texts(s.page, 'ol.latest a.title');
  assert.equal(titles.length, 10, 'the latest list is still full');
});
