// Unknown publications and unknown routes show a "Page not found" page, not a blank screen.

import assert from 'node:assert/strict';
import { eventually, pageTest, texts, useBrowser } from './helpers.js';

useBrowser();

pageTest('an unknown publication slug shows "Page not found"', async (s) => {
  // The API answers 404 for the slug; Chromium logs that failed request as a console error.
  s.allowConsoleError(/status of 404 .*\/api\/v1\/publications\/no-such-publication/);
  await s.visit('/publications/no-such-publication', 'h1', 'unknown-publication');
  await eventually(async () => {
    assert.deepEqual(await texts(s.page, 'h1'), ['Page not found'], 'the h1 text(s)');
  });
});

pageTest('an unknown route shows "Page not found"', async (s) => {
  s.allowConsoleError(/status of 404 .*\/api\/v1\//);
  await s.visit('/no/such/page', 'h1', 'unknown-route');
  await eventually(async () => {
    assert.deepEqual(await texts(s.page, 'h1'), ['Page not found'], 'the h1 text(s)');
  });
});
