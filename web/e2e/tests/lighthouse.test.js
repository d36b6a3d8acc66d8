// Lighthouse (mobile, the version pinned in package.json) on the home page, the archive, a
// publication and search, with the same Chromium the browser tests use: each category must
// score at least 0.95. Scores move by a few hundredths with machine load, so each page gets
// up to two runs and keeps its better scores (shared/TOOLCHAIN.md); a run that Lighthouse
// itself abandons and asks to repeat is repeated, twice at most. Search results carry
// `noindex` on purpose, which Lighthouse's SEO category counts against them: there the
// indexability audit alone is skipped, and every other SEO audit still counts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiJson, baseUrl, chromiumArgs, executablePath, repoRoot } from './helpers.js';

const run = promisify(execFile);
const BAR = 0.95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const lighthouse = path.join(repoRoot, 'web', 'e2e', 'node_modules', '.bin', 'lighthouse');

/** One Lighthouse run: each category's score, and the failing audits' titles. */
async function audit(url, skip) {
  const dir = mkdtempSync(path.join(tmpdir(), 'chancery-lighthouse-'));
  const report = path.join(dir, 'report.json');
  try {
    await run(lighthouse, [
      url, '--output=json', `--output-path=${report}`, '--quiet',
      `--only-categories=${CATEGORIES.join(',')}`,
      `--chrome-flags=${chromiumArgs.join(' ')}`,
      ...(skip.length ? [`--skip-audits=${skip.join(',')}`] : []),
    ], { env: { ...process.env, CHROME_PATH: executablePath }, timeout: 120_000 });
    const result = JSON.parse(readFileSync(report, 'utf8'));
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, result.categories[c].score]));
    const failing = Object.values(result.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary')
      .map((a) => a.title);
    return { scores, failing };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const slug = async () => (await apiJson('/api/v1/publications?per_page=1')).items[0].slug;

for (const [name, where, skip] of [
  ['the home page', async () => '/', []],
  ['the archive', async () => '/publications', []],
  ['a publication', async () => `/publications/${await slug()}`, []],
  ['search', async () => '/search?q=lavrov', ['is-crawlable']],
]) {
  test(`Lighthouse scores ${name} at least ${BAR} in every category`, async (t) => {
    const url = baseUrl + (await where());
    let best = null;
    let runs = 0;
    let repeats = 0;
    // Two scored runs at most; a run Lighthouse itself gives up on ("Please run Lighthouse
    // again", such as NO_NAVSTART when its trace misses the navigation) is repeated, twice at
    // most (it has struck the fastest page in some CI runs).
    while (runs < 2) {
      let result;
      try {
        result = await audit(url, skip);
      } catch (error) {
        const retryable = /Please run Lighthouse again/.test(String(error.message ?? error));
        if (!retryable || repeats === 2) throw error;
        repeats += 1;
        t.diagnostic(`${url}: Lighthouse asked to be run again`);
        continue;
      }
      runs += 1;
      const { scores, failing } = result;
      best = best
        ? { scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.max(best.scores[c], scores[c])])), failing }
        : { scores, failing };
      t.diagnostic(`${url} run ${runs}: ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ')}`);
      if (CATEGORIES.every((c) => best.scores[c] >= BAR)) break;
    }
    for (const category of CATEGORIES) {
      assert.ok(best.scores[category] >= BAR,
        `${url}: ${category} scored ${best.scores[category]} (failing audits: ${best.failing.join('; ') || 'none'})`);
    }
  });
}
