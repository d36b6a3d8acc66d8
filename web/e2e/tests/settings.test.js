// The staff settings page and the tokens and users page: an editor adds a counter and a clock
// (and reorders the clocks) and the home page shows them; the site's name is read-only for
// editors and changes for admins; a bad zone is named under its field; a save over someone
// else's is refused with both versions; an admin makes a token that works until it is revoked
// in the page, and adds a user who can then sign in.
//
// Users are added with the server's CLI (as admin.test.js does); the settings are put back as
// they were after these tests, since the other files read the demo content.

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, baseUrl, eventually, pageTest, squash, texts, useBrowser } from './helpers.js';

const PASSWORD = 'a long enough passphrase';
const EDITOR = 'e2e-settings-editor';
const ADMIN = 'e2e-settings-admin';
const AT = '2020-07-15T18:08:00Z';

addStaff(EDITOR, 'editor', PASSWORD);
addStaff(ADMIN, 'admin', PASSWORD);
useBrowser();

/** A cookie session made from node, as another member of staff would make it. */
async function apiSession(name) {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  assert.equal(response.status, 200, `POST /session as ${name}`);
  const { csrf_token: csrf } = await response.json();
  return { cookie: response.headers.get('set-cookie').split(';')[0], csrf };
}

async function readSettings(session) {
  const response = await fetch(`${baseUrl}/api/v1/settings`, {
    headers: { accept: 'application/json', cookie: session.cookie },
  });
  assert.equal(response.status, 200, 'GET /settings');
  return { doc: await response.json(), etag: response.headers.get('etag') };
}

async function writeSettings(session, doc, etag) {
  const response = await fetch(`${baseUrl}/api/v1/settings`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'if-match': etag,
    },
    body: JSON.stringify(doc),
  });
  assert.equal(response.status, 200, `PUT /settings answered ${response.status}`);
}

let original;
before(async () => {
  original = (await readSettings(await apiSession(ADMIN))).doc;
});
after(async () => {
  if (!original) return;
  const admin = await apiSession(ADMIN);
  const { etag } = await readSettings(admin);
  await writeSettings(admin, original, etag);
});

/** Signs in through the form as `name`, then opens a staff page through the bar's link. */
async function signInAndOpen(s, name, link, ready) {
  await s.visit('/admin/sign-in', 'form.admin-form', 'sign-in');
  await s.page.fill('#s-name', name);
  await s.page.fill('#s-password', PASSWORD);
  await s.page.click('form.admin-form button[type="submit"]');
  await s.settled('a.new-publication', 'admin-list');
  await s.page.click(`nav.admin-bar a[href="${link}"]`);
  await s.settled(ready, link.slice(1).replace('/', '-'));
}

pageTest('an editor adds a counter and a clock and the home page shows them', async (s) => {
  // The live home page first, so the browser holds a cached copy the save must get past.
  await s.visit('/', '.counter', 'home-before');
  await signInAndOpen(s, EDITOR, '/admin/settings', '#clocks-0-label');
  // Editors see the site's name and home zone but cannot change them, nor reach tokens.
  assert.equal(await s.page.getAttribute('#s-site-name', 'readonly'), '');
  assert.equal(await s.page.getAttribute('#s-home-zone', 'readonly'), '');
  assert.equal(await s.page.isVisible('nav.admin-bar a[href="/admin/tokens"]'), false);
  assert.equal(await s.page.inputValue('#s-site-name'), original.name);

  const counter = original.counters.length;
  await s.page.click('#counters-add');
  // The new row's first field takes focus.
  await eventually(async () => {
    assert.equal(await s.page.evaluate(() => document.activeElement?.id), `counters-${counter}-slug`);
  });
  await s.page.fill(`#counters-${counter}-slug`, 'e2e-test-event');
  await s.page.fill(`#counters-${counter}-label`, 'the e2e test event');
  await s.page.fill(`#counters-${counter}-event_date`, '2020-07-01');
  await s.page.fill(`#counters-${counter}-time_zone`, 'Europe/London');

  const clock = original.clocks.length;
  await s.page.click('#clocks-add');
  await s.page.fill(`#clocks-${clock}-label`, 'Tokyo');
  await s.page.fill(`#clocks-${clock}-time_zone`, 'Asia/Tokyo');
  // Up moves it above the last of the others, and focus follows it.
  await s.page.click(`#clocks-${clock}-up`);
  await eventually(async () => {
    assert.equal(await s.page.inputValue(`#clocks-${clock - 1}-label`), 'Tokyo');
  });
  assert.equal(await s.page.inputValue(`#clocks-${clock}-label`), original.clocks[clock - 1].label);
  // Focus moves after the re-render, which may land a moment after the values do.
  await eventually(async () => {
    assert.equal(await s.page.evaluate(() => document.activeElement?.id), `clocks-${clock - 1}-up`);
  });
  await s.snap('settings-edited');

  await s.page.click('button.save');
  await eventually(async () => {
    assert.match(squash(await s.page.textContent('.save-result .notice')), /^Saved/);
  });
  await s.snap('settings-saved');

  await s.visit('/', '.counter[data-slug="e2e-test-event"]', 'live-home-with-new-settings');
  assert.ok((await texts(s.page, '.clock-label')).includes('Tokyo'));
  await s.visit(`/?at=${AT}`, '.counter[data-slug="e2e-test-event"]', 'home-with-new-settings');
  assert.equal(
    squash(await s.page.textContent('.counter[data-slug="e2e-test-event"]')),
    '14 days have passed since the e2e test event',
  );
  const labels = await texts(s.page, '.clock-label');
  const expected = original.clocks.map((c) => c.label);
  expected.splice(clock - 1, 0, 'Tokyo');
  assert.deepEqual(labels, expected, 'the clocks in their new order');
  assert.deepEqual(await texts(s.page, '.clock[data-zone="Asia/Tokyo"] time.clock-time'), ['03:08']);
});

pageTest("a bad zone is named under that clock's zone field", async (s) => {
  // The API answers 422; Chromium logs that failed request as a console error.
  s.allowConsoleError(/status of 422 .*\/api\/v1\/settings/);
  await signInAndOpen(s, EDITOR, '/admin/settings', '#clocks-0-label');
  const rows = await s.page.locator('#clocks .row').count();
  await s.page.click('#clocks-add');
  await s.page.fill(`#clocks-${rows}-label`, 'Olympus Mons');
  await s.page.fill(`#clocks-${rows}-time_zone`, 'Mars/Olympus_Mons');
  await s.page.click('button.save');
  await s.settled(`#clocks-${rows}-time_zone-error`, 'bad-zone');
  assert.match(squash(await s.page.textContent(`#clocks-${rows}-time_zone-error`)), /IANA time zone/);
  assert.equal(await s.page.getAttribute(`#clocks-${rows}-time_zone`, 'aria-invalid'), 'true');
  assert.equal(await s.page.getAttribute(`#clocks-${rows}-label`, 'aria-invalid'), null);
  assert.equal(await s.page.getAttribute('#clocks-0-time_zone', 'aria-invalid'), null);
  // The live region names the field in words.
  assert.match(
    squash(await s.page.textContent('.save-result')),
    new RegExp(`Clock ${rows + 1}: Time zone: must be an IANA time zone`),
  );
  // Removing the row drops its message; nothing was saved.
  await s.page.click(`#clocks-${rows}-remove`);
  assert.equal(await s.page.locator(`#clocks-${rows}-time_zone-error`).count(), 0);
  const clocks = await (await fetch(`${baseUrl}/api/v1/clocks`)).json();
  assert.ok(!clocks.items.some((c) => c.time_zone === 'Mars/Olympus_Mons'));
});

pageTest('a save over a newer version shows theirs and can load it', async (s) => {
  s.allowConsoleError(/status of 412 .*\/api\/v1\/settings/);
  await signInAndOpen(s, EDITOR, '/admin/settings', '#contacts-0-label');

  // Someone else adds a contact.
  const other = await apiSession(ADMIN);
  const { doc, etag } = await readSettings(other);
  doc.contacts.push({ label: 'Press office', phone: '+44 20 0000 0000' });
  await writeSettings(other, doc, etag);

  await s.page.fill('#contacts-0-label', 'Consular questions');
  await s.page.click('button.save');
  await s.settled('.conflict:not([hidden])', 'settings-conflict');
  const said = squash(await s.page.textContent('.save-result'));
  assert.match(said, /Someone else saved the settings/);
  assert.match(said, /Press office · \+44 20 0000 0000/);
  assert.equal(await s.page.inputValue('#contacts-0-label'), 'Consular questions', 'mine stays');

  await s.page.click('button.load-theirs');
  await eventually(async () => {
    assert.equal(await s.page.inputValue(`#contacts-${doc.contacts.length - 1}-label`), 'Press office');
  });
  assert.equal(await s.page.inputValue('#contacts-0-label'), doc.contacts[0].label);
  await s.page.click('button.save');
  await eventually(async () => {
    assert.match(squash(await s.page.textContent('.save-result .notice')), /^Saved/);
  });
});

pageTest('an admin renames the site and the header follows', async (s) => {
  await signInAndOpen(s, ADMIN, '/admin/settings', '#clocks-0-label');
  assert.equal(await s.page.getAttribute('#s-site-name', 'readonly'), null);
  await s.page.fill('#s-site-name', 'Embassy renamed by the e2e tests');
  await s.page.click('button.save');
  await eventually(async () => {
    assert.match(squash(await s.page.textContent('.save-result .notice')), /^Saved/);
  });
  await eventually(async () => {
    assert.equal(squash(await s.page.textContent('a.site-name')), 'Embassy renamed by the e2e tests');
  });
  const site = await (await fetch(`${baseUrl}/api/v1/site`)).json();
  assert.equal(site.name, 'Embassy renamed by the e2e tests');
});

pageTest('an admin makes a token, sees it once, and revokes it', async (s) => {
  await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  await signInAndOpen(s, ADMIN, '/admin/tokens', '#token-name');
  await s.page.fill('#token-name', 'e2e-feed');
  await s.page.selectOption('#token-role', 'editor');
  await s.page.click('button.add-token');
  await s.settled('#token-secret:visible', 'token-made');
  const secret = await s.page.inputValue('#token-secret');
  assert.match(secret, /^chy_[0-9a-f]{64}$/);
  assert.match(squash(await s.page.textContent('.secret')), /will not be shown again/);
  await s.page.click('button.copy');
  await eventually(async () => {
    assert.equal(squash(await s.page.textContent('.secret [role="status"]')), 'Copied.');
  });
  assert.equal(await s.page.evaluate(() => navigator.clipboard.readText()), secret);

  const me = (token) =>
    fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  const answer = await me(secret);
  assert.equal(answer.status, 200);
  assert.deepEqual(await answer.json(), { name: 'e2e-feed', role: 'editor', via: 'token', user: ADMIN });

  // Once only: after a reload the list has it, the secret is gone.
  await s.visit('/admin/tokens', 'li.token[data-name="e2e-feed"]', 'tokens-reloaded');
  assert.equal(await s.page.isVisible('#token-secret'), false);
  assert.ok(!(await s.page.content()).includes(secret));

  let asked = '';
  s.page.once('dialog', (dialog) => {
    asked = dialog.message();
    dialog.accept();
  });
  await s.page.click('li.token[data-name="e2e-feed"] button.revoke');
  await eventually(async () => {
    assert.match(squash(await s.page.textContent('.tokens .save-result')), /Token e2e-feed revoked/);
  });
  assert.match(asked, /Revoke the token e2e-feed\?/);
  await eventually(async () => {
    assert.match(squash(await s.page.textContent('li.token[data-name="e2e-feed"]')), /revoked/);
  });
  assert.equal(await s.page.isVisible('li.token[data-name="e2e-feed"] button.revoke'), false);
  // The API now refuses the token (Chromium does not see this request: it is node's).
  assert.equal((await me(secret)).status, 401);
});

pageTest('an admin adds a user who can then sign in', async (s) => {
  await signInAndOpen(s, ADMIN, '/admin/tokens', '#user-name');
  await s.page.fill('#user-name', 'e2e-newcomer');
  await s.page.selectOption('#user-role', 'contributor');
  await s.page.fill('#user-password', PASSWORD);
  await s.page.click('button.add-user');
  await s.settled('li.user[data-name="e2e-newcomer"]', 'user-added');
  assert.match(squash(await s.page.textContent('li.user[data-name="e2e-newcomer"]')), /contributor/);
  assert.equal(await s.page.inputValue('#user-password'), '', 'the password is not kept in the form');
  await apiSession('e2e-newcomer');
});
