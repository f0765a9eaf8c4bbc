// The search page in the browser, on a built site with its search index:
// results with the words marked and their count in a live region, axe in the
// light scheme, the list of every page without JavaScript, the header's form,
// the page when its index cannot load, and hostile queries (nothing injected,
// no page error). The site is served with its own Content-Security-Policy
// (from _headers), so a script or a form it refuses fails here. The Nu Html
// Checker reads the search pages. Prints "ok"/"FAIL" lines, then
// "N passed, M failed".
// usage: node search.mjs SITE_DIR
import { chromium } from 'playwright-core';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const site = path.resolve(process.argv[2] || 'site');
let passed = 0;
let failed = 0;
const ok = (name) => { passed++; console.log(`ok - ${name}`); };
const fail = (name, detail) => {
  failed++;
  console.log(`FAIL - ${name}`);
  if (detail) console.log(String(detail).split('\n').slice(0, 30).map((l) => `    ${l}`).join('\n'));
};
const check = (cond, name, detail) => (cond ? ok(name) : fail(name, typeof detail === 'string' ? detail : JSON.stringify(detail)));

// A word each language's pages use, and what the count says before it.
const cases = [
  { lang: 'sv', word: 'kommunen', label: 'Träffar' },
  { lang: 'ar', word: 'اللجوء', label: 'النتائج' },
];

// The policy every page gets, as _headers gives it to hosts.
const headers = fs.readFileSync(path.join(site, '_headers'), 'utf8');
const csp = (headers.match(/^\s*Content-Security-Policy:\s*(.*)$/m) || [])[1] || '';
check(/script-src 'self'/.test(csp) && /form-action 'self'/.test(csp) && !/unsafe/.test(csp),
  `_headers allows the site's own scripts and forms, nothing inline (${csp.length} characters)`, csp);

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript; charset=utf-8' };
// A hand-written index under /fixture/, whose answers are known.
const fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'skylt-search-'));
const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (rel === '/favicon.ico') { res.writeHead(204); res.end(); return; }
  if (rel.endsWith('/')) rel += 'index.html';
  let base = site;
  if (rel.startsWith('/fixture/')) { base = fixture; rel = rel.slice(8); }
  const file = path.join(base, path.normalize(rel));
  const h = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff' };
  if (!file.startsWith(base) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404, { ...h, 'content-type': types['.html'] });
    res.end(fs.readFileSync(path.join(site, '404.html')));
    return;
  }
  res.writeHead(200, { ...h, 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const axeSource = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// A page with its errors and console messages collected.
async function open(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  return { page, problems };
}

// What the search page shows once its script has settled.
async function settle(page) {
  await page.waitForFunction(() => {
    const c = document.getElementById('search-count');
    return c && c.textContent !== '';
  }, null, { timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(300);
  return page.evaluate(() => ({
    count: document.getElementById('search-count').textContent,
    role: document.getElementById('search-count').getAttribute('role'),
    items: [...document.querySelectorAll('#search-results > li')].map((li) => ({
      href: li.querySelector('a')?.getAttribute('href'),
      title: li.querySelector('a')?.textContent,
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
    })),
    allHidden: document.getElementById('search-all').hidden,
    noneHidden: document.getElementById('search-none').hidden,
    input: document.getElementById('search-q').value,
    scripts: [...document.scripts].map((s) => s.getAttribute('src') || `inline: ${s.textContent.slice(0, 40)}`),
    injected: document.querySelectorAll('main script:not([src]), #search-results script, #search-none script, #search-results img, #search-none img').length,
    query: document.getElementById('search-query').textContent,
    url: location.href,
  }));
}

// Every page of a language: the folders of its language with an index.html,
// but the search page itself.
function pagesOf(lang) {
  let n = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = path.join(d, e.name);
      if (path.relative(path.join(site, lang), p) === 'sok') continue;
      if (fs.existsSync(path.join(p, 'index.html'))) n++;
      walk(p);
    }
  };
  walk(path.join(site, lang));
  return n + 1; // the start page
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  for (const { lang, word, label } of cases) {
    const index = fs.readdirSync(path.join(site, lang, 'sok')).find((f) => /^index\.[0-9a-f]+\.js$/.test(f));
    const html = fs.readFileSync(path.join(site, lang, 'sok/index.html'), 'utf8');
    check(index && html.includes(`data-index="${index}"`), `${lang}/sok/: the page names its index (${index})`,
      (html.match(/<div class="search"[^>]*>/) || ['no search element'])[0]);

    const { page, problems } = await open(context);
    await page.goto(`${origin}/${lang}/sok/?q=${encodeURIComponent(word)}`);
    const r = await settle(page);
    const marked = r.items.filter((i) => i.marks.length).length;
    const n = Number((r.count.match(/[0-9]+$/) || [])[0]);
    check(r.items.length > 0 && marked > 0 && r.items.every((i) => i.href && i.title),
      `${lang}: '${word}' finds ${r.items.length} pages shown as <ol> items, ${marked} of them with the words in <mark>`, r);
    check(r.role === 'status' && new RegExp(`^${label}: [0-9]+$`).test(r.count) && n >= r.items.length,
      `${lang}: the count is in the status region: '${r.count}'`, r);
    check(r.allHidden && r.noneHidden && r.input === word,
      `${lang}: the query fills the field; the list of every page and the 'nothing found' message are hidden`, r);
    const targets = r.items.map((i) => i.href).filter((h) => !fs.existsSync(path.join(site, lang, 'sok', h, 'index.html')));
    check(targets.length === 0, `${lang}: every result links to a page of the site`, targets.join('\n'));
    // axe is added by the test, which the site's policy refuses: it runs in
    // a context that ignores the policy.
    let axe;
    {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const p2 = await ctx.newPage();
      await p2.emulateMedia({ colorScheme: 'light' });
      await p2.goto(`${origin}/${lang}/sok/?q=${encodeURIComponent(word)}`);
      await settle(p2);
      await p2.addScriptTag({ content: axeSource });
      axe = await p2.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      }));
      await ctx.close();
    }
    check(axe.violations.length === 0, `${lang}: axe WCAG 2.2 AA (light scheme) finds nothing on the results`,
      axe.violations.map((v) => `${v.id}: ${v.help}; ${v.nodes.slice(0, 2).map((x) => x.target.join(' ')).join(', ')}`).join('\n'));
    // The page as a reader without JavaScript gets it: the site's script
    // never runs (axe, added by the test, is the only script).
    {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const p3 = await ctx.newPage();
      await p3.route(/\/assets\/search\.js$/, (route) => route.abort());
      await p3.goto(`${origin}/${lang}/sok/?q=${encodeURIComponent(word)}`);
      await p3.addScriptTag({ content: axeSource });
      const bare = await p3.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      }).then((r) => ({ violations: r.violations, all: document.getElementById('search-all').checkVisibility() })));
      await ctx.close();
      check(bare.all && bare.violations.length === 0,
        `${lang}: axe WCAG 2.2 AA finds nothing on the search page without its script (the list of every page shown)`,
        bare.violations.map((v) => `${v.id}: ${v.help}; ${v.nodes.slice(0, 2).map((x) => x.target.join(' ')).join(', ')}`).join('\n'));
    }

    // At 320 px, results shown: nothing scrolls sideways, and the
    // keyboard goes from the field to the first result.
    {
      const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
      const p4 = await ctx.newPage();
      await p4.goto(`${origin}/${lang}/sok/?q=${encodeURIComponent(word)}`);
      await settle(p4);
      await p4.focus('#search-q');
      let reached = false;
      for (let i = 0; i < 4 && !reached; i++) {
        await p4.keyboard.press('Tab');
        reached = await p4.evaluate(() => document.activeElement === document.querySelector('#search-results > li a'));
      }
      const w = await p4.evaluate(() => document.documentElement.scrollWidth);
      await ctx.close();
      check(w <= 320 && reached, `${lang}: at 320 px the results fit (${w} px) and Tab goes from the field to the first result`, { w, reached });
    }

    // Typing updates the results and the address; Enter does not reload.
    await page.evaluate(() => { window.__kept = 1; });
    await page.fill('#search-q', '');
    await page.type('#search-q', word.slice(0, 4), { delay: 20 });
    await page.waitForTimeout(600);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(600);
    const t = await page.evaluate(() => ({ kept: window.__kept, url: location.search, n: document.querySelectorAll('#search-results > li').length }));
    check(t.kept === 1 && new URLSearchParams(t.url).get('q') === word.slice(0, 4) && t.n > 0,
      `${lang}: typing '${word.slice(0, 4)}' (a prefix) shows ${t.n} results and sets ?q= without reloading, also on Enter`, t);
    // From the field, Tab reaches the button, then the first result.
    await page.focus('#search-q');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.closest('#search-results') !== null);
    check(focused, `${lang}: the keyboard reaches the results from the field`);

    // Hostile queries: nothing injected, no error; those without a word of
    // the site find nothing.
    const bad = [
      ['punctuation only', '.,;:!?¿¡«»—…()[]{}', true],
      ['10,000 characters', 'x'.repeat(10000), true],
      ['<script>', '<script>', true],
      ['U+202E', '\u202E', true],
      ['markup', '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>', false],
      ['a lone surrogate', '\uD800', true],
    ];
    for (const [name, q, empty] of bad) {
      if (name === 'a lone surrogate') {
        // Not a URL (it has no UTF-8): typed into the field.
        await page.goto(`${origin}/${lang}/sok/`);
        await page.evaluate((v) => {
          const i = document.getElementById('search-q');
          i.value = v;
          i.dispatchEvent(new Event('input', { bubbles: true }));
        }, q);
      } else {
        await page.goto(`${origin}/${lang}/sok/?q=${encodeURIComponent(q)}`);
      }
      const b = await settle(page);
      const pwned = await page.evaluate(() => window.__pwned);
      const foreign = b.scripts.filter((s) => !/^(\.\.\/\.\.\/assets\/search\.js|(index|fold|s|d)\.[0-9a-f]+\.js)$/.test(s));
      const n = Number((b.count.match(/[0-9]+$/) || [])[0]);
      const shown = empty ? b.items.length === 0 && n === 0 && !b.noneHidden : b.items.length <= n;
      check(shown && b.injected === 0 && foreign.length === 0 && pwned === undefined &&
        new RegExp(`^${label}: [0-9]+$`).test(b.count) && b.allHidden,
        `${lang}: ${name}: ${empty ? "nothing found, 'nothing found' shown" : `${b.items.length} shown of ${n}`}, no element injected`,
        { ...b, items: b.items.length, foreign, pwned, input: b.input.slice(0, 40), query: b.query.slice(0, 40), url: b.url.slice(0, 80) });
      if (name === '10,000 characters')
        check([...b.input].length === 1000 && [...b.query].length === 1000, `${lang}: a query of 10,000 characters is cut to 1,000`, b.input.length);
      if (name === 'a lone surrogate')
        check(b.query === '\uFFFD', `${lang}: a lone surrogate becomes U+FFFD`, JSON.stringify(b.query));
    }
    check(problems.length === 0, `${lang}: no page error and no console error or warning on the search page`, problems.join('\n'));
    await page.close();

    // The header's form on another page leads to the results, under the CSP.
    {
      const { page: p, problems: pr } = await open(context);
      await p.goto(`${origin}/${lang}/begrepp/`);
      await p.fill('#site-q', word);
      await p.press('#site-q', 'Enter');
      await p.waitForURL(/\/sok\/\?q=/, { timeout: 5000 }).catch(() => {});
      const h = await settle(p);
      check(h.items.length > 0 && pr.length === 0, `${lang}: the header's form sends '${word}' to the search page (${h.items.length} results)`, { url: h.url, pr });
      await p.close();
    }

    // Without an index the list of every page stays.
    {
      const { page: p } = await open(context);
      await p.route(/\/sok\/index\.[0-9a-f]+\.js$/, (route) => route.abort());
      await p.goto(`${origin}/${lang}/sok/?q=${encodeURIComponent(word)}`);
      await p.waitForTimeout(800);
      const v = await p.evaluate(() => ({ all: !document.getElementById('search-all').hidden && document.getElementById('search-all').checkVisibility(), items: document.querySelectorAll('#search-results > li').length }));
      check(v.all && v.items === 0, `${lang}: when the index cannot load, the list of every page stays visible`, v);
      await p.close();
    }
  }
  await context.close();

  // A folder opened over file:, with no server: the index files are
  // scripts, which a browser loads from there too.
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`file://${path.join(site, 'ar/sok/index.html')}?q=${encodeURIComponent('بلدية')}`);
    const r = await settle(page);
    check(r.items.length > 0 && r.items[0].href === '../ansvar/kommunen/',
      `over file:, with no server, the Arabic search page finds بلدية (${r.count})`, { count: r.count, first: r.items[0] });
    await ctx.close();
  }

  // Without JavaScript: the page lists every page of the language.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  for (const { lang, word } of cases) {
    const page = await nojs.newPage();
    await page.goto(`${origin}/${lang}/sok/?q=${encodeURIComponent(word)}`);
    const r = await page.evaluate(() => ({
      visible: document.getElementById('search-all').checkVisibility(),
      links: [...document.querySelectorAll('#search-all li a')].map((a) => a.getAttribute('href')),
      results: document.querySelectorAll('#search-results > li').length,
    }));
    const want = pagesOf(lang);
    const missing = r.links.filter((h) => !fs.existsSync(path.join(site, lang, 'sok', h, 'index.html')));
    check(r.visible && r.links.length === want && new Set(r.links).size === want && missing.length === 0 && r.results === 0,
      `${lang}: without JavaScript the search page lists all ${want} pages of the language`, { ...r, links: r.links.length, want, missing });
    await page.close();
  }
  await nojs.close();
  // doc/search.md's query, exactly, on a hand-written index: forms,
  // prefix words and maxshards, the minstem fallback, ZWNJ parts, the
  // ranking keys in order, 'shown', the marks, and only the doc shards of
  // the results loaded.
  {
    fs.mkdirSync(path.join(fixture, 'sv/sok'), { recursive: true });
    fs.cpSync(path.join(site, 'assets'), path.join(fixture, 'assets'), { recursive: true });
    const write = (id, data) => fs.writeFileSync(path.join(fixture, 'sv/sok', `${id}.js`), `skyltSearch(${JSON.stringify({ id, ...data })});\n`);
    // The fold table in two parts, as the build writes it: Basic Latin,
    // and the rest.
    const ascii = {};
    for (let c = 65; c <= 90; c++) ascii[c] = String.fromCharCode(c + 32);
    write('fold.0000000000000001', { map: ascii });
    write('fold.0000000000000002', { map: { 214: 'o', 246: 'o', 8204: '' } });
    const post = (...pairs) => { let prev = 0; return pairs.map(([doc, bits]) => { const n = (doc - prev) * 8 + bits; prev = doc; return n; }); };
    write('s.00000000000000a0', { forms: { forskola: 'forskol', forskolan: 'forskol' },
      stems: { forskol: post([0, 4], [3, 1]), 'نو': post([4, 1]), 'جو': post([4, 1]) } });
    write('s.00000000000000b0', { forms: {}, stems: { karta: post([3, 4]) } });
    write('s.00000000000000c0', { forms: { kommunen: 'kommun' }, stems: { kommun: post([1, 2], [2, 4]) } });
    write('s.00000000000000c1', { forms: {}, stems: { kontakt: post([4, 1]) } });
    write('d.00000000000000d0', { docs: [{ u: '../a/', t: 'A', s: 'Förskolan är bra.' }, { u: '../b/', t: 'B', s: 'Kommunen hjälper.' }] });
    write('d.00000000000000d1', { docs: [{ u: '../c/', t: 'C', s: 'Kommun.', l: 'en', d: 'ltr', f: 1 }, { u: '../d/', t: 'D', s: 'En karta.' }] });
    write('d.00000000000000d2', { docs: [{ u: '../e/', t: 'E', s: 'Kontakt.' }] });
    write('index.00000000000000e0', { v: 1, lang: 'sv', tag: 'sv', docs: 5, per: 2, fold: [[0, 127, 'fold.0000000000000001'], [128, 65535, 'fold.0000000000000002']],
      shards: [['', 's.00000000000000a0'], ['k', 's.00000000000000b0'], ['ko', 's.00000000000000c0'], ['kon', 's.00000000000000c1']],
      docshards: ['d.00000000000000d0', 'd.00000000000000d1', 'd.00000000000000d2'], fallback: [2],
      minprefix: 2, maxshards: 1, minstem: 3, shown: 2 });
    const html = fs.readFileSync(path.join(site, 'sv/sok/index.html'), 'utf8')
      .replace(/ data-index="[^"]*"/, '').replace('<div class="search" id="search"', '<div class="search" id="search" data-index="index.00000000000000e0.js"');
    fs.writeFileSync(path.join(fixture, 'sv/sok/index.html'), html);
    const ctx = await browser.newContext();
    const cases2 = [
      ['forskolan', 2, ['../a/', '../d/'], 'a form finds its stem; title before body'],
      ['FÖRSKOLA', 2, ['../a/', '../d/'], 'upper case and Ö fold through the table'],
      ['kom', 2, ['../b/', '../c/'], 'a prefix word finds the stems and forms that start with it; translated before fallback, whatever the weights'],
      ['kon', 1, ['../e/'], "a prefix word in a shard of its own"],
      ['ko', 0, [], 'a prefix word that needs more than maxshards shards is taken as it is'],
      ['kom ', 0, [], 'a word followed by a space is not a prefix word'],
      ['ka kom', 2, ['../b/', '../c/'], "only the last word is a prefix word ('ka' would find karta)"],
      ['kommunerna', 2, ['../b/', '../c/'], 'a form the site never uses finds the longest stem it starts with'],
      ['karta kommun', 3, ['../d/', '../b/'], "one word each: fallback last, then by weight (title 100, heading 10), then 'shown' of them"],
      ['kommun karta förskola', 4, ['../d/', '../a/'], 'more words first (D has two), then by weight'],
      ['نو\u200Cجو', 1, ['../e/'], 'a word with ZWNJ that is not in the index joined is looked up as its parts'],
      ['نوجو', 0, [], 'the parts written together find nothing'],
    ];
    for (const [q, n, order, what] of cases2) {
      const page = await ctx.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${origin}/fixture/sv/sok/?q=${encodeURIComponent(q)}`);
      const r = await settle(page);
      const got = r.items.map((i) => i.href);
      check(r.count === `Träffar: ${n}` && JSON.stringify(got) === JSON.stringify(order) && !problems.length,
        `query '${q}': ${what} (${n}: ${order.join(' ') || 'none'})`, { count: r.count, got, problems });
      if (q === 'forskolan') {
        const doc = r.scripts.filter((s) => s.startsWith('d.'));
        check(JSON.stringify(r.items[0].marks) === '["Förskolan"]' && doc.length === 2 && !doc.includes('d.00000000000000d2.js'),
          'the summary marks the word found (its stem is in it); only the doc shards of the results are loaded', { marks: r.items[0].marks, doc });
      }
      if (q === 'kon') {
        const folds = r.scripts.filter((s) => s.startsWith('fold.'));
        check(JSON.stringify(folds) === '["fold.0000000000000001.js"]',
          'a query and results in Basic Latin load only that part of the fold table', folds);
      }
      if (q === 'kommunerna') {
        const c = await page.evaluate(() => { const a = document.querySelectorAll('#search-results > li a')[1]; return `${a.lang}/${a.dir}`; });
        check(c === 'en/ltr', "a page shown in another language has that language's lang and dir", c);
      }
      await page.close();
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(fixture, { recursive: true, force: true });
}

// The Nu Html Checker on the search pages and a page with the header's form.
const vnu = path.join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
const files = cases.flatMap(({ lang }) => [path.join(site, lang, 'sok/index.html'), path.join(site, lang, 'begrepp/index.html'), path.join(site, lang, '404.html')]);
let report;
try {
  execFileSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', ...files],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  report = { messages: [] };
} catch (e) {
  try { report = JSON.parse(e.stderr || e.stdout); } catch { report = { messages: [{ url: '', message: String(e.stderr || e) }] }; }
}
const errors = report.messages.filter((m) => m.type === 'error' || !m.type);
check(errors.length === 0, `Nu Html Checker: the search pages, a page with the header's form and the 404 page of ${cases.map((c) => c.lang).join(' and ')}, no errors`,
  errors.map((m) => `${m.url ? path.relative(site, fileURLToPath(m.url)) : ''}:${m.lastLine || 0}: ${m.message}`).join('\n'));

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
