// Unknown publications and unknown routes answer 404 with a "Page not found" page.

import assert from 'node:assert/strict';
import { eventually, pageTest, texts, useBrowser } from './helpers.js';

useBrowser();

pageTest('an unknown publication slug shows "Page not found"', async (s) => {
  // The page answers 404, as the API does for the slug; Chromium logs it as a console error.
  s.allowConsoleError(/status of 404 .*\/publications\/no-such-publication/);
  const response = await s.page.goto('/publications/no-such-publication');
  assert.equal(response.status(), 404);
  await s.visit('/publications/no-such-publication', 'h1', 'unknown-publication');
  await eventually(async () => {
    assert.deepEqual(await texts(s.page, 'h1'), ['Page not found'], 'the h1 text(s)');
  });
});

pageTest('an unknown route shows "Page not found"', async (s) => {
  s.allowConsoleError(/status of 404 .*\/no\/such\/page/);
  const response = await s.page.goto('/no/such/page');
  assert.equal(response.status(), 404);
  await s.visit('/no/such/page', 'h1', 'unknown-route');
  await eventually(async () => {
    assert.deepEqual(await texts(s.page, 'h1'), ['Page not found'], 'the h1 text(s)');
  });
});
