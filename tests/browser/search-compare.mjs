// The search page against 'skylt search': for every language, every query of
// tests/search/<lang>.tsv is loaded as <lang>/sok/?q=… in Debian's Chromium,
// and the result links, in order, must be the pages that 'skylt search'
// printed for it (doc/search.md: both run the same algorithm on the same
// index). Also: no script error on any of them. Prints one ok or FAIL line
// per language, then "N passed, M failed".
// usage: node search-compare.mjs SITE_DIR EXPECTED.json
// EXPECTED.json (written by tests/search.sh): {"sv": [{"q": "…", "paths":
// ["sv/begrepp/flykting/", …]}, …], …}, paths relative to SITE_DIR.
//
// The page says it is done when #search-count (role="status") gets its text
// ("Träffar: 3"; assets/search.js writes it after the results, also for no
// result); the results are the links a.title of the items of
// #search-results. ONLY_LANGS=sv,ar limits the run.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const site = path.resolve(process.argv[2] || 'site');
const expected = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const only = process.env.ONLY_LANGS ? process.env.ONLY_LANGS.split(',') : null;
let passed = 0;
let failed = 0;
const ok = (name) => { passed++; console.log(`ok - ${name}`); };
const fail = (name, detail) => {
  failed++;
  console.log(`FAIL - ${name}`);
  if (detail) console.log(String(detail).split('\n').slice(0, 30).map((l) => `    ${l}`).join('\n'));
};

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml', '.svg': 'image/svg+xml',
};
const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(site, path.normalize(rel));
  if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404, { 'content-type': types['.html'] });
    res.end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// The paths of a page's results, once it says it is done; null if it never does.
async function results(page, lang, q) {
  await page.goto(`${origin}/${lang}/sok/?q=${encodeURIComponent(q)}`);
  try {
    await page.waitForFunction(() => {
      const c = document.getElementById('search-count');
      return c && c.textContent.trim() !== '';
    }, null, { timeout: 10000 });
  } catch {
    return null;
  }
  return page.evaluate(() => [...document.querySelectorAll('#search-results > li a.title')]
    .map((a) => decodeURIComponent(new URL(a.href).pathname).replace(/^\//, '')));
}

try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  for (const lang of Object.keys(expected).sort()) {
    if (only && !only.includes(lang)) continue;
    if (!fs.existsSync(path.join(site, lang, 'sok', 'index.html'))) {
      fail(`search in the browser, ${lang}: no search page ${lang}/sok/`);
      continue;
    }
    const bad = [];
    errors.length = 0;
    for (const { q, paths } of expected[lang]) {
      const got = await results(page, lang, q);
      const shown = JSON.stringify(q);
      if (got === null) bad.push(`${shown}: the page never showed a count (#search-count stayed empty)`);
      else if (JSON.stringify(got) !== JSON.stringify(paths)) {
        const i = got.findIndex((g, n) => g !== paths[n]);
        const at = i < 0 ? Math.min(got.length, paths.length) : i;
        bad.push(`${shown}: ${got.length} results, skylt search ${paths.length}; first difference at ${at + 1}: ` +
          `page ${got[at] ?? '(none)'}, skylt search ${paths[at] ?? '(none)'}`);
      }
    }
    if (errors.length) bad.push(...errors.map((e) => `script error: ${e}`));
    const n = expected[lang].length;
    if (bad.length) fail(`search in the browser, ${lang}: ${bad.length} of ${n} queries differ from skylt search`, bad.join('\n'));
    else ok(`search in the browser, ${lang}: ${n} queries, the same pages in the same order as skylt search`);
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
