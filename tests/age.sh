# The age of facts: the date line says what its date is, a page whose facts
# are older than site.yaml's age_notice gets a notice with a link to ask, a
# saved vCard carries the date, and the contact directory is grouped by org.
# The build date is set with SOURCE_DATE_EPOCH. Sourced by tests/run.sh,
# whose ok, fail, project, $skylt, $root, $work and $p (the shipped project,
# built into $p/a) it uses.
echo "# the age of facts"
ag_fx="$root/tests/fixtures/age"
# 2021-03-02 00:00:00 UTC: three years and a day after 2018-03-01.
ag_day=1614643200

# A fresh copy of the fixture in $work/age-$1.
ag_copy() {
	local d="$work/age-$1"
	rm -rf "$d"
	project "$ag_fx" "$d"
	printf '%s\n' "$d"
}
# The messages of a build, but for the UI strings that only Swedish has yet
# (the translators add them).
ag_msgs() { printf '%s\n' "$1" | grep -v "warning: no translation of '\(age_notice\|age_check\|age_authority\|org_[a-z]*\)'" | grep -v '^$'; }
# The age notice of a built page: the line after its date line.
ag_notice() { grep -A1 '^<p class="updated">' "$1" | sed -n '2p' | grep '^<p class="notice age"'; }

a=$(ag_copy main)
out=$(SOURCE_DATE_EPOCH=$ag_day "$skylt" build -q -C "$a" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && [ -z "$(ag_msgs "$out")" ]; then ok "age: the fixture builds with SOURCE_DATE_EPOCH set"
else fail "age: the fixture does not build cleanly (exit $rc)" "$out"; fi
s="$a/site"

# 1. The date line.
if grep -qxF '<p class="updated">Uppgifterna gäller: <time datetime="2018-03-01">1 mars 2018</time></p>' "$s/sv/index.html"; then
	ok "age: the Swedish date line says 'Uppgifterna gäller'"
else fail "age: the Swedish date line" "$(grep 'class="updated"' "$s/sv/index.html")"; fi
if grep -q '<unit id="updated"><segment><source>Uppgifterna gäller</source><target>Uppgifterna gäller</target>' "$root/translations/sv.xlf"; then
	ok "age: sv.xlf says 'Uppgifterna gäller', in its source and target"
else fail "age: the 'updated' string in sv.xlf" "$(grep -h 'id="updated"' "$root/translations/sv.xlf")"; fi

# 2. The notice, under the date line, exactly when the facts are more than
# three years older than the build date.
want='<p class="notice age" role="note">Reglerna kan ha ändrats sedan dess. Kontrollera med <a href="kontakter/">myndigheten</a> vad som gäller i dag.</p>'
if [ "$(ag_notice "$s/sv/index.html")" = "$want" ]; then ok "age: an old page has the notice right under its date line"
else fail "age: the notice of sv/index.html" "$(grep -A1 'class="updated"' "$s/sv/index.html")"; fi
n_old=$(ag_notice "$s/sv/artal/index.html")
n_exact=$(grep -c 'class="notice age"' "$s/sv/exakt/index.html")
n_new=$(grep -c 'class="notice age"' "$s/sv/ny/index.html")
n_none=$(grep -c 'class="notice age"' "$s/sv/odaterad/index.html")
if [ -n "$n_old" ] && [ "$n_exact" -eq 0 ] && [ "$n_new" -eq 0 ] && [ "$n_none" -eq 0 ]; then
	ok "age: 2018 (a year, 1 January) is old, 2018-03-02 (exactly three years) is not, nor 2020-06 or no date"
else fail "age: which pages are old" "artal: $n_old; exakt: $n_exact; ny: $n_new; odaterad: $n_none"; fi
# The six old pages (the start page, artal, ansvar/kommunen, ansvar/verket,
# kontakter/servicecenter and kontakter/verket) in each of 3 languages.
n=$(grep -rl 'class="notice age"' "$s" --include=index.html | wc -l)
if [ "$n" -eq 18 ]; then ok "age: the 6 old pages have the notice in all 3 languages (18 pages)"
else fail "age: $n pages have the notice, expected 18" "$(grep -rl 'class="notice age"' "$s" --include=index.html)"; fi

# 3. Whom to ask: the page's own contact page (its title in the reader's
# language, marked when it is Swedish), a contact's own web site, else the
# page age_notice names; an authority's web site is not a contact.
want_sv='Kontrollera med <a href="../../kontakter/servicecenter/">Servicecenter</a> vad'
want_en='<a href="../../kontakter/servicecenter/">Service centre</a>'
want_ar='<a href="../../kontakter/servicecenter/" lang="sv" dir="ltr">Servicecenter</a>'
if ag_notice "$s/sv/ansvar/kommunen/index.html" | grep -qF "$want_sv" &&
	ag_notice "$s/en/ansvar/kommunen/index.html" | grep -qF "$want_en" &&
	ag_notice "$s/ar/ansvar/kommunen/index.html" | grep -qF "$want_ar"; then
	ok "age: a page with a contact page links to it, titled in the reader's language or marked lang=sv"
else fail "age: the link to the page's own contact page" "$(grep -h 'notice age' "$s"/*/ansvar/kommunen/index.html)"; fi
if ag_notice "$s/sv/kontakter/servicecenter/index.html" | grep -qF 'Kontrollera med <a href="https://prov.example/" dir="ltr">prov.example</a> vad' &&
	ag_notice "$s/ar/kontakter/servicecenter/index.html" | grep -qF '<a href="https://prov.example/" dir="ltr">prov.example</a>'; then
	ok "age: a contact page with a web address links to it, left to right"
else fail "age: the link of a contact page with web" "$(grep -h 'notice age' "$s"/*/kontakter/servicecenter/index.html)"; fi
if ag_notice "$s/sv/kontakter/verket/index.html" | grep -qF 'Kontrollera med <a href="../">myndigheten</a> vad' &&
	ag_notice "$s/en/kontakter/verket/index.html" | grep -qF '<a href="../">the right authority</a>' &&
	ag_notice "$s/sv/ansvar/verket/index.html" | grep -qF 'Kontrollera med <a href="../../kontakter/">myndigheten</a> vad'; then
	ok "age: otherwise age_notice's page, named by the UI string age_authority in the reader's language (an authority's web site is not whom to ask)"
else fail "age: the link to age_notice's contact page" "$(grep -h 'notice age' "$s"/*/kontakter/verket/index.html "$s"/sv/ansvar/verket/index.html)"; fi

# 4. Word order: the link goes where the language puts {0}; a text without
# {0} is followed by it.
b=$(ag_copy order)
# English words of the test's own (the translators' units, if any, go).
sed -i -e '/<unit id="age_\(notice\|check\)">/d' -e 's|</file>|<unit id="age_notice"><segment><source>Reglerna kan ha ändrats sedan dess.</source><target>The rules may have changed since.</target></segment></unit>\n<unit id="age_check"><segment><source>Kontrollera med {0} vad som gäller i dag.</source><target>{0} can tell you what applies today.</target></segment></unit>\n</file>|' "$b/translations/en.xlf"
# The Swedish file is read by its <source>.
sed -i 's|>Kontrollera med {0} vad som gäller i dag.<|>Fråga {0}<|g' "$b/translations/sv.xlf"
SOURCE_DATE_EPOCH=$ag_day "$skylt" build -q -C "$b" >/dev/null 2>&1
if [ "$(ag_notice "$b/site/en/index.html")" = '<p class="notice age" role="note">The rules may have changed since. <a href="kontakter/">the right authority</a> can tell you what applies today.</p>' ] &&
	ag_notice "$b/site/sv/index.html" | grep -qF 'sedan dess. Fråga <a href="kontakter/">myndigheten</a></p>'; then
	ok "age: the link stands where {0} is, first or last"
else fail "age: {0} at the start or the end" "$(ag_notice "$b/site/en/index.html") $(ag_notice "$b/site/sv/index.html")"; fi
sed -i 's|>Fråga {0}<|>Fråga här:<|g' "$b/translations/sv.xlf"
SOURCE_DATE_EPOCH=$ag_day "$skylt" build -q -C "$b" >/dev/null 2>&1
if ag_notice "$b/site/sv/index.html" | grep -qF 'sedan dess. Fråga här: <a href="kontakter/">myndigheten</a></p>'; then
	ok "age: a text without {0} is followed by the link"
else fail "age: a text without {0}" "$(ag_notice "$b/site/sv/index.html")"; fi
sed -i 's|>Fråga här:<|>Fråga {1}<|g' "$b/translations/sv.xlf"
out=$(SOURCE_DATE_EPOCH=$ag_day "$skylt" build -q -C "$b" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -qE "^translations/sv.xlf:[0-9]+: error: unit 'age_check' may use only \{0\}, written as it is \(it becomes a link\)$"; then
	ok "age: age_check may hold only {0}"
else fail "age: age_check with {1} (exit $rc)" "$out"; fi

# 5. The build date: SOURCE_DATE_EPOCH (reproducible), and a rebuild on
# another day is another build even when no file changed.
c=$(ag_copy dates)
SOURCE_DATE_EPOCH=1614556800 "$skylt" build -q -C "$c" -o one >/dev/null 2>&1   # 2021-03-01
SOURCE_DATE_EPOCH=1614556800 "$skylt" build -q -C "$c" -o two >/dev/null 2>&1
if [ -d "$c/one" ] && diff -r "$c/one" "$c/two" >/dev/null && ! grep -q 'class="notice age"' "$c/one/sv/index.html" &&
	grep -q 'class="notice age"' "$c/one/sv/artal/index.html"; then
	ok "age: two builds with the same SOURCE_DATE_EPOCH are identical; on 2021-03-01 2018-03-01 is not old yet"
else fail "age: builds with SOURCE_DATE_EPOCH=2021-03-01" "$(diff -r "$c/one" "$c/two" | head)"; fi
out=$(SOURCE_DATE_EPOCH=$ag_day "$skylt" build -C "$c" -o one 2>&1)
if grep -q 'class="notice age"' "$c/one/sv/index.html" && ! printf '%s' "$out" | grep -q "nothing changed"; then
	ok "age: a rebuild on a later day adds the notices that are due, though no file changed"
else fail "age: a rebuild on another day" "$out"; fi
out=$(SOURCE_DATE_EPOCH=$ag_day "$skylt" build -C "$c" -o one 2>&1)
if printf '%s' "$out" | grep -q "nothing changed since the last build"; then
	ok "age: a rebuild on the same day with nothing changed stops at once"
else fail "age: a rebuild on the same day" "$out"; fi
out=$(SOURCE_DATE_EPOCH=yesterday "$skylt" build -q -C "$c" -o three 2>&1); rc=$?
if [ "$rc" -eq 1 ] && [ ! -e "$c/three" ] &&
	printf '%s\n' "$out" | grep -qxF "SOURCE_DATE_EPOCH: error: 'yesterday' is not a whole number of seconds since 1970-01-01 (unset it to date the build by the clock)"; then
	ok "age: a SOURCE_DATE_EPOCH that is not a number of seconds is an error"
else fail "age: SOURCE_DATE_EPOCH=yesterday (exit $rc)" "$out"; fi
out=$(env -u SOURCE_DATE_EPOCH "$skylt" build -q -C "$c" -o today 2>&1)
if grep -q 'class="notice age"' "$c/today/sv/index.html" && grep -q 'class="notice age"' "$c/today/sv/exakt/index.html"; then
	ok "age: without SOURCE_DATE_EPOCH the build is dated today"
else fail "age: a build dated by the clock" "$out"; fi

# 6. Without age_notice, no notice; with a wrong one, an error at its place.
d=$(ag_copy off)
sed -i '/^age_notice:/d' "$d/content/site.yaml"
out=$(SOURCE_DATE_EPOCH=$ag_day "$skylt" build -q -C "$d" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && ! grep -rq 'notice age' "$d/site" --include='*.html'; then ok "age: without age_notice in site.yaml, no page has the notice"
else fail "age: without age_notice (exit $rc)" "$out"; fi
sed -i 's/^translations: ignore$/translations: ignore\nage_notice: {years: 3, contact: kontakter\/servicecentret}/' "$d/content/site.yaml"
out=$(SOURCE_DATE_EPOCH=$ag_day "$skylt" build -q -C "$d" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -qxF "content/site.yaml:11:33: error: age_notice contact page 'kontakter/servicecentret.md' does not exist (did you mean 'kontakter/servicecenter'?)"; then
	ok "age: an age_notice contact page that does not exist is an error at its place in site.yaml"
else fail "age: a missing age_notice contact page (exit $rc)" "$out"; fi
sed -i 's/^age_notice: .*/age_notice: {years: drei, contact: kontakter}/' "$d/content/site.yaml"
out=$("$skylt" check -q -C "$d" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -qxF "content/site.yaml:11:21: error: 'years' in 'age_notice' must be a whole number from 1 to 100, not 'drei'"; then
	ok "age: age_notice's years must be a whole number"
else fail "age: age_notice years: drei (exit $rc)" "$out"; fi

# 7. The vCard carries the date: REV from a full date, NOTE as the page
# shows the date line in the vCard's language.
# The 'updated' label of a language, as its .xlf says it today.
ag_label() { sed -n 's|.*<unit id="updated">.*<target>\(.*\)</target>.*|\1|p' "$a/translations/$1.xlf"; }
v="$s/sv/kontakter/servicecenter/servicecenter.vcf"
if grep -qx $'REV:20180301T000000Z\r' "$v" && grep -qx $'NOTE:Uppgifterna gäller: 1 mars 2018\r' "$v" &&
	grep -qxF "NOTE:$(ag_label en): March 1\\, 2018"$'\r' "$s/en/kontakter/servicecenter/servicecenter.vcf" &&
	grep -qxF "NOTE:$(ag_label ar): ١ مارس ٢٠١٨"$'\r' "$s/ar/kontakter/servicecenter/servicecenter.vcf"; then
	ok "age: a vCard has REV and the page's date line as NOTE, in its language, escaped"
else fail "age: REV and NOTE in the vCards" "$(cat "$v" "$s/en/kontakter/servicecenter/servicecenter.vcf")"; fi
v="$s/sv/kontakter/verket/verket.vcf"
if ! grep -q '^REV:' "$v" && grep -qx $'NOTE:Uppgifterna gäller: 2016\r' "$v" &&
	! grep -q '^NOTE:' "$s/sv/kontakter/vard/vard.vcf"; then
	ok "age: a year gives no REV but a NOTE; no date, neither"
else fail "age: a vCard with a year or no date" "$(cat "$v" "$s/sv/kontakter/vard/vard.vcf")"; fi

# 8. The contact directory: groups in the fixed order, each in the folder's
# order; contacts without org last, under no heading.
nav=$(sed -n '/<nav class="children"/,/<\/nav>/p' "$s/sv/kontakter/index.html" | grep -E '^<(h2|li)>' | sed -E 's/^<li><a href="([^"]*)".*/\1/')
want=$(printf '%s\n' '<h2>Myndigheter</h2>' lan/ verket/ '<h2>Kommuner</h2>' servicecenter/ '<h2>Vård</h2>' vard/ \
	'<h2>Information på ditt språk</h2>' sprak/ annan/)
last=$(sed -n '/<nav class="children"/,/<\/nav>/p' "$s/sv/kontakter/index.html" | tail -n 4 | tr -d '\n')
if [ "$nav" = "$want" ] && [ "$last" = '<ul><li><a href="annan/">Annan kontakt</a> – Utan sort.</li></ul></nav>' ] &&
	! grep -q '<h2>Sidor i det här avsnittet</h2>' "$s/sv/kontakter/index.html"; then
	ok "age: the contact directory lists authorities, municipalities, health, information, then contacts without org"
else fail "age: the contact directory" "$(sed -n '/<nav class="children"/,/<\/nav>/p' "$s/sv/kontakter/index.html")"; fi
if grep -qF '<li><a href="servicecenter/">Service centre</a> – The way into the municipality.</li>' "$s/en/kontakter/index.html" &&
	grep -qF '<li><a href="verket/" lang="sv" dir="ltr">Verket</a> – Prövar ansökningar.</li>' "$s/en/kontakter/index.html" &&
	[ "$(sed -n '/<nav class="children"/,/<\/nav>/p' "$s/en/kontakter/index.html" | grep -c '^<h2>')" -eq 4 ]; then
	ok "age: in English the entries are the translations, untranslated ones marked Swedish"
else fail "age: the English contact directory" "$(sed -n '/<nav class="children"/,/<\/nav>/p' "$s/en/kontakter/index.html")"; fi
if grep -q '<h2>Sidor i det här avsnittet</h2>' "$s/sv/ansvar/index.html" && ! grep -q '<h2>Myndigheter</h2>' "$s/sv/ansvar/index.html"; then
	ok "age: a folder of other pages is listed as before"
else fail "age: the folder ansvar/" "$(sed -n '/<nav class="children"/,/<\/nav>/p' "$s/sv/ansvar/index.html")"; fi
e=$(ag_copy org)
sed -i 's/^org: health$/org: halsa/' "$e/content/sv/kontakter/vard.md"
out=$("$skylt" check -q -C "$e" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -qxF "content/sv/kontakter/vard.md:5:6: error: unknown org 'halsa' (use one of authority, municipality, health, information)"; then
	ok "age: an unknown org is an error at its line and column that lists the allowed values"
else fail "age: org: halsa (exit $rc)" "$out"; fi
printf -- '---\ntitle: Service centre\norg: authority\n---\nCall us.\n' >"$e/content/en/kontakter/servicecenter.md"
sed -i 's/^org: halsa$/org: health/' "$e/content/sv/kontakter/vard.md"
out=$("$skylt" check -q -C "$e" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -qxF "content/en/kontakter/servicecenter.md:3:6: error: 'org' is 'authority' here but 'municipality' in 'content/sv/kontakter/servicecenter.md' (remove it: translations take it from that file)"; then
	ok "age: a translation cannot give another org"
else fail "age: org in a translation (exit $rc)" "$out"; fi

# 9. The stylesheet: the notice is styled as the others, and its text and
# links keep WCAG AA contrast on its background.
css="$root/templates/assets/style.css"
ratios=$(python3 - "$css" <<'EOF'
import re, sys
css = open(sys.argv[1]).read()
var = dict(re.findall(r'--([a-z-]+):\s*(#[0-9a-fA-F]{6})', css))
def lum(h):
    c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
def ratio(a, b):
    a, b = lum(a), lum(b)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)
bg = var['notice']
print(' '.join('%s=%.2f' % (k, ratio(var[k], bg)) for k in ('text', 'link', 'link-visited')))
EOF
)
low=$(printf '%s\n' "$ratios" | tr ' ' '\n' | awk -F= '$2 < 4.5')
if [ -n "$ratios" ] && [ -z "$low" ] && grep -q '^\.notice {' "$css" && grep -q '\.notice\.age' "$css" &&
	grep -q 'class="notice age"' "$root/templates/page.xhtml"; then
	ok "age: the notice is styled as the other notices; contrast on its background $ratios (AA: 4.5)"
else fail "age: the notice's style and contrast" "$ratios"; fi

# 10. The shipped site: its contacts are grouped and its old pages noticed.
if [ "$(sed -n '/<nav class="children"/,/<\/nav>/p' "$p/a/sv/kontakter/index.html" | grep -c '^<h2>')" -eq 4 ] &&
	grep -A4 '<h2>Myndigheter</h2>' "$p/a/sv/kontakter/index.html" | grep -q 'href="migrationsverket/"' &&
	grep -A6 '<h2>Kommuner</h2>' "$p/a/sv/kontakter/index.html" | grep -q 'href="ostersund/"' &&
	ag_notice "$p/a/sv/kontakter/krokom/index.html" | grep -qF '<a href="https://www.krokom.se" dir="ltr">www.krokom.se</a>'; then
	ok "age: the shipped contacts are grouped, and a shipped page from 2013 has the notice"
else fail "age: the shipped site" "$(sed -n '/<nav class="children"/,/<\/nav>/p' "$p/a/sv/kontakter/index.html")"; fi
