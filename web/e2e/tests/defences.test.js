// Browser defences: every page comes with a strict Content-Security-Policy and its companions,
// the reader, the staff area and Swagger UI work under it (any violation fails a test, see
// helpers.js), the site refuses to be framed by another page, and a speaker named like an
// HTML tag is shown as text in the archive's suggestions, never run.

import { after } from 'node:test';
import assert from 'node:assert/strict';
import {
  addStaff,
  apiSession,
  baseUrl,
  eventually,
  pageTest,
  removePublications,
  useBrowser,
} from './helpers.js';

const EDITOR = 'e2e-defences-editor';
const PASSWORD = 'a defences long passphrase';
const HOSTILE = '<img src=x onerror=alert(1)>';

addStaff(EDITOR, 'editor', PASSWORD);
useBrowser();

const created = new Set();
after(() => removePublications(created, EDITOR, PASSWORD));

pageTest('every kind of page carries the browser defences', async () => {
  for (const path of ['/', '/admin', '/api/v1/home', '/swagger-ui/', '/feed.atom', '/no-such-page']) {
    const response = await fetch(`${baseUrl}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
      "form-action 'self'",
    ]) {
      assert.ok(csp.includes(directive), `${path}: ${directive} in ${csp}`);
    }
    assert.ok(!csp.includes('unsafe-inline'), `${path}: no inline code allowed`);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
    assert.equal(response.headers.get('cross-origin-opener-policy'), 'same-origin', path);
    assert.match(response.headers.get('permissions-policy') ?? '', /camera=\(\)/, path);
  }
});

pageTest('Swagger UI works under the policy', async (s) => {
  await s.visit('/swagger-ui/', '.swagger-ui .info .title', 'swagger-ui');
  await s.settled('.opblock-tag', 'swagger-ui-operations');
  const title = await s.page.textContent('.swagger-ui .info .title');
  assert.match(title, /Chancery/);
});

pageTest('another site cannot frame the reader', async (s) => {
  const refusals = [];
  s.page.on('console', (message) => {
    if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
  });
  s.allowConsoleError(/frame-ancestors/);
  // A page of another origin (about:blank here) that tries to show the site in a frame.
  await s.page.setContent(`<iframe id="victim" src="${baseUrl}/" width="800" height="600"></iframe>`);
  await eventually(async () => assert.ok(refusals.length > 0, 'Chromium refused the frame'));
  const frame = s.page.frames().find((f) => f !== s.page.mainFrame());
  const framed = frame ? await frame.evaluate(() => document.querySelector('.date-line') !== null).catch(() => false) : false;
  assert.equal(framed, false, 'nothing of the reader rendered inside the frame');
});

pageTest('a speaker named like an HTML tag is shown as text', async (s) => {
  const editor = await apiSession(EDITOR, PASSWORD);
  const response = await editor.write('POST', '/publications', {
    kind: 'speech',
    title: 'Speech by a speaker with an awkward name',
    status: 'published',
    published_at: '2020-07-13T09:00:00Z',
    speakers: [HOSTILE],
    body: [{ type: 'paragraph', text: 'A speech.' }],
  });
  assert.equal(response.status, 201);
  created.add((await response.json()).slug);

  let dialogs = 0;
  s.page.on('dialog', async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  await s.visit('/publications', 'aside.facets .facet-list', 'archive-with-hostile-speaker');
  await eventually(async () => {
    const suggested = await s.page.locator('#f-speakers option').evaluateAll((options) =>
      options.map((o) => o.value),
    );
    assert.ok(suggested.includes(HOSTILE), `the speaker is suggested as text: ${JSON.stringify(suggested)}`);
  });
  assert.equal(await s.page.locator('#f-speakers img, aside.facets img, main img').count(), 0, 'no element was made from the name');
  assert.equal(dialogs, 0, 'nothing ran');
});
