# Translations: the language-neutral facts come from the source page, only
# a change to translatable text makes a translation stale, and 'skylt status'
# gives a translator the value to record, marks a checked translation and
# shows what changed. Sourced by tests/run.sh, whose ok, fail, project,
# $skylt, $root, $work and $p (the shipped project, built into $p/a) it uses.
# The generator's tests use the small project in tests/fixtures/translations;
# the shipped content is checked apart, at the end.

echo "# translations: facts are written once"
fx="$root/tests/fixtures/translations"
tr_sv=content/sv/kontakter/servicecenter.md
tr_ar=content/ar/kontakter/servicecenter.md

# A fresh copy of the fixture in $work/tr-$1.
tr_copy() {
	local d="$work/tr-$1"
	rm -rf "$d"
	project "$fx" "$d"
	printf '%s\n' "$d"
}

# The paths listed under "$2" in a JSON status report $1 for language $3.
tr_json_list() {
	printf '%s\n' "$1" | grep "\"code\": \"$3\"" | grep -o "\"$2\": \[[^]]*\]"
}

t=$(tr_copy facts)
out=$("$skylt" build -q -C "$t" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then ok "the fixture's translations give no facts and build without a message"
else fail "the fixture does not build cleanly (exit $rc)" "$out"; fi
page="$t/site/ar/kontakter/servicecenter/index.html"
if grep -q 'href="tel:+4658661000"' "$page" && grep -q '0586-610 00' "$page" &&
	grep -q 'href="tel:+4658662200"' "$page" && grep -q 'المقسم الآلي' "$page" &&
	grep -q 'mailto:kommun@karlskoga.se' "$page" && grep -q 'Katrinedalsgatan 4' "$page" &&
	grep -q '"telephone": \["+4658661000", "+4658662200"\]' "$page" &&
	grep -q '"openingHours": \["Mo-Fr 07:30-17:00"\]' "$page"; then
	ok "the Arabic contact page shows the Swedish file's numbers, e-mail, address and hours, with its own labels"
else fail "the Arabic contact page lacks the Swedish facts" "$(grep -E 'tel:|mailto|telephone' "$page")"; fi
if grep -q '^TEL;VALUE=uri;TYPE=work,voice:tel:+4658661000' "$t/site/ar/kontakter/servicecenter/servicecenter.vcf" &&
	grep -q '^FN:مركز الخدمة' "$t/site/ar/kontakter/servicecenter/servicecenter.vcf"; then
	ok "the Arabic vCard has the Swedish number and the Arabic name"
else fail "the Arabic vCard" "$(cat "$t/site/ar/kontakter/servicecenter/servicecenter.vcf")"; fi
page="$t/site/ar/kommunen/index.html"
if grep -q 'href="https://www.karlskoga.se"' "$page" && grep -q 'href="../kontakter/servicecenter/">مركز الخدمة' "$page" &&
	grep -q 'datetime="2018-03-01"' "$page"; then
	ok "the Arabic authority page has the Swedish file's web address, contact page and date"
else fail "the Arabic authority page lacks the Swedish facts" "$(grep -E 'karlskoga|servicecenter|datetime' "$page")"; fi

# A translation that contradicts its source is an error at the value, and
# the previous site stays as it was.
t=$(tr_copy differs)
"$skylt" build -q -C "$t" >/dev/null 2>&1
before=$(cd "$t/site" && find . -type f -exec sha256sum {} + | sort)
sed -i 's/^  - {label: المقسم الآلي}$/  - {number: "+4658661000", label: المقسم الآلي}/' "$t/$tr_ar"
sed -i 's/^summary: البلدية مسؤولة عن المدرسة.$/&\nupdated: 2018-04-01/' "$t/content/ar/kommunen.md"
sed -i 's/^summary: A sample page.$/&\norder: 5/' "$t/content/en/index.md"
out=$("$skylt" build -q -C "$t" 2>&1); rc=$?
after=$(cd "$t/site" && find . -type f -exec sha256sum {} + | sort)
want="content/ar/kommunen.md:4:10: error: 'updated' is '2018-04-01' here but '2018-03-01' in 'content/sv/kommunen.md' (remove it: translations take it from that file)
content/ar/kontakter/servicecenter.md:6:14: error: 'number' of phone 2 is '+4658661000' here but '+4658662200' in 'content/sv/kontakter/servicecenter.md' (remove it: translations take it from that file)
content/en/index.md:4:8: error: 'order' is not in 'content/sv/index.md' (facts are written only there: remove it here, or add it there)"
if [ "$rc" -eq 1 ] && [ "$out" = "$want" ] && [ "$before" = "$after" ]; then
	ok "a translated phone number, date or order that is not the source's is an error at its line and column; the site is kept"
else fail "a contradicting translation: exit $rc" "$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$out"))"; fi

# The same value is only superfluous.
t=$(tr_copy repeats)
sed -i 's/^  - {label: مركز الخدمة}$/  - {number: "+4658661000", label: مركز الخدمة}/' "$t/$tr_ar"
sed -i 's/^summary: البلدية مسؤولة عن المدرسة.$/&\nkind: authority/' "$t/content/ar/kommunen.md"
out=$("$skylt" build -q -C "$t" 2>&1); rc=$?
want="content/ar/kommunen.md:4:7: warning: 'kind' repeats the value in 'content/sv/kommunen.md' and can be removed (translations take it from that file)
content/ar/kontakter/servicecenter.md:5:14: warning: 'number' of phone 1 repeats the value in 'content/sv/kontakter/servicecenter.md' and can be removed (translations take it from that file)"
if [ "$rc" -eq 0 ] && [ "$out" = "$want" ]; then ok "a translation that repeats a fact gets a warning that it can be removed"
else fail "a repeated fact: exit $rc" "$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$out"))"; fi

echo "# translations: stale only when translatable text changed"
t=$(tr_copy status)
out=$("$skylt" status -C "$t" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -qx 'lang   current   stale no source  missing' &&
	printf '%s\n' "$out" | grep -qxE 'ar +3 +0 +0 +0'; then
	ok "status heads its column 'current'; the fixture's translations are all current"
else fail "status of the fixture (exit $rc)" "$out"; fi
# Facts: a phone number, the order and the date.
sed -i 's/"+4658661000", display: "0586-610 00"/"+4658662200", display: "0586-622 00"/' "$t/$tr_sv"
sed -i 's/^order: 1$/order: 3/; s/^updated: 2018-03-01$/updated: 2019-01-01/' "$t/content/sv/kommunen.md"
out=$("$skylt" status -C "$t" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^stale'; then
	ok "a changed Swedish phone number, order and date leave the translations current"
else fail "a change of facts made translations stale (exit $rc)" "$out"; fi
if "$skylt" build -q -C "$t" >/dev/null 2>&1 && grep -q '^<dd>مركز الخدمة: <a href="tel:+4658662200" dir="ltr">0586-622 00</a></dd>$' "$t/site/ar/kontakter/servicecenter/index.html" &&
	! grep -q 'tel:+4658661000' "$t/site/ar/kontakter/servicecenter/index.html"; then
	ok "the changed number is on the Arabic page at once, with no edit to the Arabic file"
else fail "the Arabic page did not follow the Swedish number"; fi
# Text: a sentence of the body, and a title.
t=$(tr_copy stale)
sed -i 's/^Kommunen ansvarar för skolan.$/Kommunen ansvarar för skolan och förskolan./' "$t/content/sv/kommunen.md"
sed -i 's/^title: Servicecenter$/title: Kommunens servicecenter/' "$t/$tr_sv"
json=$("$skylt" status -C "$t" --json 2>&1); rc=$?
if [ "$rc" -eq 1 ] && [ "$(tr_json_list "$json" stale ar)" = '"stale": ["kommunen.md", "kontakter/servicecenter.md"]' ] &&
	[ "$(tr_json_list "$json" stale en)" = '"stale": ["kommunen.md", "kontakter/servicecenter.md"]' ] &&
	printf '%s\n' "$json" | grep -q '"code": "ar", "current": 1,'; then
	ok "a changed Swedish sentence or title makes the translations stale"
else fail "stale detection (exit $rc)" "$json"; fi
if "$skylt" build -q -C "$t" 2>/dev/null && grep -q 'class="notice" role="note">The Swedish page has changed' "$t/site/en/kommunen/index.html" &&
	! grep -q 'class="notice"' "$t/site/en/index.html"; then
	ok "a stale page shows that the Swedish page is newer; a current one does not"
else fail "a stale page shows no notice"; fi
# No 'source:' is a state of its own.
t=$(tr_copy nosource)
sed -i '/^source: /d' "$t/content/ar/index.md"
out=$("$skylt" status -C "$t" 2>&1); rc=$?
json=$("$skylt" status -C "$t" --json 2>&1)
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -qx 'no source recorded: content/ar/index.md' &&
	! printf '%s\n' "$out" | grep -q '^stale' &&
	printf '%s\n' "$out" | grep -qxE 'ar +2 +0 +1 +0' &&
	[ "$(tr_json_list "$json" no_source ar)" = '"no_source": ["index.md"]' ] &&
	[ "$(tr_json_list "$json" stale ar)" = '"stale": []' ]; then
	ok "a translation without 'source:' is 'no source recorded', not stale (text and JSON)"
else fail "no source recorded (exit $rc)" "$out
$json"; fi

# A page added in Swedish only is a listed gap in every other language.
t=$(tr_copy gap)
printf -- '---\ntitle: Ny sida\nsummary: En sida som bara finns på svenska.\nupdated: 2018\n---\nText.\n' >"$t/content/sv/ny-sida.md"
out=$("$skylt" status -C "$t" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && [ "$(printf '%s\n' "$out" | grep -c '^missing: content/[a-z]*/ny-sida.md$')" -eq 2 ]; then
	ok "a page added in Swedish only is listed as missing in the other languages"
else fail "a Swedish-only page (exit $rc)" "$out"; fi

echo "# translations: what a translator runs"
t=$(tr_copy hash)
v=$("$skylt" status -C "$t" --hash "$tr_sv" 2>&1); rc=$?
blob=$(git hash-object "$t/$tr_sv")
if [ "$rc" -eq 0 ] && [ "${v%% *}" = "$blob" ] && printf '%s' "${v#* }" | grep -qxE '[0-9a-f]{16}' &&
	grep -qxF "source: $v" "$t/$tr_ar" &&
	[ "$("$skylt" status -C "$t" --hash ar/kontakter/servicecenter.md)" = "$v" ]; then
	ok "status --hash prints 'git hash-object' of the Swedish file and its text hash, as the current translation records"
else fail "status --hash: '$v' (exit $rc), git says $blob"; fi
sed -i 's/"+4658661000", display: "0586-610 00"/"+4658662200", display: "0586-622 00"/' "$t/$tr_sv"
v2=$("$skylt" status -C "$t" --hash "$tr_sv")
blob2=$(git hash-object "$t/$tr_sv")
sed -i 's/^Ring eller skriv till oss.$/Ring oss./' "$t/$tr_sv"
v3=$("$skylt" status -C "$t" --hash "$tr_sv")
if [ "${v2%% *}" = "$blob2" ] && [ "$blob2" != "$blob" ] &&
	[ "${v2#* }" = "${v#* }" ] && [ "${v3#* }" != "${v#* }" ]; then
	ok "a changed number changes the blob id but not the text hash; a changed sentence changes the text hash"
else fail "--hash after changes: '$v', '$v2', '$v3'"; fi
# --mark: after a review, exactly the 'source:' line changes.
t=$(tr_copy mark)
sed -i 's/^Kommunen ansvarar för skolan.$/Kommunen ansvarar för skolan och förskolan./' "$t/content/sv/kommunen.md"
cp "$t/content/ar/kommunen.md" "$work/tr-ar-before.md"
out=$("$skylt" status -C "$t" --mark content/ar/kommunen.md 2>&1); rc=$?
v=$("$skylt" status -C "$t" --hash content/sv/kommunen.md)
d=$(diff "$work/tr-ar-before.md" "$t/content/ar/kommunen.md")
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$d" | grep -c '^[<>]')" -eq 2 ] &&
	printf '%s\n' "$d" | grep -qxF "> source: $v" && printf '%s\n' "$d" | grep -qx '< source: .*' &&
	printf '%s\n' "$out" | grep -q "^content/ar/kommunen.md: marked current: source: $v (was "; then
	ok "status --mark changes the 'source:' line and no other, and says so"
else fail "status --mark (exit $rc)" "$out
$d"; fi
json=$("$skylt" status -C "$t" --json 2>&1)
if [ "$(tr_json_list "$json" stale ar)" = '"stale": []' ] && [ "$(tr_json_list "$json" stale en)" = '"stale": ["kommunen.md"]' ]; then
	ok "the marked translation is current; the unmarked one stays stale"
else fail "after --mark" "$json"; fi
out=$("$skylt" status -C "$t" --mark content/sv/kommunen.md 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s' "$out" | grep -q "^content/sv/kommunen.md: error: this is a source page"; then
	ok "status --mark refuses a source page"
else fail "status --mark on a source page (exit $rc)" "$out"; fi
# --diff: the Swedish text then and now, from git.
t=$(tr_copy diff)
out=$("$skylt" status -C "$t" --diff ar/kommunen.md 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s' "$out" | grep -q "^content/ar/kommunen.md: error: the text of 'content/sv/kommunen.md' that this was translated from (blob [0-9a-f]*) is not in a git repository here"; then
	ok "status --diff outside git says that the old text is not available"
else fail "status --diff without git (exit $rc)" "$out"; fi
(cd "$t" && git init -q . && git add content && git -c user.name=skylt -c user.email=skylt@example.invalid commit -qm fixture) >/dev/null 2>&1
sed -i 's/^Kommunen ansvarar för skolan.$/Kommunen ansvarar för skolan och förskolan./' "$t/content/sv/kommunen.md"
out=$("$skylt" status -C "$t" --diff ar/kommunen.md 2>&1); rc=$?
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -qx -- '-Kommunen ansvarar för skolan.' &&
	printf '%s\n' "$out" | grep -qx -- '+Kommunen ansvarar för skolan och förskolan.' &&
	printf '%s\n' "$out" | grep -q -- '^--- content/sv/kommunen.md (when content/ar/kommunen.md was made' &&
	printf '%s\n' "$out" | grep -q -- '^+++ content/sv/kommunen.md (now)'; then
	ok "status --diff shows the Swedish sentence as translated and as it is now"
else fail "status --diff (exit $rc)" "$out"; fi
sed -i 's/^source: .*/source: 0123456789abcdef/' "$t/content/ar/kommunen.md"
out=$("$skylt" status -C "$t" --diff ar/kommunen.md 2>&1); rc=$?
if [ "$rc" -eq 1 ] && printf '%s' "$out" | grep -q "^content/ar/kommunen.md: error: 'source:' records only the older hash"; then
	ok "status --diff explains that the older hash cannot give back the text"
else fail "status --diff with the older hash (exit $rc)" "$out"; fi

echo "# shipped content: translations"
# The content, not the generator: every Swedish page is translated into all
# nine languages and no translation is stale or without a source.
out=$("$skylt" status -C "$p" 2>&1); rc=$?
langs=$(printf '%s\n' "$out" | grep -cE '^[a-z]+ +[0-9]+ +0 +0 +0$')
if [ "$rc" -eq 0 ] && [ "$langs" -eq 9 ]; then
	ok "every shipped page is current in all nine translations ('skylt status' exits 0)"
else fail "the shipped translation set is incomplete (exit $rc)" "$(printf '%s\n' "$out" | head -20)"; fi
if ! grep -lE '^(kind|updated|order|contact|abbr|email|web|address|hours):|number:' \
	$(find "$root/content" -name '*.md' ! -path "$root/content/sv/*") >/dev/null; then
	ok "no shipped translation repeats a fact of its Swedish page"
else fail "shipped translations repeat facts" "$(grep -lE '^(kind|updated|order|contact|abbr|email|web|address|hours):|number:' $(find "$root/content" -name '*.md' ! -path "$root/content/sv/*") | head)"; fi
# Dari is not Persian: for words where the two differ, the Dari pages use the
# Dari word (school, information, telephone, province) and never the Iranian.
for pair in مدرسه:مکتب اطلاعات:معلومات تلفن:تیلفون استان:ولایت; do
	ir=${pair%%:*} af=${pair##*:}
	n_ir=$(cat "$root"/content/prs/*.md "$root"/content/prs/*/*.md | grep -o "$ir" | wc -l)
	n_af=$(cat "$root"/content/prs/*.md "$root"/content/prs/*/*.md | grep -o "$af" | wc -l)
	if [ "$n_ir" -eq 0 ] && [ "$n_af" -gt 0 ]; then ok "Dari writes $af ($n_af times), not the Iranian $ir"
	else fail "Dari has the Iranian $ir $n_ir times and the Dari $af $n_af times"; fi
done
