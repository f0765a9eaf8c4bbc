#!/usr/bin/env bash
# make bench: what a rebuild costs, against a full build, Hugo and a physical
# floor, at two corpus sizes, in one run. Prints each figure as it is measured,
# then one Markdown table for BENCHMARKS.md, each figure beside its target:
#
#  1. full builds of the small corpus, skylt and Hugo in turn, RUNS pairs:
#     medians, and Hugo / skylt for every pair and its minimum;
#  2. full builds of each size in turn (small, large, small, large …): wall
#     and CPU time per page, their ratio large / small, peak memory;
#  3. the physical floor of each size: reading every source file and
#     'cp -r' of a built output, against the full build;
#  4. a rebuild with nothing changed;
#  5. a rebuild after one page's body changed (a paragraph appended), with
#     what the build says it wrote;
#  6. a rebuild after one page's title changed (a page its folder page lists);
#  7. 'skylt serve': from saving a page to the page served with the change,
#     at each size, and 'hugo server' on the small corpus.
#
# Every full build goes into a new, empty output folder, kept to the end (a
# large deletion slows the disk for minutes after: see run.sh). The rebuilds
# and servers are measured first, on one output per size; the full builds
# last. Wall and CPU times are the shell's own (bash's TIMEFORMAT, to the
# millisecond; GNU time rounds them to 10 ms), peak memory is GNU time's %M.
#
# usage: tests/bench/incremental.sh [RUNS]   (default 5)
# environment: BENCH_INC_SIZES   two corpora as LANGSxPAGES, small then large
#                                (default "10x1000 10x10000": 10,000 and
#                                100,000 pages); Hugo builds and serves the
#                                small one
#              BENCH_INC_TIMEOUT seconds to wait for an edit to be served
#                                (default 120)
#              BENCH_INC_POLL_MS how often the page is asked for (default 5)
#              BENCH_DIR         where the corpora and outputs go (default: a
#                                fresh folder under /tmp, removed at the end);
#                                this script's folders in it start with inc-
set -eu
cd "$(dirname "$0")/../.."
root=$PWD
runs=${1:-5}
sizes=${BENCH_INC_SIZES:-"10x1000 10x10000"}
timeout=${BENCH_INC_TIMEOUT:-120}
poll=${BENCH_INC_POLL_MS:-5}
export TZ=UTC LC_ALL=C.UTF-8
skylt="$root/build/skylt"

die() {
	echo "incremental: $*" >&2
	exit 2
}
case $runs in '' | *[!0-9]* | 0) die "RUNS must be a positive number, not '$runs'" ;; esac
set -- $sizes
[ $# -ge 1 ] && [ $# -le 2 ] || die "BENCH_INC_SIZES takes one or two sizes, small then large, not '$sizes'"
for size in $sizes; do
	[[ $size =~ ^[0-9]+x[0-9]+$ ]] || die "a size is LANGSxPAGES, such as 10x1000, not '$size'"
	[ "${size%x*}" -ge 1 ] && [ "${size%x*}" -le 10 ] && [ "${size#*x}" -ge 10 ] ||
		die "a size has 1 to 10 languages and at least 10 pages each, not '$size'"
done
small=$1
large=${2:-$1}
[ $# = 1 ] || [ "$small" != "$large" ] || die "the two sizes are the same: give one"
[ -x "$skylt" ] || die "no $skylt: run 'make build/skylt'"
[ -x /usr/bin/time ] || die "needs GNU time (/usr/bin/time): run 'sh tests/install-deps bench'"
hugo=$(command -v hugo) || die "needs Hugo: run 'sh tests/install-deps bench'"
command -v python3 >/dev/null || die "needs python3, which asks the preview servers for pages"

# The disk it needs: every output is kept to the end (about 18 KB a page, Hugo
# about the same), besides the corpora (about 8 KB a page).
need=0
for size in $sizes; do
	pages=$((${size%x*} * ${size#*x}))
	need=$((need + pages * (18 * (2 * runs + 2) + 8)))
done
need=$((need + ${small%x*} * ${small#*x} * 18 * 2 * (runs + 1)))

work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
srv_pid=""
cleanup() {
	[ -z "$srv_pid" ] || stop "$srv_pid"
	[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
[ "$free" -ge "$need" ] ||
	die "needs about $((need / 1048576 + 1)) GB free in $work, has $((free / 1048576)) GB: set BENCH_DIR or fewer RUNS"
cc -std=c11 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -o "$work/inc-gencorpus" tests/bench/gencorpus.c

median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}'; }
# The median of column $2 of file $1; "cpu" is user plus system.
med() {
	if [ "$2" = cpu ]; then awk '{ printf "%.3f\n", $2 + $3 }' "$1"; else awk -v c="$2" '{ print $c }' "$1"; fi | median
}
# calc FORMAT EXPRESSION: awk's arithmetic, printed with FORMAT.
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
yes_no() { if awk "BEGIN { exit !($1) }"; then echo yes; else echo no; fi; }
# "N written" from a build's summary line, "?" when it has none.
written() { grep -o '([0-9]* written' "$1" | tr -dc '0-9' | grep . || echo '?'; }
# The values of a list, as "a" when they are all the same, else "a–b".
span() { sort -n | uniq | awk 'NR == 1 { a = $1 } { b = $1 } END { print (a == b ? a : a "–" b) }'; }

# timed FILE CMD...: runs CMD and appends "wall user sys" in seconds to FILE;
# CMD's output is in FILE.last (and FILE.log). A command that fails stops the
# benchmark: a figure of a failed build would mean nothing.
timed() {
	local out=$1 t
	shift
	local TIMEFORMAT='%3R %3U %3S'
	t=$( { time "$@" >"$out.last" 2>&1; } 2>&1) || {
		local rc=$?
		[ "$rc" != 130 ] || exit 130 # Ctrl-C
		cat "$out.last" >>"$out.log"
		echo "incremental: this failed (exit $rc): $*" >&2
		tail -n 20 "$out.last" >&2
		exit 1
	}
	cat "$out.last" >>"$out.log"
	echo "$t" >>"$out"
}
# timed_mem FILE CMD...: the same under GNU time, with the peak memory in KB
# as a fourth column.
timed_mem() {
	local out=$1
	shift
	timed "$out" /usr/bin/time -f %M -o "$out.m" "$@"
	sed -i "\$ s/\$/ $(tail -n 1 "$out.m")/" "$out"
}

# A server started in the background: stop() sends SIGTERM, then SIGKILL
# after 10 s; started() waits for its log to name its address.
stop() {
	kill -TERM "$1" 2>/dev/null || true
	for _ in $(seq 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	srv_pid=""
}
# started LOG SED-SCRIPT: sets $port once the log shows it. (Not in a
# command substitution: there a Ctrl-C would stop only the sleep.)
started() {
	local i
	port=""
	for i in $(seq 9000); do
		port=$(sed -n "$2" "$1" | head -n 1)
		[ -n "$port" ] && return
		kill -0 "$srv_pid" 2>/dev/null || { echo "incremental: the server stopped:" >&2; cat "$1" >&2; exit 1; }
		sleep 0.1
	done
	echo "incremental: the server was not ready after 900 s:" >&2
	tail "$1" >&2
	exit 1
}

# pick SIZE: sets $file and $url to the page edited next: a different one
# each time, in the source language, spread over the folders (gencorpus puts
# page P in folder s(P mod 10)).
declare -A next
pick() {
	local per=${1#*x} k=${next[$1]:-0}
	next[$1]=$((k + 1))
	local p=$(((k * 7919 + 11) % per))
	file=$(printf 'content/sv/s%02d/p%05d.md' $((p % 10)) "$p")
	url=$(printf '/sv/s%02d/p%05d/' $((p % 10)) "$p")
}

date=$(date -u '+%Y-%m-%d %H:%M UTC')
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
version=$("$skylt" --version | cut -d' ' -f2)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
hugo_version=$("$hugo" version | cut -d' ' -f2)
echo "rebuilds: skylt $version ($commit), Hugo $hugo_version, $(nproc) cores, $mem, $runs runs each"

# The corpora: run.sh's, plus a folder page (index.md) in every folder, which
# lists the folder's pages, so that a page's title appears on another page.
# Hugo makes a list page of each folder itself, so it is told to ignore them.
for size in $sizes; do
	d="$work/inc-$size"
	rm -rf "$d"
	"$work/inc-gencorpus" "$d" "${size%x*}" "${size#*x}" 5000
	for f in "$d"/content/*/s0?; do
		printf -- '---\ntitle: %s\nsummary: %s\n---\n' "${f##*/}" "${f##*/}" >"$f/index.md"
	done
	cp -R translations templates "$d/"
	cp -R tests/bench/hugo/layouts "$d/"
	sed '/^enableRobotsTXT/a ignoreFiles = ["/index\\\\.md$"]' tests/bench/hugo/hugo.toml >"$d/hugo.toml"
	grep -q '^ignoreFiles' "$d/hugo.toml" || die "tests/bench/hugo/hugo.toml has no 'enableRobotsTXT' line to add ignoreFiles after"
	# The output the rebuilds and the preview server work on.
	timed "$work/inc-first-$size" "$skylt" build -C "$d" -o out-inc
	echo "$size: corpus written, first build $(med "$work/inc-first-$size" 1) s"
done

# 4-6. Rebuilds, each series after one of its kind that is not counted, so that
# each timed one follows the same kind of build (a rebuild also brings the
# folder beside the output, the build before, up to date).
for size in $sizes; do
	d="$work/inc-$size"
	n="$work/inc-noop-$size" b="$work/inc-body-$size" t="$work/inc-title-$size"
	: >"$n"
	: >"$b"
	: >"$t"
	: >"$n.written"
	: >"$b.written"
	: >"$t.written"
	"$skylt" build -q -C "$d" -o out-inc
	for _ in $(seq "$runs"); do
		timed "$n" "$skylt" build -C "$d" -o out-inc
		written "$n.last" >>"$n.written"
	done
	for r in $(seq 0 "$runs"); do
		pick "$size"
		printf '\nA paragraph added for run %d of the benchmark.\n' "$r" >>"$d/$file"
		timed "$b" "$skylt" build -C "$d" -o out-inc
		if [ "$r" = 0 ]; then sed -i '$d' "$b"; else written "$b.last" >>"$b.written"; fi
	done
	for r in $(seq 0 "$runs"); do
		pick "$size"
		sed -i "0,/^title: /s/^title: .*/& t$r/" "$d/$file"
		timed "$t" "$skylt" build -C "$d" -o out-inc
		if [ "$r" = 0 ]; then sed -i '$d' "$t"; else written "$t.last" >>"$t.written"; fi
	done
	echo "$size: no-op rebuild $(med "$n" 1) s wall, $(med "$n" cpu) s CPU; body edit $(med "$b" 1) s wall, $(med "$b" cpu) s CPU, $(span <"$b.written") written; title edit $(med "$t" 1) s wall, $(med "$t" cpu) s CPU, $(span <"$t.written") written"
done

# 7. Edit to reload. The server starts on the built output (a rebuild with
# nothing changed); each edit appends a paragraph with a new word to a page,
# and the page is asked for until it has the word.
reload() { # NAME PORT [--signal]: RUNS edits, one line each into $work/inc-reload-NAME
	local name=$1 port=$2 size=$3
	shift 3
	local args=()
	for _ in $(seq "$runs"); do
		pick "$size"
		args+=("$work/inc-$size/$file" "$url")
	done
	python3 tests/bench/reload.py "$@" --timeout "$timeout" --poll "$poll" "$port" "${args[@]}" \
		>"$work/inc-reload-$name" || true
}
reload_summary() { # FILE: "median max" of the page's times in ms, "timeout" or "failed"
	if grep -q timeout "$1"; then
		echo timeout
	elif [ ! -s "$1" ]; then
		echo failed
	else
		echo "$(awk '{ print $1 }' "$1" | median) $(awk '{ print $1 }' "$1" | sort -n | tail -n 1)"
	fi
}
for size in $sizes; do
	d="$work/inc-$size"
	"$skylt" serve -C "$d" -o out-inc --port 0 2>"$work/inc-serve-$size.log" &
	srv_pid=$!
	started "$work/inc-serve-$size.log" 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p'
	reload "skylt-$size" "$port" "$size" --signal
	stop "$srv_pid"
	echo "$size: skylt serve, edit to page (median, max ms): $(reload_summary "$work/inc-reload-skylt-$size")"
done
d="$work/inc-$small"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$hugo" server --source "$d" --bind 127.0.0.1 --port "$port" --disableLiveReload >"$work/inc-hugo-server.log" 2>&1 &
srv_pid=$!
started "$work/inc-hugo-server.log" 's|.*Web Server is available at http://[^:]*:\([0-9]*\)/.*|\1|p'
reload hugo "$port" "$small"
stop "$srv_pid"
echo "$small: hugo server, edit to page (median, max ms): $(reload_summary "$work/inc-reload-hugo")"

# 1. Full builds of the small corpus, skylt and Hugo in turn, after one of
# Hugo's that is not counted (skylt's cache is warm from the above).
d="$work/inc-$small"
s="$work/inc-full1-skylt" h="$work/inc-full1-hugo"
: >"$s"
: >"$h"
"$hugo" --quiet -s "$d" -d "$d/hugo-warm" >/dev/null || die "hugo could not build $d"
for r in $(seq "$runs"); do
	timed_mem "$s" "$skylt" build -q -C "$d" -o "full1-$r"
	timed_mem "$h" "$hugo" --quiet -s "$d" -d "$d/hugo-$r"
done
pairs=$(paste -d' ' "$h" "$s" | awk '{ printf "%s%.1f", (NR > 1 ? " " : ""), $1 / $5 }')
min_pair=$(echo "$pairs" | tr ' ' '\n' | sort -n | head -n 1)
echo "$small: full build, skylt $(med "$s" 1) s, Hugo $(med "$h" 1) s; Hugo / skylt per pair: $pairs"

# 2 and 3. Full builds of each size in turn, then the floor of each: reading
# every source file and copying that round's output to a new folder.
for size in $sizes; do
	: >"$work/inc-full2-$size"
	: >"$work/inc-floor-$size"
done
for r in $(seq "$runs"); do
	for size in $sizes; do
		timed_mem "$work/inc-full2-$size" "$skylt" build -q -C "$work/inc-$size" -o "full2-$r"
	done
	for size in $sizes; do
		timed "$work/inc-floor-$size" sh -c 'cd "$1" &&
			find content templates translations -type f -print0 | xargs -0 cat >/dev/null &&
			cp -r "$2" "$3"' sh "$work/inc-$size" "full2-$r" "floor-$r"
	done
done
for size in $sizes; do
	f="$work/inc-full2-$size"
	echo "$size: full build $(med "$f" 1) s wall, $(med "$f" cpu) s CPU, $(($(med "$f" 4) / 1024)) MB peak; floor $(med "$work/inc-floor-$size" 1) s"
done

echo "all measured in $((SECONDS / 60)) min $((SECONDS % 60)) s"

# The table.
pages() { commas $((${1%x*} * ${1#*x})); }
ps=$(($(echo "$small" | tr x '*'))) pl=$(($(echo "$large" | tr x '*')))
row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }
echo
echo "Measured on $date with \`make bench\` (\`tests/bench/incremental.sh $runs\`): $(nproc) cores, $mem;"
echo "skylt $version ($commit), Hugo $hugo_version. Medians of $runs runs; CPU is user plus system."
echo
row measurement pages skylt target "met?" Hugo
row --- ---: ---: --- --- ---:
hs=$(med "$h" 1)
row "full build, wall (in turn with Hugo)" "$(pages "$small")" "$(med "$s" 1) s" "" "" "$hs s"
row "full build, peak memory (in turn with Hugo)" "$(pages "$small")" "$(($(med "$s" 4) / 1024)) MB" "" "" "$(($(med "$h" 4) / 1024)) MB"
row "full build, Hugo / skylt of each pair" "$(pages "$small")" "${pairs// /×, }×; least ${min_pair}×" "≥ 8× in every pair" \
	"$(yes_no "$min_pair >= 8")" ""
for size in $sizes; do
	f="$work/inc-full2-$size"
	p=$(($(echo "$size" | tr x '*')))
	row "full build, wall; per page" "$(pages "$size")" "$(med "$f" 1) s; $(calc %.0f "$(med "$f" 1) / $p * 1e6") µs" "" "" ""
	row "full build, CPU; per page" "$(pages "$size")" "$(med "$f" cpu) s; $(calc %.0f "$(med "$f" cpu) / $p * 1e6") µs" "" "" ""
	if [ "$size" = "$large" ]; then
		row "full build, peak memory" "$(pages "$size")" "$(($(med "$f" 4) / 1024)) MB" "≤ 300 MB" "$(yes_no "$(med "$f" 4) <= 300 * 1024")" ""
	else
		row "full build, peak memory" "$(pages "$size")" "$(($(med "$f" 4) / 1024)) MB" "" "" ""
	fi
	fl=$(med "$work/inc-floor-$size" 1)
	row "floor: read every source, \`cp -r\` the output" "$(pages "$size")" "$fl s" "" "" ""
	row "full build / floor, wall" "$(pages "$size")" "$(calc %.2f "$(med "$f" 1) / $fl")×" "" "" ""
done
if [ "$small" != "$large" ]; then
	fs="$work/inc-full2-$small" fL="$work/inc-full2-$large"
	per=$(calc %.2f "($(med "$fL" 1) / $pl) / ($(med "$fs" 1) / $ps)")
	row "wall per page, $(pages "$large") / $(pages "$small")" "" "${per}×" "≤ 1.2×" "$(yes_no "$per <= 1.2")" ""
	row "CPU per page, $(pages "$large") / $(pages "$small")" "" "$(calc %.2f "($(med "$fL" cpu) / $pl) / ($(med "$fs" cpu) / $ps)")×" "" "" ""
	row "peak memory, $(pages "$large") / $(pages "$small")" "" "$(calc %.1f "$(med "$fL" 4) / $(med "$fs" 4)")×" \
		"well below $(calc %.0f "$pl / $ps")× (linear)" "" ""
fi
for size in $sizes; do
	n="$work/inc-noop-$size" b="$work/inc-body-$size" t="$work/inc-title-$size"
	nc=$(med "$n" cpu)
	row "no-op rebuild, wall; CPU; written" "$(pages "$size")" "$(med "$n" 1) s; $nc s; $(span <"$n.written")" "≤ 0.5 s" \
		"$(yes_no "$(med "$n" 1) <= 0.5")" ""
	lim=$(calc %.3f "$nc + 0.05")
	row "one page's body edited: CPU; wall; written" "$(pages "$size")" "$(med "$b" cpu) s; $(med "$b" 1) s; $(span <"$b.written")" \
		"CPU ≤ no-op + 50 ms = $lim s" "$(yes_no "$(med "$b" cpu) <= $lim")" ""
	lim=$(calc %.3f "0.05 * $(med "$work/inc-full2-$size" cpu) + $nc")
	row "one page's title edited: CPU; wall; written" "$(pages "$size")" "$(med "$t" cpu) s; $(med "$t" 1) s; $(span <"$t.written")" \
		"CPU ≤ 5 % of a full build + no-op = $lim s" "$(yes_no "$(med "$t" cpu) <= $lim")" ""
done
for size in $sizes; do
	f="$work/inc-reload-skylt-$size"
	target=150
	[ "$size" = "$small" ] || target=300
	hugo_cell=""
	if [ "$size" = "$small" ]; then
		hr=$(reload_summary "$work/inc-reload-hugo")
		case $hr in
		timeout) hugo_cell="hugo server: an edit not seen in $timeout s" ;;
		failed) hugo_cell="hugo server: failed (see above)" ;;
		*) hugo_cell="hugo server: $(commas "${hr% *}") ms; $(commas "${hr#* }") ms" ;;
		esac
	fi
	sr=$(reload_summary "$f")
	if [ "$sr" = timeout ] || [ "$sr" = failed ]; then
		row "serve: save to page, median; max" "$(pages "$size")" \
			"$([ "$sr" = timeout ] && echo "an edit not seen in $timeout s" || echo "failed (see above)")" "≤ $target ms" no "$hugo_cell"
	else
		sig="$(commas "$(awk '$2 != "-" { print $2 }' "$f" | median)") ms"
		[ -n "$(awk '$2 != "-"' "$f")" ] || sig="none"
		row "serve: save to page, median; max (reload signal, median)" "$(pages "$size")" "$(commas "${sr% *}") ms; $(commas "${sr#* }") ms ($sig)" \
			"≤ $target ms" "median $(yes_no "${sr% *} <= $target"), max $(yes_no "${sr#* } <= $target")" "$hugo_cell"
	fi
done
