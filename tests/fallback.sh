# Fallbacks that serve the reader, language names and index letters: a Dari
# page missing where Persian has it is shown in Persian, a page only Swedish
# has in Swedish; an eleventh language with no UI strings marks every Swedish
# string it shows lang="sv"; Persian and Arabic index letters; look-alike
# Arabic letters warned in Persian, Dari and Sorani. Sourced by tests/run.sh,
# whose ok, fail, project, $skylt, $root, $work and $p it uses.
echo "# fallbacks, language names and index letters"
fb="$work/fallback"
rm -rf "$fb"
project "$root/tests/fixtures/fallback" "$fb"
out=$("$skylt" build -q -C "$fb" -o out 2>&1); rc=$?
msgs=$(printf '%s\n' "$out" | grep -v "no translation of 'shown_in'\|am.xlf: warning: missing" | grep -v '^$')
if [ "$rc" -eq 0 ] && [ -z "$msgs" ]; then ok "fallback: the fixture builds cleanly"
else fail "fallback: the fixture does not build cleanly (exit $rc)" "$out"; fi
o="$fb/out"
# The part of a page from <body> on.
fb_body() { sed -n '/<body>/,$p' "$1"; }

# A Dari page Persian has: the Persian text, title and crumb, marked fa.
f="$o/prs/stod/index.html"
if fb_body "$f" | grep -q '^<h1 lang="fa" dir="rtl">پشتیبانی</h1>$' &&
	fb_body "$f" | grep -q '^<div class="body" lang="fa" dir="rtl"><p>دربارهٔ پشتیبانی.</p></div>$' &&
	fb_body "$f" | grep -q '<span aria-current="page" lang="fa" dir="rtl">پشتیبانی</span>'; then
	ok "fallback: a Dari page missing is shown in Persian, marked lang=\"fa\""
else fail "fallback: the Dari page does not show the Persian text" "$(fb_body "$f" | head -n 45)"; fi
if fb_body "$f" | grep -q '<p class="notice" role="note">این صفحه هنوز به زبان شما موجود نیست. اینجا به <a href="../../fa/stod/" hreflang="fa" lang="fa" dir="rtl">فارسی</a> نشان داده می‌شود.</p>'; then
	ok "fallback: its notice in Dari names Persian, linked to the Persian page"
else fail "fallback: no Dari notice naming Persian" "$(grep notice "$f")"; fi
# Links to it elsewhere in Dari show the Persian title, marked.
if grep -q '<a href="../stod/" lang="fa" dir="rtl">پشتیبانی</a>' "$o/prs/ord/index.html"; then
	ok "fallback: the Dari menu names the page with its Persian title"
else fail "fallback: the Dari menu does not show the Persian title" "$(grep stod "$o/prs/ord/index.html")"; fi
# Neither Dari nor Persian: Swedish, the last resort, with the old notice.
f="$o/prs/stod/hjalp/index.html"
if fb_body "$f" | grep -q '^<h1 lang="sv" dir="ltr">Hjälp</h1>$' &&
	fb_body "$f" | grep -q 'متن سویدنی نشان داده می‌شود. <a href="../../../sv/stod/hjalp/" hreflang="sv" lang="sv" dir="ltr">Svenska</a>' &&
	grep -q '<li><a href="hjalp/" lang="sv" dir="ltr">Hjälp</a></li>' "$o/prs/stod/index.html"; then
	ok "fallback: a page neither Dari nor Persian has is shown in Swedish"
else fail "fallback: the Swedish last resort is wrong" "$(fb_body "$f" | grep -n 'h1\|notice')"; fi
# Persian itself is not a fallback to Dari: its own pages, no notice.
if ! grep -q 'class="notice"' "$o/fa/stod/index.html"; then ok "fallback: the Persian page has no notice"
else fail "fallback: the Persian page has a notice" "$(grep notice "$o/fa/stod/index.html")"; fi

# Amharic, with no UI strings: every Swedish UI string is inside lang="sv".
f="$o/am/stod/index.html"
bad=""
for want in '<a class="skip" href="#main" lang="sv" dir="ltr">Hoppa till innehållet</a>' \
	'<a class="site-title" href="../" lang="sv" dir="ltr">Ny i Sverige</a>' \
	'<nav class="languages" aria-label="Välj språk" lang="sv" dir="ltr">' \
	'<nav class="main-nav" aria-label="Huvudmeny" lang="sv" dir="ltr">' \
	'<nav class="crumbs" aria-label="Du är här" lang="sv" dir="ltr">' \
	'<p class="updated"><span lang="sv" dir="ltr">Uppgifterna gäller</span>: <time datetime="2018-03-01">' \
	'<p class="notice" role="note"><span lang="sv" dir="ltr">Den här sidan är inte översatt än. Här visas den svenska texten. </span>' \
	'<h2 lang="sv" dir="ltr">Sidor i det här avsnittet</h2>' \
	'<nav aria-label="Om webbplatsen och tillgänglighet" lang="sv" dir="ltr">'; do
	grep -qF "$want" "$f" || bad="$bad
missing: $want"
done
# A list inside a nav marked Swedish for its label is the page's language.
[ "$(grep -c '^<ul lang="am" dir="ltr">$' "$f")" -eq 4 ] || bad="$bad
lists in the navs not given back lang=\"am\""
if [ -z "$bad" ]; then ok "fallback: Amharic's Swedish UI strings (skip link, nav labels, footer, date label, notices) are marked lang=\"sv\""
else fail "fallback: Swedish UI strings unmarked in Amharic" "$bad"; fi
# The same pages in a language with its UI strings carry no such marks.
if ! grep -q 'lang="sv" dir="ltr">\(Hoppa\|Uppgifterna\)' "$o/fa/stod/index.html" &&
	! grep -q '<span lang=' "$o/fa/stod/index.html"; then
	ok "fallback: Persian's own UI strings are not marked"
else fail "fallback: Persian UI strings marked" "$(grep -n 'lang="sv"' "$o/fa/stod/index.html")"; fi

# Language names as a menu writes them, in the switcher and the chooser.
if grep -q '<span class="name">Svenska</span>' "$o/index.html" &&
	grep -q 'lang="sv" hreflang="sv" dir="ltr">Svenska</a>' "$o/fa/index.html" &&
	grep -q '>Русский</a>' "$p/a/sv/index.html" && grep -q '>Українська</a>' "$p/a/sv/index.html"; then
	ok "language names: Svenska, Русский, Українська in the switcher and the chooser"
else fail "language names are not capitalised for a menu" "$(grep -o '<span class="name">[^<]*' "$o/index.html"; grep -o 'dir="ltr">[^<]*</a>' "$p/a/sv/index.html" | head -n 12)"; fi

# Index letters: one heading per letter, forms with hamza and madda under ا.
fb_letters() { grep -o '<h2 id="letter-[0-9]*">[^<]*' "$1" | sed 's/.*>//' | tr '\n' ' '; }
for want in "fa:آ ا " "prs:آ ا ی " "ar:ا ب " "ckb:ئ ب پ ک ی "; do
	l=${want%%:*}; got=$(fb_letters "$o/$l/ord/index.html")
	if [ "$got" = "${want#*:}" ]; then ok "index letters: $l headings are '${want#*:}'"
	else fail "index letters: $l headings are '$got', not '${want#*:}'" "$(grep '<h2' "$o/$l/ord/index.html")"; fi
done

# Look-alike Arabic letters: warned at file:line:col with what to write.
lk="$work/fallback-lookalike"
rm -rf "$lk"
project "$root/tests/fixtures/fallback" "$lk"
printf -- '---\ntitle: پشتیبانی\n---\nیک كار و يک روز.\n' >"$lk/content/fa/stod.md"
printf -- '---\ntitle: وشەکان\n---\nماله\n' >"$lk/content/ckb/ord/index.md"
out=$("$skylt" check -C "$lk" 2>&1)
bad=""
for want in "content/fa/stod.md:4:4: warning: U+0643 ARABIC LETTER KAF looks like this language's own letter but sorts, searches and files apart: write 'ک' (U+06A9 KEHEH)" \
	"content/fa/stod.md:4:10: warning: U+064A ARABIC LETTER YEH looks like this language's own letter but sorts, searches and files apart: write 'ی' (U+06CC FARSI YEH)" \
	"content/ckb/ord/index.md:4:4: warning: U+0647 ARABIC LETTER HEH looks like this language's own letter but sorts, searches and files apart: write 'ە' (U+06D5 AE) for the vowel e, or 'ھ' (U+06BE HEH DOACHASHMEE) for the consonant h"; do
	printf '%s\n' "$out" | grep -qxF "$want" || bad="$bad
missing: $want"
done
n=$(printf '%s\n' "$out" | grep -c 'looks like this language')
[ "$n" -eq 3 ] || bad="$bad
$n look-alike warnings, not 3"
if [ -z "$bad" ]; then ok "look-alikes: Arabic kaf, yeh and (in Sorani) heh warned at file:line:col"
else fail "look-alikes: wrong warnings" "$bad
$out"; fi
