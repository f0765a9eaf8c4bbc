#!/usr/bin/env bash
# make bench: builds the shipped site and generated corpora with the release
# build of skylt and prints the median wall time and peak memory of each.
# usage: tests/bench/run.sh [RUNS]   (environment: BENCH_SIZES="10x100 10x1000")
set -eu
cd "$(dirname "$0")/../.."
root=$PWD
runs=${1:-5}
sizes=${BENCH_SIZES:-"10x100 10x1000"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC LC_ALL=C.UTF-8
cc -std=c11 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -o "$work/gencorpus" tests/bench/gencorpus.c
timer=""
[ -x /usr/bin/time ] && timer=/usr/bin/time

# Prints "median_seconds peak_kb" of RUNS builds of project $1.
measure() {
	local dir=$1 times=() mem=0
	"$root/build/skylt" build -q -C "$dir" -o out >/dev/null # warm-up
	for _ in $(seq "$runs"); do
		rm -rf "$dir/out"
		if [ -n "$timer" ]; then
			$timer -f "%e %M" -o "$work/t" "$root/build/skylt" build -q -C "$dir" -o out
			read -r s kb <"$work/t"
		else
			local t0 t1
			t0=$(date +%s.%N)
			"$root/build/skylt" build -q -C "$dir" -o out
			t1=$(date +%s.%N)
			s=$(echo "$t1 - $t0" | bc); kb=0
		fi
		times+=("$s")
		[ "$kb" -gt "$mem" ] && mem=$kb
	done
	local median
	median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	echo "$median $mem"
}

report() {
	local name=$1 pages=$2 dir=$3
	read -r s kb < <(measure "$dir")
	awk -v n="$name" -v p="$pages" -v s="$s" -v kb="$kb" 'BEGIN {
		printf "%-22s %8d files  %7.3f s  %8.1f files/s  %6.1f MB peak\n",
			n, p, s, (s > 0 ? p / s : 0), kb / 1024 }'
}

echo "skylt build, median of $runs runs (fresh output each run), $(nproc) cores"
mkdir -p "$work/shipped"
cp -R content translations templates "$work/shipped/"
report "shipped site" "$(find content -name '*.md' | wc -l)" "$work/shipped"
for size in $sizes; do
	langs=${size%x*}; pages=${size#*x}
	d="$work/corpus-$size"
	"$work/gencorpus" "$d" "$langs" "$pages" 5000
	cp -R translations templates "$d/"
	report "corpus $size x 5 KB" "$((langs * pages))" "$d"
done
