# The output's promises, sourced by tests/run.sh: an edit saved during a
# build is never lost; site/ is at every instant the whole previous build or
# the whole new one, even when a build is killed; a killed build's leftovers
# are removed by the next; one build at a time writes an output; and a full
# disk is one error, exit 3, with the previous site left as it was.
# Uses run.sh's ok, fail, project, $skylt, $root and $work.

echo "# atomic output"

# A fingerprint of every file under a folder, its path and its bytes.
tree_sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-64; }
# What is beside the output folder "site" of project $1 but its own files.
leftovers() { find "$1" -maxdepth 1 -name '.site*' ! -name .site.prev ! -name .site.lock ! -name .site.skylt-state ! -name .site.skylt-cache -printf '%f\n'; }

# A corpus of a few thousand pages (tests/bench/gencorpus.c), so that a
# build lasts long enough to be interrupted.
a="$work/atomic"
mkdir -p "$a"
if ! cc -std=c11 -D_DEFAULT_SOURCE -O2 -o "$a/gencorpus" "$root/tests/bench/gencorpus.c" 2>"$a/cc.log"; then
	fail "atomic: cannot compile the corpus generator" "$(cat "$a/cc.log")"
fi
k="$a/corpus"
"$a/gencorpus" "$k" 10 30 2000 >/dev/null
cp -R "$root/templates" "$root/translations" "$k/"
# Two states of the inputs: B has another template (every page changes) and
# one more page; going back to A removes that page's files.
cp "$k/templates/page.xhtml" "$a/page.A"
sed 's|<main id="main"|<main id="main" class="edited-by-the-test"|' "$a/page.A" >"$a/page.B"
printf -- '---\ntitle: Added by the test\n---\nAdded.\n' >"$a/extra.md"
state() {
	cp "$a/page.$1" "$k/templates/page.xhtml"
	if [ "$1" = B ]; then cp "$a/extra.md" "$k/content/sv/added-by-the-test.md"
	else rm -f "$k/content/sv/added-by-the-test.md"; fi
}
rel=$root/build/skylt

# 1. An edit saved during a build. The record must hold each input as the
# build read it, so that the next build sees the edit. Each build has a page
# to write, and the edit is saved once it has begun writing (after it has
# read the inputs, when the old record went wrong), and 0.4 s after it
# began at the earliest; whether it was still running then is said, and the
# test holds either way. No duration is asserted.
state A
"$skylt" build -q -j 2 -C "$k" >/dev/null 2>&1
n=0
for f in templates/page.xhtml content/en/s00/p00000.md translations/en.xlf; do
	n=$((n + 1))
	cp "$k/$f" "$a/saved"
	case $f in
	templates/*) cp "$a/page.B" "$a/saved" ;;
	translations/*) sed -i 's|<target>Skip to content</target>|<target>Skip to content (edited by the test)</target>|' "$a/saved" ;;
	*) printf '\nEdited by the test.\n' >>"$a/saved" ;;
	esac
	printf '\nChanged before build %s.\n' "$n" >>"$k/content/sv/s00/p00010.md"
	touch "$a/began"
	"$skylt" build -q -j 2 -C "$k" >/dev/null 2>&1 &
	pid=$!
	sleep 0.4
	while kill -0 "$pid" 2>/dev/null &&
		[ -z "$(find "$k"/.site.* -type f -cnewer "$a/began" -print -quit 2>/dev/null)" ]; do :; done
	cat "$a/saved" >"$k/$f"
	during=no; kill -0 "$pid" 2>/dev/null && during=yes
	wait "$pid"
	out=$("$rel" build -j 2 -C "$k" 2>&1)
	"$rel" build -q -j 2 -C "$k" -o clean >/dev/null 2>&1
	if [ "$(tree_sum "$k/site")" = "$(tree_sum "$k/clean")" ] &&
		grep -qiE "edited-by-the-test|edited by the test" "$k/site/en/s00/p00000/index.html"; then
		ok "atomic: $f saved during a build is in the output after the next build (saved while it ran: $during)"
	else fail "atomic: $f saved during a build was lost (saved while it ran: $during)" "$out"; fi
	rm -rf "$k/clean" "$k"/.clean.*
done

# 3 and 4. Builds killed (SIGKILL, and SIGTERM, which skylt build does not
# catch) at random moments, and at the moment site/ first shows a file of
# the new build: site/ is always one of the two builds whole,
# and the next build succeeds and leaves nothing behind.
state A; "$rel" build -q -j 2 -C "$k" -o refA >/dev/null 2>&1
state B; "$rel" build -q -j 2 -C "$k" -o refB >/dev/null 2>&1
sumA=$(tree_sum "$k/refA"); sumB=$(tree_sum "$k/refB")
if [ "$sumA" != "$sumB" ] && grep -q edited-by-the-test "$k/refB/sv/s00/p00000/index.html"; then
	ok "atomic: two reference builds of $(find "$k/refA" -type f | wc -l) files that differ in every page"
else fail "atomic: the reference builds are not as expected"; fi
state A
"$rel" build -q -j 2 -C "$k" >/dev/null 2>&1
t0=$(date +%s%N); state B; "$rel" build -q -j 2 -C "$k" >/dev/null 2>&1; t1=$(date +%s%N)
span=$(( (t1 - t0) / 1000 * 12 / 10 )) # microseconds: a little more than a build
[ "$span" -gt 100000 ] || span=100000
mixed="" bad="" trials=20 cur=B
RANDOM=13
for i in $(seq 1 $trials); do
	if [ "$cur" = A ]; then cur=B; else cur=A; fi
	state "$cur"
	[ $((i % 4)) -ge 2 ] && sig=TERM || sig=KILL
	touch "$a/began"
	"$rel" build -q -j 2 -C "$k" >/dev/null 2>&1 &
	pid=$!
	if [ $((i % 2)) -eq 1 ]; then
		us=$(( (RANDOM * 32768 + RANDOM) % span ))
		when="after ${us}us"
		sleep "$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
	else
		# The moment that matters most: the first file of the new
		# build seen in site/.
		when="at the first new file in site/"
		while kill -0 "$pid" 2>/dev/null &&
			[ -z "$(find "$k/site" -newer "$a/began" -print -quit 2>/dev/null)" ]; do :; done
	fi
	kill -s "$sig" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	now=$(tree_sum "$k/site")
	[ "$now" = "$sumA" ] || [ "$now" = "$sumB" ] || mixed="$mixed $i($sig $when)"
	# Every fifth trial, and the last, the next build runs to the end.
	if [ $((i % 5)) -eq 0 ]; then
		log=$("$rel" build -q -j 2 -C "$k" 2>&1); rc=$?
		want=$sumA; [ "$cur" = B ] && want=$sumB
		left=$(leftovers "$k")
		if [ "$rc" -ne 0 ] || [ "$(tree_sum "$k/site")" != "$want" ] || [ -n "$left" ]; then
			bad="$bad $i(exit $rc, left: $left) $log"
		fi
	fi
done
if [ -z "$mixed" ]; then ok "atomic: after $trials builds killed at random moments and as site/ began to change, site/ was each time the previous build or the new one, whole"
else fail "atomic: a killed build left a mix of two builds in site/" "trials:$mixed"; fi
if [ -z "$bad" ]; then ok "atomic: the build after a killed one succeeds, equals a clean build, and leaves no staging folder"
else fail "atomic: the build after a killed one failed or left something" "$bad"; fi

# A reader that opens a file by its path under site/ while builds exchange
# the two trees finds each time the file of one build, whole, never no file;
# a reader that opened it before reads the file of that build to its end.
page=sv/s00/p00000/index.html
hA=$(sha256sum <"$k/refA/$page" | cut -c1-64); hB=$(sha256sum <"$k/refB/$page" | cut -c1-64)
exec 8<"$k/site/$page"
opened=$(tree_sum "$k/site")
(for s in A B A B A B; do state "$s"; "$rel" build -q -j 2 -C "$k" >/dev/null 2>&1; done) 8<&- &
builder=$!
reads=0 badreads=0
while kill -0 "$builder" 2>/dev/null; do
	h=$(sha256sum <"$k/site/$page" 2>/dev/null | cut -c1-64)
	reads=$((reads + 1))
	[ "$h" = "$hA" ] || [ "$h" = "$hB" ] || badreads=$((badreads + 1))
done
wait "$builder"
held=$(sha256sum <&8 | cut -c1-64)
exec 8<&-
if [ "$badreads" -eq 0 ] && [ "$reads" -gt 0 ]; then
	ok "atomic: $reads reads of a page by its path during 6 builds each found one build's file, whole"
else fail "atomic: $badreads of $reads reads of a page during builds found no file or a partial one"; fi
if { [ "$opened" = "$sumB" ] && [ "$held" = "$hB" ]; } || { [ "$opened" = "$sumA" ] && [ "$held" = "$hA" ]; }; then
	ok "atomic: a file opened before 6 builds is read whole, as that build wrote it"
else fail "atomic: a file opened before the builds changed under its reader"; fi

# Staging folders of killed builds of earlier versions, named by their PID,
# are removed by the next build.
mkdir -p "$k/.site.new-4242/sv" "$k/.site.changes-4343"
echo x >"$k/.site.new-4242/sv/index.html"
printf '\nOne more line.\n' >>"$k/content/sv/s00/p00000.md"
out=$("$skylt" build -j 2 -C "$k" 2>&1)
if [ -z "$(leftovers "$k")" ]; then ok "atomic: staging folders that killed builds left (.site.new-*, .site.changes-*) are removed"
else fail "atomic: old staging folders were left" "$(leftovers "$k") $out"; fi

# Without RENAME_EXCHANGE the exchange is three renames (site to .site.old,
# .site.prev to site, .site.old to .site.prev); a build killed between them
# is put right by the next.
want=$(tree_sum "$k/site")
mv "$k/site" "$k/.site.old"
out=$("$skylt" build -j 2 -C "$k" 2>&1)
r1="$(tree_sum "$k/site") $(leftovers "$k")"
mv "$k/site" "$k/.site.old" && mv "$k/.site.prev" "$k/site"
out="$out $("$skylt" build -j 2 -C "$k" 2>&1)"
r2="$(tree_sum "$k/site") $(leftovers "$k")"
if [ "$r1" = "$want " ] && [ "$r2" = "$want " ] && [ -d "$k/.site.prev" ]; then
	ok "atomic: a build killed between the renames of the exchange without RENAME_EXCHANGE is put right by the next"
else fail "atomic: the renames of the exchange were not put right" "$out"; fi

# An output folder in a folder that does not exist yet.
if out=$("$skylt" build -q -j 2 -C "$k" -o out/site 2>&1) && [ -f "$k/out/site/index.html" ] && [ -f "$k/out/.site.lock" ]; then
	ok "atomic: -o out/site creates out/, with the lock beside site"
else fail "atomic: -o out/site" "$out"; fi
rm -rf "$k/out"

# The promise for readers, as README.md and doc/hosting.md word it: the
# exchange keeps every file of the new build that did not change as the
# same inode with the same time, and the previous build stays whole beside
# it until the next build begins.
f=sv/s00/p00000/index.html
before=$(stat -c '%i %Y' "$k/site/$f"); prevsum=$(tree_sum "$k/site")
printf '\nAnd another.\n' >>"$k/content/en/s00/p00000.md"
"$skylt" build -q -j 2 -C "$k" >/dev/null 2>&1
if [ "$(stat -c '%i %Y' "$k/site/$f")" = "$before" ] && [ "$(tree_sum "$k/.site.prev")" = "$prevsum" ]; then
	ok "atomic: unchanged files keep their inode and time; .site.prev holds the previous build, whole"
else fail "atomic: the exchange changed unchanged files or the previous build"; fi

# One build at a time. A sync job that holds the lock sees one build from
# start to end, and a build waits for it and says so.
sum=$(tree_sum "$k/site")
exec 9>"$k/.site.lock"
flock 9
printf '\nYet another.\n' >>"$k/content/en/s00/p00000.md"
"$skylt" build -j 2 -C "$k" >"$a/wait.log" 2>&1 9>&- &
pid=$!
for _ in $(seq 1 100); do grep -q "waiting" "$a/wait.log" && break; sleep 0.1; done
held=$(tree_sum "$k/site")
exec 9>&-
wait "$pid"; rc=$?
if grep -q "another build is writing 'site'; waiting for it to finish (lock '.site.lock')" "$a/wait.log" &&
	[ "$held" = "$sum" ] && [ "$rc" -eq 0 ] && grep -q "Yet another" "$k/site/en/s00/p00000/index.html"; then
	ok "atomic: a build waits, and says so, while another holds .site.lock; nothing changes meanwhile"
else fail "atomic: the lock did not hold a build back" "exit $rc; $(cat "$a/wait.log")"; fi
# Two builds started at once.
state B
"$skylt" build -q -j 2 -C "$k" >"$a/two1.log" 2>&1 & p1=$!
"$skylt" build -q -j 2 -C "$k" >"$a/two2.log" 2>&1 & p2=$!
wait "$p1"; r1=$?; wait "$p2"; r2=$?
"$rel" build -q -j 2 -C "$k" -o clean >/dev/null 2>&1
if [ "$r1" -eq 0 ] && [ "$r2" -eq 0 ] && [ "$(tree_sum "$k/site")" = "$(tree_sum "$k/clean")" ] && [ -z "$(leftovers "$k")" ]; then
	ok "atomic: two builds started at once both succeed, one after the other, and the site is a clean build's"
else fail "atomic: two builds at once" "exit $r1 and $r2: $(cat "$a/two1.log" "$a/two2.log")"; fi

# 5. A full disk: one error that names the output folder and the cause,
# exit 3, the previous site as it was, and no staging left.
m="$a/full"
mkdir -p "$m"
if [ "$(id -u)" -ne 0 ]; then
	echo "skip - full disk: mounting a small tmpfs needs root (running as $(id -un))"
elif ! err=$(mount -t tmpfs -o size=16m tmpfs "$m" 2>&1); then
	echo "skip - full disk: cannot mount a tmpfs at $m: $err"
else
	project "$root" "$m/p"
	"$skylt" build -q -C "$m/p" >/dev/null 2>&1
	before=$(tree_sum "$m/p/site")
	sed -i 's|<main id="main"|<main id="main" class="edited-by-the-test"|' "$m/p/templates/page.xhtml"
	free=$(df -k --output=avail "$m" | tail -n 1)
	fallocate -l $(( (free - 300) * 1024 )) "$m/filler" 2>/dev/null ||
		dd if=/dev/zero of="$m/filler" bs=1k count=$((free - 300)) 2>/dev/null
	out=$("$skylt" build -C "$m/p" 2>&1); rc=$?
	errors=$(printf '%s\n' "$out" | grep -c ': error: ')
	if [ "$rc" -eq 3 ] && [ "$errors" -eq 1 ] &&
		printf '%s\n' "$out" | grep -qx "site: error: cannot write the output: No space left on device" &&
		[ "$(tree_sum "$m/p/site")" = "$before" ] && [ ! -e "$m/p/.site.prev" ] && [ -z "$(leftovers "$m/p")" ]; then
		ok "atomic: a full disk is one error naming site and the cause, exit 3; the site is as it was, no staging is left"
	else fail "atomic: a full disk (exit $rc, $errors errors)" "$(printf '%s\n' "$out" | head -n 5; ls -a "$m/p")"; fi
	rm -rf "$m/p/site"
	free=$(df -k --output=avail "$m" | tail -n 1)
	fallocate -l $(( (free - 300) * 1024 )) "$m/filler2" 2>/dev/null ||
		dd if=/dev/zero of="$m/filler2" bs=1k count=$((free - 300)) 2>/dev/null
	out=$("$skylt" build -C "$m/p" 2>&1); rc=$?
	if [ "$rc" -eq 3 ] && printf '%s\n' "$out" | grep -qx "site: error: cannot write the output: No space left on device" &&
		[ ! -e "$m/p/site" ] && [ -z "$(leftovers "$m/p")" ] && [ ! -e "$m/p/.site.prev" ]; then
		ok "atomic: a first build on a full disk: exit 3, one error, nothing left"
	else fail "atomic: a first build on a full disk (exit $rc)" "$(printf '%s\n' "$out" | head -n 5; ls -a "$m/p")"; fi
	rm -f "$m/filler" "$m/filler2"
	if "$skylt" build -q -C "$m/p" >/dev/null 2>&1 && grep -q edited-by-the-test "$m/p/site/sv/index.html"; then
		ok "atomic: with space again, the build succeeds"
	else fail "atomic: the build after a full disk failed"; fi
	umount "$m"
fi
