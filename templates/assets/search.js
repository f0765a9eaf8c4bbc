/* The search page (<lang>/sok/): reads the reader's words, looks them up in
 * the language's index beside the page and lists the pages found, by the
 * rules of doc/search.md, which `skylt search` follows too. The index files
 * are scripts that call skyltSearch(JSON), so that they load from any static
 * host and over file: alike; this is the only name the page gets. Nothing
 * the reader types, and nothing the index says, becomes markup: elements are
 * made here and filled with textContent. Without this script, or without an
 * index, the page keeps its list of every page. */
(function () {
  'use strict';

  var root = document.getElementById('search');
  if (!root) return;
  var form = root.querySelector('form');
  var input = document.getElementById('search-q');
  var count = document.getElementById('search-count');
  var results = document.getElementById('search-results');
  var none = document.getElementById('search-none');
  var noneQuery = document.getElementById('search-query');
  var all = document.getElementById('search-all');
  var tag = root.getAttribute('data-tag') || document.documentElement.lang;
  var indexFile = root.getAttribute('data-index');
  var countLabel = root.getAttribute('data-count') || '';
  var numbers = root.getAttribute('data-numbers');

  var MAX_CODE_POINTS = 1000;
  var MAX_WORDS = 10;
  var ZWNJ = '\u200C';
  var NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

  var numberFormat;
  try {
    numberFormat = new Intl.NumberFormat(tag, numbers ? { numberingSystem: numbers } : {});
  } catch (e) {
    numberFormat = { format: String };
  }

  /* Index files, by id: each is loaded once, by one <script> element, and
   * its promise is settled when the element has run. */
  var files = Object.create(null);
  var loads = Object.create(null);
  Object.defineProperty(window, 'skyltSearch', {
    value: function (data) {
      if (data && typeof data.id === 'string' && !(data.id in files)) files[data.id] = data;
    },
  });

  function load(name) {
    var id = String(name).replace(/\.js$/, '');
    if (loads[id]) return loads[id];
    loads[id] = new Promise(function (resolve, reject) {
      if (!NAME.test(id)) {
        reject(new Error('bad index file name'));
        return;
      }
      var s = document.createElement('script');
      s.src = id + '.js';
      s.async = true;
      s.addEventListener('load', function () {
        if (id in files) resolve(files[id]);
        else reject(new Error('index file ' + id + ' did not call skyltSearch'));
      });
      s.addEventListener('error', function () {
        /* Not kept: the next search may try again (a network that came
         * back). */
        delete loads[id];
        s.remove();
        reject(new Error('cannot load ' + id));
      });
      document.head.appendChild(s);
    });
    return loads[id];
  }

  /* The query as doc/search.md takes it: its first 1,000 code points, lone
   * surrogates as U+FFFD. */
  function clean(q) {
    var cps = Array.from(String(q));
    if (cps.length > MAX_CODE_POINTS) q = cps.slice(0, MAX_CODE_POINTS).join('');
    if (typeof q.toWellFormed === 'function') return q.toWellFormed();
    var out = '';
    for (var i = 0; i < q.length; i++) {
      var c = q.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < q.length) {
        var d = q.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          out += q[i] + q[i + 1];
          i++;
          continue;
        }
      }
      out += c >= 0xd800 && c <= 0xdfff ? '\uFFFD' : q[i];
    }
    return out;
  }

  /* Word-like segments with their end offsets. Intl.Segmenter where the
   * browser has it; else letters, marks, numbers and ZWNJ in a row. */
  var segmenters = Object.create(null);
  function words(text, lang) {
    var out = [];
    if (typeof Intl.Segmenter === 'function') {
      var seg = segmenters[lang];
      if (!seg) {
        try {
          seg = new Intl.Segmenter(lang, { granularity: 'word' });
        } catch (e) {
          seg = new Intl.Segmenter(undefined, { granularity: 'word' });
        }
        segmenters[lang] = seg;
      }
      for (var it = seg.segment(text)[Symbol.iterator](), r = it.next(); !r.done; r = it.next()) {
        var s = r.value;
        out.push({ text: s.segment, index: s.index, word: !!s.isWordLike });
      }
      return out;
    }
    var re = /[\p{L}\p{M}\p{N}\u200C]+/gu;
    var last = 0, m;
    while ((m = re.exec(text))) {
      if (m.index > last) out.push({ text: text.slice(last, m.index), index: last, word: false });
      out.push({ text: m[0], index: m.index, word: true });
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push({ text: text.slice(last), index: last, word: false });
    return out;
  }

  /* The key of a word: NFC, then every code point through the fold table
   * that the build used. */
  function keyOf(word, map) {
    var out = '';
    for (var ch of word.normalize('NFC')) {
      var k = map[String(ch.codePointAt(0))];
      out += k === undefined ? ch : k;
    }
    return out;
  }

  function cpLength(s) {
    var n = 0;
    for (var ch of s) n++; // eslint-disable-line no-unused-vars
    return n;
  }

  /* Step 1: the words of the query, folded, without empty or repeated
   * keys, at most ten; the last one is a prefix word when nothing follows
   * it and it is long enough. */
  function queryWords(q, ix, fold) {
    var segs = words(q, tag);
    var list = [];
    var lastWord = -1;
    segs.forEach(function (s, i) {
      if (s.word) lastWord = i;
    });
    var endsWithWord = lastWord >= 0 && lastWord === segs.length - 1;
    var seen = Object.create(null);
    segs.forEach(function (s, i) {
      if (!s.word) return;
      var key = keyOf(s.text, fold);
      if (!key || key in seen) return;
      seen[key] = true;
      list.push({ text: s.text, key: key,
        prefix: endsWithWord && i === lastWord && cpLength(key) >= ix.minprefix });
    });
    return list.slice(0, MAX_WORDS);
  }

  /* The shard a key belongs to: the longest prefix it starts with. */
  function shardOf(ix, key) {
    var best = null;
    ix.shards.forEach(function (s) {
      if (key.startsWith(s[0]) && (!best || s[0].length > best[0].length)) best = s;
    });
    return best;
  }

  function own(o, k) {
    return Object.prototype.hasOwnProperty.call(o, k);
  }

  /* Step 2 for one word: its stems, from the shards loaded for it. */
  function stemsOf(ix, w, shards) {
    var found = [];
    var add = function (s) {
      if (found.indexOf(s) < 0) found.push(s);
    };
    var home = shards[shardOf(ix, w.key)[1]];
    var forms = home.forms || {}, stems = home.stems || {};
    if (own(forms, w.key)) add(forms[w.key]);
    if (own(stems, w.key)) add(w.key);
    if (w.prefix && w.prefixShards) {
      w.prefixShards.forEach(function (name) {
        var sh = shards[name];
        Object.keys(sh.stems || {}).forEach(function (s) {
          if (s.startsWith(w.key)) add(s);
        });
        Object.keys(sh.forms || {}).forEach(function (k) {
          if (k.startsWith(w.key)) add(sh.forms[k]);
        });
      });
    }
    if (!found.length) {
      var best = '';
      Object.keys(stems).forEach(function (s) {
        if (w.key.startsWith(s) && cpLength(s) >= ix.minstem && s.length > best.length) best = s;
      });
      if (best) add(best);
    }
    return found;
  }

  /* The shards a word needs: its key's, and for a prefix word those whose
   * prefix starts with the key, when they are at most maxshards in all. */
  function shardsFor(ix, w) {
    var home = shardOf(ix, w.key)[1];
    var names = [home];
    w.prefixShards = null;
    if (w.prefix) {
      var more = [home];
      ix.shards.forEach(function (s) {
        if (s[0].startsWith(w.key) && more.indexOf(s[1]) < 0) more.push(s[1]);
      });
      if (more.length <= ix.maxshards) {
        w.prefixShards = more;
        names = more;
      }
    }
    return names;
  }

  function loadAll(names) {
    var unique = names.filter(function (n, i) {
      return names.indexOf(n) === i;
    });
    return Promise.all(unique.map(load)).then(function (list) {
      var byName = Object.create(null);
      unique.forEach(function (n, i) {
        byName[n] = list[i];
      });
      return byName;
    });
  }

  /* Postings: (doc − previous doc) × 8 + bits, from doc 0. */
  function decode(postings, into) {
    var doc = 0;
    for (var i = 0; i < postings.length; i++) {
      var n = postings[i];
      doc += Math.floor(n / 8);
      into(doc, n % 8);
    }
  }

  function weight(bits) {
    return bits & 4 ? 100 : bits & 2 ? 10 : 1;
  }

  /* Steps 2 to 5: the pages found, ranked; resolves to {count, shown,
   * keys, prefixes, stems}. */
  function run(ix, fold, q) {
    var ws = queryWords(q, ix, fold);
    if (!ws.length) return Promise.resolve({ count: 0, shown: [], words: ws, stems: [] });
    var needed = [];
    ws.forEach(function (w) {
      needed = needed.concat(shardsFor(ix, w));
    });
    return loadAll(needed).then(function (shards) {
      ws.forEach(function (w) {
        w.stems = stemsOf(ix, w, shards);
      });
      /* A word written with ZWNJ that finds nothing is looked up as its
       * parts (doc/search.md, "ZWNJ, space or nothing"). */
      var parts = [];
      ws = ws.filter(function (w) {
        if (w.stems.length || w.text.indexOf(ZWNJ) < 0) return true;
        var pieces = w.text.split(ZWNJ);
        pieces.forEach(function (p, i) {
          var key = keyOf(p, fold);
          if (!key || ws.some(function (o) { return o.key === key; }) ||
            parts.some(function (o) { return o.key === key; })) return;
          parts.push({ text: p, key: key,
            prefix: w.prefix && i === pieces.length - 1 && cpLength(key) >= ix.minprefix });
        });
        return false;
      });
      if (!parts.length) return shards;
      var more = [];
      parts.forEach(function (w) {
        more = more.concat(shardsFor(ix, w));
      });
      return loadAll(more).then(function (extra) {
        Object.keys(extra).forEach(function (n) {
          shards[n] = extra[n];
        });
        parts.forEach(function (w) {
          w.stems = stemsOf(ix, w, shards);
          ws.push(w);
        });
        return shards;
      });
    }).then(function () {
      /* The postings of a stem are in the stem's own shard. */
      var names = [];
      ws.forEach(function (w) {
        w.stems.forEach(function (s) {
          names.push(shardOf(ix, s)[1]);
        });
      });
      return loadAll(names);
    }).then(function (shards) {
      var pages = new Map();
      ws.forEach(function (w, wi) {
        var bits = new Map();
        w.stems.forEach(function (s) {
          var sh = shards[shardOf(ix, s)[1]];
          var p = sh.stems && own(sh.stems, s) ? sh.stems[s] : null;
          if (p) decode(p, function (doc, b) {
            bits.set(doc, (bits.get(doc) || 0) | b);
          });
        });
        bits.forEach(function (b, doc) {
          var e = pages.get(doc);
          if (!e) pages.set(doc, e = { doc: doc, words: 0, weight: 0, last: -1 });
          if (e.last !== wi) {
            e.words++;
            e.last = wi;
          }
          e.weight += weight(b);
        });
      });
      var fallback = new Set(ix.fallback || []);
      var list = Array.from(pages.values());
      list.sort(function (a, b) {
        return b.words - a.words ||
          (fallback.has(a.doc) ? 1 : 0) - (fallback.has(b.doc) ? 1 : 0) ||
          b.weight - a.weight || a.doc - b.doc;
      });
      var stems = [];
      ws.forEach(function (w) {
        w.stems.forEach(function (s) {
          if (stems.indexOf(s) < 0) stems.push(s);
        });
      });
      return { count: list.length, shown: list.slice(0, ix.shown), words: ws, stems: stems };
    });
  }

  /* The pages of the results, from the doc shards they are in. */
  function docs(ix, found) {
    var names = found.shown.map(function (e) {
      return ix.docshards[Math.floor(e.doc / ix.per)];
    });
    return loadAll(names).then(function (shards) {
      return found.shown.map(function (e) {
        var sh = shards[ix.docshards[Math.floor(e.doc / ix.per)]];
        return (sh.docs || [])[e.doc % ix.per];
      }).filter(Boolean);
    });
  }

  /* text with the words the reader looked for in <mark>: a word whose key
   * is a query word's key, starts with a prefix word's key or contains a
   * stem that was found. */
  function marked(el, text, lang, fold, found) {
    var keys = found.words.map(function (w) { return w.key; });
    var prefixes = found.words.filter(function (w) { return w.prefix; }).map(function (w) { return w.key; });
    var run = '';
    words(text, lang).forEach(function (s) {
      var hit = false;
      if (s.word) {
        var k = keyOf(s.text, fold);
        hit = keys.indexOf(k) >= 0 ||
          prefixes.some(function (p) { return k.startsWith(p); }) ||
          found.stems.some(function (st) { return st && k.indexOf(st) >= 0; });
      }
      if (!hit) {
        run += s.text;
        return;
      }
      if (run) el.appendChild(document.createTextNode(run));
      run = '';
      var m = document.createElement('mark');
      m.textContent = s.text;
      el.appendChild(m);
    });
    if (run) el.appendChild(document.createTextNode(run));
    return el;
  }

  function item(d, fold, found) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.className = 'title';
    /* Addresses in the index are relative to this page: anything with a
     * scheme is not the site's. */
    var u = String(d.u || '');
    if (/^[a-z][a-z0-9+.-]*:/i.test(u) || u.startsWith('//')) return null;
    a.href = u;
    a.textContent = String(d.t || '');
    var lang = d.l ? String(d.l) : tag;
    if (d.l) a.lang = lang;
    if (d.d === 'rtl' || d.d === 'ltr') a.dir = d.d;
    li.appendChild(a);
    var mark = function (cls, text) {
      var p = document.createElement('p');
      p.className = cls;
      if (d.l) p.lang = lang;
      if (d.d === 'rtl' || d.d === 'ltr') p.dir = d.d;
      li.appendChild(marked(p, String(text), lang, fold, found));
    };
    if (d.w || d.a) mark('term', d.w && d.a ? d.w + ' (' + d.a + ')' : d.w || d.a);
    if (d.s) mark('summary', d.s);
    return li;
  }

  /* The parts of the fold table that text's characters are in, loaded
   * into ix.fold (the table comes in parts, one per block of code points,
   * so that a query loads only what it needs). */
  function foldFor(ix, text) {
    var parts = ix.manifest.fold || [];
    var names = [];
    for (var ch of String(text).normalize('NFC')) {
      var c = ch.codePointAt(0);
      for (var i = 0; i < parts.length; i++) {
        var name = parts[i][2];
        if (c >= parts[i][0] && c <= parts[i][1] && !ix.parts[name] && names.indexOf(name) < 0)
          names.push(name);
      }
    }
    return Promise.all(names.map(function (name) {
      return load(name).then(function (f) {
        if (ix.parts[name]) return;
        ix.parts[name] = true;
        var map = f.map || {};
        Object.keys(map).forEach(function (k) {
          ix.fold[k] = map[k];
        });
      });
    }));
  }

  function clear() {
    while (results.firstChild) results.removeChild(results.firstChild);
  }

  var index = null;
  var seq = 0;

  function show(q) {
    var mine = ++seq;
    if (!index) return;
    if (!q.trim()) {
      clear();
      count.textContent = '';
      none.hidden = true;
      all.hidden = false;
      return;
    }
    index.then(function (ix) {
      return foldFor(ix, q).then(function () {
        return run(ix.manifest, ix.fold, q);
      }).then(function (found) {
        return docs(ix.manifest, found).then(function (list) {
          return foldFor(ix, list.map(function (d) {
            return [d.t, d.w, d.a, d.s].join(' ');
          }).join(' ')).then(function () {
            return list;
          });
        }).then(function (list) {
          if (mine !== seq) return;
          clear();
          list.forEach(function (d) {
            var li = item(d, ix.fold, found);
            if (li) results.appendChild(li);
          });
          count.textContent = countLabel + ': ' + numberFormat.format(found.count);
          noneQuery.textContent = q;
          none.hidden = found.count > 0;
          all.hidden = true;
        });
      });
    }).catch(function () {
      /* An index file that cannot be read: the list of every page stays. */
      if (mine !== seq) return;
      clear();
      count.textContent = '';
      none.hidden = true;
      all.hidden = false;
    });
  }

  function setUrl(q) {
    try {
      var url = new URL(window.location.href);
      if (q) url.searchParams.set('q', q);
      else url.searchParams.delete('q');
      window.history.replaceState(null, '', url.href);
    } catch (e) {
      /* file: URLs in some browsers: the address stays as it was. */
    }
  }

  var timer = 0;
  function update(now) {
    window.clearTimeout(timer);
    var go = function () {
      var q = clean(input.value);
      setUrl(q);
      show(q);
    };
    /* A short pause, so that fast typing does not fetch the shards of
     * every prefix on the way; a search still running when the next one
     * starts is dropped (seq), never shown. */
    if (now) go();
    else timer = window.setTimeout(go, 40);
  }

  var params = new URLSearchParams(window.location.search);
  var first = clean(params.get('q') || '');
  input.value = first;

  if (!indexFile) return;
  index = load(indexFile).then(function (manifest) {
    if (manifest.v !== 1 || !Array.isArray(manifest.shards) || !Array.isArray(manifest.docshards))
      throw new Error('unknown index version');
    return { manifest: manifest, fold: Object.create(null), parts: Object.create(null) };
  });
  index.catch(function () {});
  input.addEventListener('input', function () {
    update(false);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    update(true);
  });
  if (first) show(first);
})();
