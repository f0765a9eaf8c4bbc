#!/usr/bin/env bash
# make bench: builds generated corpora with the release build of skylt and,
# when it is installed, with Debian's Hugo, in alternating runs, and prints the
# median wall time, peak memory and the ratio. Also measures a rebuild with
# nothing changed, the shipped site, and checks that 1 and 2 threads give the
# same bytes. Writes the chart doc/benchmark.svg.
#
# usage: tests/bench/run.sh [RUNS]
# environment: BENCH_SIZES   corpora as LANGSxPAGES (default "10x100 10x1000 10x10000")
#              BENCH_HUGO_MAX  largest corpus, in pages, that Hugo builds too
#                              (default 10000: Hugo needs ~2 GB for 10,000)
#              BENCH_DIR     where the corpora and outputs go (default: a
#                              fresh folder under /tmp, removed at the end)
set -eu
cd "$(dirname "$0")/../.."
root=$PWD
runs=${1:-5}
sizes=${BENCH_SIZES:-"10x100 10x1000 10x10000"}
hugo_max=${BENCH_HUGO_MAX:-10000}
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
export TZ=UTC LC_ALL=C.UTF-8
skylt="$root/build/skylt"
hugo=$(command -v hugo || true)
cc -std=c11 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -o "$work/gencorpus" tests/bench/gencorpus.c
if [ ! -x /usr/bin/time ]; then
	echo "bench: needs GNU time (/usr/bin/time): run 'sh tests/install-deps bench'" >&2
	exit 2
fi

# Runs a command, appends "wall_seconds peak_kb" to file $1; its output goes
# to $1.log.
timed() {
	local out=$1
	shift
	/usr/bin/time -f "%e %M" -o "$out.t" "$@" >>"$out.log" 2>&1
	cat "$out.t" >>"$out"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}'; }
col() { awk -v c="$1" '{print $c}' "$2"; }

results="$work/results"
: >"$results"
echo "skylt $("$skylt" --version | cut -d' ' -f2), ${hugo:+$("$hugo" version | cut -d' ' -f1-2), }$(nproc) cores, $runs runs each, medians"
echo "Each run builds into a new, empty output folder; all are removed at the end, not between runs"
echo "(mass deletion slows the file system for a while after, which would tilt the next runs)."

# The shipped site.
d="$work/shipped"
rm -rf "$d"
mkdir -p "$d"
cp -R content translations templates "$d/"
sh_t="$work/shipped.t"
: >"$sh_t"
"$skylt" build -q -C "$d" -o out-warm
for r in $(seq "$runs"); do timed "$sh_t" "$skylt" build -q -C "$d" -o "out-$r"; done
echo "shipped site ($(find content -name '*.md' | wc -l) files): $(col 1 "$sh_t" | median) s median"

printf '%-12s %8s %10s %10s %10s %10s %8s\n' corpus pages "skylt s" "skylt MB" "hugo s" "hugo MB" ratio
for size in $sizes; do
	langs=${size%x*} per=${size#*x}
	pages=$((langs * per))
	d="$work/corpus-$size"
	rm -rf "$d"
	"$work/gencorpus" "$d" "$langs" "$per" 5000
	cp -R translations templates "$d/"
	cp -R tests/bench/hugo/hugo.toml tests/bench/hugo/layouts "$d/"
	use_hugo=""
	[ -n "$hugo" ] && [ "$pages" -le "$hugo_max" ] && use_hugo=yes
	s="$work/s-$size" h="$work/h-$size"
	: >"$s"
	: >"$h"
	# A warm-up of each, not counted: the corpus into the page cache.
	"$skylt" build -q -C "$d" -o out-warm
	[ -n "$use_hugo" ] && "$hugo" --quiet -s "$d" -d out-hugo-warm >/dev/null 2>&1
	for r in $(seq "$runs"); do
		timed "$s" "$skylt" build -q -C "$d" -o "out-$r"
		[ -n "$use_hugo" ] && timed "$h" "$hugo" --quiet -s "$d" -d "out-hugo-$r"
	done
	ss=$(col 1 "$s" | median) sm=$(col 2 "$s" | median)
	hs=- hm=- ratio=-
	if [ -n "$use_hugo" ]; then
		hs=$(col 1 "$h" | median)
		hm=$(col 2 "$h" | median)
		# The ratio of each alternating pair, then its median.
		ratio=$(paste -d' ' "$h" "$s" | awk '{ if ($3 > 0) print $1 / $3 }' | median)
		ratio=$(awk -v r="$ratio" 'BEGIN { printf "%.1f", r }')
	fi
	printf '%-12s %8d %10s %10.0f %10s %10s %8s\n' "$size" "$pages" "$ss" "$((sm / 1024))" \
		"$hs" "$([ "$hm" = - ] && echo - || echo $((hm / 1024)))" "$ratio"
	echo "$pages $ss $hs" >>"$results"

	if [ "$size" = 10x1000 ]; then
		# A rebuild with nothing changed: what it costs, what it writes.
		n=$work/noop
		: >"$n"
		for _ in $(seq "$runs"); do timed "$n" "$skylt" build -C "$d" -o "out-$runs"; done
		noop=$(col 1 "$n" | median)
		written=$(grep -c "(0 written" "$n.log" || true)
		echo "  no-op rebuild of $pages pages: $noop s median; $written of $runs runs wrote 0 files"
		# The output does not depend on the number of threads.
		"$skylt" build -q -j 1 -C "$d" -o out-j1
		"$skylt" build -q -j 2 -C "$d" -o out-j2
		if diff -r "$d/out-j1" "$d/out-j2" >/dev/null; then
			echo "  1 and 2 threads: byte-identical output ($(find "$d/out-j1" -type f | wc -l) files)"
		else
			echo "  1 and 2 threads: OUTPUT DIFFERS"
		fi
	fi
done

# Cost per page at 100,000 pages against 10,000.
awk '$1 == 10000 { a = $2 / $1 } $1 == 100000 { b = $2 / $1 }
	END { if (a && b) printf "cost per page, 100,000 pages against 10,000: %.2fx\n", b / a }' "$results"

# The chart: build time against pages, both axes logarithmic.
svg="$root/doc/benchmark.svg"
awk -v runs="$runs" '
function lx(p) { return 70 + (log(p) / log(10) - 2) / 3 * 420 }
function ly(s) { return 250 - (log(s) / log(10) + 2) / 4 * 220 }
{ n++; P[n] = $1; S[n] = $2; H[n] = $3 }
END {
	print "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 560 320\" width=\"560\" height=\"320\" font-family=\"sans-serif\" font-size=\"12\">"
	print "<title>Build time against pages: skylt and Hugo</title>"
	print "<rect width=\"560\" height=\"320\" fill=\"#fff\"/>"
	for (e = 2; e <= 5; e++) { x = lx(10 ^ e); printf "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"250\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"268\" text-anchor=\"middle\">%s</text>\n", x, x, x, (e == 2 ? "100" : e == 3 ? "1,000" : e == 4 ? "10,000" : "100,000") }
	for (e = -2; e <= 2; e++) { y = ly(10 ^ e); printf "<line x1=\"70\" y1=\"%.1f\" x2=\"490\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"62\" y=\"%.1f\" text-anchor=\"end\">%s s</text>\n", y, y, y + 4, (10 ^ e) }
	print "<text x=\"280\" y=\"292\" text-anchor=\"middle\">pages (10 languages)</text>"
	printf "<text x=\"280\" y=\"18\" text-anchor=\"middle\">Full build, wall time, median of %d alternating runs</text>\n", runs
	ps = ""; ph = ""
	for (i = 1; i <= n; i++) {
		ps = ps sprintf("%s%.1f,%.1f", (ps == "" ? "" : " "), lx(P[i]), ly(S[i]))
		if (H[i] != "-") ph = ph sprintf("%s%.1f,%.1f", (ph == "" ? "" : " "), lx(P[i]), ly(H[i]))
	}
	print "<polyline fill=\"none\" stroke=\"#005a9c\" stroke-width=\"2.5\" points=\"" ps "\"/>"
	for (i = 1; i <= n; i++) printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#005a9c\"/>\n", lx(P[i]), ly(S[i])
	if (ph != "") {
		print "<polyline fill=\"none\" stroke=\"#b3261e\" stroke-width=\"2.5\" stroke-dasharray=\"6 4\" points=\"" ph "\"/>"
		for (i = 1; i <= n; i++) if (H[i] != "-") printf "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"#b3261e\"/>\n", lx(P[i]) - 4, ly(H[i]) - 4
	}
	print "<line x1=\"380\" y1=\"290\" x2=\"400\" y2=\"290\" stroke=\"#005a9c\" stroke-width=\"2.5\"/><text x=\"405\" y=\"294\">skylt</text>"
	print "<line x1=\"460\" y1=\"290\" x2=\"480\" y2=\"290\" stroke=\"#b3261e\" stroke-width=\"2.5\" stroke-dasharray=\"6 4\"/><text x=\"485\" y=\"294\">Hugo</text>"
	print "</svg>"
}' "$results" >"$svg"
echo "chart: doc/benchmark.svg"
