// Bidi isolation as a reader sees it (tests/bidi.sh builds the site from
// tests/fixtures/bidi): in Arabic and Persian at 390 CSS pixels, the digit
// groups of the phone number 0586-610 00 are drawn in the same order, left to
// right, in the <h1>, the breadcrumb, the menu (whose first entry is titled
// with the number) and the list of contacts as in
// the contact card, whose number is marked dir="ltr"; the time range
// 07.30–17.00 reads 07.30 before 17.00; and the e-mail address is drawn in one
// piece. Prints "ok - …" or "FAIL - …" per check, then "N passed, M failed".
// usage: node bidi.mjs SITE_DIR [SCREENSHOT_DIR]
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const site = path.resolve(process.argv[2] || 'site');
const shots = process.argv[3] ? path.resolve(process.argv[3]) : null;
let passed = 0;
let failed = 0;
const ok = (name) => { passed++; console.log(`ok - ${name}`); };
const fail = (name, detail) => {
  failed++;
  console.log(`FAIL - ${name}`);
  if (detail) console.log(String(detail).split('\n').slice(0, 20).map((l) => `    ${l}`).join('\n'));
};

const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(site, path.normalize(rel));
  if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8' });
  res.end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// The runs of digits (and the pieces of the e-mail address) inside the
// elements that selector finds, in the order they are drawn from left to
// right: each match's first client rect, by its left edge.
function drawn([selector, pattern]) {
  const re = new RegExp(pattern, 'g');
  return [...document.querySelectorAll(selector)].map((el) => {
    const found = [];
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t; (t = walk.nextNode());) {
      for (const m of t.data.matchAll(re)) {
        const r = document.createRange();
        r.setStart(t, m.index);
        r.setEnd(t, m.index + m[0].length);
        const rects = [...r.getClientRects()];
        found.push({ text: m[0], left: rects[0].left, top: rects[0].top, lines: new Set(rects.map((x) => Math.round(x.top))).size });
      }
    }
    // Line by line from the top, then left to right, as the groups are
    // drawn; a group that wraps would show as one on two lines.
    found.sort((a, b) => (Math.abs(a.top - b.top) > 4 ? a.top - b.top : a.left - b.left));
    return { order: found.map((f) => f.text).join(' '), wrapped: found.some((f) => f.lines > 1) };
  });
}

try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  for (const lang of ['ar', 'fa']) {
    // The two contact pages, one titled with the number after Arabic words,
    // one after a Swedish name: the <h1>, breadcrumb and menu against the card.
    let want = '0586 610 00';
    const digits = '\\d+';
    for (const rel of ['servicecenter', 'kontakter/karlskoga']) {
      await page.goto(`${origin}/${lang}/${rel}/`);
      if (shots) await page.screenshot({ path: path.join(shots, `bidi-${lang}-${rel.replace('/', '-')}-390.png`), fullPage: true });
      const card = await page.evaluate(drawn, ['.contact a[href^="tel:"]', digits]);
      if (card.length === 1 && card[0].order === want) ok(`${lang}/${rel}: the card draws 0586-610 00 as ${want}`);
      else fail(`${lang}/${rel}: the card's number`, JSON.stringify(card));
      want = card[0] ? card[0].order : want;
      for (const [what, sel] of [['h1', 'main h1'], ['breadcrumb', '.crumbs [aria-current]'],
        ['menu', '.main-nav li:first-child a']]) {
        const got = await page.evaluate(drawn, [sel, digits]);
        if (got.length === 1 && got[0].order === want && !got[0].wrapped)
          ok(`${lang}/${rel}: the ${what} draws the number as the card does (${got[0].order})`);
        else fail(`${lang}/${rel}: the ${what} draws the number otherwise than the card (${want})`, JSON.stringify(got));
      }
    }

    // The list of contacts in the folder: the number in the title and the
    // summary, the time range and the e-mail address.
    await page.goto(`${origin}/${lang}/kontakter/`);
    if (shots) await page.screenshot({ path: path.join(shots, `bidi-${lang}-list-390.png`), fullPage: true });
    const link = await page.evaluate(drawn, ['.children li a[href="karlskoga/"]', digits]);
    if (link.length === 1 && link[0].order === want && !link[0].wrapped)
      ok(`${lang}: the list's link draws the number as the card does`);
    else fail(`${lang}: the list's link`, JSON.stringify(link));
    const item = await page.evaluate((sel) => {
      const li = document.querySelector(sel).closest('li');
      // The summary: the text after the link.
      const r = document.createRange();
      r.setStartAfter(li.querySelector('a'));
      r.setEndAfter(li.lastChild);
      const box = document.createElement('span');
      box.append(r.extractContents());
      li.append(box);
      box.className = 'bidi-summary';
      return true;
    }, '.children li a[href="karlskoga/"]');
    const summary = await page.evaluate(drawn, ['.bidi-summary', '\\d+(?:\\.\\d+)?|kommun|karlskoga|se']);
    // Each isolated run on its own: its pieces in their own order.
    const s = summary[0] || { order: '' };
    const only = (re) => s.order.split(' ').filter((w) => re.test(w)).join(' ');
    const groups = [only(/^(0586|610|00)$/), only(/^\d\d\.\d\d$/), only(/^[a-z]+$/)];
    if (item && groups.join(' | ') === '0586 610 00 | 07.30 17.00 | kommun karlskoga se' && !s.wrapped)
      ok(`${lang}: the list's summary draws the number, the time range and the e-mail address each in order (${s.order})`);
    else fail(`${lang}: the list's summary`, JSON.stringify({ summary, groups }));
  }
} finally {
  await browser.close();
  server.close();
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
