// The home page at the instant the seed page was captured reproduces it: date line, clocks,
// contact, counters, the featured interview and the ten latest publications. Expected text
// comes from the seed file, never from the app.

import assert from 'node:assert/strict';
import { eventually, loadSeed, pageTest, phone, squash, texts, useBrowser } from './helpers.js';

useBrowser();

const seed = loadSeed();
const AT = seed.captured_at; // 2020-07-15T18:08:00Z
const HOME = `/?at=${AT}`;

/** 2020-07-14 → 14.07.2020, as the seed page prints dates. */
function seedDate(isoDate) {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

pageTest('home reproduces the seed page at its capture instant', async ({ page, visit }) => {
  await visit(HOME, '.date-line', 'home');

  await eventually(async () => {
    assert.equal(squash(await page.locator('.date-line').first().textContent()), '15 July 2020');
  });

  // Clocks: DST-correct, Moscow three hours and London one hour ahead of UTC in July.
  assert.deepEqual(
    await texts(page, '.clock[data-zone="Europe/Moscow"] time.clock-time'),
    ['21:08'],
    'the Moscow clock',
  );
  assert.deepEqual(
    await texts(page, '.clock[data-zone="Europe/London"] time.clock-time'),
    ['19:08'],
    'the London clock',
  );

  // The consular phone number as a tel: link ("+44 (0) 203 668 7474" without the trunk 0).
  const tel = await page.locator('a[href^="tel:"]').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href')),
  );
  assert.deepEqual(tel, ['tel:+442036687474'], 'the tel: links');

  const counters = await texts(page, '.counter');
  assert.equal(counters.length, 2, `two counters, got ${JSON.stringify(counters)}`);
  const expectedStarts = [
    '864 days have passed since the Salisbury incident',
    '856 days have passed since the death of Nikolay Glushkov',
  ];
  expectedStarts.forEach((start, i) => {
    assert.ok(
      counters[i].startsWith(start),
      `counter ${i + 1} should start with ${JSON.stringify(start)}, got ${JSON.stringify(counters[i])}`,
    );
  });

  // The featured interview in full, as question/answer turns. The demo content joins the
  // seed's consecutive answers into one turn, so there are 5 of each (the seed file has 9 answer
  // paragraphs).
  const featured = page.locator('article.featured');
  assert.equal(await featured.count(), 1, 'one article.featured');
  const questions = await texts(page, 'article.featured .turn.question');
  const answers = await texts(page, 'article.featured .turn.answer');
  assert.equal(questions.length, 5, 'featured: number of .turn.question');
  assert.equal(answers.length, 5, 'featured: number of .turn.answer');
  assert.ok(
    questions[0].includes('We are living in a time of'),
    `the first question should contain "We are living in a time of", got ${JSON.stringify(questions[0].slice(0, 120))}`,
  );
  assert.deepEqual(
    await texts(page, 'article.featured .turn.answer .speaker'),
    Array(5).fill('Sergey Lavrov'),
    'the speaker of each answer',
  );

  // The ten latest publications, newest first, dated dd.mm.yyyy like the seed page.
  const expected = seed.publications.map((p) => ({ date: seedDate(p.date), title: squash(p.title) }));
  assert.equal(expected.length, 10, 'the seed file lists ten publications');
  const latest = await page.locator('ol.latest > li').evaluateAll((items) =>
    items.map((li) => ({
      date: li.querySelector('time.date')?.textContent ?? null,
      title: li.querySelector('a.title')?.textContent ?? null,
    })),
  );
  assert.deepEqual(
    latest.map(({ date, title }) => ({ date: date && squash(date), title: title && squash(title) })),
    expected,
    'ol.latest > li: time.date and a.title, in order',
  );

  // Document structure.
  assert.equal(await page.locator('h1').count(), 1, 'exactly one h1 on the page');
  const lang = await page.locator('html').getAttribute('lang');
  assert.ok(lang && lang.trim() !== '', `html[lang] should be set, got ${JSON.stringify(lang)}`);
  const title = await page.title();
  assert.ok(title.trim() !== '', 'document.title should not be empty');
});

pageTest('home fits a 390 px phone screen without sideways scrolling', async ({ page, visit }) => {
  await visit(HOME, '.date-line', 'home');
  await page.setViewportSize(phone);
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(
    widths.scroll <= widths.client,
    `the page is ${widths.scroll} px wide in a ${widths.client} px phone viewport`,
  );
});
