# Search (doc/search.md): every query of tests/search/<lang>.tsv through
# 'skylt search' on the shipped site, whose first result must be the page the
# file names; bad input; a project with no built site; then the same queries on
# each language's search page in Chromium, whose results must be the pages
# 'skylt search' printed, in the same order. Sourced by tests/run.sh, whose ok,
# fail, $skylt, $root, $work and $p (the shipped project, built into $p/a) it
# uses.
echo "# search"
sr="$work/search"
rm -rf "$sr"
mkdir -p "$sr"
# The shipped site is in $p/a, not $p/site: '-o a' names it, as for build.
sr_search() { "$skylt" search -C "$p" -o a "$@"; }

# Every answer, whole, for the browser: $sr/answers/<lang>/<n>.q holds the
# query, <n>.out the paths printed; expected.json gathers them.
for f in "$root"/tests/search/*.tsv; do
	code=$(basename "$f" .tsv)
	n=0 bad="" answers="$sr/answers/$code"
	mkdir -p "$answers"
	while IFS=$'\t' read -r q want _; do
		case $q in '' | '#'*) continue ;; esac
		n=$((n + 1))
		out=$(sr_search --lang "$code" "$q" 2>"$sr/err"); rc=$?
		got=$(printf '%s\n' "$out" | head -n 1 | cut -f 1)
		[ -n "$got" ] || got=-
		if [ "$rc" -ne 0 ] || [ -s "$sr/err" ]; then
			bad="$bad$code: '$q': exit $rc: $(head -c 300 "$sr/err")"$'\n'
		elif [ "$got" != "$want" ]; then
			bad="$bad$code: '$q': first '$got', expected '$want'; printed: $(printf '%s' "$out" | head -n 3 | cut -f 1 | tr '\n' ' ')"$'\n'
		fi
		printf '%s' "$q" >"$answers/$n.q"
		printf '%s\n' "$out" | cut -f 1 >"$answers/$n.out"
	done <"$f"
	if [ "$n" -eq 0 ]; then fail "search $code: no queries in $f"
	elif [ -z "$bad" ]; then ok "search $code: $n queries, each with the expected first page"
	else fail "search $code: $(printf '%s' "$bad" | grep -c .) of $n queries wrong" "$bad"; fi
done
sr_json="$sr/expected.json"
node -e '
const fs = require("fs"), path = require("path");
const [dir, out] = process.argv.slice(1), all = {};
for (const c of fs.readdirSync(dir).sort()) {
  const ns = fs.readdirSync(path.join(dir, c)).filter((f) => f.endsWith(".q")).map((f) => +f.slice(0, -2)).sort((a, b) => a - b);
  all[c] = ns.map((n) => ({ q: fs.readFileSync(path.join(dir, c, n + ".q"), "utf8"),
    paths: fs.readFileSync(path.join(dir, c, n + ".out"), "utf8").split("\n").filter(Boolean) }));
}
fs.writeFileSync(out, JSON.stringify(all));' "$sr/answers" "$sr_json"

# Bad input: exit 0 and nothing printed, never a crash or a sanitizer report
# (exit 99), never the query echoed.
sr_nothing() {
	local what=$1 out rc
	shift
	out=$(sr_search --lang sv "$@" 2>"$sr/err"); rc=$?
	if [ "$rc" -eq 0 ] && [ -z "$out" ] && [ ! -s "$sr/err" ]; then ok "search: $what: exit 0, no result"
	else fail "search: $what: exit $rc, expected 0 and no output" "$(printf '%s\n' "$out" | head -n 5; head -c 500 "$sr/err")"; fi
}
long=$(head -c 10000 /dev/zero | tr '\0' x)
sr_nothing "a query of 10,000 characters" "$long"
sr_nothing "only punctuation" '?!.,;:()[]{}–—«»"'"'"'…/\@#%&*'
sr_nothing "<script>" '<script>'
sr_nothing "U+202E (right-to-left override) alone" $'\u202e'
sr_nothing "a ZWNJ and a soft hyphen alone" $'\u200c\u00ad'
# A long query is cut to its first 1,000 code points, not refused: one word
# repeated to 10,000 characters still finds its page.
long=$(for _ in $(seq 1111); do printf 'flykting '; done)
out=$(sr_search --lang sv "${long% }" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | head -n 1 | cut -f 1)" = sv/begrepp/flykting/ ]; then
	ok "search: 'flykting' repeated to 10,000 characters finds its page"
else fail "search: 'flykting' repeated to 10,000 characters: exit $rc" "$(printf '%s\n' "$out" | head -n 5)"; fi
# The title printed is text, one line: a title with markup characters would
# be printed as it is, and nothing else is.
if out=$(sr_search --lang sv 'Informationsverige.se' 2>&1) &&
	[ "$(printf '%s\n' "$out" | head -n 1)" = "$(printf 'sv/kontakter/informationsverige/\tInformationsverige.se')" ]; then
	ok "search: a result is printed as path, tab, title"
else fail "search: 'Informationsverige.se' printed otherwise" "$out"; fi
# An invalid UTF-8 byte: either no result (the byte becomes U+FFFD, which is
# not a word) or a clear error naming UTF-8, and never a crash.
out=$(sr_search --lang sv $'\xff' 2>"$sr/err"); rc=$?
if [ "$rc" -eq 0 ] && [ -z "$out" ] && [ ! -s "$sr/err" ]; then
	ok "search: an invalid UTF-8 byte alone: exit 0, no result"
elif [ "$rc" -ne 0 ] && [ "$rc" -ne 99 ] && [ -z "$out" ] && grep -qi 'utf-8' "$sr/err"; then
	ok "search: an invalid UTF-8 byte: refused with an error (exit $rc): $(head -n 1 "$sr/err")"
else fail "search: an invalid UTF-8 byte: exit $rc" "$(printf '%s\n' "$out" | head -n 3; head -c 500 "$sr/err")"; fi
# A valid word beside the invalid byte is still searched when the byte is
# accepted: the byte is no word, 'flykting' is.
out=$(sr_search --lang sv $'flykting \xff' 2>"$sr/err"); rc=$?
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | head -n 1 | cut -f 1)" = sv/begrepp/flykting/ ]; then
	ok "search: an invalid UTF-8 byte after a word: the word is searched"
elif [ "$rc" -ne 0 ] && [ "$rc" -ne 99 ] && [ -z "$out" ] && grep -qi 'utf-8' "$sr/err"; then
	ok "search: an invalid UTF-8 byte after a word: refused with an error (exit $rc)"
else fail "search: an invalid UTF-8 byte after a word: exit $rc" "$(printf '%s\n' "$out" | head -n 3; head -c 500 "$sr/err")"; fi

# No built site: a clear error on standard error, nothing on standard
# output, and a non-zero exit that is not a crash.
e="$sr/unbuilt"
project "$root" "$e"
out=$("$skylt" search -C "$e" --lang sv flykting 2>"$sr/err"); rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 99 ] && [ -z "$out" ] && [ "$(wc -l <"$sr/err")" -eq 1 ] &&
	grep -qiE 'error: .*(build|index|site)' "$sr/err"; then
	ok "search: no built site: exit $rc, one clear error: $(cat "$sr/err")"
else fail "search: no built site: exit $rc" "$(printf '%s\n' "$out" | head -n 3; head -c 500 "$sr/err")"; fi
out=$("$skylt" search -C "$e" -o missing --lang sv flykting 2>"$sr/err"); rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 99 ] && [ -z "$out" ] && [ -s "$sr/err" ]; then ok "search: -o names a folder that does not exist: exit $rc"
else fail "search: -o with a missing folder: exit $rc" "$(head -c 500 "$sr/err")"; fi

# The same queries in the browser, on <lang>/sok/?q=…: the same pages in the
# same order as 'skylt search'.
sr_out=$(node "$root/tests/browser/search-compare.mjs" "$p/a" "$sr_json" 2>&1)
printf '%s\n' "$sr_out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
sr_line=$(printf '%s\n' "$sr_out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
if [ -n "$sr_line" ]; then
	passed=$((passed + ${sr_line%% passed*}))
	sr_f=${sr_line##*, }
	failed=$((failed + ${sr_f%% failed}))
else fail "search in the browser printed no totals"; fi
