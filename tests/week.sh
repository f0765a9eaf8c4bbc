# An editor's week, walked in a scratch copy of the shipped content kept in
# git, as a small editorial team works: add a Swedish page, change a phone
# number once, change a Swedish sentence, hand the changed text to an Arabic
# translator as XLIFF and take it back, mark an English translation current
# by hand, add a PDF and an image. After each step it asserts what 'skylt
# status' says, what the built pages show, and whether the site's documented
# CI passes where the policy says it should. Sourced by tests/run.sh (ok,
# fail, project, $skylt, $root, $work).
echo "# an editor's week"
wk="$work/week"
project "$root" "$wk"
wk_git() { git -C "$wk" -c user.name=Redaktion -c user.email=redaktion@example.invalid "$@"; }
wk_git init -q && wk_git add -A && wk_git commit -qm "the site as shipped"

# The site's CI, as doc/hosting.md documents it: its check step, taken from
# the example workflow and run in the scratch copy with the sanitizer build.
# Prints the messages (not the summary line); returns the exit status.
wk_check=$(sed -n '/<!-- site-ci: begin -->/,/<!-- site-ci: end -->/p' "$root/doc/hosting.md" |
	sed -n 's|^ *- run: \./build/skylt \(check.*\)$|\1|p')
[ -n "$wk_check" ] || fail "week: no 'skylt check' step in the example workflow of doc/hosting.md"
wk_ci() {
	local out rc
	out=$(cd "$wk" && eval "\"\$skylt\" $wk_check" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -v '^skylt: checked '
	return $rc
}
# The previous build, which a failing check or build must leave as it was.
wk_sums() { (cd "$wk/site" && find . -type f -exec sha256sum {} + | sort); }
# The 'skylt status --json' list named $1 ("stale", "missing", …) for
# language $2.
wk_list() { printf '%s\n' "$("$skylt" status -C "$wk" --json 2>/dev/null)" | grep "\"code\": \"$2\"" | grep -o "\"$1\": \[[^]]*\]" | sed 's/^[^[]*//'; }

out=$(wk_ci); rc=$?
if [ "$rc" -eq 0 ] && [ -z "$out" ] && "$skylt" status -C "$wk" >/dev/null 2>&1; then
	ok "week, Monday morning: the site's CI passes and every translation is current"
else fail "week: the shipped copy is not clean (exit $rc)" "$out"; fi
"$skylt" build -q -C "$wk" >/dev/null 2>&1

# Monday: a new Swedish page, before any translation exists.
cat >"$wk/content/sv/oppettider.md" <<'EOF'
---
title: Öppettider i juli
summary: Servicecentret har andra tider under sommaren.
updated: 2018-06
---
Under juli har servicecentret kortare öppettider. Ring växeln om du är osäker.
EOF
out=$("$skylt" status -C "$wk" 2>&1); rc=$?
n=$(printf '%s\n' "$out" | grep -c '^missing: content/[a-z]*/oppettider.md$')
if [ "$rc" -eq 1 ] && [ "$n" -eq 9 ]; then ok "week, new Swedish page: 'skylt status' lists it as missing in the nine other languages (exit 1)"
else fail "week, new Swedish page: status exit $rc, missing in $n languages" "$out"; fi
out=$(wk_ci); rc=$?
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -c 'warning: .*oppettider')" -ge 1 ]; then
	ok "week, new Swedish page: the site's CI passes, with a warning for the missing translations (default policy)"
else fail "week, new Swedish page: the site's CI (exit $rc)" "$out"; fi
before=$(wk_sums)
cp "$wk/content/site.yaml" "$wk/site.yaml.orig"
printf 'translations: error\n' >>"$wk/content/site.yaml"
out=$(wk_ci); rc=$?
"$skylt" build -q -C "$wk" >/dev/null 2>&1; brc=$?
if [ "$rc" -eq 1 ] && [ "$brc" -eq 1 ] && [ "$before" = "$(wk_sums)" ] &&
	printf '%s\n' "$out" | grep -q '^content/sv/oppettider.md:1:1: error: '; then
	ok "week, new Swedish page: with 'translations: error' the CI fails at the Swedish file and the site stays as it was"
else fail "week, 'translations: error': check exit $rc, build exit $brc" "$out"; fi
mv "$wk/site.yaml.orig" "$wk/content/site.yaml"
"$skylt" build -q -C "$wk" >/dev/null 2>&1
if grep -q 'lang="sv"' "$wk/site/ar/oppettider/index.html" &&
	grep -q 'class="notice"' "$wk/site/ar/oppettider/index.html"; then
	ok "week, new Swedish page: published in Arabic in Swedish, marked lang=\"sv\", with a notice"
else fail "week, new Swedish page: no marked fallback in Arabic"; fi
wk_git add -A && wk_git commit -qm "Öppettider i juli"

# Tuesday: the switchboard gets a new number, changed in one file. The
# number is from the range set aside for fiction, and never published.
sv=content/sv/kontakter/karlskoga.md
sed -i 's/+4658662200/+46701740605/; s/0586-622 00/070-174 06 05/' "$wk/$sv"
stale=$(for c in en ar fa prs so ti ru uk ckb; do wk_list stale "$c"; done | grep -c 'karlskoga')
ci=$(wk_ci); rc=$?
"$skylt" build -q -C "$wk" >/dev/null 2>&1
page="$wk/site/ar/kontakter/karlskoga/index.html"
if [ "$stale" -eq 0 ] && [ "$rc" -eq 0 ] && ! printf '%s\n' "$ci" | grep -q karlskoga &&
	grep -q 'href="tel:+46701740605"' "$page" && ! grep -q '+4658662200' "$page" &&
	grep -q 'tel:+46701740605' "$wk/site/ti/kontakter/karlskoga/karlskoga.vcf"; then
	ok "week, new phone number: one edit in Swedish, every language shows it, no translation turns stale"
else fail "week, new phone number: $stale stale, Arabic page: $(grep -o 'tel:[+0-9]*' "$page" | tr '\n' ' ')"; fi
# A translator who copies the old number into Arabic is stopped at the line.
ar=content/ar/kontakter/karlskoga.md
cp "$wk/$ar" "$wk/ar.orig"
sed -i 's/^  - {label: المقسم الآلي}$/  - {number: "+4658662200", label: المقسم الآلي}/' "$wk/$ar"
out=$(wk_ci); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q "^$ar:[0-9]*:[0-9]*: error: 'number' of phone 2 is '+4658662200' here but '+46701740605' in '$sv'"; then
	ok "week, new phone number: an old number left in Arabic fails the CI at its line"
else fail "week, an old number in Arabic: exit $rc" "$out"; fi
mv "$wk/ar.orig" "$wk/$ar"
wk_git add -A && wk_git commit -qm "Karlskoga: new switchboard number"

# Wednesday: a Swedish sentence changes. Every translation of the page is
# stale, and a translator can see what changed.
sv=content/sv/ansvar/kommunen.md
sed -i 's/^och egen personal\./och egen personal. Kommunen har också en egen webbplats./' "$wk/$sv"
n=$(for c in en ar fa prs so ti ru uk ckb; do wk_list stale "$c"; done | grep -c 'ansvar/kommunen.md')
out=$(wk_ci); rc=$?
if [ "$n" -eq 9 ] && [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^content/ar/ansvar/kommunen.md:[0-9]*:[0-9]*: warning: '; then
	ok "week, changed sentence: stale in all nine languages; the CI passes with a warning at each translation"
else fail "week, changed sentence: stale in $n languages, CI exit $rc" "$out"; fi
out=$("$skylt" status -C "$wk" --diff ar/ansvar/kommunen.md 2>&1); rc=$?
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -qx -- '-och egen personal. Det är kommunen där du bor som hjälper dig.' &&
	printf '%s\n' "$out" | grep -qx -- '+och egen personal. Kommunen har också en egen webbplats. Det är kommunen där du bor som hjälper dig.'; then
	ok "week, changed sentence: 'skylt status --diff' shows the Swedish text then and now"
else fail "week, status --diff (exit $rc)" "$out"; fi
wk_git add -A && wk_git commit -qm "Kommunen: the web site"

# Thursday: the changed text goes to the Arabic translator as XLIFF, and
# comes back translated.
x="$work/week-xliff"
out=$("$skylt" xliff export -C "$wk" --lang ar --changed -o "$x" 2>&1); rc=$?
units=$(grep -c '<unit ' "$x/ar.xlf" 2>/dev/null)
if [ "$rc" -eq 0 ] && [ "$(grep -c '<file ' "$x/ar.xlf")" -eq 2 ] &&
	grep -q '<source>Sverige är indelat i kommuner. En kommun är ett område med en eller flera orter, till exempel en stad och byarna runt omkring. Varje kommun har egna politiker och egen personal. Kommunen har också en egen webbplats. Det är kommunen där du bor som hjälper dig.</source>' "$x/ar.xlf" &&
	grep -q 'original="content/sv/oppettider.md"' "$x/ar.xlf" && ! grep -q 'karlskoga' "$x/ar.xlf" &&
	xmllint --noout --nonet --schema "$root/tests/schema/xliff_core_2.0.xsd" "$x/ar.xlf" 2>/dev/null; then
	ok "week, hand-off: 'xliff export --changed' has the changed paragraph and the new page ($units units), valid XLIFF 2.0"
else fail "week, xliff export --changed (exit $rc)" "$out $(cat "$x/ar.xlf" 2>/dev/null | head -40)"; fi
python3 - "$x/ar.xlf" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("لكل بلدية سياسيوها وموظفوها.",
              "لكل بلدية سياسيوها وموظفوها. وللبلدية أيضاً موقعها الإلكتروني الخاص.", 1)
s = s.replace('<segment state="initial">', '<segment state="translated">')
for sv, ar in [("Öppettider i juli", "مواعيد العمل في يوليو"),
               ("Servicecentret har andra tider under sommaren.", "لمركز الخدمة مواعيد أخرى في الصيف."),
               ("Under juli har servicecentret kortare öppettider. Ring växeln om du är osäker.",
                "في يوليو تكون مواعيد عمل مركز الخدمة أقصر. اتصل بالمقسم إن لم تكن متأكداً.")]:
    s = s.replace("<source>%s</source>" % sv, "<source>%s</source>\n        <target>%s</target>" % (sv, ar))
open(p, "w", encoding="utf-8").write(s)
EOF
out=$("$skylt" xliff import -C "$wk" "$x/ar.xlf" 2>&1); rc=$?
changed=$(wk_git status --porcelain | awk '{print $2}' | sort | tr '\n' ' ')
"$skylt" build -q -C "$wk" >/dev/null 2>&1
if [ "$rc" -eq 0 ] && [ "$changed" = "content/ar/ansvar/kommunen.md content/ar/oppettider.md " ] &&
	[ "$(wk_list stale ar)" = "[]" ] && [ "$(wk_list missing ar)" = "[]" ] &&
	tr '\n' ' ' <"$wk/site/ar/ansvar/kommunen/index.html" | grep -q 'وللبلدية أيضاً موقعها الإلكتروني الخاص' &&
	! grep -q 'class="notice"' "$wk/site/ar/ansvar/kommunen/index.html" &&
	grep -q '<h1[^>]*>مواعيد العمل في يوليو</h1>' "$wk/site/ar/oppettider/index.html"; then
	ok "week, hand-off: 'xliff import' writes the two Arabic pages, both current, published without a notice"
else fail "week, xliff import (exit $rc; changed: $changed)" "$out"; fi
# The changed Arabic file differs from the week's start in the sentence and
# its 'source:' line only (the import may wrap the paragraph anew, so the
# text is compared with its line breaks as spaces).
wk_words() { awk 'n >= 2; /^---$/ { n++ }' | tr '\n' ' ' | tr -s ' '; }
wk_front() { awk '/^---$/ { n++ } n < 2' | grep -v '^source: '; }
ar_before=$(wk_git show HEAD:content/ar/ansvar/kommunen.md)
d=$(wk_git diff -U0 content/ar/ansvar/kommunen.md | grep '^[-+]source: ' | wc -l)
if [ "$d" -eq 2 ] && [ "$(printf '%s\n' "$ar_before" | wk_front)" = "$(wk_front <"$wk/content/ar/ansvar/kommunen.md")" ] &&
	[ "$(printf '%s\n' "$ar_before" | wk_words | sed 's/لكل بلدية سياسيوها وموظفوها\./لكل بلدية سياسيوها وموظفوها. وللبلدية أيضاً موقعها الإلكتروني الخاص./')" = "$(wk_words <"$wk/content/ar/ansvar/kommunen.md")" ]; then
	ok "week, hand-off: the Arabic page changed in its sentence and 'source:', nothing else"
else fail "week, the Arabic file's diff" "$(wk_git diff content/ar/ansvar/kommunen.md)"; fi
# An English translator edits the file by hand, then marks it current.
en=content/en/ansvar/kommunen.md
sed -i 's/its own staff\./its own staff. The municipality also has its own website./' "$wk/$en"
out=$("$skylt" status -C "$wk" --mark "$en" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && ! wk_list stale en | grep -q 'ansvar/kommunen.md' &&
	[ "$(wk_git diff --numstat "$en" | cut -f1,2)" = "$(printf '2\t2')" ]; then
	ok "week, by hand: 'skylt status --mark' makes the checked English page current; the file differs only in the translator's sentence and 'source:'"
else fail "week, status --mark (exit $rc)" "$out $(wk_git diff "$en")"; fi
wk_git add -A && wk_git commit -qm "Translations of Wednesday's change"

# Friday: a form as a PDF and a map as an image, beside the Markdown.
if command -v vips >/dev/null 2>&1; then
	vips black "$wk/content/sv/kommuner/karta.png" 1200 600
	printf '%%PDF-1.4\n%%%%EOF\n' >"$wk/content/sv/kommuner/blankett.pdf"
	truncate -s 240000 "$wk/content/sv/kommuner/blankett.pdf"
	printf '\n![Karta över kommunerna](karta.png)\n\nFyll i [blanketten](blankett.pdf).\n' >>"$wk/content/sv/kommuner/index.md"
	# The Arabic translator links the same form: the Swedish folder has it.
	printf '\nاملأ [الاستمارة](blankett.pdf).\n' >>"$wk/content/ar/kommuner/index.md"
	out=$(wk_ci); rc=$?
	"$skylt" build -q -C "$wk" >/dev/null 2>&1
	sv_page="$wk/site/sv/kommuner/index.html" ar_page="$wk/site/ar/kommuner/index.html"
	img=$(grep -o '<img [^>]*>' "$sv_page" | head -n 1)
	if [ "$rc" -eq 0 ] && printf '%s' "$img" | grep -q 'width="1200" height="600"' &&
		printf '%s' "$img" | grep -q 'srcset="[^"]*480w' &&
		grep -q 'href="../../media/blankett\.[0-9a-f]\{16\}\.pdf"' "$sv_page" &&
		grep -q '(PDF, 240 kB)' "$sv_page" && grep -q 'كيلوبايت' "$ar_page" &&
		ls "$wk"/site/media/karta.*.png >/dev/null 2>&1; then
		ok "week, a PDF and an image: hashed names, width and height, srcset, and the document's type and size in Swedish and Arabic"
	else fail "week, a PDF and an image (CI exit $rc)" "$out $img $(grep -o '([^)]*kB)\|([^)]*كيلوبايت)' "$sv_page" "$ar_page")"; fi
else
	fail "week: the vips command (Debian's libvips-tools) is needed for the image step"
fi
out=$(wk_ci); rc=$?
n=$(printf '%s\n' "$out" | grep -c '^content/[a-z]*/ansvar/kommunen.md:[0-9]*:[0-9]*: warning: ')
if [ "$rc" -eq 0 ] && [ "$n" -eq 7 ]; then ok "week, Friday: the site's CI passes, with a warning for each of the seven translations still to do"
else fail "week, Friday: the site's CI: exit $rc, $n warnings for the page" "$out"; fi
