// make bench, search: what a query costs in Chromium (Debian's, driven by
// playwright-core), with the browser cache disabled (CDP
// Network.setCacheDisabled), so that every query pays for every file it
// needs, as a first visit does.
//
// usage: node search-bench.mjs bytes skylt SITE QUERIES.tsv
//        node search-bench.mjs bytes pagefind SITE QUERIES.tsv
//        node search-bench.mjs latency skylt SITE QUERIES.tsv
// QUERIES.tsv: one "lang<TAB>query" a line.
//
// bytes: each response's body counted as gzip -9 would send it (the smaller
// of its size and its gzip -9 size: Pagefind's index files are already
// compressed). skylt: <lang>/sok/?q=…, done when #search-count has its text;
// "search" is assets/search.js and <lang>/sok/*.js (manifest, fold table,
// shards, pages), "page" everything else (the HTML, the stylesheet).
// Pagefind: a blank page in the language (<html lang> as the site's) that
// imports /pagefind/pagefind.js, searches and loads the data of the first
// 20 results, as the search page shows 20; "search" is everything it fetched.
// Prints one line per query, "lang<TAB>query<TAB>search<TAB>page<TAB>results",
// then "median<TAB>search<TAB>page".
//
// latency: <lang>/sok/ with no query, loaded and idle; the query is typed
// one key every 80 ms; the time from the last key's input event to the first
// change of #search-count after it (performance.now() in the page). Prints
// one line per query, "lang<TAB>query<TAB>ms", then "median<TAB>ms".
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [mode, engine, siteArg, queriesFile] = process.argv.slice(2);
if (!['bytes', 'latency'].includes(mode) || !['skylt', 'pagefind'].includes(engine) || !siteArg || !queriesFile) {
  console.error('usage: node search-bench.mjs bytes|latency skylt|pagefind SITE QUERIES.tsv');
  process.exit(2);
}
const site = path.resolve(siteArg);
const queries = fs.readFileSync(queriesFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))
  .map((l) => { const [lang, ...q] = l.split('\t'); return { lang, q: q.join('\t') }; });

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json',
};
// The bench page for Pagefind, one per language: not in the site, made here.
const pfPage = (tag) => `<!DOCTYPE html><html lang="${tag}"><head><meta charset="utf-8"><title>pagefind</title></head>
<body><script type="module">
const q = new URLSearchParams(location.search).get('q') || '';
const pf = await import('/pagefind/pagefind.js');
await pf.init();
const s = await pf.search(q);
const data = await Promise.all(s.results.slice(0, 20).map((r) => r.data()));
window.benchPaths = data.map((d) => d.url);
document.body.setAttribute('data-done', String(s.results.length));
</script></body></html>`;
// The language's <html lang>, from its start page or else any page of it
// (the corpus has no start page).
const tags = {};
const firstPage = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name === 'index.html') return p;
  }
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = firstPage(path.join(dir, e.name));
    if (p) return p;
  }
  return null;
};
const tagOf = (lang) => {
  if (!(lang in tags)) {
    const file = firstPage(path.join(site, lang));
    const html = file ? fs.readFileSync(file, 'utf8') : '';
    tags[lang] = (html.match(/<html[^>]*\slang="([^"]+)"/) || [null, lang])[1];
  }
  return tags[lang];
};
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let rel = decodeURIComponent(url.pathname);
  const pf = rel.match(/^\/_pagefind-bench\/([a-z]+)\.html$/);
  if (pf) {
    res.writeHead(200, { 'content-type': types['.html'] });
    res.end(pfPage(tagOf(pf[1])));
    return;
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(site, path.normalize(rel));
  if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404, { 'content-type': 'text/plain' });
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
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.floor((s.length - 1) / 2)] : 0; };
const sized = (buf) => Math.min(buf.length, zlib.gzipSync(buf, { level: 9 }).length);

async function bytes(lang, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const counted = [];
  page.on('requestfinished', (req) => counted.push((async () => {
    const res = await req.response();
    if (!res || res.status() !== 200) return null;
    return { url: new URL(req.url()).pathname, n: sized(await res.body()) };
  })()));
  let results;
  if (engine === 'skylt') {
    await page.goto(`${origin}/${lang}/sok/?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => (document.getElementById('search-count')?.textContent || '').trim() !== '',
      null, { timeout: 60000 });
    results = await page.evaluate(() => document.querySelectorAll('#search-results > li').length);
  } else {
    await page.goto(`${origin}/_pagefind-bench/${lang}.html?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => document.body.hasAttribute('data-done'), null, { timeout: 60000 });
    results = await page.evaluate(() => window.benchPaths.length);
  }
  await page.waitForLoadState('networkidle');
  const files = (await Promise.all(counted)).filter(Boolean);
  await context.close();
  let search = 0, other = 0;
  for (const f of files) {
    const isSearch = engine === 'pagefind' || /\/sok\/[^/]+\.js$/.test(f.url) || f.url.endsWith('/assets/search.js');
    if (isSearch) search += f.n; else other += f.n;
  }
  return { search, other, results };
}

async function latency(lang, q) {
  const page = await browser.newPage();
  await page.goto(`${origin}/${lang}/sok/`);
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => {
    window.benchInput = [];
    window.benchChange = [];
    const input = document.getElementById('search-q');
    input.addEventListener('input', () => window.benchInput.push(performance.now()), true);
    new MutationObserver(() => window.benchChange.push(performance.now()))
      .observe(document.getElementById('search-count'), { childList: true, characterData: true, subtree: true });
  });
  await page.focus('#search-q');
  await page.keyboard.type(q, { delay: 80 });
  await page.waitForFunction(() => {
    const last = window.benchInput[window.benchInput.length - 1];
    return window.benchChange.some((t) => t >= last);
  }, null, { timeout: 60000 });
  const ms = await page.evaluate(() => {
    const last = window.benchInput[window.benchInput.length - 1];
    return window.benchChange.find((t) => t >= last) - last;
  });
  await page.close();
  return ms;
}

try {
  if (mode === 'bytes') {
    const s = [], o = [];
    for (const { lang, q } of queries) {
      const r = await bytes(lang, q);
      s.push(r.search);
      o.push(r.other);
      console.log(`${lang}\t${q}\t${r.search}\t${r.other}\t${r.results}`);
    }
    console.log(`median\t${median(s)}\t${median(o)}`);
  } else {
    const all = [];
    for (const { lang, q } of queries) {
      const ms = await latency(lang, q);
      all.push(ms);
      console.log(`${lang}\t${q}\t${ms.toFixed(1)}`);
    }
    console.log(`median\t${median(all).toFixed(1)}`);
  }
} finally {
  await browser.close();
  server.close();
}
