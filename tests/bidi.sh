# Bidi isolation outside the body: in the Arabic and Persian pages of
# tests/fixtures/bidi, a phone number, an e-mail address and a time range in a
# contact's title and summary are isolated wherever the templates show them
# (<bdi> in the menu, breadcrumbs, <h1>, a folder's list, the glossary, the age
# notice; FSI/PDI in <title>, the meta description and the feed), the card's
# own marked values are not isolated twice, an Arabic word in a Swedish title
# is isolated too, the pages are valid HTML, and in the browser the number
# reads as the card shows it. Sourced by tests/run.sh, whose ok, fail, project,
# $skylt, $root and $work it uses.
echo "# bidi isolation outside the body"
bd="$work/bidi"
rm -rf "$bd"
project "$root/tests/fixtures/bidi" "$bd"
# 2021-03-02: the 2018 pages are old enough for the age notice.
out=$(SOURCE_DATE_EPOCH=1614643200 "$skylt" build -q -C "$bd" 2>&1 | grep -v "warning: no translation of"); rc=$?
if [ -z "$out" ] && [ -f "$bd/site/ar/index.html" ]; then ok "bidi: the fixture builds"
else fail "bidi: the fixture does not build cleanly" "$out"; fi
s="$bd/site"
fsi=$(printf '\342\201\250') pdi=$(printf '\342\201\251')
n="<bdi>0586-610 00</bdi>" m="${fsi}0586-610 00${pdi}"
e="<bdi>kommun@karlskoga.se</bdi>" em="${fsi}kommun@karlskoga.se${pdi}"
t="<bdi>07.30–17.00</bdi>" tm="${fsi}07.30–17.00${pdi}"

# bd_has WHAT FILE LINE...: FILE (under the site) has each LINE as a whole line.
bd_has() {
	local what=$1 file=$s/$2 missing=""
	shift 2
	for l in "$@"; do grep -qxF -- "$l" "$file" || missing="$missing$l"$'\n'; done
	if [ -z "$missing" ]; then ok "bidi: $what"
	else fail "bidi: $what (${file#"$s"/})" "missing: $missing"; fi
}

# Arabic.
bd_has "ar: <title>, meta description, menu, breadcrumb and h1 of a contact titled with the number" \
	ar/servicecenter/index.html \
	"<title>مركز الخدمة $m – جديد في السويد</title>" \
	"<meta name=\"description\" content=\"اتصل بالرقم $m أو اكتب إلى $em، من الاثنين إلى الجمعة $tm.\">" \
	"<li><a href=\"./\" aria-current=\"page\">مركز الخدمة $n</a></li>" \
	"<li><span aria-current=\"page\">مركز الخدمة $n</span></li>" \
	"<h1>مركز الخدمة $n</h1>"
bd_has "ar: the card's number, e-mail address and hours are marked once, not isolated again" \
	ar/servicecenter/index.html \
	'<dd><a href="tel:+4658661000" dir="ltr">0586-610 00</a></dd>' \
	'<dd><a href="mailto:kommun@karlskoga.se" dir="ltr">kommun@karlskoga.se</a></dd>' \
	'<dd data-opening-hours="Mo-Fr 07:30-17:00">الاثنين – الجمعة <bdi>07:30–17:00</bdi></dd>'
bd_has "ar: a breadcrumb link, a Latin name with the number, and the menu on another page" \
	ar/kontakter/karlskoga/index.html \
	"<li><a href=\"../\">جهات الاتصال في <bdi>Karlskoga</bdi></a></li>" \
	"<li><span aria-current=\"page\">بلدية <bdi>Karlskoga 0586-610 00</bdi></span></li>" \
	"<h1>بلدية <bdi>Karlskoga 0586-610 00</bdi></h1>" \
	"<li><a href=\"../../servicecenter/\">مركز الخدمة $n</a></li>" \
	"<title>بلدية ${fsi}Karlskoga 0586-610 00${pdi} – جديد في السويد</title>" \
	"<meta name=\"description\" content=\"مركز الخدمة $m، $em، من الاثنين إلى الجمعة $tm.\">"
bd_has "ar: the folder's list of contacts: title and summary, the Arabic comma between two runs" \
	ar/kontakter/index.html \
	"<li><a href=\"karlskoga/\">بلدية <bdi>Karlskoga 0586-610 00</bdi></a> – مركز الخدمة $n، $e، من الاثنين إلى الجمعة $t.</li>"
bd_has "ar: the glossary: summary, abbreviation, its expansion in title= and the word" \
	ar/begrepp/index.html \
	"<dd>طريقك إلى البلدية، $n و$e، من الاثنين إلى الجمعة $t.</dd>" \
	"<dt><a href=\"sfi/\"><bdi>SFI</bdi></a></dt>" \
	"<dd><abbr title=\"اللغة السويدية للمهاجرين (${fsi}svenska för invandrare${pdi})\"><bdi>SFI</bdi></abbr>: اللغة السويدية للمهاجرين (<bdi>svenska för invandrare</bdi>). اللغة السويدية للمهاجرين، وهي دروس اللغة السويدية التي تقدّمها البلدية للبالغين.</dd>"
bd_has "ar: the age notice's link names the contact with the number isolated" \
	ar/begrepp/servicecenter/index.html \
	"<p class=\"notice age\" role=\"note\">ربما تغيّرت القواعد منذ ذلك الوقت. تحقّق لدى <a href=\"../../kontakter/karlskoga/\">بلدية <bdi>Karlskoga 0586-610 00</bdi></a> مما هو معمول به اليوم.</p>"
bd_has "ar: the feed's titles and summaries, with FSI and PDI" \
	ar/feed.xml \
	"    <title>مركز الخدمة $m</title>" \
	"    <summary>اتصل بالرقم $m أو اكتب إلى $em، من الاثنين إلى الجمعة $tm.</summary>" \
	"    <title>بلدية ${fsi}Karlskoga 0586-610 00${pdi}</title>"

# Persian.
bd_has "fa: <title>, meta description, menu, breadcrumb and h1" \
	fa/servicecenter/index.html \
	"<title>مرکز خدمات $m – تازه‌وارد در سوئد</title>" \
	"<meta name=\"description\" content=\"با شمارهٔ $m تماس بگیرید یا به $em بنویسید، دوشنبه تا جمعه $tm.\">" \
	"<li><a href=\"./\" aria-current=\"page\">مرکز خدمات $n</a></li>" \
	"<li><span aria-current=\"page\">مرکز خدمات $n</span></li>" \
	"<h1>مرکز خدمات $n</h1>" \
	'<dd><a href="tel:+4658661000" dir="ltr">0586-610 00</a></dd>'
bd_has "fa: the folder's list of contacts" \
	fa/kontakter/index.html \
	"<li><a href=\"karlskoga/\">کمون <bdi>Karlskoga 0586-610 00</bdi></a> – مرکز خدمات $n، $e، دوشنبه تا جمعه $t.</li>"
bd_has "fa: the glossary and the feed" \
	fa/begrepp/index.html \
	"<dd>راه شما به کمون، $n و $e، دوشنبه تا جمعه $t.</dd>"
bd_has "fa: the feed" \
	fa/feed.xml \
	"    <summary>با شمارهٔ $m تماس بگیرید یا به $em بنویسید، دوشنبه تا جمعه $tm.</summary>"

# Swedish: an Arabic word is the other direction's run.
bd_has "sv: an Arabic word in a title, in the menu, h1 and <title>" \
	sv/arabiska/index.html \
	"<li><a href=\"./\" aria-current=\"page\">Information på arabiska (<bdi>العربية</bdi>)</a></li>" \
	"<h1>Information på arabiska (<bdi>العربية</bdi>)</h1>" \
	"<title>Information på arabiska (${fsi}العربية${pdi}) – Ny i Sverige</title>" \
	"<meta name=\"description\" content=\"Sidorna finns också på arabiska, ${fsi}العربية${pdi}.\">"
# The untranslated Swedish page in an Arabic page is marked with its own
# direction, and within it the Arabic word is the other run.
bd_has "ar: an untranslated Swedish title is marked ltr, its Arabic word isolated" \
	ar/arabiska/index.html \
	"<h1 lang=\"sv\" dir=\"ltr\">Information på arabiska (<bdi>العربية</bdi>)</h1>"

# Never twice, never markup where only text may go.
bad=$(grep -rlE '<title>[^<]*<bdi|<bdi>[^<]*<bdi>|dir="ltr"><bdi>0586|'"$fsi$fsi" "$s" --include='*.html' --include='*.xml')
if [ -z "$bad" ]; then ok "bidi: no <bdi> in <title>, none nested, none inside the card's dir=\"ltr\", no FSI twice"
else fail "bidi: isolated twice or markup in <title>" "$bad"; fi
# Every phone number in the Arabic and Persian pages is isolated or marked.
# (JSON-LD is data for machines: it stays as written.)
loose=$(grep -rh '0586-610 00' "$s/ar" "$s/fa" --include='*.html' | grep -v 'application/ld+json' |
	sed -E "s#<bdi>(Karlskoga )?0586-610 00</bdi>##g; s#${fsi}(Karlskoga )?0586-610 00${pdi}##g; s#dir=\"ltr\">0586-610 00</a>##g" |
	grep -F '0586-610 00')
if [ -z "$loose" ]; then ok "bidi: every 0586-610 00 in the ar and fa pages is isolated, marked ltr or JSON-LD data"
else fail "bidi: 0586-610 00 shown without isolation" "$loose"; fi

# Valid HTML (the Nu Html Checker), and the browser test.
vnu="$root/tests/browser/node_modules/vnu-jar/build/dist/vnu.jar"
if [ -f "$vnu" ]; then
	if out=$(java -jar "$vnu" --errors-only --skip-non-html "$s" 2>&1); then ok "bidi: the fixture's pages are valid HTML (Nu Html Checker)"
	else fail "bidi: the Nu Html Checker" "$(printf '%s\n' "$out" | head -n 20)"; fi
	out=$(node "$root/tests/browser/bidi.mjs" "$s" 2>&1)
	while IFS= read -r l; do
		case $l in
		"ok - "*) ok "bidi browser: ${l#ok - }" ;;
		"FAIL - "*) fail "bidi browser: ${l#FAIL - }" "$(printf '%s\n' "$out" | grep -A3 -F -- "$l" | sed -n '2,4p')" ;;
		esac
	done <<<"$out"
	printf '%s\n' "$out" | grep -qE '^[0-9]+ passed, [0-9]+ failed$' || fail "bidi browser: the test did not finish" "$(printf '%s\n' "$out" | tail -n 5)"
else fail "bidi: tests/browser/node_modules is missing (make tests/browser/node_modules/.ok)"; fi
