// Account lifecycle in /admin: an admin changes a user's role, disables and enables them (their
// session elsewhere ends at once), sets a new password, ends their sessions and removes them
// after a confirm step; makes a token for someone else that expires; every user changes their
// own password and ends their other sessions; and an editor demoted while the editor is open
// is told by the page, when they press Publish, that their role no longer allows it.

import assert from 'node:assert/strict';
import { addStaff, apiSession, baseUrl, eventually, pageTest, signIn, squash, useBrowser } from './helpers.js';

const PASSWORD = 'a long enough passphrase';
const ADMIN = 'e2e-accounts-admin';
const MANAGED = 'e2e-accounts-managed';
const OWN = 'e2e-accounts-own';
const DEMOTED = 'e2e-accounts-demoted';
const OWNER = 'e2e-accounts-owner';

addStaff(ADMIN, 'admin', PASSWORD);
addStaff(MANAGED, 'editor', PASSWORD);
addStaff(OWN, 'contributor', PASSWORD);
addStaff(DEMOTED, 'editor', PASSWORD);
addStaff(OWNER, 'editor', PASSWORD);
useBrowser();

/** The status of GET /me with a node-side session's cookie. */
async function meStatus(session) {
  const response = await fetch(`${baseUrl}/api/v1/me`, { headers: { accept: 'application/json', cookie: session.cookie } });
  return response.status;
}

/** Accepts the next browser dialog, returning its message. */
function acceptNextDialog(s) {
  return new Promise((resolve) => {
    s.page.once('dialog', async (dialog) => {
      const message = dialog.message();
      await dialog.accept();
      resolve(message);
    });
  });
}

const result = (s) => s.page.textContent('.admin-user > .save-result').then(squash);

pageTest('an admin changes a role, disables, resets, ends sessions and removes a user', async (s) => {
  s.allowConsoleError(/422/); // the short password, refused on purpose
  const elsewhere = await apiSession(MANAGED, PASSWORD);
  await signIn(s, ADMIN, PASSWORD);
  await s.page.click('nav.admin-bar a[href="/admin/tokens"]');
  await s.settled(`li.user[data-name="${MANAGED}"] a.manage`, 'tokens-and-users');
  await s.page.click(`li.user[data-name="${MANAGED}"] a.manage`);
  await s.settled('button.change-role', 'user-page');
  assert.match(squash(await s.page.textContent('.user-state')), /^Active · editor/);
  await eventually(async () => assert.equal(await s.page.locator('li.session').count(), 1));

  await s.page.selectOption('#manage-role', 'contributor');
  await s.page.click('button.change-role');
  await eventually(async () => assert.match(await result(s), new RegExp(`${MANAGED} is now a contributor`)));
  assert.match(squash(await s.page.textContent('.user-state')), /contributor/);

  const asked = acceptNextDialog(s);
  await s.page.click('button.toggle-user');
  assert.match(await asked, /Disable .*\? Their sessions end/);
  await eventually(async () => assert.match(await result(s), /is disabled/));
  assert.match(squash(await s.page.textContent('.user-state')), /^Disabled since/);
  assert.equal(await meStatus(elsewhere), 401, 'their session elsewhere ended at once');
  await eventually(async () => assert.equal(await s.page.locator('li.session').count(), 0));
  await s.snap('user-disabled');

  await s.page.click('button.toggle-user');
  await eventually(async () => assert.match(await result(s), /is enabled/));
  const again = await apiSession(MANAGED, PASSWORD);
  await s.page.reload();
  await s.settled('button.change-role', 'user-enabled');
  await eventually(async () => assert.equal(await s.page.locator('li.session').count(), 1));

  await s.page.fill('#reset-password', 'short');
  await s.page.click('button.set-password');
  await eventually(async () => assert.match(await result(s), /at least 12 characters/));
  await s.page.fill('#reset-password', 'a fresh long passphrase');
  await s.page.click('button.set-password');
  await eventually(async () => assert.match(await result(s), /Password set/));
  assert.equal(await meStatus(again), 401);
  assert.equal(await s.page.inputValue('#reset-password'), '', 'the password is not kept in the form');
  const third = await apiSession(MANAGED, 'a fresh long passphrase');
  await s.page.reload();
  await s.settled('button.change-role', 'user-reset');
  await eventually(async () => assert.equal(await s.page.locator('li.session').count(), 1));
  await s.page.click('li.session button.end-session');
  await eventually(async () => assert.equal(await s.page.locator('li.session').count(), 0));
  assert.equal(await meStatus(third), 401);

  const removal = acceptNextDialog(s);
  await s.page.click('button.remove-user');
  assert.match(await removal, /Remove .* for good\?/);
  await eventually(async () => assert.equal(new URL(s.page.url()).pathname, '/admin/tokens'));
  await s.settled('.users .save-result', 'user-removed');
  assert.match(squash(await s.page.textContent('.users .save-result')), new RegExp(`${MANAGED} was removed`));
  assert.equal(await s.page.locator(`li.user[data-name="${MANAGED}"]`).count(), 0);
});

pageTest('an admin makes an expiring token for someone else', async (s) => {
  s.allowConsoleError(/422/); // the role above the owner's, refused on purpose
  await signIn(s, ADMIN, PASSWORD);
  await s.visit('/admin/tokens', '#token-owner', 'tokens');
  await s.page.fill('#token-name', 'e2e-owned-feed');
  await s.page.selectOption('#token-role', 'editor');
  await s.page.fill('#token-owner', OWNER);
  await s.page.selectOption('#token-expires', '90d');
  await s.page.click('button.add-token');
  await s.settled('#token-secret:visible', 'owned-token-made');
  const secret = await s.page.inputValue('#token-secret');
  const row = s.page.locator('li.token[data-name="e2e-owned-feed"]');
  await eventually(async () => assert.match(squash(await row.textContent()), new RegExp(`editor · for ${OWNER} .* expires .* last used never`)));
  const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${secret}`, accept: 'application/json' } });
  assert.deepEqual(await me.json(), { name: 'e2e-owned-feed', role: 'editor', via: 'token', user: OWNER });
  await s.page.reload();
  await s.settled('li.token[data-name="e2e-owned-feed"]', 'owned-token-used');
  assert.doesNotMatch(squash(await row.textContent()), /last used never/);

  // More than the owner may do is refused, naming the field.
  await s.page.fill('#token-name', 'e2e-too-strong');
  await s.page.selectOption('#token-role', 'admin');
  await s.page.fill('#token-owner', OWNER);
  await s.page.click('button.add-token');
  await eventually(async () => assert.match(squash(await s.page.textContent('.tokens .save-result')), /Role: cannot exceed the owner's role \(editor\)/));
});

pageTest('a user changes their own password and ends their other sessions', async (s) => {
  s.allowConsoleError(/422/); // the wrong current password, refused on purpose
  const phone = await apiSession(OWN, PASSWORD);
  await signIn(s, OWN, PASSWORD);
  await s.page.click('nav.admin-bar a.who');
  await s.settled('#current-password', 'own-account');
  await eventually(async () => assert.equal(await s.page.locator('li.session').count(), 2));
  assert.equal(await s.page.locator('li.session[data-current="true"] button.end-session').isVisible(), false);
  assert.match(squash(await s.page.textContent('li.session[data-current="true"]')), /^Chrome on Linux · .* this browser/);

  await s.page.fill('#current-password', 'not my passphrase');
  await s.page.fill('#new-password', 'my brand new passphrase');
  await s.page.click('button.change-password');
  await eventually(async () => assert.match(squash(await s.page.textContent('#current-password-error')), /is not your current password/));
  assert.equal(await meStatus(phone), 200, 'nothing changed');

  await s.page.fill('#current-password', PASSWORD);
  await s.page.fill('#new-password', 'my brand new passphrase');
  await s.page.click('button.change-password');
  await eventually(async () => assert.match(squash(await s.page.textContent('.change-password .save-result')), /Password changed/));
  assert.equal(await meStatus(phone), 401, 'the other session ended');
  await eventually(async () => assert.equal(await s.page.locator('li.session').count(), 1));
  await s.snap('password-changed');
  // This session stays: the list of publications still loads.
  await s.page.click('nav.admin-bar a.admin-home');
  await s.settled('a.new-publication', 'still-signed-in');

  const laptop = await apiSession(OWN, 'my brand new passphrase');
  await s.page.click('nav.admin-bar a.who');
  await s.settled('button.end-all-sessions', 'two-sessions');
  await s.page.click('button.end-all-sessions');
  await eventually(async () => assert.equal(await s.page.locator('li.session').count(), 1));
  assert.equal(await meStatus(laptop), 401);
});

pageTest('an editor demoted while the editor is open is told Publish is not allowed', async (s) => {
  await signIn(s, DEMOTED, PASSWORD);
  await s.visit('/admin/new', '#e-title', 'demoted-editor-new');
  await s.page.fill('#e-title', 'Published after a demotion');
  await s.page.fill('#e-published-at', '2020-07-01T10:00');
  await eventually(async () => assert.equal(squash(await s.page.textContent('button.publish')), 'Publish'));

  const admin = await apiSession(ADMIN, PASSWORD);
  const read = await fetch(`${baseUrl}/api/v1/users/${DEMOTED}`, { headers: { accept: 'application/json', cookie: admin.cookie } });
  const demoted = await admin.write('PATCH', `/users/${DEMOTED}`, { role: 'contributor' }, read.headers.get('etag'));
  assert.equal(demoted.status, 200, `PATCH /users answered ${demoted.status}`);

  s.allowConsoleError(/403/);
  await s.page.click('button.publish');
  await eventually(async () => assert.match(squash(await s.page.textContent('.error .error-what')), /^Your role does not allow this \(this needs the editor role/));
  await s.snap('demoted-publish-refused');
  assert.equal(new URL(s.page.url()).pathname, '/admin/new', 'nothing was made');
});
