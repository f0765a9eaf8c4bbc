# Hostile input and hostile places: many messages, huge front matter, control
# characters in names, symbolic links out of the project, an output folder at
# a mount point. Sourced by tests/run.sh, whose ok, fail, project, $skylt,
# $root and $work it uses. Timeouts here only guard against a hang.

echo "# hardening"

# A small project of one page, in $1.
h_project() {
	rm -rf "$1"
	project "$root/tests/errors/missing-page" "$1"
	cp "$root/tests/errors/site.yaml" "$1/content/site.yaml"
	rm -rf "$1/content/sv/ansvar"
	printf -- '---\ntitle: Start\n---\nText.\n' >"$1/content/sv/index.md"
}

# Messages cost time linear in the file, and one file prints at most 100 of
# them: a 1 MB page with 80,000 warnings.
h="$work/harden-many"; h_project "$h"
python3 -c '
import sys
body = "".join("Rad %d med <b>fet</b> text.\n\n" % i for i in range(40000))
open(sys.argv[1], "w").write("---\ntitle: Start\n---\n" + body)' "$h/content/sv/index.md"
out=$(timeout 60 "$skylt" check -q -C "$h" 2>&1); rc=$?
lines=$(printf '%s\n' "$out" | grep -c '^content/sv/index.md:')
last=$(printf '%s\n' "$out" | tail -n 1)
if [ "$rc" -eq 0 ] && [ "$lines" -eq 101 ] &&
	[ "$last" = "content/sv/index.md: warning: … and 79,900 more in this file" ]; then
	ok "a 1 MB page with 80,000 warnings: 100 printed, then '… and 79,900 more'"
else
	fail "a 1 MB page with 80,000 warnings (exit $rc, $lines lines)" "$(printf '%s\n' "$out" | tail -n 3)"
fi

# Front matter is bounded before libyaml, whose scanner is quadratic in the
# nesting of '[': 100 kB of them.
h="$work/harden-fm"; h_project "$h"
{ printf -- '---\ntitle: Start\ntags: '; head -c 100000 /dev/zero | tr '\0' '['; printf '\n---\nText.\n'; } >"$h/content/sv/index.md"
out=$(timeout 60 "$skylt" check -q -C "$h" 2>&1); rc=$?
want="content/sv/index.md:1:1: error: front matter is 100020 bytes, more than the 16384 a page may have: move long text into the page's body"
if [ "$rc" -eq 1 ] && [ "$out" = "$want" ]; then ok "100 kB of '[' in front matter: one error at once"
else fail "100 kB of '[' in front matter (exit $rc)" "$out"; fi

# A line break in a file name or a YAML key cannot start a line of its own:
# in CI, that line would be a workflow command.
h="$work/harden-ci"; h_project "$h"
printf -- '---\ntitle: Start\n---\nText.\n' >"$h/content/sv/x
::add-mask::hidden.md"
printf -- '---\ntitle: Start\n"k\\n::error file=a::forged": 1\n"\\u2028::warning::u": 2\n---\nText.\n' >"$h/content/sv/index.md"
out=$(GITHUB_ACTIONS=true "$skylt" check -q -C "$h" 2>&1)
stray=$(printf '%s\n' "$out" | grep -Ev '^(content/|::(error|warning) file=content/)')
if [ -z "$stray" ] && printf '%s\n' "$out" | grep -qF 'x\n::add-mask::hidden.md' &&
	printf '%s\n' "$out" | grep -qF "unknown key 'k\n::error file=a::forged'" &&
	printf '%s\n' "$out" | grep -qF '\u2028::warning::u'; then
	ok "control characters in names and keys are escaped, in messages and annotations"
else
	fail "a name or key with a line break printed a line of its own" "$out"
fi

# A language folder that is a symbolic link out of content/ is refused, as a
# page link is.
h="$work/harden-lang"; h_project "$h"
mkdir -p "$work/harden-outside"
printf -- '---\ntitle: Outside\n---\nOUTSIDE-TEXT\n' >"$work/harden-outside/index.md"
ln -s "$work/harden-outside" "$h/content/en"
out=$("$skylt" build -q -C "$h" 2>&1); rc=$?
want="content/en: error: symbolic links are not followed: a language folder must be a folder inside content/"
if [ "$rc" -eq 1 ] && [ "$out" = "$want" ] && ! grep -rqs OUTSIDE-TEXT "$h/site"; then
	ok "a language folder that links out of content/ is refused"
else
	fail "content/en as a link out of content/ (exit $rc)" "$out"
fi

# So is content/_media, the folder all languages share.
h="$work/harden-media"; h_project "$h"
ln -s "$work/harden-outside" "$h/content/_media"
out=$("$skylt" check -q -C "$h" 2>&1); rc=$?
want="content/_media: error: symbolic links are not followed: the shared folder must be a folder inside content/"
if [ "$rc" -eq 1 ] && [ "$out" = "$want" ]; then ok "content/_media as a link out of content/ is refused"
else fail "content/_media as a link out of content/ (exit $rc)" "$out"; fi

# A symbolic link in templates/assets is an error, not a file quietly missing.
h="$work/harden-assets"; h_project "$h"
ln -s /etc/hostname "$h/templates/assets/host.txt"
out=$("$skylt" build -q -C "$h" 2>&1); rc=$?
want="templates/assets/host.txt: error: symbolic links are not followed: copy the file itself into the folder"
if [ "$rc" -eq 1 ] && [ "$out" = "$want" ]; then ok "a symbolic link in templates/assets is reported"
else fail "a symbolic link in templates/assets (exit $rc)" "$out"; fi

# A missing page.xhtml is said once, not once for every page.
h="$work/harden-tmpl"; h_project "$h"
printf -- '---\ntitle: Om\n---\nText.\n' >"$h/content/sv/om.md"
rm "$h/templates/page.xhtml"
out=$("$skylt" check -q -C "$h" 2>&1); rc=$?
want="templates/page.xhtml: error: missing: every page is written with this template"
if [ "$rc" -eq 1 ] && [ "$out" = "$want" ]; then ok "a missing page.xhtml is one error"
else fail "a missing page.xhtml (exit $rc)" "$out"; fi

# -o at a mount point is refused before anything is built, with the reason.
# A private mount namespace gives the test its own tmpfs.
h="$work/harden-mount"; h_project "$h"; mkdir -p "$h/mnt"
if unshare -rm true 2>/dev/null; then
	out=$(unshare -rm sh -c 'mount -t tmpfs none "$1/mnt" && "$2" build -q -C "$1" -o mnt; echo "exit $?"' sh "$h" "$skylt" 2>&1)
	want="mnt: error: the output folder is a mount point, which a build cannot replace as a whole: give -o a folder inside it, such as 'mnt/site'
exit 3"
	if [ "$out" = "$want" ]; then ok "-o at a mount point is refused at the start (exit 3)"
	else fail "-o at a mount point" "$out"; fi
else
	echo "skip - -o at a mount point: no private mount namespace here (unshare -rm)"
fi
