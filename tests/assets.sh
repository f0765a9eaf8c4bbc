# Local images and documents, sourced by tests/run.sh (it defines ok, fail,
# project, $skylt, $root and $work). A Swedish and an Arabic page link an image
# beside the Swedish Markdown (the Arabic one finds it by falling back to the
# Swedish folder), a shared image and a PDF in content/_media/, and use an
# alert, a footnote and a task list.
echo "# images and documents"
if ! command -v vips >/dev/null 2>&1; then
	fail "the vips command (Debian's libvips-tools) is needed to make the test images"
else
	a="$work/assets"
	mkdir -p "$a/content/sv/kommuner" "$a/content/ar/kommuner" "$a/content/_media"
	cp -R "$root/templates" "$root/translations" "$a/"
	cat >"$a/content/site.yaml" <<-'EOF'
	title: Prov
	base_url: https://prov.example/
	source: sv
	image_budget: 50kB
	languages:
	  - {code: sv, tag: sv, locale: sv}
	  - {code: ar, tag: ar, locale: ar}
	EOF
	vips gaussnoise "$a/noise.v" 1200 800 && vips cast "$a/noise.v" "$a/content/sv/kommuner/karta.jpg" uchar
	vips black "$a/content/_media/logo.png" 300 100
	rm -f "$a/noise.v"
	# A PDF of exactly 2449 bytes: "2,4 kB".
	printf '%%PDF-1.4\n%%%%EOF\n' >"$a/content/_media/blankett.pdf"
	truncate -s 2449 "$a/content/_media/blankett.pdf"
	printf '%%PDF-1.4\n' >"$a/content/sv/utkast.pdf" # linked from nowhere
	cat >"$a/content/sv/index.md" <<-'EOF'
	---
	title: Start
	---
	Se [kommunerna](kommuner/index.md) och [ansökan](../_media/blankett.pdf).

	![Logotyp](../_media/logo.png)
	EOF
	cat >"$a/content/sv/kommuner/index.md" <<-'EOF'
	---
	title: Kommuner
	---
	![Karta över kommunerna](karta.jpg)

	> [!TIP]
	> Ta med [ansökan](../../_media/blankett.pdf)[^1].

	- [x] Ansökan ifylld
	- [ ] Tid bokad

	[^1]: Den finns på svenska.
	EOF
	cat >"$a/content/ar/index.md" <<-'EOF'
	---
	title: البداية
	---
	انظر [البلديات](kommuner/index.md) و[الطلب](../_media/blankett.pdf).

	![الشعار](../_media/logo.png)
	EOF
	cat >"$a/content/ar/kommuner/index.md" <<-'EOF'
	---
	title: البلديات
	---
	![خريطة البلديات](karta.jpg)

	> [!TIP]
	> أحضر [الطلب](../../_media/blankett.pdf)[^1].

	- [x] تمّ ملء الطلب
	- [ ] تمّ حجز موعد

	[^1]: إنه متوفر باللغة السويدية.
	EOF
	out=$("$skylt" build -C "$a" -o site -j 1 2>&1); rc=$?
	sv="$a/site/sv/kommuner/index.html" ar="$a/site/ar/kommuner/index.html"
	if [ "$rc" -eq 0 ]; then ok "a site with local images and a PDF builds"
	else fail "a site with local images and a PDF: exit $rc" "$out"; fi
	if printf '%s\n' "$out" | grep -qxF "content/sv/kommuner/karta.jpg: warning: image is $(( ($(stat -c %s "$a/content/sv/kommuner/karta.jpg") + 999) / 1000 )) kB, over the budget of 50 kB (image_budget in content/site.yaml): make it smaller"; then
		ok "an image over image_budget is a warning that names the file"
	else fail "no budget warning" "$out"; fi
	img=$(grep -o '<img src="../../media/karta\.[0-9a-f]\{16\}\.jpg"[^>]*>' "$sv")
	name=$(printf '%s' "$img" | sed -E 's/.*src="..\/..\/(media\/[^"]*)".*/\1/')
	if [ -n "$img" ] && [ -f "$a/site/$name" ] && cmp -s "$a/site/$name" "$a/content/sv/kommuner/karta.jpg"; then
		ok "an image is copied under a content-hashed name ($name)"
	else fail "no content-hashed image" "$(grep -o '<img[^>]*>' "$sv")"; fi
	if printf '%s' "$img" | grep -q 'alt="Karta över kommunerna" width="1200" height="800" srcset="../../media/karta\.[0-9a-f]\{16\}\.jpg 480w, ../../media/karta\.[0-9a-f]\{16\}\.jpg 960w, ../../'"$name"' 1200w" sizes="[^"]*" loading="lazy" decoding="async"'; then
		ok "the image has width, height, a srcset of 480w and 960w, lazy loading"
	else fail "wrong img attributes" "$img"; fi
	variants_ok=1
	for v in $(printf '%s' "$img" | grep -o 'media/karta\.[0-9a-f]*\.jpg [0-9]*w' | sed 's/ .*//'); do
		w=$(vipsheader -f width "$a/site/$v" 2>/dev/null)
		printf '%s' "$img" | grep -q "$v ${w}w" || variants_ok=0
	done
	if [ "$variants_ok" -eq 1 ] && [ "$(find "$a/site/media" -name 'karta.*' | wc -l)" -eq 3 ]; then
		ok "each variant is written and as wide as srcset says"
	else fail "variants missing or of the wrong width" "$(ls "$a/site/media")"; fi
	if grep -q '<img src="../../media/karta\.[0-9a-f]\{16\}\.jpg" alt="خريطة البلديات" width="1200"' "$ar"; then
		ok "an Arabic page finds the image in the Swedish folder"
	else fail "the Arabic page has no image" "$(grep -o '<img[^>]*>' "$ar")"; fi
	if grep -q '<a href="../media/blankett\.[0-9a-f]\{16\}\.pdf">ansökan</a> <span class="file-info">(PDF, 2,4 kB)</span>' "$a/site/sv/index.html"; then
		ok "a PDF link says '(PDF, 2,4 kB)' in Swedish"
	else fail "no Swedish document label" "$(grep -o '<a href="[^"]*pdf.\{0,120\}' "$a/site/sv/index.html")"; fi
	if grep -q '<a href="../../media/blankett\.[0-9a-f]\{16\}\.pdf">الطلب</a> <span class="file-info">(<bdi>PDF</bdi>، ٢٫٤ كيلوبايت)</span>' "$ar"; then
		ok "a PDF link says '(PDF، ٢٫٤ كيلوبايت)' in Arabic, with Arabic digits and PDF isolated"
	else fail "no Arabic document label" "$(grep -o '<a href="[^"]*pdf.\{0,120\}' "$ar")"; fi
	if [ -z "$(find "$a/site" -name 'utkast*')" ]; then ok "a file no page links to is not published"
	else fail "an unlinked file was published"; fi
	if grep -q '<div class="alert alert-tip" role="note"><p class="alert-title">نصيحة</p>' "$ar" &&
		grep -q '<div class="alert alert-tip" role="note"><p class="alert-title">Tips</p>' "$sv" &&
		grep -q '<h2 id="footnotes">الحواشي</h2>' "$ar" &&
		grep -q 'class="footnote-back" aria-label="العودة إلى النص">↑</a>' "$ar" &&
		grep -q '<label><input type="checkbox" disabled checked> تمّ ملء الطلب</label>' "$ar"; then
		ok "alerts, footnotes and task lists are labelled in the page's language (Arabic, right to left)"
	else fail "alert, footnote or task list wrong in Arabic" "$(grep -E 'alert|footnote|checkbox' "$ar")"; fi
	if "$root/build/skylt" build -q -C "$a" -o site2 -j 2 2>/dev/null && d=$(diff -r "$a/site" "$a/site2"); then
		ok "the release build on 2 threads writes the same bytes, variants included"
	else fail "builds differ" "$d"; fi
	out=$("$skylt" build -C "$a" -o site 2>&1)
	if printf '%s' "$out" | grep -q "nothing changed since the last build"; then ok "a rebuild with the same images builds nothing"
	else fail "an unchanged rebuild was not recognised" "$out"; fi
	vips black "$a/content/sv/kommuner/karta.jpg" 1000 500
	out=$("$skylt" build -C "$a" -o site 2>&1)
	img2=$(grep -o '<img src="../../media/karta[^>]*>' "$sv")
	if ! printf '%s' "$out" | grep -q "nothing changed" && [ ! -e "$a/site/$name" ] &&
		printf '%s' "$img2" | grep -q 'width="1000" height="500"' && ! printf '%s' "$img2" | grep -q "$name"; then
		ok "a changed image is noticed: a new name, its new size, the old file removed"
	else fail "a changed image was not noticed" "$out $img2"; fi
fi
