// The staff editor's body blocks and workflow: an interview built from question and answer
// turns that are reordered (by mouse and keyboard, focus following the block) and trimmed, with
// the preview and then the public page in step; errors the API names on one block; the
// Schedule label; a contributor, who is offered drafts only and never sees others' drafts; and
// withdrawing a published piece, whose public page then says it was withdrawn.

import { after } from 'node:test';
import assert from 'node:assert/strict';
import {
  addStaff,
  apiSession,
  baseUrl,
  eventually,
  pageTest,
  removePublications,
  signIn,
  squash,
  texts,
  useBrowser,
} from './helpers.js';

const EDITOR = 'e2e-blocks-editor';
const CONTRIBUTOR = 'e2e-contributor';
const PASSWORD = 'another long passphrase';

addStaff(EDITOR, 'editor', PASSWORD);
addStaff(CONTRIBUTOR, 'contributor', PASSWORD);
useBrowser();

// Removed afterwards by an editor, who may delete any draft and withdraw the rest.
const created = new Set();
after(() => removePublications(created, EDITOR, PASSWORD));

const focused = (s) => s.page.evaluate(() => document.activeElement?.id ?? '');
// One string per body block: a turn's speaker and paragraphs, space-separated.
const blockTexts = async (s, selector) =>
  (
    await s.page.locator(selector).evaluateAll((blocks) =>
      blocks.map((block) =>
        block.children.length ? [...block.children].map((part) => part.textContent).join(' ') : block.textContent,
      ),
    )
  ).map(squash);
const previewTurns = (s) => blockTexts(s, '.preview .body > *');
const shown = (s, selector) => s.page.isVisible(selector);

/** Adds a block of `type` and types `text` (and `speaker`) into it; focus lands in its text. */
async function addBlock(s, type, text, speaker) {
  const before = await s.page.locator('.block-list > li').count();
  await s.page.click(`#add-${type}`);
  const block = s.page.locator('.block-list > li').nth(before);
  const textId = await block.locator('textarea').getAttribute('id');
  await eventually(async () => assert.equal(await focused(s), textId, 'focus goes to the new block'));
  await s.page.keyboard.type(text);
  if (speaker !== undefined) await block.locator('input[name="speaker"]').fill(speaker);
  return block;
}

pageTest('an interview is built from turns, reordered, trimmed and published in that order', async (s) => {
  s.allowConsoleError(/status of 422 .*\/api\/v1\/publications/);
  await signIn(s, EDITOR, PASSWORD);
  await s.visit('/admin/new', '#e-title', 'new-interview');
  await s.page.fill('#e-title', 'Interview built in the block editor');
  await s.page.selectOption('#e-kind', 'interview');
  await s.page.fill('#e-speakers', 'Andrei Kelin');

  await addBlock(s, 'question', 'First question?');
  await addBlock(s, 'answer', 'First answer.');
  await addBlock(s, 'question', 'Second question?');
  const fourth = await addBlock(s, 'answer', 'Second answer, first paragraph.\n\nIts second paragraph.');
  // New turns take the last speaker of their kind, else "Question" or the first speaker.
  assert.equal(await fourth.locator('input[name="speaker"]').inputValue(), 'Andrei Kelin');
  assert.equal(
    await s.page.locator('.block-list > li').nth(2).locator('input[name="speaker"]').inputValue(),
    'Question',
  );
  await eventually(async () => {
    assert.deepEqual(await previewTurns(s), [
      'Question First question?',
      'Andrei Kelin First answer.',
      'Question Second question?',
      'Andrei Kelin Second answer, first paragraph. Its second paragraph.',
    ]);
  });
  await s.snap('four-turns');

  // The second exchange moves to the top: the question by mouse, then by keyboard (focus stays
  // on its button as the block moves), then the answer after it.
  const moveUp = (n) => s.page.locator('.block-list > li').nth(n).locator('.tool-up');
  const q2 = await moveUp(2).getAttribute('id');
  await moveUp(2).click();
  await eventually(async () => assert.equal(await focused(s), q2, 'focus follows the moved block'));
  await s.page.keyboard.press('Enter');
  await eventually(async () => {
    assert.deepEqual((await previewTurns(s)).slice(0, 2), ['Question Second question?', 'Question First question?']);
  });
  await eventually(async () => {
    assert.equal(await focused(s), q2);
    assert.equal(await s.page.getAttribute(`#${q2}`, 'aria-disabled'), 'true', 'the first block cannot go higher');
    assert.match(squash(await s.page.textContent('.blocks [role="status"]')), /position 1 of 4/);
  });
  await moveUp(3).click();
  await moveUp(2).click();
  const reordered = [
    'Question Second question?',
    'Andrei Kelin Second answer, first paragraph. Its second paragraph.',
    'Question First question?',
    'Andrei Kelin First answer.',
  ];
  await eventually(async () => assert.deepEqual(await previewTurns(s), reordered));
  assert.deepEqual(
    await texts(s.page, '.block-list legend'),
    ['Block 1 of 4: Question', 'Block 2 of 4: Answer', 'Block 3 of 4: Question', 'Block 4 of 4: Answer'],
  );

  // Removing the last block puts focus in the one before it.
  const third = await s.page.locator('.block-list > li').nth(2).locator('textarea').getAttribute('id');
  await s.page.locator('.block-list > li').nth(3).locator('.tool-remove').click();
  await eventually(async () => assert.deepEqual(await previewTurns(s), reordered.slice(0, 3)));
  await eventually(async () => assert.equal(await focused(s), third));
  await s.snap('reordered');

  // The API names a block's empty speaker; the message shows under that block's field.
  const speaker = s.page.locator('.block-list > li').nth(2).locator('input[name="speaker"]');
  await speaker.fill('');
  await s.page.click('button.save-draft');
  const speakerId = await speaker.getAttribute('id');
  await s.settled(`#${speakerId}-error`, 'block-error');
  assert.match(squash(await s.page.textContent(`#${speakerId}-error`)), /must not be empty/);
  assert.equal(await speaker.getAttribute('aria-invalid'), 'true');
  assert.match(squash(await s.page.textContent('[role="alert"]')), /Block 3, speaker: must not be empty/);
  assert.equal(new URL(s.page.url()).pathname, '/admin/new', 'nothing was created');
  await speaker.fill('Question');

  // A time ahead turns Publish into Schedule, in local time and UTC (London is UTC+1 in July).
  await s.page.fill('#e-published-at', '2031-07-01T10:00');
  await eventually(async () => {
    assert.equal(
      squash(await s.page.textContent('button.publish')),
      'Schedule for 2031-07-01 10:00 (2031-07-01 09:00 UTC)',
    );
  });
  await s.page.fill('#e-published-at', '2020-07-01T10:00');
  await eventually(async () => assert.equal(squash(await s.page.textContent('button.publish')), 'Publish'));

  await s.page.click('button.publish');
  const slug = 'interview-built-in-the-block-editor';
  created.add(slug);
  await eventually(async () => assert.equal(new URL(s.page.url()).pathname, `/admin/publications/${slug}`));
  await s.settled('.notice', 'published');
  assert.equal(squash(await s.page.textContent('.notice')), 'Published.');

  await s.visit(`/publications/${slug}`, 'article.publication .turn', 'public-interview');
  assert.deepEqual(await blockTexts(s, 'article.publication .body > *'), reordered.slice(0, 3));
});

pageTest('a contributor is offered drafts only, and the draft stays private', async (s) => {
  // An editor's draft, which the contributor may not even open.
  const editor = await apiSession(EDITOR, PASSWORD);
  const made = await editor.write('POST', '/publications', {
    kind: 'statement',
    title: "An editor's draft for the contributor test",
    published_at: '2020-07-15T10:00:00Z',
  });
  assert.equal(made.status, 201);
  const theirs = (await made.json()).slug;
  created.add(theirs);

  await signIn(s, CONTRIBUTOR, PASSWORD);
  await s.visit('/admin/new', '#e-title', 'contributor-new');
  assert.ok(await shown(s, 'button.save-draft'));
  for (const button of ['button.publish', 'button.withdraw', 'button.delete']) {
    assert.equal(await shown(s, button), false, `${button} is not offered to a contributor`);
  }
  const title = 'Contributor draft for the e2e test';
  await s.page.fill('#e-title', title);
  await addBlock(s, 'paragraph', 'Written by a contributor.');
  await s.page.click('button.save-draft');
  const slug = 'contributor-draft-for-the-e2e-test';
  created.add(slug);
  await eventually(async () => assert.equal(new URL(s.page.url()).pathname, `/admin/publications/${slug}`));
  await s.settled('.notice', 'contributor-saved');
  assert.equal(squash(await s.page.textContent('.notice')), 'Saved as a draft.');
  assert.equal(await shown(s, 'button.publish'), false);
  assert.ok(await shown(s, 'button.delete'), 'a contributor may delete their own draft');

  // Drafts never reach the public.
  const hidden = await fetch(`${baseUrl}/api/v1/publications/${slug}`, { headers: { accept: 'application/json' } });
  assert.equal(hidden.status, 404);
  const listed = await (await fetch(`${baseUrl}/api/v1/publications?per_page=100`)).json();
  assert.ok(!listed.items.some((item) => item.slug === slug), 'not in the public list');

  // Someone else's draft does not exist for a contributor.
  s.allowConsoleError(/status of 404 .*\/api\/v1\/publications\//);
  await s.visit(`/admin/publications/${theirs}`, '.error[role="alert"]', 'contributor-opens-theirs');
  assert.match(squash(await s.page.textContent('.error-what')), /could not be loaded/);

  // A published piece offers a contributor no button to press.
  const published = 'foreign-ministry-statement-fifth-anniversary-jcpoa';
  await s.visit(`/admin/publications/${published}`, '#e-title', 'contributor-opens-published');
  for (const button of ['button.save-draft', 'button.publish', 'button.withdraw', 'button.delete']) {
    assert.equal(await shown(s, button), false, `${button} is not offered on a published piece`);
  }

  // Their own draft is theirs to delete, after a confirm step; the list then says so.
  await s.visit(`/admin/publications/${slug}`, 'button.delete', 'contributor-own-draft');
  await s.page.click('button.delete');
  await s.settled('.confirm:not([hidden])', 'confirm-delete');
  await eventually(async () => assert.equal(await focused(s), 'confirm-question'));
  await s.page.click('.confirm button.confirm-yes');
  await eventually(async () => assert.equal(new URL(s.page.url()).pathname, '/admin'));
  await s.settled('.notice', 'deleted');
  assert.equal(squash(await s.page.textContent('.notice')), `The draft “${title}” was deleted.`);
  const gone = await fetch(`${baseUrl}/api/v1/publications/${slug}`, {
    headers: { accept: 'application/json', cookie: editor.cookie },
  });
  assert.equal(gone.status, 404, 'the draft is gone for staff too');
});

pageTest('withdrawing a published piece leaves a withdrawn notice on its page', async (s) => {
  const editor = await apiSession(EDITOR, PASSWORD);
  const title = 'Statement to withdraw in the e2e test';
  const made = await editor.write('POST', '/publications', {
    kind: 'statement',
    title,
    status: 'published',
    published_at: '2020-07-14T10:00:00Z',
    body: [{ type: 'paragraph', text: 'Soon withdrawn.' }],
  });
  assert.equal(made.status, 201);
  const { slug } = await made.json();
  created.add(slug);

  await signIn(s, EDITOR, PASSWORD);
  await s.visit(`/admin/publications/${slug}`, 'button.withdraw', 'published-editor');
  assert.equal(await shown(s, 'button.save-draft'), false, 'a live piece is withdrawn, not unpublished');
  assert.equal(squash(await s.page.textContent('button.publish')), 'Publish changes');
  // Enter in a field presses the first submit button, hidden "Save draft" included: it must
  // not turn the live piece into a draft.
  await s.page.press('#e-title', 'Enter');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const still = await fetch(`${baseUrl}/api/v1/publications/${slug}`, { headers: { accept: 'application/json' } });
  assert.equal((await still.json()).status, 'published', 'Enter changed nothing');
  await s.page.click('button.withdraw');
  await s.settled('.confirm:not([hidden])', 'confirm-withdraw');
  // Cancel first: nothing happens, and focus returns to the button.
  await s.page.click('.confirm button.confirm-no');
  await eventually(async () => assert.equal(await focused(s), 'withdraw'));
  assert.equal(await shown(s, '.confirm'), false);
  await s.page.click('button.withdraw');
  await s.page.click('.confirm button.confirm-yes');
  await eventually(async () => assert.equal(new URL(s.page.url()).search, '?status=withdrawn'));
  await s.settled('.notice', 'withdrawn-list');
  assert.match(squash(await s.page.textContent('.notice')), /was withdrawn/);
  await eventually(async () => assert.ok((await texts(s.page, 'ol.staff-publications a.title')).includes(title)));

  // Readers, not staff: a staff session's cookie would still show the piece.
  await s.context.clearCookies();
  s.allowConsoleError(/status of 410 .*\/publications\//);
  await s.visit(`/publications/${slug}`, '.withdrawn h1', 'public-withdrawn');
  assert.equal(squash(await s.page.textContent('h1')), 'Withdrawn');
  assert.match(squash(await s.page.textContent('.withdrawn')), /has been withdrawn/);
});
