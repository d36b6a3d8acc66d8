// The reader in the browser. Every page arrives whole from the server; this file, loaded by
// each page (a file, never an inline script, so the Content-Security-Policy forbids those):
// - brings the page's islands to life (the live clocks): the wasm is fetched only when a page
//   has one, and each `<leptos-island>` runs through the export its component gave it;
// - opens the archive's counts beside the results on a wide screen;
// - keeps navigation in the page: same-site links and GET forms fetch the next page's HTML,
//   which replaces the body and the head's page-specific tags, with the history, focus and
//   scroll a full load would give. Anything unexpected falls back to a full load.

let reader;

/** Brings to life the islands under `root` that are not live yet. */
async function hydrateIslands(root) {
  const islands = [...root.querySelectorAll('leptos-island')].filter((el) => !el.$$live);
  if (islands.length === 0) return;
  reader ??= import('./chancery_web.js').then(async (mod) => {
    await mod.default();
    mod.hydrate();
    return mod;
  });
  const mod = await reader;
  for (const island of islands) {
    island.$$live = true;
    const start = mod[island.dataset.component];
    if (start) await start(island);
    else console.error(`no export for the island ${island.dataset.component}`);
  }
}

/** Paths the server answers with something other than a reader page. */
const OUTSIDE = /^\/(admin|api|api-docs|swagger-ui|assets)(\/|$)|^\/(feed\.\w+|sitemap\.xml|robots\.txt|favicon\.svg)$/;

/** The URL to navigate to in the page, or null to leave it to the browser. */
function inPage(url) {
  if (url.origin !== location.origin || OUTSIDE.test(url.pathname)) return null;
  // A jump within this page is the browser's to make.
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return null;
  return url;
}

let navigation = 0;

/** Shows the page at `url`: fetched, swapped in, and pushed onto the history unless `pop`. */
async function navigate(url, { pop = false, y = 0 } = {}) {
  const current = ++navigation;
  let response;
  let html;
  try {
    response = await fetch(url, { headers: { accept: 'text/html' } });
    html = await response.text();
  } catch {
    location.assign(url);
    return;
  }
  if (current !== navigation) return;
  if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) {
    location.assign(url);
    return;
  }
  const next = new DOMParser().parseFromString(html, 'text/html');
  // A new release (its assets in another folder) is loaded whole, so its islands meet their
  // own code.
  if (bootScript(next) !== bootScript(document)) {
    location.assign(url);
    return;
  }
  const target = new URL(response.redirected ? response.url : url);
  target.hash = new URL(url).hash;
  const samePath = target.pathname === location.pathname;
  const focused = document.activeElement?.id;
  const title = next.title;
  if (!pop) {
    history.replaceState({ y: window.scrollY }, '');
    history.pushState({ y: 0 }, '', target);
  }
  shown = target.pathname + target.search;
  swapHead(next.head);
  document.body.replaceWith(document.adoptNode(next.body));
  document.title = title;
  settle(target, samePath ? focused : null, pop ? y : 0);
  enhance(document.body);
}

/** What the server cannot do for a page: it cannot know the screen, so it sends the archive's
 *  counts closed, and a screen wide enough to show them beside the results (`style.css`'s
 *  75rem) opens them; then the islands come to life. */
function enhance(body) {
  if (matchMedia('(min-width: 75rem)').matches) {
    for (const details of body.querySelectorAll('aside.facets details')) details.open = true;
  }
  hydrateIslands(body);
}

/** Where a document loads this file from: its release's asset folder. */
function bootScript(doc) {
  return doc.querySelector('script[type="module"][src$="/boot.js"]')?.getAttribute('src');
}

/** Keeps the head's tags that the next page shares (the stylesheet, this script) and swaps the
 *  rest (title, description, canonical, previews, structured data). */
function swapHead(nextHead) {
  const incoming = [...nextHead.children];
  for (const el of [...document.head.children]) {
    const same = incoming.findIndex((other) => other.isEqualNode(el));
    if (same >= 0) incoming.splice(same, 1);
    else el.remove();
  }
  for (const el of incoming) document.head.append(document.adoptNode(el));
}

/** Focus and scroll as a full load would leave them: at the top (or the fragment, or where the
 *  reader was when stepping back), with focus on the content; a new query on the same page (a
 *  filter, the pager) keeps focus on the control that asked for it when the new page has it. */
function settle(url, focusedId, y) {
  const again = focusedId && document.getElementById(focusedId);
  if (again) {
    again.focus({ preventScroll: true });
  } else {
    document.getElementById('main')?.focus({ preventScroll: true });
  }
  const fragment = url.hash && document.getElementById(fragmentId(url.hash));
  if (fragment) fragment.scrollIntoView();
  else window.scrollTo(0, y);
}

/** The element id a `#fragment` names; a malformed escape is taken as written. */
function fragmentId(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return hash.slice(1);
  }
}

/** The page on show (path and query): a history step that changes only the fragment stays. */
let shown = location.pathname + location.search;

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || link.target || link.hasAttribute('download')) return;
  if ((link.getAttribute('rel') ?? '').split(/\s+/).includes('external')) return;
  const url = inPage(new URL(link.href));
  if (!url) return;
  event.preventDefault();
  navigate(url);
});

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
  if (form.method.toLowerCase() !== 'get' || form.target) return;
  const url = inPage(new URL(form.action));
  if (!url) return;
  // A clean address: the fields left empty are left out, as the server reads them anyway.
  url.search = '';
  for (const [name, value] of new FormData(form, event.submitter)) {
    if (typeof value === 'string' && value.trim() !== '') url.searchParams.append(name, value);
  }
  event.preventDefault();
  navigate(url);
});

window.addEventListener('popstate', (event) => {
  if (location.pathname + location.search === shown) return;
  navigate(new URL(location.href), { pop: true, y: event.state?.y ?? 0 });
});

enhance(document.body);
