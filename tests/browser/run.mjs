// Browser tests: what a person sees, in Debian's Chromium driven by
// playwright-core. For every page of the built site in every language: axe-core
// with the WCAG 2.0, 2.1 and 2.2 A/AA rules in the light and the dark scheme,
// the Nu Html Checker, no horizontal scrolling at 320 CSS pixels; on a phone
// (390 × 844) no sideways scrolling in the page or in any table or code block,
// the heading within the first 200 px and targets of at least 24 × 24 px;
// tables that stay tables for a screen reader; print on one sheet;
// right-to-left geometry in Arabic; real glyphs for Arabic, Persian, Sorani
// and Tigrinya. Prints "N passed, M failed".
// usage: node run.mjs SITE_DIR
// SHOTS=DIR also writes the reference screenshots at 390 px into DIR (they
// are kept beside this file; compare them by eye after a layout change).
import { chromium } from 'playwright-core';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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

function pages(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pages(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

const langOf = (p) => path.relative(site, p).split(path.sep)[0].replace('index.html', '(root)');
// ONLY_LANGS=ar,sv limits the run, for trying out a change quickly.
const only = process.env.ONLY_LANGS ? process.env.ONLY_LANGS.split(',') : null;
// ONLY_PAGES=REGEXP, matched against the path under SITE_DIR
// ('ar/ansvar/index.html'), limits it further.
const onlyPages = process.env.ONLY_PAGES ? new RegExp(process.env.ONLY_PAGES) : null;
const all = pages(site).filter((p) => (!only || only.includes(langOf(p))) &&
  (!onlyPages || onlyPages.test(path.relative(site, p).split(path.sep).join('/'))));
const langs = [...new Set(all.map(langOf))];
const axeSource = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

// Pages are served over HTTP on loopback, as a host would serve them: the
// 404 pages use absolute paths, which file: URLs cannot resolve.
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript; charset=utf-8', '.xml': 'application/xml', '.vcf': 'text/vcard' };
const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(site, path.normalize(rel));
  if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404, { 'content-type': types['.html'] });
    res.end(fs.readFileSync(path.join(site, '404.html')));
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const urlOf = (file) => `${origin}/${path.relative(site, file).split(path.sep).join('/')}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

try {
  // axe-core on every page, grouped per language, in both colour schemes.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const axeFails = new Map();
    for (const file of all) {
      await page.goto(urlOf(file));
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      }));
      for (const v of result.violations) {
        const lang = langOf(file);
        if (!axeFails.has(lang)) axeFails.set(lang, []);
        axeFails.get(lang).push(`${path.relative(site, file)}: ${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
    for (const lang of langs) {
      const n = all.filter((f) => langOf(f) === lang).length;
      const v = axeFails.get(lang);
      if (v) fail(`axe WCAG 2.2 AA, ${scheme} scheme: ${lang} (${n} pages)`, v.join('\n'));
      else ok(`axe WCAG 2.2 AA, ${scheme} scheme: ${lang}, ${n} pages, no violations`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Wide screen: the menus are shown as they are, with no disclosure.
  {
    const file = all.find((f) => /index\.html$/.test(f) && langOf(f) !== '(root)');
    await page.goto(urlOf(file));
    const r = await page.evaluate(() => ({
      summary: document.querySelector('.menu > summary')?.getBoundingClientRect().height ?? 'none',
      langs: [...document.querySelectorAll('.languages a')].filter((a) => a.checkVisibility() && a.getBoundingClientRect().height >= 24).length,
      nav: [...document.querySelectorAll('.main-nav a')].filter((a) => a.checkVisibility() && a.getBoundingClientRect().height >= 24).length,
    }));
    if (r.summary === 0 && r.langs === 10 && r.nav > 0) ok(`wide screen (1280 px): ${r.langs} languages and ${r.nav} menu links shown, no disclosure`);
    else fail('wide screen (1280 px): menus not shown as they are', JSON.stringify(r));
  }

  // No horizontal scrolling at 320 CSS pixels.
  await page.setViewportSize({ width: 320, height: 640 });
  const wide = new Map();
  for (const file of all) {
    await page.goto(urlOf(file));
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    if (w > 320) {
      const lang = langOf(file);
      if (!wide.has(lang)) wide.set(lang, []);
      wide.get(lang).push(`${path.relative(site, file)}: ${w} px wide`);
    }
  }
  for (const lang of langs) {
    if (wide.has(lang)) fail(`reflow at 320 px: ${lang}`, wide.get(lang).join('\n'));
    else ok(`reflow at 320 px: ${lang}, no page scrolls sideways`);
  }

  // Text spacing (WCAG 1.4.12) at 320 px, the width that 200 % zoom gives on
  // a 640 px screen: with wider lines, letters, words and paragraphs, nothing
  // may overflow sideways. Tried on each language's start page and table.
  const spacing = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; ' +
    'word-spacing: 0.16em !important; } p { margin-block-end: 2em !important; }';
  const spaced = [];
  for (const lang of langs.filter((l) => l !== '(root)')) {
    for (const rel of ['index.html', 'ansvar/index.html']) {
      const file = path.join(site, lang, rel);
      if (!fs.existsSync(file)) continue;
      await page.goto(urlOf(file));
      await page.addStyleTag({ content: spacing });
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 320) spaced.push(`${lang}/${rel}: ${w} px wide`);
    }
  }
  if (spaced.length) fail('text spacing at 320 px', spaced.join('\n'));
  else ok('text spacing (WCAG 1.4.12) at 320 px: nothing overflows');

  // A phone, 390 × 844, on every page: nothing scrolls sideways, neither the
  // page nor a table or code block in it; the <h1> starts within the first
  // 200 px; the menus are folded into a closed disclosure; every link,
  // button and summary is at least 24 × 24 px (WCAG 2.2, 2.5.8), except a
  // link inside a line of text and a smaller one whose 24 px circle touches
  // no other target (the exceptions of 2.5.8).
  await page.setViewportSize({ width: 390, height: 844 });
  const phone = { wide: [], low: [], open: [], small: [] };
  for (const file of all) {
    await page.goto(urlOf(file));
    const r = await page.evaluate(() => {
      const de = document.documentElement;
      const wide = [];
      if (de.scrollWidth > de.clientWidth) wide.push(`page ${de.scrollWidth} > ${de.clientWidth}`);
      for (const e of document.querySelectorAll('table, pre'))
        if (e.scrollWidth > e.clientWidth || e.getBoundingClientRect().right > de.clientWidth + 0.5 || e.getBoundingClientRect().left < -0.5)
          wide.push(`${e.localName} ${e.scrollWidth} > ${e.clientWidth}`);
      const h1 = document.querySelector('h1');
      const menu = document.querySelector('details.menu');
      // checkVisibility: inside a closed <details> a link has a box when
      // asked for one, but is not shown.
      const shown = (e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0 && e.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }); };
      const block = (e) => { let b = e.parentElement; while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement; return b; };
      const targets = [...document.querySelectorAll('a[href], button, summary')].filter(shown)
        .filter((e) => !(e.classList.contains('skip') && e.getBoundingClientRect().bottom < 0));
      const rects = targets.map((e) => e.getBoundingClientRect());
      const small = [];
      targets.forEach((e, i) => {
        const b = rects[i];
        if (b.width >= 24 && b.height >= 24) return;
        const own = e.textContent.trim();
        if (block(e) && block(e).textContent.trim() !== own) return; // inline in text
        const cx = b.left + b.width / 2, cy = b.top + b.height / 2;
        const near = rects.some((o, j) => {
          if (j === i) return false;
          const dx = Math.max(o.left - cx, 0, cx - o.right), dy = Math.max(o.top - cy, 0, cy - o.bottom);
          return Math.hypot(dx, dy) < 12;
        });
        if (near) small.push(`${e.localName} "${own.slice(0, 30)}" ${b.width.toFixed(0)}×${b.height.toFixed(0)}`);
      });
      return { wide, h1: h1 ? h1.getBoundingClientRect().top : -1,
        open: menu ? menu.open || [...menu.querySelectorAll('nav a')].some(shown) : !!document.querySelector('.site-header'), small };
    });
    const rel = path.relative(site, file);
    if (r.wide.length) phone.wide.push(`${rel}: ${r.wide.join(', ')}`);
    if (r.h1 < 0 || r.h1 > 200) phone.low.push(`${rel}: h1 at ${r.h1.toFixed(0)} px`);
    if (r.open) phone.open.push(rel);
    if (r.small.length) phone.small.push(`${rel}: ${r.small.slice(0, 4).join('; ')}`);
  }
  const n390 = all.length;
  if (phone.wide.length) fail('390 px: something scrolls sideways', phone.wide.join('\n'));
  else ok(`390 px: no page, table or code block scrolls sideways (${n390} pages)`);
  if (phone.low.length) fail('390 × 844: the <h1> starts below 200 px', phone.low.join('\n'));
  else ok(`390 × 844: the <h1> starts within the first 200 px (${n390} pages)`);
  if (phone.open.length) fail('390 px: the menus are not folded', phone.open.join('\n'));
  else ok(`390 px: the language and main menus are folded into a closed disclosure (${n390} pages)`);
  if (phone.small.length) fail('390 px: targets under 24 × 24 px', phone.small.join('\n'));
  else ok(`390 px: every link, button and summary is at least 24 × 24 px or spaced (${n390} pages)`);

  // A table laid out as cards is still a table in Chromium's accessibility
  // tree: the same cells under rows under a table, the headers as column
  // headers, and each cell shows its header's text before it.
  const tableFile = path.join(site, 'ar/ansvar/index.html');
  if (fs.existsSync(tableFile)) {
    await page.goto(urlOf(tableFile));
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const count = (role) => nodes.filter((x) => !x.ignored && x.role && x.role.value === role).length;
    const ax = { table: count('table'), row: count('row'), cell: count('cell'), columnheader: count('columnheader') };
    const dom = await page.evaluate(() => {
      const t = document.querySelector('main table');
      const td = t.querySelector('tbody td');
      return { rows: t.rows.length, cells: t.querySelectorAll('td').length, th: t.querySelectorAll('th').length,
        label: getComputedStyle(td, '::before').content, labelled: [...t.querySelectorAll('td')].every((c) => c.dataset.label),
        display: getComputedStyle(t.querySelector('tbody tr')).display,
        right: document.documentElement.clientWidth - td.getBoundingClientRect().right };
    });
    await cdp.detach();
    if (dom.display === 'block' && ax.table === 1 && ax.row === dom.rows && ax.cell === dom.cells && ax.columnheader === dom.th && dom.labelled && dom.label.length > 2 && dom.right < 40)
      ok(`ar/ansvar at 390 px: the table is cards, one per row, each cell labelled ${dom.label}, starting at the right; still a table to a screen reader (${ax.row} rows, ${ax.cell} cells, ${ax.columnheader} column headers)`);
    else fail('ar/ansvar at 390 px: table cards', JSON.stringify({ ax, dom }));
  }

  // The glossary's letters are one compact wrapping row, not a list of lines.
  for (const lang of ['fa', 'sv'].filter((l) => !only || only.includes(l))) {
    const file = path.join(site, lang, 'begrepp/index.html');
    if (!fs.existsSync(file)) continue;
    await page.goto(urlOf(file));
    const r = await page.evaluate(() => {
      const a = [...document.querySelectorAll('nav.letters a')].map((e) => e.getBoundingClientRect());
      const nav = document.querySelector('nav.letters').getBoundingClientRect();
      return { n: a.length, rows: new Set(a.map((b) => Math.round(b.top))).size, min: Math.min(...a.map((b) => Math.min(b.width, b.height))), h: nav.height,
        bullet: getComputedStyle(document.querySelector('nav.letters li')).listStyleType };
    });
    if (r.n > 5 && r.rows <= 3 && r.min >= 24 && r.bullet === 'none') ok(`${lang}/begrepp at 390 px: ${r.n} letters in ${r.rows} rows (${r.h.toFixed(0)} px), each at least ${r.min.toFixed(0)} px`);
    else fail(`${lang}/begrepp at 390 px: letters`, JSON.stringify(r));
  }

  // The disclosure opens without script and shows both menus.
  {
    const file = path.join(site, (only && only.find((l) => l !== '(root)')) || 'sv', 'index.html');
    if (fs.existsSync(file)) {
      await page.goto(urlOf(file));
      await page.click('details.menu > summary', { timeout: 5000 }).catch(() => {});
      const r = await page.evaluate(() => ({
        langs: [...document.querySelectorAll('.languages a')].filter((a) => a.checkVisibility() && a.getBoundingClientRect().height >= 24).length,
        nav: [...document.querySelectorAll('.main-nav a')].filter((a) => a.checkVisibility() && a.getBoundingClientRect().height >= 24).length,
        name: document.querySelector('.menu > summary svg')?.getAttribute('aria-label'),
        autonym: document.querySelector('.menu .autonym')?.textContent,
      }));
      if (r.langs === 10 && r.nav > 0 && r.name && r.autonym) ok(`390 px: the disclosure ("${r.name}", ${r.autonym}) opens on a tap and shows ${r.langs} languages and ${r.nav} menu links`);
      else fail('390 px: the disclosure', JSON.stringify(r));
    }
  }

  // Print: a contact page and a term page fit one A4 sheet, with no menus,
  // and an external link shows its address.
  for (const rel of ['ckb/kontakter/karlskoga/index.html', 'ckb/kontakter/migrationsverket/index.html', 'sv/kontakter/migrationsverket/index.html', 'fa/begrepp/anvisning/index.html', 'sv/begrepp/anvisning/index.html']) {
    const file = path.join(site, rel);
    if (!fs.existsSync(file) || (only && !only.includes(rel.split('/')[0]))) continue;
    await page.goto(urlOf(file));
    await page.emulateMedia({ media: 'print' });
    const r = await page.evaluate(() => {
      const ext = document.querySelector('main a[href^="http"]');
      const foot = document.querySelector('.site-footer');
      return { header: getComputedStyle(document.querySelector('.site-header')).display,
        footer: foot ? getComputedStyle(foot).display : 'none',
        after: ext ? getComputedStyle(ext, '::after').content : null };
    });
    const pdf = await page.pdf({ format: 'A4' });
    await page.emulateMedia({ media: null });
    const sheets = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    if (sheets === 1 && r.header === 'none' && r.footer === 'none' && (r.after === null || r.after.includes('http')))
      ok(`print: ${rel} on ${sheets} sheet, no header or footer${r.after ? `, external link shown as ${r.after.slice(0, 40)}` : ''}`);
    else fail(`print: ${rel}`, JSON.stringify({ sheets, ...r }));
  }

  // The reference screenshots, when asked for.
  if (process.env.SHOTS) {
    await page.setViewportSize({ width: 390, height: 1200 });
    for (const [rel, name] of [['ar/ansvar/index.html', 'ar-table-390.png'], ['fa/begrepp/index.html', 'fa-glossary-390.png'],
      ['ckb/kontakter/karlskoga/index.html', 'ckb-contact-390.png']]) {
      const file = path.join(site, rel);
      if (!fs.existsSync(file)) continue;
      await page.goto(urlOf(file));
      await page.screenshot({ path: path.join(process.env.SHOTS, name) });
      console.log(`# screenshot ${name}`);
    }
    await page.setViewportSize({ width: 390, height: 844 });
  }

  // Right-to-left by geometry: in Arabic at 390 px the menu (opened) and the
  // start of the text sit at the right edge; in Swedish at the left.
  const edges = async (file) => {
    await page.goto(urlOf(file));
    return page.evaluate(() => {
      const menu = document.querySelector('details.menu');
      if (menu) menu.open = true;
      const r = (sel) => document.querySelector(sel).getBoundingClientRect();
      const firstText = document.querySelector('main p, main li');
      const range = document.createRange();
      range.selectNodeContents(firstText);
      const rects = [...range.getClientRects()];
      return { nav: r('.main-nav li').right, navLeft: r('.main-nav li').left,
        h1: r('main h1').right, h1Left: r('main h1').left,
        textStart: rects[0].right, textStartLeft: rects[0].left,
        width: document.documentElement.clientWidth };
    });
  };
  const ar = await edges(path.join(site, 'ar/ansvar/index.html'));
  if (ar.width - ar.nav <= 24 && ar.width - ar.h1 <= 24 && ar.width - ar.textStart <= 24)
    ok(`Arabic at 390 px: menu, heading and first line start at the right edge (${ar.nav.toFixed(0)}, ${ar.h1.toFixed(0)}, ${ar.textStart.toFixed(0)} of ${ar.width})`);
  else fail('Arabic at 390 px: not right-aligned', JSON.stringify(ar));
  const sv = await edges(path.join(site, 'sv/ansvar/index.html'));
  if (sv.navLeft <= 24 && sv.h1Left <= 24 && sv.textStartLeft <= 24)
    ok(`Swedish at 390 px: menu, heading and first line start at the left edge (${sv.navLeft.toFixed(0)}, ${sv.h1Left.toFixed(0)}, ${sv.textStartLeft.toFixed(0)})`);
  else fail('Swedish at 390 px: not left-aligned', JSON.stringify(sv));

  // The page of every Markdown feature (tests/fixtures/features): an alert's
  // border is on the side where lines start, the image keeps its proportions
  // within the screen, and the task list's boxes are shown, in both directions.
  for (const [lang, side, other] of [['ar', 'right', 'left'], ['sv', 'left', 'right']]) {
    const file = path.join(site, lang, 'funktioner/index.html');
    if (!fs.existsSync(file)) { fail(`features: ${lang}: no funktioner page`); continue; }
    await page.goto(urlOf(file));
    const r = await page.evaluate(([side, other]) => {
      const a = getComputedStyle(document.querySelector('.alert'));
      const img = document.querySelector('main img').getBoundingClientRect();
      const boxes = [...document.querySelectorAll('li.task input')].map((i) => i.getBoundingClientRect().width);
      return { start: parseFloat(a[`border-${side}-width`]), end: parseFloat(a[`border-${other}-width`]),
        imgW: img.width, imgH: img.height, width: document.documentElement.clientWidth, boxes };
    }, [side, other]);
    const ratio = r.imgW / r.imgH;
    if (r.start > 0 && r.end === 0 && r.imgW <= r.width && Math.abs(ratio - 2) < 0.02 && r.boxes.length === 2 && r.boxes.every((w) => w > 0))
      ok(`features: ${lang} at 390 px: alert border at the ${side}, image ${r.imgW.toFixed(0)}×${r.imgH.toFixed(0)} within the screen, two task boxes`);
    else fail(`features: ${lang} at 390 px`, JSON.stringify(r));
  }

  // Real glyphs: each distinct letter of the site's title, in the page's own
  // script, must not be drawn as the missing-glyph box, which has the width of
  // an unassigned code point.
  for (const lang of ['ar', 'fa', 'prs', 'ckb', 'ti'].filter((l) => !only || only.includes(l))) {
    const file = path.join(site, lang, 'index.html');
    if (!fs.existsSync(file)) { fail(`glyphs: ${lang}: no start page`); continue; }
    await page.goto(urlOf(file));
    const r = await page.evaluate(() => {
      const h1 = document.querySelector('.site-title');
      const font = getComputedStyle(h1).font;
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = font;
      const box = ctx.measureText('\u{10FFFD}').width;
      const letters = [...new Set([...h1.textContent].filter((c) => /\p{L}/u.test(c)))];
      const missing = letters.filter((c) => Math.abs(ctx.measureText(c).width - box) < 0.01);
      return { letters: letters.length, missing: missing.join(''), box };
    });
    if (r.letters > 0 && r.missing.length === 0) ok(`glyphs: ${lang}: all ${r.letters} letters of the site title have real glyphs`);
    else fail(`glyphs: ${lang}: letters drawn as missing-glyph boxes`, JSON.stringify(r));
  }
} finally {
  await browser.close();
  server.close();
}

// The Nu Html Checker on every page.
const vnu = path.join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
let report;
try {
  execFileSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', '--skip-non-html', ...(only ? only.map((l) => path.join(site, l)) : [site])],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  report = { messages: [] };
} catch (e) {
  try { report = JSON.parse(e.stderr || e.stdout); } catch { report = { messages: [{ url: '', message: String(e.stderr || e) }] }; }
}
const byLang = new Map();
for (const m of report.messages.filter((m) => m.type === 'error' || !m.type)) {
  const file = m.url ? fileURLToPath(m.url) : site;
  const lang = langOf(file);
  if (!byLang.has(lang)) byLang.set(lang, []);
  byLang.get(lang).push(`${path.relative(site, file)}:${m.lastLine || 0}: ${m.message}`);
}
for (const lang of langs) {
  if (byLang.has(lang)) fail(`Nu Html Checker: ${lang}`, byLang.get(lang).join('\n'));
  else ok(`Nu Html Checker: ${lang}, no errors`);
}
for (const [lang, msgs] of byLang) if (!langs.includes(lang)) fail(`Nu Html Checker: ${lang}`, msgs.join('\n'));

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
