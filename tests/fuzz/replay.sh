# Sourced by tests/run.sh: replays each fuzz target's committed corpus, and
# each of its reproducers on its own, with the sanitizer build
# (build/san/fuzz_NAME: gcc, with tests/fuzz/driver.c as main): a fixed set
# of inputs, never a timed run. No input may crash, trip a sanitizer or leak.
echo "# fuzz corpora and reproducers, replayed under the sanitizers"
replay() {
	local t=$1 what=$2 out rc line p f
	shift 2
	out=$(cd "$root" && SKYLT_ROOT="$root" TMPDIR="$work" "$root/build/san/fuzz_$t" "$@" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [ -z "$line" ]; then
		fail "fuzz_$t $what: crashed (exit $rc)" \
			"$(printf '%s\n' "$out" | grep -E 'ERROR|SUMMARY|^    #[0-9] ' | head -n 20)"
		return
	fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		fail "fuzz_$t $what: $f of $((p + f)) inputs failed (exit $rc)" \
			"$(printf '%s\n' "$out" | grep -E 'replay: .*leaked|ERROR|SUMMARY' | head -n 20)"
	else
		ok "fuzz_$t $what: $p inputs"
	fi
}
for t in frontmatter page config strings template; do
	if [ ! -x "$root/build/san/fuzz_$t" ]; then
		fail "fuzz_$t: no replay binary (make build/san/fuzz_$t)"
		continue
	fi
	replay "$t" corpus "tests/fuzz/corpus/$t"
	for r in "$root/tests/fuzz/reproducers/$t"/*; do
		replay "$t" "reproducer $(basename "$r")" "tests/fuzz/reproducers/$t/$(basename "$r")"
	done
done
