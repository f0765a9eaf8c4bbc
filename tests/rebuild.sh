# What a rebuild makes again, as README.md's "Rebuilds" words it, read from
# the summary line ("N pages made, M files read"), on a copy of the shipped
# site. Every build also makes the ten 404 pages, the ten search pages and
# the language chooser: 21 pages. Sourced by tests/run.sh (ok, fail,
# project, $skylt, $root, $work).
echo "# rebuilds make again only what an edit touches"
rb="$work/rebuild"
project "$root" "$rb"
echo "translations: ignore" >>"$rb/content/site.yaml"
# A file changed (its time or its inode's) within two seconds of a build
# is read by the next build too, whatever its record says: wait that out
# once, and allow for it after each edit below.
sleep 3
rb_build() { (cd "$rb" && "$skylt" build 2>&1 | tail -n 1); }
rb_made() { printf '%s\n' "$1" | sed -n 's/.*; \([0-9]*\) pages\{0,1\} made, \([0-9]*\) files\{0,1\} read).*/\1 \2/p'; }
out=$(rb_build)
all=$(printf '%s\n' "$out" | sed -n 's/^skylt: built \([0-9]*\) pages.*/\1/p')
if [ "$(rb_made "$out")" = "$all 520" ]; then ok "rebuild: a first build makes all $all pages and reads all 520 files"
else fail "rebuild: a first build" "$out"; fi
sleep 3

# A Swedish body: the page in its ten languages (each shows its source's
# text or status), nothing else; the page and its nine translations, which
# take their facts from it, are read, and no other file.
printf '\nEtt stycke till om SFI.\n' >>"$rb/content/sv/begrepp/sfi.md"
out=$(rb_build)
if [ "$(rb_made "$out")" = "31 10" ] && grep -q "Ett stycke till om SFI" "$rb/site/sv/begrepp/sfi/index.html"; then
	ok "rebuild: a changed body makes its page again in ten languages (31 pages with the 21 every build makes), reads its 10 files"
else fail "rebuild: a changed body" "$out"; fi

# A contact's title: also the pages that list it (the contact directory)
# and link to it, not the rest.
sed -i 's/^title: .*/title: Karlskoga kommun, kontaktcenter/' "$rb/content/sv/kontakter/karlskoga.md"
out=$(rb_build)
set -- $(rb_made "$out")
if [ "${1:-0}" -gt 31 ] && [ "${1:-0}" -lt $((all / 4)) ] && [ "${2:-99}" -le 12 ] &&
	grep -q "Karlskoga kommun, kontaktcenter" "$rb/site/sv/kontakter/index.html"; then
	ok "rebuild: a changed title also makes the pages that list or link to it ($1 of $all pages), and the directory shows it"
else fail "rebuild: a changed title" "$out"; fi

# One language's UI strings: that language's pages and the 21.
sed -i 's|<target>Skip to content</target>|<target>Skip to the content</target>|' "$rb/translations/en.xlf"
out=$(rb_build)
en=$(find "$rb/content/sv" -name '*.md' | wc -l)
set -- $(rb_made "$out")
if [ "${1:-}" = "$((en + 21))" ] && [ "${2:-9}" -le 2 ]; then
	ok "rebuild: a changed English UI string makes the $en English pages again (and the 21), and reads only the pages just edited"
else fail "rebuild: a changed UI string (want $((en + 21)) pages made)" "$out"; fi

# A template: every page.
printf '<!-- a comment -->\n' >>"$rb/templates/page.xhtml"
out=$(rb_build)
set -- $(rb_made "$out")
if [ "${1:-}" = "$all" ] && [ "${2:-9}" -le 2 ]; then ok "rebuild: a changed template makes every page again ($all), and reads only the pages just edited"
else fail "rebuild: a changed template" "$out"; fi

# What it kept is what a clean build makes.
(cd "$rb" && "$skylt" build -q -o clean >/dev/null 2>&1)
if diff -r "$rb/site" "$rb/clean" >/dev/null; then ok "rebuild: after these rebuilds, the site is byte-identical to a clean build"
else fail "rebuild: the rebuilt site differs from a clean build" "$(diff -r "$rb/site" "$rb/clean" | head -n 10)"; fi

# README: every file in the cache folder checks itself, and deleting the
# folder only makes the next build do everything.
printf '\nOch ännu ett om SFI.\n' >>"$rb/content/sv/begrepp/sfi.md"
rm -rf "$rb/.site.skylt-cache"
out=$(rb_build)
(cd "$rb" && rm -rf clean .clean.* && "$skylt" build -q -o clean >/dev/null 2>&1)
if [ "$(rb_made "$out")" = "$all 520" ] && diff -r "$rb/site" "$rb/clean" >/dev/null; then
	ok "rebuild: without .site.skylt-cache/ the next build makes every page and reads every file, and its site is a clean build's"
else fail "rebuild: a build without its cache folder" "$out"; fi
# A damaged record is a missing one.
for f in "$rb"/.site.skylt-cache/*; do head -c 100 "$f" >"$f.cut" && mv "$f.cut" "$f"; done
printf '\nEtt sista om SFI.\n' >>"$rb/content/sv/begrepp/sfi.md"
out=$(rb_build)
(cd "$rb" && rm -rf clean .clean.* && "$skylt" build -q -o clean >/dev/null 2>&1)
if printf '%s\n' "$out" | grep -q "; $all pages made" && diff -r "$rb/site" "$rb/clean" >/dev/null; then
	ok "rebuild: with every file of .site.skylt-cache/ cut short, the next build makes every page, and its site is a clean build's"
else fail "rebuild: a build with its cache folder cut short" "$out"; fi
