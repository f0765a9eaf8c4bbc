// The preview server, from the outside: `skylt serve` on a copy of a project,
// spoken to over loopback with raw HTTP. It rebuilds when a source changes and
// tells waiting pages, shows a failed build's errors with file:line:col, keeps
// every request inside the output folder, answers a bounded concurrent load,
// listens on loopback only and stops cleanly on SIGTERM.
// usage: node tests/serve.mjs SKYLT PROJECT_DIR   (ends with "N passed, M failed")
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const [skylt, project] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(cond, name, detail) {
  if (cond) {
    passed++;
    console.log(`ok - serve: ${name}`);
  } else {
    failed++;
    console.log(`FAIL - serve: ${name}`);
    if (detail) console.log(String(detail).replace(/^/gm, '    ').slice(0, 2000));
  }
}

// One request with the path sent exactly as given (no client normalisation).
function request(port, target, { method = 'GET', host = '127.0.0.1', timeout = 30000, hostHeader = 'localhost' } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    const chunks = [];
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`timeout: ${target}`)); }, timeout);
    sock.on('connect', () => sock.write(`${method} ${target} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`));
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
    sock.on('end', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const head = raw.subarray(0, split).toString('latin1');
      const status = Number(head.split(' ')[1]);
      const headers = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      let body = raw.subarray(split + 4);
      if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
      resolve({ status, headers, body: body.toString('utf8'), bytes: body });
    });
  });
}

function unchunk(buf) {
  const parts = [];
  let i = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', i);
    const n = parseInt(buf.subarray(i, eol).toString('latin1'), 16);
    if (!n) break;
    parts.push(buf.subarray(eol + 2, eol + 2 + n));
    i = eol + 2 + n + 2;
  }
  return Buffer.concat(parts);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts the server and reads the address it prints.
const child = spawn(skylt, ['serve', '-C', project, '--port', '0', '-j', '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
child.stderr.on('data', (d) => { log += d; });
let port = 0;
for (let i = 0; i < 600 && !port; i++) {
  const m = /serving '\.skylt\/serve' at http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
  if (m) port = Number(m[1]);
  else await sleep(50);
}
check(port > 0, 'prints the loopback address it serves on', log);
if (!port) {
  child.kill('SIGKILL');
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}
// The preview builds into a folder of its own, never into the published site/.
const site = path.join(project, '.skylt/serve');
check(fs.existsSync(path.join(site, 'sv/index.html')) && !fs.existsSync(path.join(project, 'site')),
  'builds into .skylt/serve, and leaves site/ alone', fs.readdirSync(project).join(' '));

try {
  // Pages, with the reload script in preview only.
  let r = await request(port, '/sv/');
  check(r.status === 200 && r.body.includes('<script src="/_skylt/reload.js" defer></script></head>'),
    'a page is served with the reload script at the end of its head', `${r.status}`);
  check(!fs.readFileSync(path.join(site, 'sv/index.html'), 'utf8').includes('reload.js'),
    'the built file itself has no script');
  r = await request(port, '/_skylt/reload.js');
  check(r.status === 200 && /javascript/.test(r.headers['content-type']) && r.body.includes('location.reload()'),
    'the reload script is served as JavaScript');
  check(/script-src 'self'/.test(r.headers['content-security-policy'] || '') &&
    /default-src 'none'/.test(r.headers['content-security-policy'] || ''),
  "responses carry the site's Content-Security-Policy, allowing the reload script");
  r = await request(port, '/assets/style.css');
  check(r.status === 200 && r.bytes.equals(fs.readFileSync(path.join(site, 'assets/style.css'))) &&
    r.headers['content-type'] === 'text/css; charset=utf-8', 'a stylesheet is served byte for byte as text/css');
  r = await request(port, '/sv');
  check(r.status === 301 && r.headers.location === '/sv/', 'a folder without its slash is redirected', JSON.stringify(r.headers));
  r = await request(port, '/sv/finns-inte/');
  check(r.status === 404 && r.body.includes('<html lang="sv"'), "a missing page gets the language's own 404 page", `${r.status}`);
  r = await request(port, '/sv/', { method: 'POST' });
  check(r.status === 405 && r.headers.allow === 'GET, HEAD', 'POST is refused with 405 and Allow');

  // A change to a source rebuilds the site and wakes a waiting page.
  const gen = (await request(port, '/_skylt/wait')).body;
  const waiting = request(port, `/_skylt/wait?since=${gen}`, { timeout: 20000 });
  await sleep(200);
  fs.appendFileSync(path.join(project, 'content/sv/index.md'), '\nEn mening som testet lade till.\n');
  r = await waiting;
  check(r.status === 200 && Number(r.body) === Number(gen) + 1, 'saving a file rebuilds and wakes the waiting page', `${gen} -> ${r.body}`);
  r = await request(port, '/sv/');
  check(r.body.includes('En mening som testet lade till.'), 'the rebuilt page has the new sentence');

  // A failed build shows its errors, with file:line:col, and keeps serving.
  let next = (await request(port, '/_skylt/wait')).body;
  let wake = request(port, `/_skylt/wait?since=${next}`, { timeout: 20000 });
  await sleep(200);
  fs.writeFileSync(path.join(project, 'content/sv/trasig.md'), '---\ntitle: Trasig\nsummary: [ej stängd\n---\nText.\n');
  next = (await wake).body;
  r = await request(port, '/sv/');
  check(r.status === 500 && /content\/sv\/trasig\.md:\d+:\d+: error: /.test(r.body) && r.body.includes('reload.js'),
    'a build error is shown in the page with file:line:col, and the page reloads itself', r.body);
  r = await request(port, '/assets/style.css');
  check(r.status === 200, 'files other than pages are still served during a failed build');
  check(fs.existsSync(path.join(site, 'sv/index.html')), 'the previous site is left in place');
  wake = request(port, `/_skylt/wait?since=${next}`, { timeout: 20000 });
  await sleep(200);
  fs.unlinkSync(path.join(project, 'content/sv/trasig.md'));
  await wake;
  r = await request(port, '/sv/');
  check(r.status === 200 && r.body.includes('En mening som testet lade till.'), 'fixing the error brings the pages back');

  // Nothing outside the output folder, however the path is written.
  fs.writeFileSync(path.join(project, 'secret.txt'), 'SECRET-OUTSIDE-THE-SITE\n');
  fs.symlinkSync(path.join(project, 'secret.txt'), path.join(site, 'link-out.txt'));
  fs.symlinkSync(project, path.join(site, 'dir-out'));
  fs.symlinkSync('sv/index.html', path.join(site, 'link-in.html'));
  const attempts = [
    '/../secret.txt', '/../../../../etc/passwd', '/sv/../../secret.txt',
    '/%2e%2e/secret.txt', '/%2E%2E/%2E%2E/etc/passwd', '/..%2fsecret.txt', '/sv/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt', '/.%2e/secret.txt', '//etc/passwd', '/%2fetc/passwd',
    '/link-out.txt', '/dir-out/secret.txt', '/dir-out/', 'http://localhost/../secret.txt', '/sv/%00/../../secret.txt',
  ];
  for (const a of attempts) {
    let res;
    try { res = await request(port, a); } catch (e) { res = { status: 0, body: String(e) }; }
    check(res.status >= 400 && !res.body.includes('SECRET-OUTSIDE') && !res.body.includes('root:x:0'),
      `refuses ${a} (${res.status})`);
  }
  r = await request(port, '/link-in.html');
  check(r.status === 200, 'a symbolic link that stays inside the site is followed');

  // A bounded concurrent load: 600 requests, 24 at a time, while the site is
  // rebuilt underneath; every answer is complete and correct.
  const css = fs.readFileSync(path.join(site, 'assets/style.css'));
  const targets = ['/sv/', '/ar/', '/en/begrepp/', '/assets/style.css', '/sitemap.xml', '/fa/kontakter/karlskoga/'];
  let done = 0;
  let bad = [];
  async function worker(k) {
    while (done < 600) {
      const i = done++;
      const t = targets[(i + k) % targets.length];
      try {
        const res = await request(port, t, { timeout: 20000 });
        const good = res.status === 200 && (t.endsWith('.css') ? res.bytes.equals(css)
          : t.endsWith('.xml') ? res.body.trimEnd().endsWith('</sitemapindex>') : res.body.trimEnd().endsWith('</html>'));
        if (!good) bad.push(`${t}: ${res.status}`);
      } catch (e) { bad.push(`${t}: ${e.message}`); }
      if (i === 300) fs.appendFileSync(path.join(project, 'content/sv/index.md'), '\nÄnnu en mening.\n');
    }
  }
  const t0 = Date.now();
  await Promise.all(Array.from({ length: 24 }, (_, k) => worker(k)));
  check(bad.length === 0, `600 requests, 24 at a time, during a rebuild: all complete and correct (${Date.now() - t0} ms)`, bad.slice(0, 10).join('\n'));
  r = await request(port, '/sv/');
  check(r.status === 200, 'the server still answers after the load');

  // DNS rebinding: a page on the attacker's name, pointed at 127.0.0.1, sends
  // its own name as Host. Only loopback names and addresses are answered.
  r = await request(port, '/sv/', { hostHeader: 'evil.example', timeout: 5000 });
  check(r.status === 421 && !r.body.includes('<html'), 'a request for another host name (DNS rebinding) is refused with 421', `${r.status}`);
  r = await request(port, '/sv/', { hostHeader: `evil.example:${port}`, timeout: 5000 });
  check(r.status === 421, 'also with a port', `${r.status}`);
  let hostsOk = true;
  for (const h of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
    r = await request(port, '/sv/', { hostHeader: h, timeout: 5000 });
    if (r.status !== 200) hostsOk = false;
  }
  check(hostsOk, 'Host 127.0.0.1, localhost and [::1] are answered');

  // Slowloris: connections that never finish their request. From ten other
  // addresses (as clients on a network would be), 20 each: they may hold at
  // most 96 of the 128 connections together, and the editor's browser on
  // 127.0.0.1 is still served at once.
  const slowOpen = (n, from) => Array.from({ length: n }, (_, i) => {
    const sock = net.connect({ host: '127.0.0.1', port, localAddress: from(i) });
    sock.gone = false;
    sock.on('error', () => {});
    sock.on('close', () => { sock.gone = true; });
    sock.on('connect', () => sock.write('GET /sv/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: '));
    return sock;
  });
  const settle = async (socks) => {
    await Promise.all(socks.map((k) => new Promise((res) => {
      if (!k.connecting) res(); else { k.once('connect', res); k.once('close', res); }
    })));
    await sleep(500);
    return socks.filter((k) => !k.gone).length;
  };
  let slow = slowOpen(200, (i) => `127.0.0.${2 + (i % 10)}`);
  let open = await settle(slow);
  try {
    r = await request(port, '/sv/', { timeout: 5000 });
  } catch (e) { r = { status: e.message }; }
  check(r.status === 200 && open <= 96, `200 slow connections from other clients (${open} kept open): the editor's request is served`, `${r.status}`);
  for (const k of slow) k.destroy();
  await sleep(500);
  // One client alone may hold only 32.
  slow = slowOpen(60, () => '127.0.0.20');
  open = await settle(slow);
  check(open <= 32 && open > 0, `60 slow connections from one client: ${open} kept open, at most 32`);
  for (const k of slow) k.destroy();
  await sleep(500);
  r = await request(port, '/sv/', { timeout: 5000 });
  check(r.status === 200, 'the server answers after the slow clients left');

  // Loopback only: another address of this machine is not listened on.
  const other = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
  if (other) {
    let refused = false;
    try { await request(port, '/sv/', { host: other.address, timeout: 3000 }); } catch (e) { refused = /ECONNREFUSED|timeout/.test(e.message); }
    check(refused, `does not answer on ${other.address}, only on loopback`);
  } else {
    console.log('skip - serve: no non-loopback address to try');
  }
} catch (e) {
  check(false, 'the tests ran to the end', e.stack);
}

// SIGTERM stops it with status 0, even with a page waiting for the next
// build: the waiting request does not hold the server open. (How fast it
// stops is measured by tests/bench/serve-stop.sh, not asserted here: a timed
// test fails on a busy machine.)
let pending = null;
try {
  const now = (await request(port, '/_skylt/wait')).body;
  pending = request(port, `/_skylt/wait?since=${now}`, { timeout: 20000 }).catch(() => null);
  await sleep(200);
} catch (e) { /* the server is gone already: the check below says so */ }
const exited = new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code, sig, at: performance.now() })));
const sent = performance.now();
child.kill('SIGTERM');
const ex = await Promise.race([exited, sleep(10000).then(() => null)]);
check(ex && ex.code === 0, 'SIGTERM stops the server with status 0', ex ? JSON.stringify(ex) + log.slice(-2000) : 'still running');
const took = ex ? Math.round(ex.at - sent) : -1;
check(ex && took < 10000, `SIGTERM stops it with a page waiting, without waiting for that page (${took} ms)`);
await pending;
if (!ex) child.kill('SIGKILL');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
