# The search index as files (doc/search.md): sourced by tests/run.sh, which
# has built the shipped project into $p/a.
echo "# the search index"

# Every language has a manifest, the fold table, shards and pages, each
# named by its content: a file that changed has a new name.
bad=""
for dir in "$p"/a/*/sok; do
	code=$(basename "$(dirname "$dir")")
	n=$(ls "$dir"/index.*.js 2>/dev/null | wc -l)
	[ "$n" -eq 1 ] || bad="$bad $code:manifests=$n"
	for f in "$dir"/*.js; do
		name=$(basename "$f" .js)
		case $name in
		index.* | fold.* | s.* | d.*) ;;
		*) bad="$bad $code:$name" ;;
		esac
		printf '%s' "$name" | grep -qE '^[a-z]+\.[0-9a-f]{16}$' || bad="$bad $code:$name:name"
		head -c 200 "$f" | grep -q "^skyltSearch({\"id\":\"$name\"" || bad="$bad $code:$name:id"
		tail -c 4 "$f" | grep -q '});' || bad="$bad $code:$name:end"
	done
done
langs=$(ls -d "$p"/a/*/sok | wc -l)
if [ -z "$bad" ] && [ "$langs" -eq 10 ]; then ok "search index: ten languages, each a manifest, a fold table, shards and pages in files named by their content"
else fail "search index: files wrong" "$bad (languages: $langs)"; fi

# Every shard's keys start with its prefix, and no key belongs to a longer
# prefix's shard (the rule both query sides look shards up by).
if out=$(python3 - "$p/a" <<'EOF'
import json, sys, glob, os
bad = []
for man in glob.glob(sys.argv[1] + '/*/sok/index.*.js'):
    d = os.path.dirname(man)
    load = lambda n: json.loads(open(f'{d}/{n}.js').read()[len('skyltSearch('):-3])
    m = load(os.path.basename(man)[:-3])
    prefixes = [p for p, _ in m['shards']]
    for p, name in m['shards']:
        s = load(name)
        for k in list(s['forms']) + list(s['stems']):
            longest = max((q for q in prefixes if k.startswith(q)), key=len)
            if longest != p:
                bad.append(f'{m["lang"]}: {k!r} in shard {p!r}, belongs to {longest!r}')
        for stem, post in s['stems'].items():
            doc = 0
            for v in post:
                doc += v >> 3
                if not (1 <= v & 7 <= 7) or doc >= m['docs']:
                    bad.append(f'{m["lang"]}: {stem!r} posting {v}')
    if '' not in prefixes:
        bad.append(f'{m["lang"]}: no root shard')
print('\n'.join(bad[:10]))
sys.exit(1 if bad else 0)
EOF
); then ok "search index: every key is in the shard of its longest prefix, every posting names a page"
else fail "search index: shards or postings wrong" "$out"; fi

# skylt search reads the built index: Swedish by default, one page a line.
out=$("$skylt" search -C "$p" -o a kommunen 2>&1)
first=$(printf '%s\n' "$out" | head -n 1)
if [ "$first" = "$(printf 'sv/ansvar/kommunen/\tKommunen')" ]; then ok "skylt search: 'kommunen' finds sv/ansvar/kommunen/ first, as path and title"
else fail "skylt search: 'kommunen' gave" "$out"; fi
out=$("$skylt" search -C "$p" -o a --lang ru коммуны 2>&1)
if printf '%s\n' "$out" | head -n 1 | grep -q '^ru/ansvar/kommunen/'; then ok "skylt search --lang ru: the inflected коммуны finds the page on коммуна"
else fail "skylt search --lang ru коммуны gave" "$out"; fi
out=$("$skylt" search -C "$p" -o nowhere kommunen 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s' "$out" | grep -q "no search index for 'sv' here: build the site first"; then ok "skylt search without a built site: a clear error, exit 1"
else fail "skylt search without a built site: exit $rc" "$out"; fi

# An edit to one page's body renames only the files it touches: the other
# nine languages' indexes and most Swedish shards stay as they were.
e="$work/search-edit"; project "$root" "$e"
echo "translations: ignore" >>"$e/content/site.yaml"
"$skylt" build -q -C "$e" -o a >/dev/null 2>&1
before=$(cd "$e/a" && ls */sok/*.js | sort)
printf '\nKommunen ordnar också vattenlekplatser.\n' >>"$e/content/sv/ansvar/kommunen.md"
"$skylt" build -q -C "$e" -o a >/dev/null 2>&1
after=$(cd "$e/a" && ls */sok/*.js | sort)
new=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after"))
other=$(printf '%s\n' "$new" | grep -v '^sv/' || true)
shards=$(printf '%s\n' "$new" | grep -c '^sv/sok/s\.' || true)
total=$(printf '%s\n' "$after" | grep -c '^sv/sok/s\.')
if [ -z "$other" ] && [ "$shards" -ge 1 ] && [ "$shards" -le 2 ] &&
	printf '%s\n' "$new" | grep -q '^sv/sok/index\.' &&
	"$skylt" search -C "$e" -o a vattenlekplatser | head -n 1 | grep -q '^sv/ansvar/kommunen/'; then
	ok "search index: a new word on one page renames $shards of $total Swedish shards and the manifest, nothing in the other languages; the word is found"
else fail "search index: one edit renamed" "$new"; fi

# An untranslated page ranks below translated ones with the same words, and
# is marked as such in the index.
f="$work/search-fallback"; project "$root" "$f"
echo "translations: ignore" >>"$f/content/site.yaml"
rm "$f/content/en/ansvar/migrationsverket.md"
"$skylt" build -q -C "$f" -o a >/dev/null 2>&1
out=$("$skylt" search -C "$f" -o a --lang en Migrationsverket 2>&1)
pos_fb=$(printf '%s\n' "$out" | grep -n '^en/ansvar/migrationsverket/' | cut -d: -f1)
pos_tr=$(printf '%s\n' "$out" | grep -n '^en/kontakter/migrationsverket/' | cut -d: -f1)
if [ -n "$pos_fb" ] && [ -n "$pos_tr" ] && [ "$pos_tr" -lt "$pos_fb" ] &&
	grep -q '"t":"Migrationsverket","s":"[^"]*","l":"sv","f":1}' "$f"/a/en/sok/d.*.js; then
	ok "search: the untranslated Swedish page ranks below the translated one ($pos_tr before $pos_fb), marked lang sv in the index"
else fail "search: fallback ranking" "$out"; fi

# 'search: false' in site.yaml: no index.
n="$work/search-off"; project "$root" "$n"
printf 'translations: ignore\nsearch: false\n' >>"$n/content/site.yaml"
if "$skylt" build -q -C "$n" -o a >/dev/null 2>&1 && [ ! -e "$n/a/sv/sok" ]; then ok "search: false in site.yaml: no search index or page"
else fail "search: false still wrote $n/a/sv/sok"; fi

# A larger site, whose shards split more than once: every shard listed is
# a file of its own, none but the root's empty, and each key in its own
# shard (a shard left empty by its splits once gave two files one name).
g="$work/search-large"; mkdir -p "$g"
if cc -std=c11 -D_DEFAULT_SOURCE -O2 -o "$g/gencorpus" "$root/tests/bench/gencorpus.c" &&
	"$g/gencorpus" "$g/p" 1 10000 2000 && cp -R "$root/templates" "$root/translations" "$g/p/" &&
	out=$("$root/build/skylt" build -q -C "$g/p" -o a 2>&1) &&
	out=$(python3 - "$g/p/a" <<'EOF2'
import json, sys, glob, os
bad = []
for man in glob.glob(sys.argv[1] + '/*/sok/index.*.js'):
    d = os.path.dirname(man)
    load = lambda n: json.loads(open(f'{d}/{n}.js').read()[len('skyltSearch('):-3])
    m = load(os.path.basename(man)[:-3])
    names = [n for _, n in m['shards']]
    prefixes = [p for p, _ in m['shards']]
    if len(set(names)) != len(names): bad.append(f'{m["lang"]}: a shard file listed twice')
    if len(m['shards']) < 20: bad.append(f'{m["lang"]}: only {len(m["shards"])} shards')
    for p, name in m['shards']:
        s = load(name)
        keys = list(s['forms']) + list(s['stems'])
        if p and not keys: bad.append(f'{m["lang"]}: shard {p!r} is empty')
        for k in keys:
            if max((q for q in prefixes if k.startswith(q)), key=len) != p:
                bad.append(f'{m["lang"]}: {k!r} in {p!r}')
print('\n'.join(bad[:10]))
sys.exit(1 if bad else 0)
EOF2
); then ok "search index: 10,000 pages, shards split by longer prefixes, every shard a file of its own and not empty"
else fail "search index: a larger site" "$out"; fi
