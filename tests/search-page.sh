# Search for readers: the form in every page's header, the search page of
# each language, its script and the UI strings. Sourced by tests/run.sh,
# which defines ok, fail, project, $skylt, $root, $work and $p (the shipped
# project, built into $p/a).
echo "# search: the header's form, the search page, its script"
sa="$p/a"
codes=$(sed -n 's/^  - {code: \([a-z]*\),.*/\1/p' "$root/content/site.yaml")

# Every page's header has the form, which leads to its language's search
# page; the 404 pages, served at any address, by an absolute path.
n=0 bad=""
while IFS= read -r f; do
	rel=${f#"$sa"/}
	code=${rel%%/*}
	n=$((n + 1))
	action=$(sed -n 's|.*<form role="search" class="site-search" action="\([^"]*\)" method="get">.*|\1|p' "$f")
	if [ -z "$action" ] || [ "$(realpath -m "$(dirname "$f")/$action")" != "$sa/$code/sok" ] ||
		! grep -q '<label for="site-q" class="visually-hidden">[^<]' "$f" ||
		! grep -q '<input type="search" id="site-q" name="q"' "$f"; then
		bad="$bad $rel"
	fi
done < <(find "$sa" -mindepth 2 -name index.html ! -path '*/sok/*' | sort)
if [ "$n" -gt 500 ] && [ -z "$bad" ]; then ok "search: all $n pages have the header's labelled search form, sent to their language's sok/"
else fail "search: the header's form ($n pages)" "$(printf '%s\n' $bad | head -n 10)"; fi
bad=""
for code in $codes; do
	grep -q "<form role=\"search\" class=\"site-search\" action=\"/$code/sok/\" method=\"get\">" "$sa/$code/404.html" || bad="$bad $code"
done
if [ -z "$bad" ]; then ok "search: each 404 page's form goes to /<lang>/sok/, an absolute path"
else fail "search: 404 pages without the form to /<lang>/sok/:$bad"; fi

# The search page of each language: the index it names exists, the script
# is the site's own file, the language and digits for the script, the
# 'nothing found' message with its links, and every page for a reader
# without JavaScript.
bad=""
for code in $codes; do
	f="$sa/$code/sok/index.html"
	if [ ! -f "$f" ]; then bad="$bad"$'\n'"$code: no sok/index.html"; continue; fi
	tag=$(sed -n 's/^<html lang="\([^"]*\)".*/\1/p' "$f")
	ix=$(sed -n 's/.*<div class="search" id="search"[^>]* data-index="\([^"]*\)".*/\1/p' "$f")
	pages=$(find "$sa/$code" -name index.html ! -path "$sa/$code/sok/*" | wc -l)
	listed=$(sed -n '/<section class="search-all"/,/<\/section>/p' "$f" | grep -c '^<li><a href="')
	numbers=$(sed -n 's/.*<div class="search" id="search"[^>]* data-numbers="\([^"]*\)".*/\1/p' "$f")
	want_numbers=$(sed -n "s/^  - {code: $code,.*numbers: \([a-z]*\).*/\1/p" "$root/content/site.yaml")
	why=""
	[ -n "$ix" ] && [ -f "$sa/$code/sok/$ix" ] || why="$why index '$ix' missing;"
	grep -q "<div class=\"search\" id=\"search\"[^>]* data-tag=\"$tag\"" "$f" || why="$why no data-tag=$tag;"
	[ "$numbers" = "$want_numbers" ] || why="$why data-numbers '$numbers', want '$want_numbers';"
	grep -q "data-count=\"[^\"]" "$f" || why="$why no data-count;"
	[ "$(grep -c '<script' "$f")" -eq 1 ] && grep -qxF '<script src="../../assets/search.js" defer></script>' "$f" || why="$why scripts: $(grep -o '<script[^>]*>' "$f" | tr '\n' ' ');"
	[ "$listed" -eq "$pages" ] || why="$why lists $listed of $pages pages;"
	grep -q '<p class="search-count" id="search-count" role="status"></p>' "$f" || why="$why no status region;"
	grep -q '<ol class="search-results" id="search-results"></ol>' "$f" || why="$why no empty <ol>;"
	grep -q '<div class="notice search-none" id="search-none" hidden="">' "$f" &&
		grep -q '<bdi id="search-query"></bdi>' "$f" &&
		grep -q '<a href="../begrepp/"' "$f" && grep -q '<a href="../kontakter/"' "$f" || why="$why 'nothing found' message;"
	grep -q '<form role="search" class="site-search"' "$f" && why="$why the header's form too;"
	[ -z "$why" ] || bad="$bad"$'\n'"$code:$why"
done
if [ -z "$bad" ]; then ok "search: each language's sok/ names its index, loads only assets/search.js, and lists every page of the language"
else fail "search: the search pages" "$bad"; fi
# The list is in the language's alphabetical order (its collator): in
# Swedish, Ö after Z, and Å, Ä, Ö in that order.
order=$(sed -n '/<section class="search-all"/,/<\/section>/s|^<li><a href="[^"]*"[^>]*>\([^<]*\)</a></li>$|\1|p' "$sa/sv/sok/index.html")
if [ "$(printf '%s\n' "$order" | tail -n 1)" = "Östersunds kommun" ] &&
	[ "$(printf '%s\n' "$order" | grep -n '^Län$' | cut -d: -f1)" -lt "$(printf '%s\n' "$order" | grep -n '^Migrationsverket$' | head -n 1 | cut -d: -f1)" ]; then
	ok "search: sv/sok/ lists the pages in Swedish order (Östersunds kommun last)"
else fail "search: sv/sok/ list order" "$(printf '%s\n' "$order" | tail -n 5)"; fi

# The script builds every element itself: no markup from strings, no eval.
js="$sa/assets/search.js"
if [ -s "$js" ] && ! grep -nE 'innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|setTimeout\(["'\'']' "$js" >/dev/null; then
	ok "search: assets/search.js is published and writes no markup from strings"
else fail "search: assets/search.js" "$(grep -nE 'innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function' "$js" 2>&1 | head)"; fi
csp=$(sed -n 's/^ *Content-Security-Policy: //p' "$sa/_headers")
if printf '%s' "$csp" | grep -q "script-src 'self';" && printf '%s' "$csp" | grep -q "form-action 'self';" &&
	! printf '%s' "$csp" | grep -qE "unsafe|connect-src|form-action 'none'"; then
	ok "search: the Content-Security-Policy allows the site's own scripts and forms sent to the site, nothing more"
else fail "search: Content-Security-Policy" "$csp"; fi

# The UI strings: every language has them, each translated; Sorani writes
# ھ and the Persian ی and ک, Persian and Dari too.
bad=""
for f in "$root"/translations/*.xlf; do
	l=$(basename "$f" .xlf)
	for id in search_label search_button search_title search_count search_none search_help search_all; do
		line=$(grep "<unit id=\"$id\">" "$f")
		src=$(printf '%s' "$line" | sed -n 's|.*<source>\(.*\)</source>.*|\1|p')
		tgt=$(printf '%s' "$line" | sed -n 's|.*<target>\(.*\)</target>.*|\1|p')
		if [ -z "$tgt" ]; then bad="$bad $l:$id(missing)"
		elif [ "$l" != sv ] && [ "$tgt" = "$src" ]; then bad="$bad $l:$id(untranslated)"; fi
	done
	case $l in ckb | fa | prs)
		if grep '<unit id="search_' "$f" | grep -qP '[\x{064A}\x{0643}]'; then bad="$bad $l:(Arabic yeh or kaf)"; fi ;;
	esac
	if [ "$l" = ckb ] && grep '<unit id="search_' "$f" | sed 's|<source>[^<]*</source>||' | grep -qP '\x{0647}'; then bad="$bad ckb:(Arabic heh)"; fi
done
if [ -z "$bad" ]; then ok "search: the seven UI strings are translated in all ten languages (Sorani with ھ, Persian letters in fa, prs, ckb)"
else fail "search: UI strings" "$bad"; fi
# search_help's two links may stand in any order, but only {0} and {1}.
sh="$work/search-strings"; project "$root" "$sh"
sed -i 's|\(<unit id="search_help">.*<target>\)[^<]*</target>|\1Look up a word in {0}, or ask {1} or {2}.</target>|' "$sh/translations/en.xlf"
out=$("$skylt" check -q -C "$sh" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -qE "^translations/en.xlf:[0-9]+: error: unit 'search_help' may use only \{0\} and \{1\}, written as they are \(they become links\)$"; then
	ok "search: a search_help with {2} is an error at its line"
else fail "search: search_help with {2}" "$out"; fi
cp "$root/translations/en.xlf" "$sh/translations/en.xlf"
sed -i 's|<unit id="search_help">.*</unit>|<unit id="search_help"><segment><source>Fråga i {1}, eller läs i {0}.</source><target>Fråga i {1}, eller läs i {0}.</target></segment></unit>|' "$sh/translations/sv.xlf"
if "$skylt" build -q -C "$sh" -o a >/dev/null 2>&1 &&
	grep -q '<p>Fråga i <a href="../kontakter/">Kontakter</a>, eller läs i <a href="../begrepp/">Ord och begrepp</a>.</p>' "$sh/a/sv/sok/index.html"; then
	ok "search: search_help's links follow the language's order ({1} before {0})"
else fail "search: search_help in another order" "$(grep -A2 'search-none' "$sh/a/sv/sok/index.html" 2>&1 | head -n 4)"; fi

# In the browser, against the real index.
if [ -d "$root/tests/browser/node_modules/playwright-core" ]; then
	out=$(node "$root/tests/browser/search.mjs" "$sa" 2>&1)
	printf '%s\n' "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$' | grep -v '^$'
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [ -n "$line" ]; then
		passed=$((passed + ${line%% passed*}))
		f=${line##*, }
		failed=$((failed + ${f%% failed}))
	else
		fail "search: the browser tests printed no totals" "$(printf '%s\n' "$out" | tail -n 20)"
	fi
else
	fail "search: the browser tests need tests/browser/node_modules (make check installs them)"
fi
