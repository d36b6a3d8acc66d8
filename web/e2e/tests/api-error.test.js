// When the API fails as the reader navigates (the first page comes whole from the server; the
// next ones are read from the API in the browser), the reader says so in an alert with a retry
// button, and retrying recovers without a reload.

import assert from 'node:assert/strict';
import { apiJson, eventually, pageTest, squash, useBrowser } from './helpers.js';

useBrowser();

const problem = {
  type: 'urn:chancery:problem:internal-error',
  title: 'Internal server error',
  status: 500,
  detail: 'The server failed to answer; the fault is logged.',
  code: 'internal_error',
};

pageTest('an API error shows its message and recovers on retry', async (s) => {
  const { page } = s;
  s.allowConsoleError(/status of 500 .*\/api\/v1\/home/);

  let requests = 0;
  await page.route('**/api/v1/home**', async (route) => {
    requests += 1;
    if (requests === 1) {
      await route.fulfill({
        status: 500,
        contentType: 'application/problem+json',
        body: JSON.stringify(problem),
      });
    } else {
      await route.continue();
    }
  });

  await s.visit('/publications', 'ol.publications > li', 'archive');
  await page.locator('nav.sections a[href="/"]').click();
  await s.settled('[role="alert"].error', 'home-api-error');
  const alert = page.locator('[role="alert"].error');
  assert.equal(await alert.isVisible(), true, 'the alert is visible');
  // The reader shows the problem's words (its detail or at least its title), not only a status.
  const said = squash(await alert.textContent());
  assert.ok(
    said.includes(problem.detail) || said.includes(problem.title),
    `the alert should carry the problem's detail or title, it says ${JSON.stringify(said)}`,
  );
  const retry = alert.locator('button.retry');
  assert.equal(await retry.count(), 1, 'one button.retry inside the alert');
  assert.equal(await retry.isVisible(), true, 'the retry button is visible');

  await retry.click();
  await s.settled('.date-line', 'home-after-retry');
  const home = await apiJson('/api/v1/home');
  await eventually(async () => {
    assert.equal(squash(await page.locator('.date-line').first().textContent()), home.site.date_line);
    assert.equal(await page.locator('[role="alert"].error').count(), 0, 'the alert is gone');
  });
  assert.ok(requests >= 2, `retry should ask the API again (home requests seen: ${requests})`);
});
