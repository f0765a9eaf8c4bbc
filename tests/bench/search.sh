#!/usr/bin/env bash
# make bench, search (doc/search.md; the method is in BENCHMARKS.md, "Search"):
#  a. bytes per query in Chromium with the cache disabled, gzip -9 counted:
#     the search files (assets/search.js and <lang>/sok/*.js) and, apart, the
#     page (HTML and stylesheet); the shipped site and the 10 x 10,000 corpus;
#  b. Pagefind (pinned in tests/bench/package.json) over the same built sites,
#     the same queries through its JS API, measured the same way; its index
#     size against ours (du of the <lang>/sok/ folders against pagefind/);
#  c. what the index costs a full build: with and without it
#     ('search: false' in site.yaml) at 10,000 and 100,000 pages, alternating runs,
#     whole-process wall time, medians and the median of the pairs' ratios;
#  d. time to results after the last keystroke on the 10 x 10,000 corpus.
#
# usage: tests/bench/search.sh [RUNS]     (RUNS for c, default 3)
# environment: BENCH_SEARCH_SIZES  corpora for c (default "10x1000 10x10000")
#              BENCH_DIR           where everything goes (default: a fresh
#                                  folder under /tmp, removed at the end)
set -eu
cd "$(dirname "$0")/../.."
root=$PWD
bench=$root/tests/bench
runs=${1:-3}
sizes=${BENCH_SEARCH_SIZES:-"10x1000 10x10000"}
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
export TZ=UTC LC_ALL=C.UTF-8
skylt="$root/build/skylt"
if [ ! -x /usr/bin/time ]; then
	echo "bench: needs GNU time (/usr/bin/time): run 'sh tests/install-deps bench'" >&2
	exit 2
fi
# Pagefind and playwright-core for the benchmark only, at the versions of
# tests/bench/package-lock.json.
if [ ! -x "$bench/node_modules/.bin/pagefind" ] || [ ! -d "$bench/node_modules/playwright-core" ]; then
	(cd "$bench" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
fi
pagefind="$bench/node_modules/.bin/pagefind"
cc -std=c11 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -o "$work/gencorpus" tests/bench/gencorpus.c

median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}'; }
timed() {
	local out=$1
	shift
	/usr/bin/time -f "%e %M" -o "$out.t" "$@" >>"$out.log" 2>&1
	cat "$out.t" >>"$out"
}
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
# The search index of a built site: every file of every <lang>/sok/ but the
# page itself.
sok_bytes() { find "$1" -mindepth 3 -maxdepth 3 -path '*/sok/*' -type f ! -name index.html -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
sok_files() { find "$1" -mindepth 3 -maxdepth 3 -path '*/sok/*' -type f ! -name index.html | wc -l; }
has_index() { ls "$1"/sv/sok/index.*.js >/dev/null 2>&1; }

echo "search: skylt $("$skylt" --version | cut -d' ' -f2), pagefind $("$pagefind" --version | cut -d' ' -f2), $(chromium --version 2>/dev/null | head -n 1), $(nproc) cores"

# Measures a built site (a copy gets Pagefind's index) with the queries of
# file $2 ("lang<TAB>query" lines); $3 names it.
measure() {
	local out=$1 queries=$2 name=$3 pf=$1.pagefind t
	echo
	echo "## $name: $(find "$out" -name index.html | wc -l) pages, $(wc -l <"$queries") queries"
	if ! has_index "$out"; then
		echo "bench: the build wrote no search index ($out/sv/sok/index.*.js): nothing to measure" >&2
		return 1
	fi
	node "$bench/search-bench.mjs" bytes skylt "$out" "$queries" >"$work/$name.skylt.bytes"
	rm -rf "$pf"
	cp -al "$out" "$pf"
	t="$work/$name.pagefind.t"
	: >"$t"
	timed "$t" "$pagefind" --site "$pf"
	node "$bench/search-bench.mjs" bytes pagefind "$pf" "$queries" >"$work/$name.pagefind.bytes"
	echo "bytes per query (gzip -9), search files | page (HTML+CSS) | Pagefind, JS API, 20 results' data:"
	printf '%-6s %10s %10s %10s %8s  %s\n' lang skylt page pagefind results query
	paste "$work/$name.skylt.bytes" "$work/$name.pagefind.bytes" | awk -F'\t' '$1 != "median" {
		printf "%-6s %10d %10d %10d %8s  %s\n", $1, $3, $4, $8, $5 "/" $10, $2 }'
	local s p f
	s=$(awk -F'\t' '$1 == "median" { print $2 }' "$work/$name.skylt.bytes")
	p=$(awk -F'\t' '$1 == "median" { print $3 }' "$work/$name.skylt.bytes")
	f=$(awk -F'\t' '$1 == "median" { print $2 }' "$work/$name.pagefind.bytes")
	echo "median: skylt search $(kb "$s"), page $(kb "$p"); Pagefind $(kb "$f"); Pagefind / skylt $(awk -v a="$f" -v b="$s" 'BEGIN { printf "%.1f", (b ? a / b : 0) }')x"
	local ours theirs ui
	ours=$(sok_bytes "$out")
	theirs=$(du -sb "$pf/pagefind" | cut -f 1)
	ui=$(find "$pf/pagefind" -maxdepth 1 -type f -name 'pagefind-*ui*' -exec du -cb {} + | tail -n 1 | cut -f 1)
	echo "index on disk: skylt $(kb "$ours") in $(sok_files "$out") files (every <lang>/sok/ but its page);" \
		"Pagefind $(kb "$theirs") in $(find "$pf/pagefind" -type f | wc -l) files ($(kb $((theirs - ui))) without its UI files)"
	echo "Pagefind's indexing: $(cut -d' ' -f1 "$t") s, $(( $(cut -d' ' -f2 "$t") / 1024 )) MB peak"
}

# The shipped site, with every query of tests/search/.
d="$work/shipped"
rm -rf "$d"
mkdir -p "$d"
cp -R content translations templates "$d/"
echo "translations: ignore" >>"$d/content/site.yaml"
"$skylt" build -q -C "$d" -o out >"$d.build.log" 2>&1
q="$work/shipped.queries"
for f in tests/search/*.tsv; do
	grep -v '^#' "$f" | grep . | cut -f 1 | sed "s/^/$(basename "$f" .tsv)\t/"
done >"$q"
measure "$d/out" "$q" shipped

# The corpus of 10 languages x 10,000 pages, with words of gencorpus.c's
# lists: each is on thousands of pages.
d="$work/corpus-10x10000"
"$work/gencorpus" "$d" 10 10000 5000
cp -R translations templates "$d/"
"$skylt" build -q -C "$d" -o out >"$d.build.log" 2>&1
q="$work/corpus.queries"
printf '%s\n' 'sv	bostad' 'sv	Migrationsverket' 'sv	asyl skola' 'sv	nyanl' 'sv	prövar asyl stöd' \
	'en	municipality' 'en	asylum seekers' 'ar	البلدية' 'ar	طالبو اللجوء' 'fa	پناهجویان' \
	'prs	شاروالی' 'so	magangelyo' 'ti	ዑቕባ' 'ru	убежища' 'uk	притулку' 'ckb	پەنابەران' 'sv	zqxjvkw' >"$q"
measure "$d/out" "$q" corpus-10x10000

# d. Time to results after the last keystroke, on the corpus.
echo
echo "## time to results after the last keystroke, 10 x 10,000 pages (search.js waits 40 ms after a key before it searches)"
node "$bench/search-bench.mjs" latency skylt "$d/out" "$q" | tee "$work/latency" | awk -F'\t' '$1 != "median" { printf "%-6s %8s ms  %s\n", $1, $3, $2 }'
echo "median: $(awk -F'\t' '$1 == "median" { print $2 }' "$work/latency") ms"

# c. What the index costs a full build. Each run builds into a new, empty
# folder, with and without the index in turn; all are removed at the end.
echo
echo "## full build with and without the index ($runs runs each, alternating, medians)"
printf '%-12s %8s %12s %12s %12s %10s\n' corpus pages "with s" "without s" "ratio" "with MB"
for size in $sizes; do
	langs=${size%x*} per=${size#*x}
	c="$work/corpus-$size"
	if [ ! -d "$c/content" ]; then
		"$work/gencorpus" "$c" "$langs" "$per" 5000
		cp -R translations templates "$c/"
	fi
	# The same corpus with 'search: false' in its site.yaml.
	off="$c-off"
	if [ ! -d "$off/content" ]; then
		cp -R "$c" "$off"
		rm -rf "$off"/warm-* "$off"/with* "$off"/without*
		printf 'search: false\n' >>"$off/content/site.yaml"
	fi
	w="$work/with-$size" n="$work/without-$size"
	: >"$w"
	: >"$n"
	"$skylt" build -q -C "$c" -o warm-with >"$c.build.log" 2>&1
	"$skylt" build -q -C "$off" -o warm-without >>"$c.build.log" 2>&1
	if has_index "$off/warm-without" || ! has_index "$c/warm-with"; then
		echo "bench: 'search: false' does not turn the index off (or the build writes none): no comparison" >&2
		exit 1
	fi
	for r in $(seq "$runs"); do
		timed "$w" "$skylt" build -q -C "$c" -o "with-$r"
		timed "$n" "$skylt" build -q -C "$off" -o "without-$r"
	done
	ratio=$(paste -d' ' "$w" "$n" | awk '{ if ($3 > 0) print $1 / $3 }' | median)
	printf '%-12s %8d %12s %12s %11.2fx %10d\n' "$size" $((langs * per)) \
		"$(cut -d' ' -f1 "$w" | median)" "$(cut -d' ' -f1 "$n" | median)" "$ratio" \
		$(( $(cut -d' ' -f2 "$w" | median) / 1024 ))
	echo "  index: $(kb "$(sok_bytes "$c/with-1")") in $(sok_files "$c/with-1") files"
done
