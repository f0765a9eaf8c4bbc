#!/usr/bin/env bash
# 'make fuzz': runs each fuzz target (build/fuzz/fuzz_NAME) for SECONDS, all at
# once and at the lowest priority, from its committed corpus and reproducers.
# New inputs go to build/fuzz/corpus/NAME and crashes to build/fuzz/NAME-*;
# a crash, a timeout or running out of memory is recorded and fuzzing goes on.
# 'run.sh merge NAME...' then minimises what was found into the committed
# corpus (see tests/fuzz/README).
# usage: run.sh SECONDS NAME...   or   run.sh merge NAME...
set -u
cd "$(dirname "$0")/../.."
export SKYLT_ROOT=$PWD
# The targets' scratch sites, and libFuzzer's own folders: a process that
# crashes cannot remove its folder, so they are kept out of /tmp.
export TMPDIR=$PWD/build/fuzz/tmp
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
dicts() {
	case $1 in
	frontmatter | config) echo yaml ;;
	page) echo "markdown yaml" ;;
	strings | template) echo xhtml ;;
	esac
}
if [ "$1" = merge ]; then
	# Inputs up to -max_len, and for the page target up to 2 kB, so that
	# each corpus stays a few hundred kB (2 kB keep 98% of the page
	# target's edges).
	shift
	for t in "$@"; do
		max=16384
		[ "$t" = page ] && max=2048
		new=$(mktemp -d) small=$(mktemp -d)
		find "tests/fuzz/corpus/$t" "build/fuzz/corpus/$t" -type f -size -$((max + 1))c \
			-exec cp {} "$small/" \; 2>/dev/null
		if build/fuzz/fuzz_"$t" -merge=1 -rss_limit_mb=2048 -timeout=30 "$new" "$small" \
			2>"build/fuzz/$t-merge.log"; then
			rm -rf "tests/fuzz/corpus/$t"
			mv "$new" "tests/fuzz/corpus/$t"
			chmod 755 "tests/fuzz/corpus/$t"
			echo "$t: $(ls "tests/fuzz/corpus/$t" | wc -l) inputs, $(du -sk --apparent-size "tests/fuzz/corpus/$t" | cut -f1) kB"
		else
			echo "$t: merge failed, see build/fuzz/$t-merge.log"
			rm -rf "$new"
		fi
		rm -rf "$small"
	done
	exit 0
fi
seconds=$1
shift
stamp="$TMPDIR/started"
touch "$stamp"
pids=""
for t in "$@"; do
	mkdir -p "build/fuzz/corpus/$t"
	dict="build/fuzz/$t.dict"
	: >"$dict"
	for d in $(dicts "$t"); do cat "tests/fuzz/dict/$d.dict" >>"$dict"; done
	nice -n 19 build/fuzz/fuzz_"$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
		-ignore_ooms=1 -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
		-max_len=16384 -dict="$dict" -artifact_prefix="build/fuzz/$t-" \
		"build/fuzz/corpus/$t" "tests/fuzz/corpus/$t" "tests/fuzz/reproducers/$t" \
		>"build/fuzz/$t.log" 2>&1 &
	pids="$pids $!"
	echo "fuzzing $t for $seconds s (log: build/fuzz/$t.log)"
done
wait $pids
status=0
for t in "$@"; do
	last=$(grep -E '^#[0-9]+: cov: ' "build/fuzz/$t.log" | tail -n 1)
	echo "$t: ${last:-no statistics, see build/fuzz/$t.log}"
	for kind in crash leak timeout oom; do
		n=$(find build/fuzz -maxdepth 1 -name "$t-$kind-*" -newer "$stamp" | wc -l)
		if [ "$n" -gt 0 ]; then
			status=1
			echo "  found: $n new $kind inputs, build/fuzz/$t-$kind-*"
		fi
	done
done
exit $status
