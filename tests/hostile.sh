# Hostile input: templates that would let content in, 'skylt render' on a
# refused link, nesting deep enough to exhaust a stack, and bodies that once
# took time quadratic in their size. Sourced by tests/run.sh (it defines ok,
# fail, $skylt, $root and $work). Nothing here measures time: 'timeout' only
# stops a run that would hang; make bench measures (tests/bench/hostile.sh).
echo "# hostile content and templates"

# A site of two languages whose Swedish start page is given on stdin, with
# the repository's templates and translations.
hostile_site() {
	local d=$1
	rm -rf "$d"
	mkdir -p "$d/content/sv"
	cp -R "$root/templates" "$root/translations" "$d/"
	cp "$root/tests/errors/site.yaml" "$d/content/site.yaml"
	cat >"$d/content/sv/index.md"
}

# Builds $1 into its site/, which holds a previous build; checks that the
# build fails with exit 1, prints the message $2 and leaves site/ alone.
hostile_refused() {
	local d=$1 want=$2 what=$3 out rc
	mkdir -p "$d/site"
	echo "previous build" >"$d/site/index.html"
	out=$(timeout 60 "$skylt" build -q -C "$d" 2>&1)
	rc=$?
	if [ "$rc" -ne 1 ]; then
		fail "$what: exit $rc, expected 1" "$out"
	elif ! printf '%s\n' "$out" | grep -qF "$want"; then
		fail "$what: message missing" "$(printf 'want: %s\ngot:\n%s' "$want" "$out")"
	elif [ "$(ls -A "$d/site")" != index.html ] || [ "$(cat "$d/site/index.html")" != "previous build" ]; then
		fail "$what: site/ was changed"
	else
		ok "$what"
	fi
}

# Front matter that would be script if any template wrote it raw.
fm_hostile='---
title: "</script><script>alert(1)</script><style>*{}</style>"
summary: "javascript:alert(document.cookie)"
---
Hej.'

# A page template in which line 4 is $1.
hostile_template() {
	cat >"$1/templates/page.xhtml" <<-EOF
	<html xmlns="http://www.w3.org/1999/xhtml" xmlns:s="urn:skylt:template" s:extends="base.xhtml">
	<body>
	<main id="main" s:block="main">
	$2
	<div s:html="body"/>
	</main>
	</body></html>
	EOF
}

h="$work/hostile-tmpl"
for c in \
	'<script s:text="page.title">{}</script>|s:text inside <script> would run content as code' \
	'<style s:text="page.title"/>|s:text inside <style> would let content write CSS' \
	'<p s:attr-onclick="page.title">x</p>|s:attr-onclick would let content add script or style' \
	'<p s:attr-style="page.title">x</p>|s:attr-style would let content add script or style'; do
	line=${c%%|*} msg=${c#*|}
	printf '%s\n' "$fm_hostile" | hostile_site "$h"
	hostile_template "$h" "$line"
	hostile_refused "$h" "templates/page.xhtml:4: error: $msg" "a template with $line is refused at its line"
done

# An address from front matter is followed only if it cannot run anything.
printf '%s\n' "$fm_hostile" | hostile_site "$h"
hostile_template "$h" '<a href="#" s:attr-href="page.summary">x</a>'
hostile_refused "$h" "templates/page.xhtml:4: error: s:attr-href: 'javascript:alert(document.cookie)' (from 'page.summary') is not an address" \
	"s:attr-href with a javascript: summary fails the build at the template's line"
# A data block takes the hostile title, escaped so that it cannot end.
printf '%s\n' "$fm_hostile" | hostile_site "$h"
hostile_template "$h" '<script type="application/ld+json" s:text="page.title">{}</script>'
if out=$(timeout 60 "$skylt" build -q -C "$h" -o out 2>&1) &&
	grep -qF '<script type="application/ld+json">\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e\u003cstyle\u003e*{}\u003c/style\u003e</script>' "$h/out/sv/index.html" &&
	[ "$(grep -o '<script' "$h/out/sv/index.html" | wc -l)" -eq 1 ]; then
	ok "a value in a JSON data block cannot close it"
else fail "a value in a JSON data block" "$out $(grep -o '<script.*' "$h/out/sv/index.html" 2>&1 | head -3)"; fi

# Layouts: a cycle is an error; three levels work.
printf '%s\n' "$fm_hostile" | hostile_site "$h"
sed -i 's/<html xmlns="http:\/\/www.w3.org\/1999\/xhtml" xmlns:s="urn:skylt:template"/& s:extends="page.xhtml"/' "$h/templates/base.xhtml"
hostile_refused "$h" "s:extends makes a cycle: 'base.xhtml' extends 'page.xhtml' extends 'base.xhtml'" \
	"a cycle of s:extends is an error"
printf '%s\n' "$fm_hostile" | hostile_site "$h"
sed 's/ s:extends="base.xhtml"/ s:extends="mid.xhtml"/' "$root/templates/page.xhtml" >"$h/templates/page.xhtml"
cat >"$h/templates/mid.xhtml" <<-'EOF'
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:s="urn:skylt:template" s:extends="base.xhtml">
<body><main id="main" s:block="main"><p>mid</p></main></body></html>
EOF
if out=$(timeout 60 "$skylt" build -q -C "$h" -o out 2>&1) &&
	grep -q '<head>' "$h/out/sv/index.html" && grep -q '<h1>&lt;/script&gt;' "$h/out/sv/index.html" &&
	! grep -q '<p>mid</p>' "$h/out/sv/index.html"; then
	ok "a page template may extend a layout that extends another"
else fail "three levels of s:extends" "$out"; fi

# skylt render: an error means nothing is printed.
r="$work/hostile-render.md"
printf -- '---\ntitle: Länk\n---\n[klicka](javascript:alert(1))\n' >"$r"
out=$("$skylt" render "$r" 2>"$work/hostile-render.err")
rc=$?
if [ "$rc" -eq 1 ] && [ -z "$out" ] && grep -q "render.md:4:1: error: .*javascript" "$work/hostile-render.err"; then
	ok "skylt render prints nothing when a link is refused"
else fail "skylt render with a javascript: link: exit $rc" "$out $(cat "$work/hostile-render.err")"; fi

# Deep nesting: an error at the line, not a crash (each once exhausted the
# stack: exit 139).
deep_quotes=$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf ">"; print " a" }')
deep_items=$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "- "; print "a" }')
deep_emph=$(awk 'BEGIN { for (i = 0; i < 60000; i++) printf "*a "; printf "b"; for (i = 0; i < 60000; i++) printf " c*"; print "" }')
for c in "100,000 nested block quotes|deep_quotes|4:101" "100,000 nested list items|deep_items|4:101" \
	"60,000 nested emphasis levels|deep_emph|4:296"; do
	what=${c%%|*} rest=${c#*|}
	var=${rest%%|*} at=${rest#*|}
	printf -- '---\ntitle: Djup\n---\n%s\n' "${!var}" >"$work/deep.md"
	out=$(timeout 60 "$skylt" render "$work/deep.md" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 1 ] && [ "$out" = "$work/deep.md:$at: error: nesting deeper than 100 levels (block quotes, lists, emphasis and links count alike)" ]; then
		ok "render: $what are an error at their line"
	else fail "render: $what: exit $rc" "$(printf '%s' "$out" | head -c 600)"; fi
	{ printf -- '---\ntitle: Djup\n---\n'; printf '%s\n' "${!var}"; } | hostile_site "$h"
	hostile_refused "$h" "content/sv/index.md:$at: error: nesting deeper than 100 levels" "build: $what are an error at their line"
done
# A hundred levels are allowed, and a term is still linked at the bottom.
printf -- '---\ntitle: Djup\n---\n%s\n' "$(awk 'BEGIN { for (i = 0; i < 98; i++) printf ">"; print " djup" }')" >"$work/deep.md"
if out=$("$skylt" render "$work/deep.md" 2>&1) && [ "$(printf '%s' "$out" | grep -o '<blockquote>' | wc -l)" -eq 98 ]; then
	ok "render: 98 nested block quotes are written"
else fail "render: 98 nested block quotes" "$(printf '%s' "$out" | head -c 600)"; fi

# Linear time: 10,000 identical headings (3,000 took 13 s in render and 43 s
# in build) get a, a-2 … a-10000 in a build that finishes.
{ printf -- '---\ntitle: Rubriker\n---\n'; awk 'BEGIN { for (i = 0; i < 10000; i++) print "## a\n" }'; } | hostile_site "$h"
if out=$(timeout 60 "$skylt" build -q -C "$h" -o out 2>&1) &&
	[ "$(grep -o '<h2 id="a[-0-9]*">a</h2>' "$h/out/sv/index.html" | wc -l)" -eq 10000 ] &&
	grep -q '<h2 id="a-10000">a</h2>' "$h/out/sv/index.html" &&
	[ "$(grep -o '<h2 id="[^"]*"' "$h/out/sv/index.html" | sort -u | wc -l)" -eq 10000 ]; then
	ok "10,000 identical headings get 10,000 ids, a to a-10000, in one build"
else fail "10,000 identical headings" "$(printf '%s' "$out" | head -c 600)"; fi
