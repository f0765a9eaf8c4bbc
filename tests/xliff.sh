# The translation hand-off (skylt xliff): sourced by tests/run.sh, which
# defines ok, fail, project, $skylt, $root and $work.
echo "# translation hand-off (XLIFF)"
xs="$root/tests/schema/xliff_core_2.0.xsd"
x="$work/xliff"; project "$root" "$x"
(cd "$x" && git init -q . && git add -A content) >/dev/null 2>&1
cp -R "$x/content" "$work/xliff-before"

# Every language of the shipped site, each file valid XLIFF 2.0.
if out=$("$skylt" xliff export -C "$x" 2>&1); then ok "xliff export of every language"
else fail "xliff export of every language" "$out"; fi
n=0 bad=""
for f in "$x"/xliff/*.xlf; do
	n=$((n + 1))
	v=$(xmllint --noout --nonet --schema "$xs" "$f" 2>&1) || bad="$bad$v"$'\n'
done
if [ "$n" -eq 9 ] && [ -z "$bad" ]; then ok "all 9 XLIFF files are valid against the XLIFF 2.0 core schema"
else fail "XLIFF files against the schema ($n files)" "$(printf '%s\n' "$bad" | head -n 20)"; fi
# Every shipped page has its units, each with its translation as target.
units=$(grep -c '<unit ' "$x/xliff/ar.xlf")
targets=$(grep -c '<target>' "$x/xliff/ar.xlf")
files=$(grep -c '<file ' "$x/xliff/ar.xlf")
pages=$(find "$root/content/sv" -name '*.md' | wc -l)
if [ "$files" -eq "$pages" ] && [ "$units" -gt 200 ] && [ "$units" -eq "$targets" ] &&
	grep -q '<source><pc id="1" dataRefStart="d1" dataRefEnd="d2">Kommunen</pc> ordnar' "$x/xliff/ar.xlf" &&
	grep -q '<data id="d2">](ansvar/kommunen.md)</data>' "$x/xliff/ar.xlf"; then
	ok "ar: $pages pages, $units units, every one with a target; a link is a <pc> whose data is its Markdown"
else fail "ar export" "files $files, units $units, targets $targets"; fi

# Round trip: importing what was exported changes no byte (all nine files
# in one command), also where a tool laid out the text's whitespace anew.
cp "$x/xliff/en.xlf" "$work/en-exported.xlf"
perl -pi -e 's{(<target>[^<]*?) }{$1\n    }' "$x/xliff/en.xlf"
out=$("$skylt" xliff import -C "$x" "$x"/xliff/*.xlf 2>&1); rc=$?
if [ "$rc" -eq 0 ] && d=$(diff -r "$work/xliff-before" "$x/content") &&
	[ "$(printf '%s\n' "$out" | grep -c '; 0 files written$')" -eq 9 ]; then
	ok "export and import unchanged: every shipped page byte for byte as it was"
else fail "round trip" "$(printf '%s\n%s\n' "$out" "${d:-}" | head -n 30)"; fi

cp "$work/en-exported.xlf" "$x/xliff/en.xlf"

# A translated target changes the page exactly there, and makes it current.
# (Only the body is compared line by line: the front matter's 'source:' may
# already have been current.)
en="$x/xliff/en.xlf" page="$x/content/en/ansvar/kommunen.md"
sed -i 's/Each municipality has its own politicians and its own staff\./Each municipality has its own elected politicians and its own staff./' "$en"
out=$("$skylt" xliff import -C "$x" "$en" 2>&1); rc=$?
xliff_body() { sed '1,/^---$/d' "$1"; }
# The paragraph may be wrapped anew: compare its words.
xliff_words() { xliff_body "$1" | tr '\n' ' ' | tr -s ' '; }
d=$(diff <(xliff_words "$work/xliff-before/en/ansvar/kommunen.md" | sed 's/its own politicians and its own staff\./its own elected politicians and its own staff./') <(xliff_words "$page"))
blob=$(cd "$x" && git hash-object content/sv/ansvar/kommunen.md)
if [ "$rc" -eq 0 ] && [ -z "$d" ] && ! diff -q <(xliff_body "$work/xliff-before/en/ansvar/kommunen.md") <(xliff_body "$page") >/dev/null &&
	grep -qE "^source: $blob [0-9a-f]{16}\$" "$page" &&
	[ "$(sed -n '/^---$/,/^---$/p' "$work/xliff-before/en/ansvar/kommunen.md" | grep -v '^source:')" = "$(sed -n '/^---$/,/^---$/p' "$page" | grep -v '^source:')" ] &&
	[ -z "$(diff -r -x kommunen.md "$work/xliff-before" "$x/content")" ] &&
	"$skylt" status -C "$x" >/dev/null 2>&1; then
	ok "import of one changed target: that sentence and 'source:' change, nothing else, and 'skylt status' finds every page current"
else fail "import of a changed target" "$(printf '%s\n--\n%s\n' "$out" "$d")"; fi

# A source that changed since the export: refused, with the unit's line,
# and no file is touched.
sed -i 's/^Sverige är indelat i kommuner\./Sverige består av kommuner./' "$x/content/sv/ansvar/kommunen.md"
sed -i 's/its own elected politicians/its elected politicians/' "$en"
before=$(cd "$x/content" && find . -type f -exec sha256sum {} + | sort)
out=$("$skylt" xliff import -C "$x" "$en" 2>&1); rc=$?
after=$(cd "$x/content" && find . -type f -exec sha256sum {} + | sort)
if [ "$rc" -eq 1 ] && [ "$before" = "$after" ] &&
	printf '%s\n' "$out" | grep -qE "en\.xlf:[0-9]+: error: unit 'p1' of 'content/sv/ansvar/kommunen.md': the source no longer says this" &&
	printf '%s\n' "$out" | grep -q "none of its pages was written"; then
	ok "a unit whose source changed since the export: refused at its line, nothing written"
else fail "refusing a changed source (exit $rc)" "$out"; fi
cp "$work/xliff-before/sv/ansvar/kommunen.md" "$x/content/sv/ansvar/kommunen.md"

# A target that lost a link, and a file for another language: refused.
before=$(cd "$x/content" && find . -type f -exec sha256sum {} + | sort)
"$skylt" xliff export -C "$x" --lang ar -q
ar="$x/xliff/ar.xlf"
cp "$ar" "$work/ar-lost.xlf"
sed -i '0,/<target><pc id="1" dataRefStart="d1" dataRefEnd="d2">البلدية<\/pc>/s//<target>البلدية/' "$work/ar-lost.xlf"
sed -i '0,/<target>البلدية (kommunen)/s//<target>البلدية/' "$work/ar-lost.xlf"
out=$("$skylt" xliff import -C "$x" "$work/ar-lost.xlf" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q "the target lost inline code '1'" &&
	[ "$before" = "$(cd "$x/content" && find . -type f -exec sha256sum {} + | sort)" ]; then
	ok "a target that lost an inline code: refused, nothing written"
else fail "refusing a lost inline code (exit $rc)" "$out"; fi
sed '0,/<unit id="p1"/s//<unit id="p99"/' "$ar" > "$work/ar-id.xlf"
out=$("$skylt" xliff import -C "$x" "$work/ar-id.xlf" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -qE "ar-id\.xlf:[0-9]+: error: unit 'p99' is not a segment of 'content/sv/"; then
	ok "a unit id that names no segment of the page: refused"
else fail "refusing an unknown unit id (exit $rc)" "$out"; fi
sed '0,/<target>[^<]*<\/target>/s//<target> <\/target>/' "$ar" > "$work/ar-empty.xlf"
out=$("$skylt" xliff import -C "$x" "$work/ar-empty.xlf" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q "unit 'title' of 'content/sv/index.md': the target is empty"; then
	ok "an empty target: refused"
else fail "refusing an empty target (exit $rc)" "$out"; fi
sed 's/trgLang="ar"/trgLang="de"/' "$ar" > "$work/ar-de.xlf"
out=$("$skylt" xliff import -C "$x" "$work/ar-de.xlf" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q "trgLang 'de' is no translation language"; then
	ok "a file whose trgLang is no language of the site: refused"
else fail "refusing trgLang (exit $rc)" "$out"; fi

# --changed: only the segments whose source changed since the translation.
# The Swedish page changes, the translator confirms the English page, git
# keeps that Swedish text; then one more sentence changes.
src="$x/content/sv/ansvar/migrationsverket.md"
sed -i 's/^Migrationsverket är den myndighet som prövar/Migrationsverket är myndigheten som prövar/' "$src"
"$skylt" xliff export -C "$x" --lang en -q
sed -i 's/state="initial"/state="translated"/' "$x/xliff/en.xlf"
"$skylt" xliff import -C "$x" -q "$x/xliff/en.xlf"
(cd "$x" && git add -A content) >/dev/null 2>&1
sed -i 's/^Migrationsverket\.$/Migrationsverket, om du ansöker om den./' "$src"
out=$("$skylt" xliff export -C "$x" --lang en --changed 2>&1); rc=$?
f="$x/xliff/en.xlf"
if [ "$rc" -eq 0 ] && [ "$(grep -c '<file ' "$f")" -eq 1 ] && [ "$(grep -c '<unit ' "$f")" -eq 1 ] &&
	grep -q 'original="content/sv/ansvar/migrationsverket.md"' "$f" && grep -q 'Migrationsverket, om du ansöker om den\.</source>' "$f" &&
	xmllint --noout --nonet --schema "$xs" "$f" 2>/dev/null; then
	ok "export --changed after one Swedish sentence changed: that one unit, read against git's copy of the source as translated"
else fail "export --changed (exit $rc)" "$(printf '%s\n' "$out"; head -n 40 "$f")"; fi
# Without the source as translated (no git here, or a 'source:' in the older
# form that names no blob): a warning, and every segment of the stale page.
out=$(GIT_DIR="$work/no-git" "$skylt" xliff export -C "$x" --lang ar --changed 2>&1); rc=$?
f="$x/xliff/ar.xlf"
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q "content/ar/ansvar/migrationsverket.md: warning: cannot read the source as it was translated (.*): every segment of the page is exported" &&
	[ "$(grep -c '<file ' "$f")" -eq 1 ] && [ "$(grep -c '<unit ' "$f")" -gt 3 ]; then
	ok "export --changed without the old source in git: a warning, and the whole stale page"
else fail "export --changed without git's copy (exit $rc)" "$out"; fi

# A page not yet translated: exported without targets, written on import.
rm "$x/content/ru/kontakter/karlstad.md"
"$skylt" xliff export -C "$x" --lang ru -q
f="$x/xliff/ru.xlf"
perl -0pi -e 's{(<file id="kontakter:karlstad.md".*?</file>)}{(my $b = $1) =~ s#<segment>\n(\s*)<source>(.*?)</source>#<segment state="translated">\n$1<source>$2</source>\n$1<target>$2</target>#g; $b}se' "$f"
out=$("$skylt" xliff import -C "$x" "$f" 2>&1); rc=$?
new="$x/content/ru/kontakter/karlstad.md"
if [ "$rc" -eq 0 ] && [ -f "$new" ] && grep -q '^title: Karlstads kommun$' "$new" &&
	grep -q "^source: $(cd "$x" && git hash-object content/sv/kontakter/karlstad.md) " "$new" &&
	grep -q '^Kontaktuppgifter till kommunen finns på webbplatsen\.$' "$new" &&
	! "$skylt" status -C "$x" | grep -q 'content/ru/kontakter/karlstad.md'; then
	ok "a page not translated yet: written from its targets, with a current 'source:'"
else fail "import of a new page (exit $rc)" "$(printf '%s\n' "$out"; cat "$new" 2>/dev/null)"; fi

# A translation whose blocks differ from the source's: no body targets, a
# note, and an unchanged import leaves it as it is.
t="$x/content/uk/om-webbplatsen.md"
printf '\nОдин зайвий абзац.\n' >> "$t"
cp "$t" "$work/uk-before.md"
"$skylt" xliff export -C "$x" --lang uk -q
f="$x/xliff/uk.xlf"
body=$(perl -0ne 'print $1 if /(<file id="om-webbplatsen.md".*?<\/file>)/s' "$f")
if printf '%s\n' "$body" | grep -q "blocks differ from the source" &&
	[ "$(printf '%s\n' "$body" | grep -c '<target>')" -le 2 ] &&
	"$skylt" xliff import -C "$x" -q "$f" && cmp -s "$t" "$work/uk-before.md"; then
	ok "a translation whose blocks differ: exported with a note and no body targets, left as it is by import"
else fail "a misaligned translation" "$body"; fi
