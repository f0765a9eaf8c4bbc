#!/usr/bin/env bash
# make bench, hostile part: inputs that once took time quadratic in their size,
# each at two sizes, n and 2n. A linear stage takes about twice as long for
# the second; a quadratic one four times. Prints the median processor time of
# RUNS runs of the release build and the ratio. Inputs as in tests/fuzz/reproducers/.
#
# usage: tests/bench/hostile.sh [RUNS]
# environment: BENCH_SKYLT    the binary (default build/skylt)
#              BENCH_TIMEOUT  seconds before a run is stopped (default 120)
set -eu
cd "$(dirname "$0")/../.."
root=$PWD
runs=${1:-3}
skylt=${BENCH_SKYLT:-$root/build/skylt}
limit=${BENCH_TIMEOUT:-120}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC LC_ALL=C.UTF-8

# The median processor time (user and system) of RUNS runs of a command, in
# seconds: the work done, which other programs on the machine do not change
# as they change the wall time; ">LIMIT" when one is stopped by the clock. The exit status of the command is not checked: refusing an
# input (nesting too deep) is its expected outcome. $fresh, when set, is a
# folder whose previous output is removed before each run, untimed, so that
# every build is a full one.
fresh=""
timed() {
	local rc times=""
	for r in $(seq "$runs"); do
		[ -n "$fresh" ] && rm -rf "$fresh/out" "$fresh"/.out*
		rc=0
		/usr/bin/time -f "%U %S" -o "$work/t" timeout "$limit" "$@" >/dev/null 2>&1 || rc=$?
		if [ "$rc" -eq 124 ]; then
			echo ">$limit"
			return
		fi
		times="$times $(tail -n 1 "$work/t" | awk '{ print $1 + $2 }')"
	done
	printf '%s\n' $times | sort -n | awk '{a[NR]=$1} END {printf "%.3f\n", a[int((NR+1)/2)]}'
}

# A site of the ten shipped languages whose only page is the Swedish start
# page, read from stdin: every other language shows it untranslated.
site() {
	local d=$1
	rm -rf "$d"
	mkdir -p "$d/content/sv"
	cp -R "$root/templates" "$root/translations" "$d/"
	cp "$root/content/site.yaml" "$d/content/site.yaml"
	cat >"$d/content/sv/index.md"
}

# The inputs, by name and size.
gen() {
	local kind=$1 n=$2
	printf -- '---\ntitle: Prov\n---\n'
	case $kind in
	headings) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print "## a\n" }' ;;
	anchors) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print "## a\n"; for (i = 0; i < n; i++) print "[x](#a-" i + 2 ")\n" }' ;;
	footnotes) awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) print "Text[^" i "].\n"; for (i = 1; i <= n; i++) print "[^" i "]: Not " i ".\n" }' ;;
	quotes) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf ">"; print " a" }' ;;
	emphasis) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "*a "; printf "b"; for (i = 0; i < n; i++) printf " c*"; print "" }' ;;
	# Paragraphs of 95 nested emphasis levels with text at every level:
	# the glossary pass once climbed to the root from every text node.
	nested) awk -v n="$n" 'BEGIN { for (p = 0; p < n; p++) { for (i = 0; i < 95; i++) printf "*ord "; printf "SFI"; for (i = 0; i < 95; i++) printf " ord*"; print "\n" } }' ;;
	# Plain paragraphs, without warnings: a page shown untranslated in
	# nine languages.
	plain) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print "Ett stycke med *betoning*, en [Migrationsverket](https://example.se/) och `kod`.\n" }' ;;
	esac
}

echo "hostile inputs: median processor seconds of $runs runs, n and 2n, and the ratio (2 is linear, 4 quadratic)"
printf '%-40s %10s %10s %10s %10s %6s\n' input n "time n" 2n "time 2n" ratio
row() {
	local what=$1 cmd=$2 kind=$3 n=$4 a b
	for size in "$n" $((2 * n)); do
		if [ "$cmd" = render ]; then
			gen "$kind" "$size" >"$work/in-$size.md"
			t=$(timed "$skylt" render "$work/in-$size.md")
		else
			gen "$kind" "$size" | site "$work/site-$size"
			if [ "$kind" = nested ]; then
				mkdir -p "$work/site-$size/content/sv/begrepp"
				printf -- '---\ntitle: SFI\nkind: term\nterm: svenska för invandrare\n---\nKurser i svenska.\n' \
					>"$work/site-$size/content/sv/begrepp/sfi.md"
			fi
			fresh="$work/site-$size"
			t=$(timed "$skylt" build -q -C "$work/site-$size" -o out)
			fresh=""
			rc=0
			timeout "$limit" "$skylt" build -q -C "$work/site-$size" -o out >/dev/null 2>&1 || rc=$?
			[ "$rc" -eq 0 ] || [ "$rc" -eq 124 ] || echo "bench: the build of $kind $size failed (exit $rc)" >&2
		fi
		if [ "$size" = "$n" ]; then a=$t; else b=$t; fi
	done
	ratio=$(case "$a$b" in *'>'*) echo "-" ;; *) awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / (a + 0.0005) }' ;; esac)
	printf '%-40s %10s %10s %10s %10s %6s\n' "$what" "$n" "$a" $((2 * n)) "$b" "$ratio"
}
row "render: identical '## a' headings" render headings 5000
row "build: identical '## a' headings" build headings 5000
row "render: headings and links to them" render anchors 5000
row "render: footnotes" render footnotes 5000
row "render: nested block quotes (refused)" render quotes 100000
row "render: nested emphasis (refused)" render emphasis 60000
row "build: 95 nested emphasis, a term" build nested 500
row "build: page shown in 10 languages" build plain 20000
