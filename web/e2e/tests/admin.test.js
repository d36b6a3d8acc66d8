// The staff area: signing in through the form (and being refused with a wrong password),
// creating and publishing a statement that then shows on the home page, fields the API refuses
// (caps on tags, speakers and the number of body blocks included) named next to them, and the editor's
// answer when someone else saved first (412).
//
// run.sh starts the server with no users; this file adds one with the server's own CLI, in the
// data directory run.sh exports as CHANCERY_DATA_DIR (SQLite in WAL mode takes the second
// writer while the server runs).

import { after } from 'node:test';
import assert from 'node:assert/strict';
import {
  addStaff,
  apiJson,
  apiSession,
  eventually,
  pageTest,
  removePublications,
  signIn as signInAs,
  squash,
  texts,
  useBrowser,
} from './helpers.js';

const NAME = 'e2e-editor';
const PASSWORD = 'a long enough passphrase';

addStaff(NAME, 'editor', PASSWORD);
useBrowser();

// The other test files read the demo content as seeded, so what these tests add is removed
// afterwards (a draft is deleted; a published statement is withdrawn and so hidden).
const created = new Set();
after(() => removePublications(created, NAME, PASSWORD));

const signIn = (s) => signInAs(s, NAME, PASSWORD);

pageTest('a wrong password is refused with a message', async (s) => {
  // The API answers 401; Chromium logs that failed request as a console error.
  s.allowConsoleError(/status of 401 .*\/api\/v1\/session/);
  await s.visit('/admin/sign-in', 'form.admin-form', 'sign-in');
  await s.page.fill('#s-name', NAME);
  await s.page.fill('#s-password', 'not the password at all');
  await s.page.click('form.admin-form button[type="submit"]');
  await s.settled('[role="alert"]', 'wrong-password');
  assert.match(squash(await s.page.textContent('[role="alert"]')), /name or password is not right/);
  assert.equal(new URL(s.page.url()).pathname, '/admin/sign-in');
});

pageTest('the staff area sends a visitor without a session to sign in', async (s) => {
  await s.visit('/admin', 'form.admin-form', 'admin-signed-out');
  assert.equal(new URL(s.page.url()).pathname, '/admin/sign-in');
});

pageTest('an editor publishes a statement and it shows on the home page', async (s) => {
  await signIn(s);
  await s.page.click('a.new-publication');
  await s.settled('#e-title', 'new-publication');
  const title = 'Statement on the e2e test';
  await s.page.fill('#e-title', title);
  await s.page.fill('#e-lead', 'The browser tests publish this statement.');
  await s.page.click('#add-paragraph');
  await s.page.fill('.block-list textarea', 'One paragraph written in the editor.');
  // In the browser's zone (London, summer time): 11:00 UTC.
  await s.page.fill('#e-published-at', '2020-07-15T12:00');
  // The preview follows the form.
  await eventually(async () => {
    assert.equal(squash(await s.page.textContent('.preview-heading')), title);
    assert.equal(squash(await s.page.textContent('.preview .body p')), 'One paragraph written in the editor.');
  });
  assert.equal(squash(await s.page.textContent('button.publish')), 'Publish', 'a past time publishes');
  await s.page.click('button.publish');
  created.add('statement-on-the-e2e-test');
  await eventually(async () => {
    assert.equal(new URL(s.page.url()).pathname, '/admin/publications/statement-on-the-e2e-test');
  });
  await s.settled('.notice', 'saved');
  assert.equal(squash(await s.page.textContent('.notice')), 'Published.');
  await eventually(async () => {
    assert.equal(await s.page.inputValue('#e-title'), title);
  });
  const { published_at: publishedAt } = await apiJson('/api/v1/publications/statement-on-the-e2e-test');
  assert.equal(publishedAt, '2020-07-15T11:00:00Z', 'the local time was sent as UTC');

  await s.visit('/admin?status=published', 'ol.staff-publications', 'published-tab');
  assert.ok((await texts(s.page, 'ol.staff-publications a.title')).includes(title));

  await s.visit('/?at=2020-07-15T18:08:00Z', 'ol.latest > li a.title', 'home-with-statement');
  const titles = await texts(s.page, 'ol.latest > li a.title');
  assert.equal(titles[0], title, 'the new statement comes first in the latest list');
});

pageTest('saving over a newer version shows the conflict and loads theirs', async (s) => {
  const other = await apiSession(NAME, PASSWORD);
  const response = await other.write('POST', '/publications', {
    kind: 'statement',
    title: 'Draft for the conflict test',
    lead: 'First lead.',
    published_at: '2020-07-15T10:00:00Z',
    status: 'draft',
    body: [{ type: 'paragraph', text: 'First text.' }],
  });
  assert.equal(response.status, 201, 'POST /publications');
  const { slug } = await response.json();
  created.add(slug);
  const etag = response.headers.get('etag');

  await signIn(s);
  await s.visit(`/admin/publications/${slug}`, '#e-title', 'editor-opened');
  await eventually(async () => {
    assert.equal(await s.page.inputValue('#e-title'), 'Draft for the conflict test');
  });

  // Someone else saves first.
  const patched = await other.write(
    'PATCH',
    `/publications/${slug}`,
    { title: 'Their title', change_note: 'from the test' },
    etag,
  );
  assert.equal(patched.status, 200, 'PATCH by the other editor');

  // The save the browser makes is refused (412), which Chromium logs.
  s.allowConsoleError(/status of 412 .*\/api\/v1\/publications\//);
  await s.page.fill('#e-lead', 'My lead, typed while they saved.');
  await s.page.click('button.save-draft');
  await s.settled('.conflict-message', 'conflict');
  assert.match(
    squash(await s.page.textContent('.conflict-message')),
    /Someone else saved this publication after you opened it/,
  );
  // Mine is still in the form; theirs is shown below it.
  assert.equal(await s.page.inputValue('#e-lead'), 'My lead, typed while they saved.');
  assert.equal(squash(await s.page.textContent('.their-version h3')), 'Their title');

  await s.page.click('button.load-theirs');
  await eventually(async () => {
    assert.equal(await s.page.inputValue('#e-title'), 'Their title');
  });
  // Saved on top of their version now, so it goes through.
  await s.page.fill('#e-lead', 'My lead, on top of theirs.');
  await s.page.click('button.save-draft');
  await s.settled('.notice:text("Saved as a draft.")', 'saved-after-conflict');
});

pageTest("an interview's question and answer turns are shown, not flattened", async (s) => {
  const { items } = await apiJson('/api/v1/publications?kind=interview&per_page=1');
  assert.ok(items.length > 0, 'the demo content has an interview');
  await signIn(s);
  await s.visit(`/admin/publications/${items[0].slug}`, '.preview .turn.question', 'interview-editor');
  // Each turn is a block of its own, with its speaker, in the order the reader shows them.
  const { body } = await apiJson(`/api/v1/publications/${items[0].slug}`);
  const blocks = s.page.locator('.block-list > li.block');
  assert.equal(await blocks.count(), body.length);
  const types = await blocks.evaluateAll((lis) => lis.map((li) => li.dataset.type));
  assert.deepEqual(types, body.map((block) => block.type));
  const answer = body.findIndex((block) => block.type === 'answer');
  assert.equal(await blocks.nth(answer).locator('input[name="speaker"]').inputValue(), body[answer].speaker);
  assert.ok((await s.page.locator('.preview .turn.answer .speaker').count()) > 0);

  await s.page.click('button.sign-out');
  await s.settled('form.admin-form', 'signed-out');
  assert.equal(new URL(s.page.url()).pathname, '/admin/sign-in');
  // Without a session the staff area sends the visitor back to the form.
  await s.visit('/admin/new', 'form.admin-form', 'new-after-sign-out');
  assert.equal(new URL(s.page.url()).pathname, '/admin/sign-in');
});

pageTest('fields the API refuses are named next to them', async (s) => {
  // The API answers 422; Chromium logs that failed request as a console error.
  s.allowConsoleError(/status of 422 .*\/api\/v1\/publications/);
  await signIn(s);
  await s.visit('/admin/new', '#e-title', 'new-publication');
  await s.page.fill('#e-title', 'A statement with a bad tag');
  await s.page.fill('#e-tags', 'fine-tag, Not A Slug');
  await s.page.click('button.save-draft');
  await s.settled('#e-tags-error', 'invalid-tag');
  assert.match(squash(await s.page.textContent('#e-tags-error')), /slug/);
  assert.equal(await s.page.getAttribute('#e-tags', 'aria-invalid'), 'true');
  assert.equal(await s.page.getAttribute('#e-title', 'aria-invalid'), null);
  assert.equal(new URL(s.page.url()).pathname, '/admin/new', 'nothing was created');
});

pageTest('caps on one write are named on their fields: tags, a speaker, the body as a whole', async (s) => {
  s.allowConsoleError(/status of 422 .*\/api\/v1\/publications/);
  await signIn(s);
  await s.visit('/admin/new', '#e-title', 'new-over-caps');
  await s.page.fill('#e-title', 'A statement over the caps');
  const tags = Array.from({ length: 21 }, (_, i) => `tag-${i}`);
  await s.page.fill('#e-tags', tags.join(', '));
  await s.page.fill('#e-speakers', `Maria Zakharova, ${'Z'.repeat(201)}`);
  await s.page.click('button.save-draft');
  await s.settled('#e-tags-error', 'over-caps-lists');
  assert.match(squash(await s.page.textContent('#e-tags-error')), /at most 20 tags \(it has 21\)/);
  assert.equal(await s.page.getAttribute('#e-tags', 'aria-invalid'), 'true');
  // The speaker is named by its place in the comma list, there and in the summary.
  assert.match(squash(await s.page.textContent('#e-speakers-error')), /Item 2: must be at most 200 characters/);
  assert.match(squash(await s.page.textContent('[role="alert"]')), /Speakers, item 2: must be at most 200/);
  assert.equal(await s.page.isVisible('#blocks-error'), false);

  // Within those caps, a body of more than 2,000 blocks is named on the body as a whole (a blank
  // line in a block's text starts a new paragraph, so one text box holds them all).
  await s.page.fill('#e-tags', tags.slice(0, 20).join(', '));
  await s.page.fill('#e-speakers', 'Maria Zakharova');
  await s.page.click('#add-paragraph');
  const paragraphs = Array.from({ length: 2001 }, (_, i) => `Paragraph ${i + 1}.`);
  // Set as one input event: playwright's fill types a text of many lines in quadratic time.
  await s.page.locator('.block-list > li textarea').first().evaluate((box, text) => {
    box.value = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, paragraphs.join('\n\n'));
  await eventually(async () => assert.equal(await s.page.locator('.preview .body p').count(), 2001));
  await s.page.click('button.save-draft');
  await s.settled('#blocks-error', 'over-caps-body');
  assert.match(squash(await s.page.textContent('#blocks-error')), /at most 2000 blocks \(it has 2001\)/);
  assert.match(await s.page.getAttribute('fieldset.blocks', 'aria-describedby'), /blocks-error/);
  assert.match(squash(await s.page.textContent('[role="alert"]')), /Body: may hold at most 2000 blocks/);
  assert.equal(await s.page.isVisible('#e-tags-error'), false, 'the tags are fine now');
  assert.equal(new URL(s.page.url()).pathname, '/admin/new', 'nothing was created');
});
