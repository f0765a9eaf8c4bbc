#!/usr/bin/env bash
# The test suite that 'make check' runs: unit tests, golden builds, error cases
# and determinism, all with the sanitizer build. Ends with "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
root=$PWD
skylt="$root/build/san/skylt"
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /'; }

# A project folder for a test: the fixture's content (and translations when it
# has its own) with the repository's templates.
project() {
	local src=$1 dst=$2
	mkdir -p "$dst"
	cp -R "$src/content" "$dst/content"
	if [ -d "$src/translations" ]; then cp -R "$src/translations" "$dst/translations"
	else cp -R "$root/translations" "$dst/translations"; fi
	cp -R "$root/templates" "$dst/templates"
}

echo "# unit tests"
for t in build/san/test_*; do
	out=$("$t" 2>&1); rc=$?
	name=$(basename "$t")
	line=$(printf '%s\n' "$out" | grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [ -z "$line" ]; then
		fail "$name printed no totals (exit $rc)" "$out"; continue
	fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		[ "$f" -eq 0 ] && failed=$((failed + 1))
		fail "$name (exit $rc)" "$out"
	else
		echo "ok - $line"
	fi
done

echo "# golden builds"
# With the sanitizer build, and with the release build that editors and CI
# run: another allocator, and page texts in memory mapped by arena.c rather
# than malloc'd as under the sanitizers. Both must write the expected bytes.
for g in tests/golden/*/; do
	g=${g%/}; name=$(basename "$g")
	[ -d "$g/expected" ] || continue
	for kind in sanitizer release; do
		bin=$skylt label="golden $name"
		[ "$kind" = release ] && bin=$root/build/skylt label="golden $name, release build"
		p="$work/golden-$kind-$name"; project "$g" "$p"
		if ! out=$("$bin" build -q -C "$p" -o out 2>&1); then
			fail "$label: build failed" "$out"; continue
		fi
		if d=$(diff -r "$g/expected" "$p/out" 2>&1); then ok "$label"
		else fail "$label: output differs (run 'make regen' to review)" "$(printf '%s\n' "$d" | head -n 40)"; fi
	done
done

echo "# error cases"
for e in tests/errors/*/; do
	e=${e%/}; name=$(basename "$e")
	p="$work/error-$name"; project "$e" "$p"
	[ -f "$p/content/site.yaml" ] || cp "$root/tests/errors/site.yaml" "$p/content/site.yaml"
	# A previous site that a failing build must leave byte for byte as it was.
	mkdir -p "$p/site/sv"; echo "previous build" > "$p/site/index.html"
	echo "kept" > "$p/site/sv/index.html"
	before=$(cd "$p/site" && find . -type f -exec sha256sum {} + | sort)
	out=$("$skylt" build -q -C "$p" 2>&1); rc=$?
	want_rc=$(cat "$e/exit-status" 2>/dev/null || echo 1)
	after=$(cd "$p/site" && find . -type f -exec sha256sum {} + | sort)
	leftovers=$(find "$p" -maxdepth 1 -name '.site.new-*')
	if [ "$rc" -ne "$want_rc" ]; then
		fail "error $name: exit $rc, expected $want_rc" "$out"
	elif [ "$out" != "$(cat "$e/expected")" ]; then
		fail "error $name: messages differ" "$(diff <(cat "$e/expected") <(printf '%s\n' "$out"))"
	elif [ "$before" != "$after" ] || [ -n "$leftovers" ]; then
		fail "error $name: the previous site/ was changed"
	else
		ok "error $name: $(head -n 1 "$e/expected")"
	fi
done

echo "# CI"
e="$work/error-missing-page"
out=$(GITHUB_ACTIONS=true "$skylt" check -q -C "$e" 2>&1)
want="::error file=content/sv/index.md,line=4,col=8::link to missing page 'ansvar/kommun.md' (did you mean 'ansvar/kommunen.md'?)"
if printf '%s\n' "$out" | grep -qxF "$want"; then ok "GITHUB_ACTIONS=true adds a workflow annotation for each message"
else fail "no workflow annotation" "$out"; fi
if ! printf '%s\n' "$("$skylt" check -q -C "$e" 2>&1)" | grep -q '^::'; then ok "no annotations outside GitHub Actions"
else fail "annotations printed outside GitHub Actions"; fi
w="$work/werror"; project "$root/tests/errors/missing-page" "$w"
cp "$root/tests/errors/site.yaml" "$w/content/site.yaml"
printf -- '---\ntitle: Start\ntitel: x\n---\nText.\n' >"$w/content/sv/index.md"
"$skylt" check -q -C "$w" >/dev/null 2>&1; rc1=$?
"$skylt" check -q --werror -C "$w" >/dev/null 2>&1; rc2=$?
if [ "$rc1" -eq 0 ] && [ "$rc2" -eq 1 ]; then ok "a warning passes check, and fails check --werror"
else fail "--werror: exit $rc1 without, $rc2 with"; fi

echo "# skylt render"
for m in tests/render/*.md; do
	want=${m%.md}.html
	if got=$("$skylt" render "$m" 2>&1) && [ "$got" = "$(cat "$want")" ]; then ok "render $(basename "$m")"
	else fail "render $(basename "$m")" "$(diff <(cat "$want") <(printf '%s\n' "$got"))"; fi
done

echo "# the shipped site"
p="$work/shipped"; project "$root" "$p"
# How far the translations are is the site's CI's concern ('skylt check' under
# its own policy), not the generator's: these tests do not depend on it.
echo "translations: ignore" >>"$p/content/site.yaml"
if out=$("$skylt" build -q -C "$p" -o a -j 1 2>&1); then
	ok "shipped site builds under the sanitizers"
	langs=$(find "$p/a" -mindepth 1 -maxdepth 1 -type d ! -name assets | wc -l)
	if [ "$langs" -eq 10 ]; then ok "shipped site has 10 language folders"
	else fail "shipped site has $langs language folders, expected 10"; fi
else
	fail "shipped site: build failed" "$out"
fi
if [ -n "$out" ]; then fail "shipped site: build printed messages" "$out"; else ok "shipped site builds without warnings"; fi

echo "# weight"
# A page and the stylesheet together, gzipped, stay under 30 KB: the site is
# read on cheap phones over slow networks.
css=$(gzip -9c "$p/a/assets/style.css" | wc -c)
heavy=""
biggest=0
for f in $(find "$p/a" -name index.html); do
	n=$(( $(gzip -9c "$f" | wc -c) + css ))
	[ "$n" -gt "$biggest" ] && biggest=$n
	[ "$n" -gt 30720 ] && heavy="$heavy ${f#"$p"/a/}:$n"
done
if [ -z "$heavy" ]; then ok "every page with its stylesheet is under 30 KB gzipped (largest $biggest bytes)"
else fail "pages over 30 KB gzipped with the stylesheet:$heavy"; fi
if grep -rh '<script' "$p/a" --include='*.html' | grep -v '<script type="application/ld+json">' |
	grep -qvxF '<script src="../../assets/search.js" defer></script>' ||
	grep -rl '<script src=' "$p/a" --include='*.html' | grep -qv '/sok/index\.html$'; then fail "a page contains a script"
else ok "no page needs JavaScript (no script element but schema.org data blocks and the search page's own file)"; fi

echo "# publishing extras"
for f in sitemap.xml robots.txt _headers 404.html sv/404.html ar/feed.xml sv/kontakter/karlskoga/karlskoga.vcf; do
	if [ -s "$p/a/$f" ]; then ok "the build writes $f"; else fail "the build wrote no $f"; fi
done
if xmllint --noout "$p/a/sitemap.xml" "$p"/a/*/sitemap.xml "$p"/a/*/feed.xml 2>/dev/null; then ok "sitemaps and feeds are well-formed XML"
else fail "sitemap or feeds are not well-formed"; fi
# The Content-Security-Policy allows no inline style and no script: check
# that no page needs either.
if grep -rlE '<style|style="' "$p/a" --include='*.html' >/dev/null; then fail "a page has inline style, which the CSP forbids"
else ok "no page has inline style (the CSP forbids it)"; fi
if grep -q '"@type": "GovernmentOrganization"' "$p/a/sv/kontakter/karlskoga/index.html" &&
	grep -q '"telephone": \["+4658661000", "+4658662200"\]' "$p/a/sv/kontakter/karlskoga/index.html" &&
	grep -q '"openingHours": \["Mo-Fr 07:30-17:00"\]' "$p/a/sv/kontakter/karlskoga/index.html"; then
	ok "the contact page carries schema.org GovernmentOrganization data"
else fail "no schema.org data on the contact page"; fi

echo "# glossary"
terms=$(find "$root/content/sv/begrepp" -name '*.md' ! -name index.md | wc -l)
for dir in "$p"/a/*/begrepp; do
	code=$(basename "$(dirname "$dir")")
	n=$(grep -c '^<dt><a ' "$dir/index.html")
	if [ "$n" -eq "$terms" ]; then ok "$code: all $terms terms are in the glossary under a heading"
	else fail "$code: the glossary lists $n of $terms terms"; fi
done

. "$root/tests/translations.sh"

echo "# facts come from the seeds"
seeds="$root/../shared/seeds"
if [ -d "$seeds" ]; then
	if out=$(cd "$p" && bash "$root/tests/facts.sh" "$seeds" "$p/a" 2>&1); then
		ok "every figure in every language and every tel: link appears in a seed"
	else fail "figures or phone numbers not found in the seeds" "$out"; fi
	# The check must catch an invented figure.
	f="$work/facts"; project "$root" "$f"
	echo "Kommunen tog emot 987 personer." >>"$f/content/sv/kommuner/krokom.md"
	if (cd "$f" && bash "$root/tests/facts.sh" "$seeds" "$p/a" >/dev/null 2>&1); then
		fail "an invented figure (987) was not caught"
	else ok "an invented figure is caught"; fi
	# A translation may only state the figures of its Swedish page: 104 is in
	# the seeds (Karlstad) but not on the Swedish Krokom page.
	f="$work/facts2"; project "$root" "$f"
	printf '\n%s\n' "In 2012, 104 people came." >>"$f/content/en/kommuner/krokom.md"
	if out=$(cd "$f" && bash "$root/tests/facts.sh" "$seeds" "$p/a" 2>&1); then
		fail "a translated figure that its Swedish page lacks was not caught"
	elif printf '%s' "$out" | grep -q "content/en/kommuner/krokom.md: the figure '104' is not in the Swedish page"; then
		ok "a translation's figure must be on its Swedish page"
	else fail "a translated figure was reported wrongly" "$out"; fi
elif [ "${CI:-}" = true ]; then
	fail "the seed documents are missing at $seeds"
else
	echo "skip - no seed documents at $seeds"
fi

echo "# determinism"
# Each build must succeed and produce the bytes of the first one.
same_as_a() {
	local name=$1 out=$2 log
	shift 2
	if ! log=$("$@" -q -C "$p" -o "$out" 2>&1); then
		fail "$name: build failed" "$log"
	elif d=$(diff -r "$p/a" "$p/$out"); then
		ok "$name"
	else
		fail "$name: output differs" "$(echo "$d" | head -n 20)"
	fi
}
same_as_a "builds with 1 and 2 threads are identical" b "$skylt" build -j 2
same_as_a "a build under LANG=C TZ=Asia/Tokyo with 3 threads is identical" c \
	env LANG=C LC_ALL=C TZ=Asia/Tokyo "$skylt" build -j 3
same_as_a "a build under LC_ALL=fa_IR TZ=America/Los_Angeles with 8 threads is identical" d \
	env LANG=ar_SA.UTF-8 LC_ALL=fa_IR.UTF-8 TZ=America/Los_Angeles "$skylt" build -j 8
# A rebuild with nothing changed rewrites no file: timestamps stay.
stamp=$(stat -c %Y:%i "$p/a/sv/index.html")
sleep 1
out=$("$skylt" build -C "$p" -o a 2>&1)
if [ "$(stat -c %Y:%i "$p/a/sv/index.html")" = "$stamp" ] && echo "$out" | grep -q "(0 written"; then
	ok "a rebuild with nothing changed writes no file"
else fail "a rebuild with nothing changed rewrote files" "$out"; fi

echo "# incremental rebuilds"
# A copy of the shipped site, built once; each step below changes something
# and checks what the next build writes.
r="$work/incremental"; project "$root" "$r"
"$skylt" build -q -C "$r" -o site >/dev/null 2>&1
out=$("$skylt" build -C "$r" -o site 2>&1)
if printf '%s' "$out" | grep -q "nothing changed since the last build: .*(0 written"; then
	ok "a rebuild with nothing changed builds nothing and says so"
else fail "a rebuild with nothing changed was not recognised" "$out"; fi
touch "$r/content/sv/index.md" "$r/templates/page.xhtml"
out=$("$skylt" build -C "$r" -o site 2>&1)
if printf '%s' "$out" | grep -q "nothing changed since the last build"; then
	ok "files saved without a change (newer times, same bytes) are no change"
else fail "touching files made a change" "$out"; fi
stamp=$(stat -c %Y.%y "$r/site/sv/index.html")
printf '\nA sentence added by the test.\n' >>"$r/content/en/om-webbplatsen.md"
touch "$r/before-edit"
sleep 0.01
out=$("$skylt" build -C "$r" -o site 2>&1)
# The page itself, and of its language's search index only the files its
# words are in (new names), the manifest and the search page naming it.
written=$(cd "$r/site" && find . -type f -newer "$r/before-edit" | sort)
others=$(printf '%s\n' "$written" | grep -v -e '^\./en/om-webbplatsen/index\.html$' -e '^\./en/sok/' || true)
n=$(printf '%s\n' "$written" | grep -c . || true)
if printf '%s' "$out" | grep -q "($n written" && [ -z "$others" ] && [ "$n" -le 8 ] &&
	grep -q "A sentence added by the test." "$r/site/en/om-webbplatsen/index.html" &&
	[ "$(stat -c %Y.%y "$r/site/sv/index.html")" = "$stamp" ]; then
	ok "one changed page rewrites its file and $((n - 1)) of its language's search index, and leaves the others' timestamps"
else fail "one changed page: wrong files written" "$out
$written"; fi
printf 'edited by hand' >"$r/site/sv/index.html"
out=$("$skylt" build -C "$r" -o site 2>&1)
if printf '%s' "$out" | grep -q "(1 written" && ! grep -q "edited by hand" "$r/site/sv/index.html"; then
	ok "an output file edited by hand is noticed and rebuilt"
else fail "an output file edited by hand was kept" "$out"; fi
rm -f "$r"/content/*/tillganglighet.md
out=$("$skylt" build -C "$r" -o site 2>&1)
if [ ! -e "$r/site/sv/tillganglighet" ] && [ ! -e "$r/site/ar/tillganglighet/index.html" ] &&
	[ -z "$(find "$r" -maxdepth 1 -name '.site.changes-*')" ] && [ -f "$r/.site.skylt-state" ] &&
	[ ! -e "$r/site/.site.skylt-state" ]; then
	ok "a removed page's files are removed; no staging folder is left; the record is beside the site"
else fail "a removed page left files behind" "$out $(ls -a "$r" "$r/site/sv")"; fi
# The progress line is for people at a terminal: never in CI, never in a log.
out=$(CI=true script -qec "$skylt build -C $r -o site2" /dev/null 2>&1)
if ! printf '%s' "$out" | grep -q 'building, '; then ok "no progress line in CI, even on a terminal"
else fail "a progress line under CI=true" "$out"; fi

. "$root/tests/assets.sh"
. "$root/tests/xliff.sh"
. "$root/tests/ci.sh"
. "$root/tests/week.sh"
. "$root/tests/harden.sh"
. "$root/tests/atomic.sh"
. "$root/tests/hostile.sh"
. "$root/tests/fuzz/replay.sh"
. "$root/tests/truth.sh"
. "$root/tests/age.sh"
. "$root/tests/fallback.sh"
. "$root/tests/bidi.sh"
. "$root/tests/search-index.sh"
. "$root/tests/search.sh"
. "$root/tests/search-page.sh"

. "$root/tests/fold.sh"
. "$root/tests/incremental.sh"
. "$root/tests/rebuild.sh"
echo "# the preview server (skylt serve)"
# Totals from a child runner are added to ours.
add_totals() {
	printf '%s\n' "$2" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
	local line
	line=$(printf '%s\n' "$2" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [ -n "$line" ]; then
		passed=$((passed + ${line%% passed*}))
		local f=${line##*, }
		failed=$((failed + ${f%% failed}))
	else
		fail "$1 printed no totals"
	fi
}
s="$work/serve"; project "$root" "$s"
add_totals "the preview server tests" "$(node "$root/tests/serve.mjs" "$skylt" "$s" 2>&1)"

echo "# in the browser (axe-core, Nu Html Checker, layout, glyphs)"
# The shipped site with one more page, in Swedish and Arabic, that uses what
# the shipped content does not: a local image with its variants, a PDF link,
# alerts, a task list, a footnote, an aligned table and a code block. The
# other eight languages show it as a marked fallback.
b="$work/browser"; project "$root" "$b"
cp -R "$root/tests/fixtures/features/content/." "$b/content/"
printf 'translations: ignore\n' >>"$b/content/site.yaml"
printf '%%PDF-1.4\n%%%%EOF\n' >"$b/content/sv/blankett.pdf"
if vips black "$b/content/sv/karta.png" 1200 600 && "$skylt" status -q -C "$b" --mark content/ar/funktioner.md >/dev/null &&
	out=$("$skylt" build -q -C "$b" -o a 2>&1) && [ -z "$out" ]; then
	add_totals "the browser tests" "$(node "$root/tests/browser/run.mjs" "$b/a" 2>&1)"
else fail "the browser tests' site did not build" "$out"; fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
