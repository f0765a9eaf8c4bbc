// Browser tests: what a person sees, in Debian's Chromium driven by
// playwright-core. For every page of the built site in every language: axe-core
// with the WCAG 2.0, 2.1 and 2.2 A/AA rules, the Nu Html Checker, no horizontal
// scrolling at 320 CSS pixels; right-to-left geometry in Arabic; real glyphs for
// Arabic, Persian, Sorani and Tigrinya. Prints "N passed, M failed".
// usage: node run.mjs SITE_DIR
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
const all = pages(site).filter((p) => !only || only.includes(langOf(p)));
const langs = [...new Set(all.map(langOf))];
const axeSource = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

// Pages are served over HTTP on loopback, as a host would serve them: the
// 404 pages use absolute paths, which file: URLs cannot resolve.
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.xml': 'application/xml', '.vcf': 'text/vcard' };
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
  // axe-core on every page, grouped per language.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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
    if (v) fail(`axe WCAG 2.2 AA: ${lang} (${n} pages)`, v.join('\n'));
    else ok(`axe WCAG 2.2 AA: ${lang}, ${n} pages, no violations`);
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

  // Right-to-left by geometry: in Arabic at 390 px the menu and the start of
  // the text sit at the right edge; in Swedish at the left.
  await page.setViewportSize({ width: 390, height: 844 });
  const edges = async (file) => {
    await page.goto(urlOf(file));
    return page.evaluate(() => {
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
