#!/usr/bin/env bash
# How long 'skylt serve' takes to stop after SIGTERM with a page waiting for
# the next build (the live-reload long poll): whole-process time from the
# signal to its exit, over several runs, min / median / max. The promise is
# half a second; a test would only measure how busy the machine is, so this
# is a benchmark. usage: tests/bench/serve-stop.sh [runs]
set -eu
cd "$(dirname "$0")/../.."
root=$PWD
runs=${1:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/p"
cp -R content templates translations "$work/p/"
times=()
for i in $(seq "$runs"); do
	log="$work/log.$i"
	"$root/build/skylt" serve -C "$work/p" --port 0 2>"$log" &
	pid=$!
	port=""
	for _ in $(seq 300); do
		port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log" | head -n 1)
		[ -n "$port" ] && break
		sleep 0.02
	done
	[ -n "$port" ] || { echo "serve did not start: $(cat "$log")" >&2; kill "$pid"; exit 1; }
	now=$(curl -s "http://127.0.0.1:$port/_skylt/wait")
	curl -s -m 20 "http://127.0.0.1:$port/_skylt/wait?since=$now" >/dev/null 2>&1 &
	sleep 0.2
	t0=$(date +%s%N)
	kill -TERM "$pid"
	wait "$pid" || true
	t1=$(date +%s%N)
	times+=($(( (t1 - t0) / 1000000 )))
	wait || true
done
printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$runs" '
	{ t[NR] = $1 }
	END { printf "skylt serve, SIGTERM to exit with a page waiting: min %d ms, median %d ms, max %d ms (%d runs)\n", t[1], t[int((NR + 1) / 2)], t[NR], runs }'
