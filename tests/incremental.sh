# A property of rebuilds: after any sequence of edits, a rebuild into an
# output folder that was built before is byte for byte a clean build of the
# same inputs. A seeded sequence of random edits to a copy of the shipped
# site (bodies, titles, front matter, new, deleted and renamed pages,
# templates, UI strings, site.yaml, no change at all, an edit undone before
# the build, a warning, one invalid edit and its fix); after each, the folder
# 'inc' is rebuilt and compared with a fresh build into 'clean': exit status,
# messages (the warnings of pages not rendered again too) and every file. A
# rebuild that renders only what an edit touches has to know every page an
# edit reaches (menus, folder lists, glossary links, anchors, fallbacks, the
# age notices); this finds the ones it misses. One round of edits, every kind
# once, is the default run.
#
# SKYLT_PROP_SEED=S SKYLT_PROP_STEPS=N repeat a run exactly (a failure names
# both); SKYLT_PROP_KEEP=DIR keeps the project and its builds after a failure,
# SKYLT_PROP_LOG=FILE the list of edits.
# Sourced by tests/run.sh: everything here is prefixed ip_.
echo "# incremental rebuilds are clean builds (random edits)"

ip_seed=${SKYLT_PROP_SEED:-2}
# The build date is fixed, so that the age notices cannot change between two
# builds of one step, nor a replay on another day.
ip_epoch=1796083200
ip_dir="$work/incremental-prop"
ip_c="$ip_dir/content"
ip_log="$work/incremental-prop.log"
: >"$ip_log"
ip_failed=0
ip_uniq=0
declare -A ip_count=() ip_seen=()

# The random numbers: a linear congruential generator (the C standard's
# example constants), its higher bits. No subshell may call it: the state is
# this shell's.
ip_state=$ip_seed
ip_rand() { # N: ip_r is in 0..N-1
	ip_state=$(((ip_state * 1103515245 + 12345) % 2147483648))
	ip_r=$(((ip_state >> 8) % $1))
}
ip_pick() { # WORD...: ip_p is one of them (status 1 when there is none)
	[ $# -gt 0 ] || return 1
	ip_rand $#
	shift "$ip_r"
	ip_p=$1
}
ip_new() { ip_uniq=$((ip_uniq + 1)); }

# Files, relative to content/, sorted: the same state gives the same picks.
ip_files() { (cd "$ip_c" && find "${@:-.}" -name '*.md' -printf '%p\n' | sed 's|^\./||' | LC_ALL=C sort); }
ip_langs() { (cd "$ip_c" && find . -mindepth 1 -maxdepth 1 -type d ! -name '_*' -printf '%P\n' | LC_ALL=C sort); }
ip_leaves() { ip_files sv | grep -v '/index\.md$'; }

# Whether a page (its path in a language folder) is named by any other page:
# a link to it, with or without an anchor, or a 'contact:'. By its file name
# only, so a page of the same name elsewhere counts too: never a false no.
ip_linked() {
	local stem
	stem=$(basename "$1" .md)
	grep -rlE --include='*.md' "(\(|/)$stem\.md|^contact: *([a-z0-9-]+/)?$stem *\$" "$ip_c" |
		grep -v "/$1\$" | grep -q .
}

# Front matter: the value of KEY, or set KEY (added at the end when missing).
ip_fm_get() { awk -v k="$2" 'NR == 1 && $0 == "---" { fm = 1; next } fm && $0 == "---" { exit }
	fm && index($0, k ": ") == 1 { print substr($0, length(k) + 3); exit }' "$ip_c/$1"; }
ip_fm_set() {
	awk -v k="$2" -v v="$3" 'NR == 1 && $0 == "---" { fm = 1; print; next }
		fm && $0 == "---" { if (!done) print k ": " v; fm = 0; print; next }
		fm && index($0, k ":") == 1 { print k ": " v; done = 1; next }
		{ print }' "$ip_c/$1" >"$ip_c/$1.tmp" && mv "$ip_c/$1.tmp" "$ip_c/$1"
}
ip_line_set() { # FILE N TEXT: line N becomes TEXT
	awk -v n="$2" -v t="$3" 'NR == n { print t; next } { print }' "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}
ip_sub() { # FILE OLD NEW: every OLD (a string, not a pattern) becomes NEW
	local s
	s=$(cat "$1"; printf x)
	s=${s%x}
	printf '%s' "${s//"$2"/"$3"}" >"$1"
}
ip_append() { # FILE TEXT: a new block at the end
	[ -z "$(tail -c 1 "$1")" ] || printf '\n' >>"$1"
	printf '\n%s\n' "$2" >>"$1"
}
ip_up() { # REL: the way from REL's folder up to the language folder
	local d=${1//[^\/]/}
	ip_u=${d//\//../}
}

# The built file of a Swedish page in the last clean build, and its heading
# ids (not the glossary's letters).
ip_html() {
	local r=${1%.md}
	r=${r%index}
	r=${r%/}
	[ -n "$r" ] && r="$r/"
	ip_h="$ip_dir/clean/sv/${r}index.html"
}
ip_ids() { ip_html "$1"; grep -oE '<h[2-6] id="[^"&]*"' "$ip_h" 2>/dev/null | sed -E 's/.*id="//; s/"$//' | grep -v '^letter-'; }

# Links to anchors in the Swedish pages, one a line: the linking file, the
# link's path as written, the page it leads to, and the anchor.
ip_anchor_links() {
	local f l path d
	(cd "$ip_c" && grep -roE --include='*.md' '\]\([^)#]+\.md#[^)]+\)' sv | LC_ALL=C sort -u) |
		while IFS= read -r l; do
			f=${l%%:*}
			l=${l#*:](}
			l=${l%)}
			path=${l%%#*}
			d=$(dirname "$f")
			printf '%s\t%s\t%s\t%s\n' "$f" "$path" \
				"$(realpath -m --relative-to="$ip_c/sv" "$ip_c/$d/$path")" "${l#*#}"
		done
}

# The line of the heading with anchor ID in the Swedish page REL (ip_hl), from
# the test's own headings' names or else by position: the nth heading of the
# Markdown is the nth id of the built page.
ip_heading_line() {
	local f="$ip_c/sv/$1" lines ids n
	[ -f "$f" ] || return 1
	if [[ $2 =~ ^avsnitt-s([0-9]+)$ ]]; then
		ip_hl=$(grep -nE "^#{2,6} Avsnitt s${BASH_REMATCH[1]}\$" "$f" | head -n 1 | cut -d: -f1)
		[ -n "$ip_hl" ] && return 0
	fi
	grep -q '\[\^' "$f" && return 1 # footnotes add ids of their own
	mapfile -t lines < <(grep -nE '^#{2,6} ' "$f" | cut -d: -f1)
	mapfile -t ids < <(ip_ids "$1")
	[ "${#lines[@]}" -eq "${#ids[@]}" ] || return 1
	for n in "${!ids[@]}"; do
		[ "${ids[$n]}" = "$2" ] && { ip_hl=${lines[$n]}; return 0; }
	done
	return 1
}

# One linked anchor, at random: ip_lk (a line of ip_anchor_links), ip_lkt, ip_lkid, ip_hl.
ip_pick_anchor_link() {
	local all l t
	mapfile -t all < <(ip_anchor_links)
	while [ "${#all[@]}" -gt 0 ]; do
		ip_rand "${#all[@]}"
		l=${all[$ip_r]}
		IFS=$'\t' read -r _ _ t ip_lkid <<<"$l"
		ip_lk=$l
		ip_lkt=$t
		ip_heading_line "$t" "$ip_lkid" && return 0
		all=("${all[@]:0:ip_r}" "${all[@]:ip_r+1}")
	done
	return 1
}
# Every link to anchor ID of page T gets NEWID instead ("" drops the anchor).
ip_relink() {
	local f path t id
	while IFS=$'\t' read -r f path t id; do
		[ "$t" = "$1" ] && [ "$id" = "$2" ] || continue
		if [ -n "$3" ]; then ip_sub "$ip_c/$f" "]($path#$id)" "]($path#$3)"
		else ip_sub "$ip_c/$f" "]($path#$id)" "]($path)"; fi
	done < <(ip_anchor_links)
}

# A Swedish page with a heading that no page links to with an anchor: ip_pg, ip_hl.
ip_pick_free_heading() {
	local f tries=0 all
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		ip_pick $(ip_files sv) || return 1
		f=${ip_p#sv/}
		grep -rqF --include='*.md' "$(basename "$f")#" "$ip_c" && continue
		mapfile -t all < <(grep -nE '^#{2,6} ' "$ip_c/$ip_p" | cut -d: -f1)
		[ "${#all[@]}" -gt 0 ] || continue
		ip_pg=$ip_p
		ip_pick "${all[@]}"
		ip_hl=$ip_p
		return 0
	done
	return 1
}

# An anchor to link to: a heading the test added, or one of the shipped
# site's (as the last clean build named it): ip_at (page) and ip_aid.
ip_pick_anchor() {
	local hs l f ids
	mapfile -t hs < <(cd "$ip_c" && grep -rnE --include='*.md' '^#{2,6} Avsnitt s[0-9]+$' sv | LC_ALL=C sort)
	ip_rand 3
	if [ "${#hs[@]}" -gt 0 ] && [ "$ip_r" -lt 2 ]; then
		ip_pick "${hs[@]}"
		f=${ip_p%%:*}
		ip_at=${f#sv/}
		l=${ip_p##*Avsnitt s}
		ip_aid="avsnitt-s$l"
		return 0
	fi
	local tries=0
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		ip_pick $(ip_leaves) || return 1
		mapfile -t ids < <(ip_ids "${ip_p#sv/}")
		[ "${#ids[@]}" -gt 0 ] || continue
		ip_at=${ip_p#sv/}
		ip_pick "${ids[@]}"
		ip_aid=$ip_p
		return 0
	done
	return 1
}
# A link from the Swedish page FROM (under sv/) to ip_at#ip_aid: the text to append.
ip_link_text() {
	ip_up "$1"
	ip_lt="Se också [avsnittet om det]($ip_u$ip_at#$ip_aid) i en annan del av webbplatsen."
}

ip_words=(asylsökande kommunen tydligt viktigt Migrationsverket praktik bostad)
ip_para() { ip_paragraph="Ett stycke som testet lade till i steg $ip_step, om kommunen och asylsökande."; }

# --- the edits: each sets ip_desc, says what it did in one line -----------

ip_edit_body-append() {
	ip_pick $(ip_files) || return 1
	ip_para
	ip_append "$ip_c/$ip_p" "$ip_paragraph"
	ip_desc="append a paragraph to $ip_p"
}
ip_edit_body-word() {
	local tries=0 f n line tok toks words new
	while [ $tries -lt 30 ]; do
		tries=$((tries + 1))
		ip_pick $(ip_files) || return 1
		f=$ip_p
		# Lines of running text in the body: no links, tables, headings or markup.
		ip_pick $(awk 'NR == 1 && $0 == "---" { fm = 1; next } fm && $0 == "---" { fm = 0; next }
			!fm && /[^ ]/ && !/^ *([#|>]|\[\^)/ && !/\]\(|https?:|[<`*_]/ { print NR }' "$ip_c/$f") || continue
		n=$ip_p
		line=$(sed -n "${n}p" "$ip_c/$f")
		toks=()
		read -ra words <<<"$line"
		for tok in "${words[@]}"; do
			[[ $tok =~ ^[[:alpha:]]{4,}[.,]?$ ]] && toks+=("${tok%[.,]}")
		done
		ip_pick "${toks[@]}" || continue
		tok=$ip_p
		ip_pick "${ip_words[@]}"
		new=$ip_p
		[ "$new" = "$tok" ] && new="${new}s"
		ip_line_set "$ip_c/$f" "$n" "${line/"$tok"/"$new"}"
		ip_desc="change the word '$tok' to '$new' in $f:$n"
		return 0
	done
	return 1
}
ip_edit_body-heading() {
	ip_pick $(ip_files sv) || return 1
	ip_new
	ip_append "$ip_c/$ip_p" "## Avsnitt s$ip_uniq

Text i avsnitt $ip_uniq."
	ip_desc="add the heading '## Avsnitt s$ip_uniq' (anchor #avsnitt-s$ip_uniq) to $ip_p"
}
ip_edit_body-link() {
	local f tries=0
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		ip_pick_anchor || return 1
		ip_pick $(ip_files sv) || return 1
		f=${ip_p#sv/}
		[ "$f" != "$ip_at" ] && break
	done
	[ "$f" != "$ip_at" ] || return 1
	ip_link_text "$f"
	ip_append "$ip_c/sv/$f" "$ip_lt"
	ip_desc="link sv/$f to sv/$ip_at#$ip_aid"
}
# A link whose text says nothing out of context: a warning, which every
# later build must repeat while the page stays as it is, rebuilt or not.
ip_edit_body-warning() {
	ip_pick $(ip_files sv) || return 1
	ip_up "${ip_p#sv/}"
	ip_append "$ip_c/$ip_p" "Om webbplatsen: [läs mer](${ip_u}index.md)."
	ip_desc="a link with the text 'läs mer' in $ip_p (a warning)"
}
# Rename (or remove) a heading that another page links to, and correct the
# links; where no page links to an anchor, a heading nobody links to.
ip_heading_change() { # rename|remove
	local file line level old new
	if ip_pick_anchor_link; then
		file="$ip_c/sv/$ip_lkt"
		old=$ip_lkid
		ip_desc="linked from $(cut -f1 <<<"$ip_lk")"
	else
		ip_pick_free_heading || return 1
		file="$ip_c/$ip_pg"
		old=""
		ip_desc="linked from no page"
	fi
	line=$(sed -n "${ip_hl}p" "$file")
	level=${line%% *}
	if [ "$1" = rename ]; then
		ip_new
		new="avsnitt-s$ip_uniq"
		ip_line_set "$file" "$ip_hl" "$level Avsnitt s$ip_uniq"
		[ -n "$old" ] && ip_relink "$ip_lkt" "$old" "$new"
		ip_desc="rename the heading '$line' of ${file#"$ip_c"/}:$ip_hl to 'Avsnitt s$ip_uniq', $ip_desc${old:+ (#$old, the links now #$new)}"
	else
		sed -i "${ip_hl}d" "$file"
		[ -n "$old" ] && ip_relink "$ip_lkt" "$old" ""
		ip_desc="remove the heading '$line' of ${file#"$ip_c"/}:$ip_hl, $ip_desc${old:+ (#$old, the links now to the page)}"
	fi
}
ip_edit_body-rename() { ip_heading_change rename; }
ip_edit_body-remove() { ip_heading_change remove; }

ip_retitle() { # FILE: a new title
	local old
	old=$(ip_fm_get "$1" title)
	ip_new
	ip_fm_set "$1" title "$old $ip_uniq"
	ip_desc="title of $1: '$old' -> '$old $ip_uniq'"
}
# A page in the main menu: a top-level page or a folder's page.
ip_edit_title-top() {
	ip_pick $(ip_files sv | grep -E '^sv/[^/]+\.md$|^sv/[^/]+/index\.md$') || return 1
	ip_retitle "$ip_p"
}
# A page that its folder's page lists (a term: also the words linked to it).
ip_edit_title-child() {
	ip_pick $(ip_leaves | grep '^sv/[^/]*/') || return 1
	ip_retitle "$ip_p"
}
ip_edit_title-translation() {
	ip_pick $(ip_files | grep -v '^sv/') || return 1
	ip_retitle "$ip_p"
}
ip_edit_front-summary() {
	local old
	ip_pick $(ip_files) || return 1
	old=$(ip_fm_get "$ip_p" summary)
	ip_fm_set "$ip_p" summary "$old Ändrad i steg $ip_step."
	ip_desc="summary of $ip_p: add 'Ändrad i steg $ip_step.'"
}
# A date the facts refer to: a day, a month or a year, 2010 to 2026, which
# puts the age notice on the page or takes it off.
ip_edit_front-updated() {
	local d old
	ip_pick $(ip_files sv) || return 1
	old=$(ip_fm_get "$ip_p" updated)
	ip_rand 17
	d=$((2010 + ip_r))
	ip_rand 3
	local form=$ip_r
	if [ "$form" -ge 1 ]; then
		ip_rand 12
		d=$d-$(printf %02d $((ip_r + 1)))
		if [ "$form" -ge 2 ]; then ip_rand 28; d=$d-$(printf %02d $((ip_r + 1))); fi
	fi
	[ "$d" = "$old" ] && d=2009
	ip_fm_set "$ip_p" updated "$d"
	ip_desc="updated of $ip_p: '$old' -> '$d'"
}
# Order in the menus and folder lists; 90 and over puts a top-level page in
# the footer.
ip_edit_front-order() {
	local old
	ip_pick $(ip_files sv | grep -vx sv/index.md) || return 1
	old=$(ip_fm_get "$ip_p" order)
	ip_rand 95
	[ "$((ip_r + 1))" = "$old" ] && ip_r=$((ip_r + 1))
	ip_fm_set "$ip_p" order $((ip_r + 1))
	ip_desc="order of $ip_p: '$old' -> '$((ip_r + 1))'"
}

# A new Swedish page in an existing folder, with the front matter of the
# folder's kind: in begrepp a term whose word other pages use, so that their
# words become links to it. Arguments: TRANSLATED (not empty: a translation
# into a language drawn at random too), LINK (yes: the page links to an
# anchor of another page).
ip_term_words=(praktik bostad skola förskola vården integration landstinget hälsoundersökning)
ip_new_page() {
	local dir rel kind word="" w f t
	ip_pick top ansvar begrepp kommuner kontakter
	dir=$ip_p
	ip_new
	if [ "$dir" = top ]; then rel="prov-$ip_uniq.md"; else rel="$dir/prov-$ip_uniq.md"; fi
	f="$ip_c/sv/$rel"
	{
		echo "---"
		echo "title: Provsida $ip_uniq"
		echo "summary: En sida som testet lade till."
		case $dir in
		ansvar) echo "kind: authority" ;;
		kommuner) echo "kind: municipality" ;;
		kontakter) echo "kind: contact"; ip_pick authority municipality health information none
			[ "$ip_p" = none ] || echo "org: $ip_p" ;;
		begrepp)
			echo "kind: term"
			word="provord $ip_uniq"
			for w in "${ip_term_words[@]}"; do
				grep -rqiE --include='*.md' "^(title|term): *$w\$" "$ip_c/sv/begrepp" || { word=$w; break; }
			done
			echo "term: $word" ;;
		esac
		ip_rand 17
		echo "updated: $((2010 + ip_r))-03-01"
		if [ "$dir" != begrepp ]; then ip_rand 95; echo "order: $((ip_r + 1))"; fi
		echo "---"
		echo "Den här sidan lades till av testet, i steg $ip_step."
	} >"$f"
	ip_desc="new page sv/$rel${word:+ (a term: '$word')}"
	if [ -n "${1:-}" ]; then
		ip_pick $(ip_langs | grep -vx sv)
		t=$ip_p
		{
			echo "---"
			echo "title: Provsida $ip_uniq ($t)"
			echo "summary: A page that the test added."
			[ -n "$word" ] && echo "term: $word"
			echo "---"
			echo "A page that the test added, in step $ip_step."
		} >"$ip_c/$t/$rel"
		ip_desc="$ip_desc, translated into $t"
	fi
	if [ "${2:-}" = yes ] && ip_pick_anchor; then
		ip_link_text "$rel"
		ip_append "$f" "$ip_lt"
		ip_desc="$ip_desc, linking to sv/$ip_at#$ip_aid"
	fi
	return 0
}
ip_edit_page-new() { ip_new_page "" no; }
ip_edit_page-translated() { ip_new_page yes no; }
ip_edit_page-anchor() { ip_new_page "" yes; }

# A page no other page names, in every language: one the test added or a
# shipped one.
ip_pick_free_page() {
	local all=() mine=() f
	for f in $(ip_leaves); do
		ip_linked "${f#sv/}" && continue
		all+=("$f")
		[[ $f == */prov-* || $f == */flyttad-* || $f == sv/prov-* || $f == sv/flyttad-* ]] && mine+=("$f")
	done
	ip_rand 2
	if [ "${#mine[@]}" -gt 0 ] && [ "$ip_r" -eq 0 ]; then ip_pick "${mine[@]}"
	else ip_pick "${all[@]}"; fi
}
ip_edit_delete-page() {
	local rel l
	ip_pick_free_page || return 1
	rel=${ip_p#sv/}
	for l in $(ip_langs); do rm -f "$ip_c/$l/$rel"; done
	ip_desc="delete $rel in every language"
}
ip_edit_delete-translation() {
	ip_pick $(ip_files | grep -v '^sv/') || return 1
	rm "$ip_c/$ip_p"
	ip_desc="delete the translation $ip_p (the fallback shows)"
}
ip_edit_rename-page() {
	local rel new l
	ip_pick_free_page || return 1
	rel=${ip_p#sv/}
	ip_new
	new="$(dirname "$rel")/flyttad-$ip_uniq.md"
	new=${new#./}
	for l in $(ip_langs); do
		[ -f "$ip_c/$l/$rel" ] && mv "$ip_c/$l/$rel" "$ip_c/$l/$new"
	done
	ip_desc="rename $rel to $new in every language"
}

# Templates: an attribute on an element, a text in the footer, the stylesheet.
ip_edit_template() {
	local file anchor
	ip_new
	ip_pick page:'<h1' base:'<footer class="site-footer"' notfound:'<h1' search:'<h1' chooser:'<body' footer-text css
	ip_label=${ip_p%%:*}
	case $ip_p in
	css)
		printf '/* %s */\n' "$ip_uniq" >>"$ip_dir/templates/assets/style.css"
		ip_desc="append a comment to templates/assets/style.css" ;;
	footer-text)
		file="$ip_dir/templates/base.xhtml"
		if grep -q 'Testets text [0-9]*\.' "$file"; then sed -i -E "s/Testets text [0-9]+\./Testets text $ip_uniq./" "$file"
		else ip_sub "$file" '</footer>' "Testets text $ip_uniq.</footer>"; fi
		ip_desc="footer text of templates/base.xhtml: 'Testets text $ip_uniq.'" ;;
	*)
		file="$ip_dir/templates/${ip_p%%:*}.xhtml"
		anchor=${ip_p#*:}
		if grep -q ' data-x="' "$file"; then sed -i -E "s/ data-x=\"[0-9]+\"/ data-x=\"$ip_uniq\"/" "$file"
		else
			# The first such element only.
			awk -v a="$anchor" -v n="$ip_uniq" '!done && (i = index($0, a)) {
				$0 = substr($0, 1, i + length(a) - 1) " data-x=\"" n "\"" substr($0, i + length(a)); done = 1 } { print }' \
				"$file" >"$file.tmp" && mv "$file.tmp" "$file"
		fi
		ip_desc="data-x=\"$ip_uniq\" on $anchor> in templates/${ip_p%%:*}.xhtml" ;;
	esac
}
# A UI string's target in one language.
ip_edit_ui() {
	local unit file n line
	ip_pick $(cd "$ip_dir/translations" && ls *.xlf | LC_ALL=C sort) || return 1
	file="$ip_dir/translations/$ip_p"
	ip_pick skip_link nav_main updated children contact_phone contact_web contact breadcrumbs \
		nav_footer save_contact stale_link site_title search_button not_found_title org_health age_notice
	unit=$ip_p
	ip_label=$unit
	n=$(grep -n "<unit id=\"$unit\">" "$file" | head -n 1 | cut -d: -f1)
	[ -n "$n" ] || return 1
	ip_new
	line=$(sed -n "${n}p" "$file")
	ip_line_set "$file" "$n" "${line/<\/target>/ $ip_uniq</target>}"
	ip_desc="UI string '$unit' in translations/${file##*/}: add ' $ip_uniq'"
}
# site.yaml: the published address (canonical links, sitemaps, feeds), the
# age of facts that gets a notice, a language's date pattern, the title (no
# page shows it: translations/<code>.xlf's site_title is the shown one, so
# an input changes and no output does); or back to the first version.
ip_edit_site-change() {
	local f="$ip_c/site.yaml"
	ip_new
	ip_pick base_url years date_pattern title
	ip_label=$ip_p
	case $ip_p in
	base_url) sed -i -E "s|^base_url: .*|base_url: https://nyisverige-$ip_uniq.example/|" "$f"
		ip_desc="site.yaml: base_url https://nyisverige-$ip_uniq.example/" ;;
	years) ip_rand 12
		grep -q "years: $((ip_r + 1))[,}]" "$f" && ip_r=$((ip_r + 1))
		sed -i -E "s/years: [0-9]+/years: $((ip_r + 1))/" "$f"
		ip_desc="site.yaml: age_notice years $((ip_r + 1))" ;;
	date_pattern)
		if grep -q 'd LLLL y' "$f"; then sed -i 's/d LLLL y}/d MMMM y}/' "$f"; ip_desc="site.yaml: so date_pattern d MMMM y"
		else sed -i 's/d MMMM y}/d LLLL y}/' "$f"; ip_desc="site.yaml: so date_pattern d LLLL y"; fi ;;
	title) sed -i -E "s/^title: .*/title: Ny i Sverige $ip_uniq/" "$f"
		ip_desc="site.yaml: title 'Ny i Sverige $ip_uniq'" ;;
	esac
}
ip_edit_site-back() {
	if cmp -s "$ip_dir/site.yaml.first" "$ip_c/site.yaml"; then ip_edit_site-change; return; fi
	cp "$ip_dir/site.yaml.first" "$ip_c/site.yaml"
	ip_desc="site.yaml: back to its first version"
}
# Files saved without a change: newer times, and one a new file of the same bytes.
ip_edit_touch() {
	ip_pick $(ip_files) || return 1
	touch "$ip_c/$ip_p" "$ip_dir/templates/page.xhtml" "$ip_dir/translations/en.xlf" "$ip_c/site.yaml"
	cp "$ip_c/$ip_p" "$ip_c/$ip_p.tmp" && mv "$ip_c/$ip_p.tmp" "$ip_c/$ip_p"
	ip_desc="no change: touch $ip_p, page.xhtml, en.xlf, site.yaml; $ip_p rewritten with the same bytes"
}
# An edit undone before the build: the same bytes, newer times.
ip_edit_revert() {
	local f
	ip_pick $(ip_files) || return 1
	f=$ip_p
	cp "$ip_c/$f" "$ip_dir/keep.md"
	cp "$ip_dir/templates/page.xhtml" "$ip_dir/keep.xhtml"
	ip_para
	ip_append "$ip_c/$f" "$ip_paragraph"
	ip_sub "$ip_dir/templates/page.xhtml" '<main id="main"' '<main data-undone="1" id="main"'
	sleep 0.01
	cat "$ip_dir/keep.md" >"$ip_c/$f"
	cat "$ip_dir/keep.xhtml" >"$ip_dir/templates/page.xhtml"
	rm "$ip_dir/keep.md" "$ip_dir/keep.xhtml"
	ip_desc="edit $f and templates/page.xhtml, then undo both before the build"
}
# An invalid edit: a heading renamed while a page still links to its old
# anchor (else a link to an anchor that no page has). Both builds must fail
# alike and 'inc' stay as it was; ip_fix then makes the site valid again.
ip_edit_invalid() {
	local line level
	if ip_pick_anchor_link; then
		line=$(sed -n "${ip_hl}p" "$ip_c/sv/$ip_lkt")
		level=${line%% *}
		ip_new
		ip_line_set "$ip_c/sv/$ip_lkt" "$ip_hl" "$level Avsnitt s$ip_uniq"
		ip_fix_args=("$ip_lkt" "$ip_lkid" "avsnitt-s$ip_uniq")
		ip_desc="invalid: rename the heading '$line' of sv/$ip_lkt to 'Avsnitt s$ip_uniq', leaving $(cut -f1 <<<"$ip_lk") linking to #$ip_lkid"
	else
		ip_pick $(ip_leaves) || return 1
		ip_new
		ip_up "${ip_p#sv/}"
		ip_append "$ip_c/$ip_p" "Se [avsnittet om det](${ip_u}index.md#saknas-$ip_uniq)."
		ip_fix_args=(index.md "saknas-$ip_uniq" "")
		ip_desc="invalid: a link in $ip_p to sv/index.md#saknas-$ip_uniq, which is no anchor"
	fi
}
ip_fix() {
	ip_relink "${ip_fix_args[@]}"
	ip_desc="fix: the links to sv/${ip_fix_args[0]}#${ip_fix_args[1]} now lead to ${ip_fix_args[2]:+#}${ip_fix_args[2]:-the page}"
}

ip_kind() {
	case $1 in
	body-*) ip_kd=body ;; title-*) ip_kd=title ;; front-*) ip_kd="front matter" ;; page-*) ip_kd="new page" ;;
	delete-*) ip_kd="deleted page" ;; rename-*) ip_kd="renamed page" ;; template) ip_kd=template ;;
	ui) ip_kd="UI string" ;; site-*) ip_kd=site.yaml ;; touch) ip_kd="no change" ;; revert) ip_kd="edit undone" ;;
	invalid) ip_kd="invalid edit and its fix" ;;
	esac
}
ip_variants=(body-append body-word body-heading body-link body-rename body-remove body-warning
	title-top title-child title-translation front-summary front-updated front-order
	page-new page-translated page-anchor delete-page delete-translation rename-page
	template ui site-change site-back touch revert invalid)
# Each round runs every variant once, in a shuffled order in which an edit
# that needs another's result comes after it (a link to an anchor before the
# heading's rename), so that the default run has each at least once.
ip_constraints=(body-heading:body-link body-link:body-rename body-link:body-remove
	body-link:invalid site-change:site-back page-new:delete-page)
# The default run is one round.
ip_steps=${SKYLT_PROP_STEPS:-${#ip_variants[@]}}
ip_deck=()
ip_shuffle() {
	local i j t c a b ia ib pass
	ip_deck=("${ip_variants[@]}")
	for ((i = ${#ip_deck[@]} - 1; i > 0; i--)); do
		ip_rand $((i + 1))
		j=$ip_r
		t=${ip_deck[i]}
		ip_deck[i]=${ip_deck[j]}
		ip_deck[j]=$t
	done
	for pass in 1 2 3 4 5 6; do
		for c in "${ip_constraints[@]}"; do
			a=${c%%:*} b=${c#*:}
			for i in "${!ip_deck[@]}"; do
				[ "${ip_deck[i]}" = "$a" ] && ia=$i
				[ "${ip_deck[i]}" = "$b" ] && ib=$i
			done
			if [ "$ia" -gt "$ib" ]; then ip_deck[ia]=$b; ip_deck[ib]=$a; fi
		done
	done
}

# The inputs' names and bytes, as one hash.
ip_inputs() {
	(cd "$ip_dir" && find content templates translations -type f -print0 | LC_ALL=C sort -z |
		xargs -0 sha1sum | sha1sum)
}

# --- builds and their comparison ----------------------------------------

ip_build() { # OUT [BINARY]: ip_rc, and its messages in $ip_dir/OUT.msg (no summary line)
	(cd "$ip_dir" && SOURCE_DATE_EPOCH=$ip_epoch "${2:-$skylt}" build -q -C "$ip_dir" -o "$1") >"$ip_dir/$1.msg" 2>&1
	ip_rc=$?
	grep -vE '^skylt: (built|nothing changed|[0-9]+ errors?,|[0-9]+ warnings?)' "$ip_dir/$1.msg" >"$ip_dir/$1.msg.tmp"
	mv "$ip_dir/$1.msg.tmp" "$ip_dir/$1.msg"
}
# The differences between two trees: the list of names with their types,
# then every byte. Status 0 when they are the same.
ip_compare() {
	local out
	out=$(cd "$ip_dir" && diff <(cd "$1" && find . -printf '%y %P\n' | LC_ALL=C sort) \
		<(cd "$2" && find . -printf '%y %P\n' | LC_ALL=C sort) | sed "s/^/$1 vs $2: /"
		diff -r "$1" "$2" 2>&1)
	[ -z "$out" ] && return 0
	printf '%s\n' "$out"
	return 1
}
# The clean build is the release build's, which takes a fraction of the
# sanitizer build's time (the rebuild, the code under test, runs under the
# sanitizers); where the two disagree, the sanitizer build's clean build
# decides whether the rebuild is at fault.
ip_release="$root/build/skylt"
[ -x "$ip_release" ] || ip_release=$skylt
ip_clean() { # [BINARY]
	rm -rf "$ip_dir/clean" "$ip_dir"/.clean.*
	ip_build clean "${1:-$ip_release}"
	ip_crc=$ip_rc
}
ip_fail() { # WHY DETAILS
	ip_failed=1
	if [ -n "${SKYLT_PROP_KEEP:-}" ]; then rm -rf "$SKYLT_PROP_KEEP"; cp -R "$ip_dir" "$SKYLT_PROP_KEEP"; fi
	fail "incremental: seed $ip_seed, step $ip_step: $ip_desc: $1 (repeat: SKYLT_PROP_SEED=$ip_seed SKYLT_PROP_STEPS=$ip_step)" \
		"$(printf '%s\n' "$2" | head -n 30)
the edits:
$(cat "$ip_log")"
}
# After an edit: the rebuild of 'inc' and a clean build, alike in all.
# IRC: the rebuild's exit status. Sets ip_why and ip_what when they differ.
ip_alike() {
	ip_why="" ip_what=""
	if [ "$1" -ne "$ip_crc" ]; then
		ip_why="the rebuild exited $1, the clean build $ip_crc"
		ip_what=$(cat "$ip_dir/inc.msg" "$ip_dir/clean.msg")
	elif ! ip_what=$(diff "$ip_dir/clean.msg" "$ip_dir/inc.msg"); then
		ip_why="the messages differ (< clean, > rebuild)"
	elif [ "$1" -eq 0 ] && ! ip_what=$(ip_compare clean inc); then
		ip_why="the rebuilt output differs from a clean build"
	fi
	[ -z "$ip_why" ]
}
ip_check() {
	local irc
	ip_build inc
	irc=$ip_rc
	ip_clean
	if ! ip_alike "$irc" && [ "$ip_release" != "$skylt" ]; then
		local why=$ip_why what=$ip_what
		ip_clean "$skylt"
		if ip_alike "$irc"; then
			ip_why="the release build's clean build differs from the sanitizer build's: $why"
			ip_what=$what
		fi
	fi
	if [ -n "$ip_why" ]; then
		ip_fail "$ip_why" "$ip_what"
		return 1
	fi
	if [ "$irc" -ne 0 ]; then
		ip_fail "both builds failed (exit $irc): the test's edit made the site invalid" "$(cat "$ip_dir/clean.msg")"
		return 1
	fi
	return 0
}

# --- the run ------------------------------------------------------------

project "$root" "$ip_dir"
if grep -q '^translations:' "$ip_c/site.yaml"; then sed -i 's/^translations:.*/translations: ignore/' "$ip_c/site.yaml"
else echo "translations: ignore" >>"$ip_c/site.yaml"; fi
cp "$ip_c/site.yaml" "$ip_dir/site.yaml.first"
ip_step=0
ip_desc="the first build"
ip_t0=$(date +%s)
if ! [[ $ip_seed =~ ^[0-9]+$ && $ip_steps =~ ^[0-9]+$ ]]; then
	fail "incremental: SKYLT_PROP_SEED and SKYLT_PROP_STEPS are whole numbers" "$ip_seed $ip_steps"
	ip_failed=1
elif ip_build inc && [ "$ip_rc" -ne 0 ]; then
	fail "incremental: the first build failed" "$(cat "$ip_dir/inc.msg")"
	ip_failed=1
elif ip_check; then
	# The comparison must see one flipped byte, a missing file and an empty
	# folder, or every step above would pass by saying nothing.
	cp -R "$ip_dir/clean" "$ip_dir/flipped"
	ip_b=$(od -An -tu1 -j 200 -N 1 "$ip_dir/flipped/sv/index.html" | tr -d ' ')
	printf "\\$(printf %03o $((ip_b ^ 1)))" | dd of="$ip_dir/flipped/sv/index.html" bs=1 seek=200 conv=notrunc status=none
	cp -R "$ip_dir/clean" "$ip_dir/fewer"
	rm "$ip_dir/fewer/sv/kontakter/vard/index.html"
	cp -R "$ip_dir/clean" "$ip_dir/more"
	mkdir "$ip_dir/more/sv/tom"
	if ip_compare clean flipped | grep -q 'sv/index.html' && ip_compare clean fewer | grep -q 'vard' &&
		ip_compare clean more | grep -q 'tom' && ip_compare clean clean >/dev/null; then
		ok "incremental: the comparison sees one flipped byte, a missing file and an extra folder"
	else
		fail "incremental: the comparison missed a difference" "$(ip_compare clean flipped; ip_compare clean fewer; ip_compare clean more)"
		ip_failed=1
	fi
	rm -rf "$ip_dir/flipped" "$ip_dir/fewer" "$ip_dir/more"
else
	ip_failed=1
fi

ip_invalid_ok=""
while [ "$ip_failed" -eq 0 ] && [ "$ip_step" -lt "$ip_steps" ]; do
	[ "${#ip_deck[@]}" -eq 0 ] && ip_shuffle
	ip_v=${ip_deck[0]}
	ip_deck=("${ip_deck[@]:1}")
	ip_step=$((ip_step + 1))
	ip_desc="" ip_label=""
	ip_before=$(ip_inputs)
	if ! "ip_edit_$ip_v" || [ -z "$ip_desc" ]; then
		ip_desc="$ip_v"
		ip_fail "no such edit could be made" "(a fault of the test)"
		break
	fi
	# An edit that should change the inputs and did not is the test's fault.
	ip_after=$(ip_inputs)
	if [ "$ip_before" = "$ip_after" ] && [ "$ip_v" != touch ] && [ "$ip_v" != revert ]; then
		ip_fail "the edit changed no input file" "(a fault of the test)"
		break
	elif [ "$ip_before" != "$ip_after" ] && { [ "$ip_v" = touch ] || [ "$ip_v" = revert ]; }; then
		ip_fail "the edit was to leave every input as it was" "(a fault of the test)"
		break
	fi
	echo "step $ip_step: $ip_v: $ip_desc" >>"$ip_log"
	ip_kind "$ip_v"
	ip_count[$ip_kd]=$((${ip_count[$ip_kd]:-0} + 1))
	[ -n "$ip_label" ] || { [[ $ip_v == *-* ]] && ip_label=${ip_v#*-}; }
	[ -n "$ip_label" ] && ip_seen[$ip_kd]="${ip_seen[$ip_kd]:-} $ip_label"
	if [ "$ip_v" = invalid ]; then
		# Still the last step's output: the rebuild must leave it so.
		ip_build inc
		ip_irc=$ip_rc
		if [ "$ip_irc" -eq 0 ]; then ip_fail "the rebuild succeeded" "$(cat "$ip_dir/inc.msg")"; break; fi
		if ! ip_d=$(ip_compare clean inc); then ip_fail "the failed rebuild changed 'inc'" "$ip_d"; break; fi
		ip_clean
		if ! ip_alike "$ip_irc"; then ip_fail "$ip_why" "$ip_what"; break; fi
		ip_invalid_ok=$(grep -m 1 ': error: ' "$ip_dir/clean.msg")
		if [ -z "$ip_invalid_ok" ]; then ip_fail "both builds failed, with no error message" "$(cat "$ip_dir/clean.msg")"; break; fi
		ip_fix
		echo "step $ip_step: $ip_v: $ip_desc" >>"$ip_log"
	fi
	ip_check || break
done
ip_t=$(($(date +%s) - ip_t0))
[ -n "${SKYLT_PROP_LOG:-}" ] && cp "$ip_log" "$SKYLT_PROP_LOG"

if [ "$ip_failed" -eq 0 ]; then
	ip_kinds=""
	for ip_k in body title "front matter" "new page" "deleted page" "renamed page" template "UI string" \
		site.yaml "no change" "edit undone" "invalid edit and its fix"; do
		[ -n "${ip_count[$ip_k]:-}" ] || continue
		ip_kinds="$ip_kinds, $ip_k"
		ip_list=$(tr ' ' '\n' <<<"${ip_seen[$ip_k]:-}" | grep . | LC_ALL=C sort | uniq -c |
			awk '{ printf "%s%s%s", (NR > 1 ? ", " : ""), ($1 > 1 ? $1 " × " : ""), $2 }')
		ok "incremental: ${ip_count[$ip_k]} × $ip_k${ip_list:+ ($ip_list)}, each rebuild byte-identical to a clean build"
	done
	[ -n "$ip_invalid_ok" ] && ok "incremental: an invalid edit fails the rebuild as it fails a clean build ($ip_invalid_ok), and leaves 'inc' as it was"
	ip_missing=""
	if [ "$ip_steps" -ge "${#ip_variants[@]}" ]; then
		for ip_v in "${ip_variants[@]}"; do grep -q "^step [0-9]*: $ip_v: " "$ip_log" || ip_missing="$ip_missing $ip_v"; done
	fi
	if [ -n "$ip_missing" ]; then fail "incremental: edits that never ran:$ip_missing"
	else
		ok "incremental: after $ip_step edits (${ip_kinds#, }), each incremental build byte-identical to a clean build (seed $ip_seed, ${ip_t} s)"
	fi
fi
