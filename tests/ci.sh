# A site's CI, as doc/hosting.md describes it: the translations policy of
# site.yaml, workflow annotations from a subfolder, the summaries' plurals,
# the example workflow's own commands, and the nginx example in a real nginx.
# Sourced by tests/run.sh, whose ok, fail, project, $skylt, $root, $work and
# $p (the shipped project, built into $p/a) it uses.

echo "# a site's CI (tests/ci.sh)"

# The Swedish page an editor adds before its translations exist.
ci_new_page() {
	printf -- '---\ntitle: Ny sida\nsummary: En sida som bara finns på svenska.\nupdated: 2018\n---\nText.\n' >"$1/content/sv/ny-sida.md"
}
# A fingerprint of a built site, to see that a failed build left it alone.
ci_sums() { (cd "$1" && find . -type f -exec sha256sum {} + | sort); }

# "1 warning", "2 warnings".
ci_count() { if [ "$1" -eq 1 ]; then echo "1 $2"; else echo "$1 $3"; fi; }

# A copy of the shipped site. How far its translations are does not matter:
# each test compares with the copy before the change it makes.
c="$work/ci-policy"; project "$root" "$c"
"$skylt" build -q -C "$c" >/dev/null 2>&1
w0=$("$skylt" check -q -C "$c" 2>&1 | grep -c ': warning: ')
ci_new_page "$c"
want='content/sv/ny-sida.md:1:1: warning: not translated into en, ar, fa, prs, so, ti, ru, uk, ckb: they show this page in '\''sv'\'' with a notice (translate it into content/<code>/ny-sida.md, then mark each current with '\''skylt status --mark content/<code>/ny-sida.md'\'')'
out=$("$skylt" check -C "$c" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -qxF "$want" &&
	printf '%s\n' "$out" | grep -q "^skylt: checked .*, $(ci_count $((w0 + 1)) warning warnings), "; then
	ok "translations: a Swedish page without translations passes 'skylt check' with a warning at its line 1 (the default policy)"
else fail "default policy, a Swedish-only page: exit $rc" "$out"; fi
out=$("$skylt" build -C "$c" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && [ -f "$c/site/en/ny-sida/index.html" ] && printf '%s\n' "$out" | grep -qxF "$want"; then
	ok "translations: ... and 'skylt build' publishes it with the same warning"
else fail "default policy: build exit $rc" "$out"; fi

# The error policy: the same page fails the check and the build, and the
# site in place is left byte for byte.
rm -f "$c/content/sv/ny-sida.md"
"$skylt" build -q -C "$c" >/dev/null 2>&1
before=$(ci_sums "$c/site")
ci_new_page "$c"
printf 'translations: error\n' >>"$c/content/site.yaml"
out=$("$skylt" check -C "$c" 2>&1); rc=$?
out2=$("$skylt" build -C "$c" 2>&1); rc2=$?
if [ "$rc" -eq 1 ] && [ "$rc2" -eq 1 ] && [ "$(ci_sums "$c/site")" = "$before" ] &&
	printf '%s\n' "$out" | grep -qxF "${want/: warning: /: error: }" &&
	printf '%s\n' "$out2" | grep -qE '^skylt: [0-9]+ errors?, [0-9]+ warnings?; the previous output was left as it was$'; then
	ok "translations: error: the same page fails check and build (exit 1), and site/ is left as it was"
else fail "translations: error: check exit $rc, build exit $rc2" "$out$(printf '\n')$out2"; fi

# The summaries count in English: one for 1, other for every other number.
e="$work/ci-plural"; project "$root/tests/errors/missing-page" "$e"
cp "$root/tests/errors/site.yaml" "$e/content/site.yaml"
out=$("$skylt" check -C "$e" 2>&1 | tail -n 1)
printf -- '---\ntitle: Två\n---\n[Fel](finns-inte.md)\n' >"$e/content/sv/tva.md"
out2=$("$skylt" check -C "$e" 2>&1 | tail -n 1)
o="$work/ci-plural1"; mkdir -p "$o/content/sv"; cp -R "$root/templates" "$root/translations" "$o/"
printf 'title: Test\nbase_url: https://test.example/\nsource: sv\nlanguages:\n  - {code: sv, tag: sv, locale: sv}\n' >"$o/content/site.yaml"
printf -- '---\ntitle: Start\ntitel: x\n---\nText.\n' >"$o/content/sv/index.md"
out3=$("$skylt" check -C "$o" 2>&1 | tail -n 1)
if [ "$out" = "skylt: 1 error, 0 warnings; nothing was written" ] &&
	[ "$out2" = "skylt: 2 errors, 0 warnings; nothing was written" ] &&
	printf '%s\n' "$out3" | grep -qx 'skylt: checked 3 pages in 1 language, 1 warning, [0-9.]* s'; then
	ok "summaries: '1 error', '2 errors', '1 language', '1 warning'"
else fail "plurals in the summaries" "$out$(printf '\n')$out2$(printf '\n')$out3"; fi

# A stale translation is reported at its 'source:' value, per the policy of
# stale ones; here stale ones are errors and missing ones warnings.
sed -i '$d' "$c/content/site.yaml"
printf 'translations: {stale: error, missing: warning}\n' >>"$c/content/site.yaml"
echo "Ny mening." >>"$c/content/sv/ansvar/kommunen.md"
line=$(grep -n '^source:' "$c/content/en/ansvar/kommunen.md" | head -n 1 | cut -d: -f1)
out=$("$skylt" check -C "$c" 2>&1); rc=$?
stale="content/en/ansvar/kommunen.md:$line:9: error: translation is stale: 'content/sv/ansvar/kommunen.md' has changed since it was translated (update the translation, then mark it current with 'skylt status --mark content/en/ansvar/kommunen.md')"
n=$(printf '%s\n' "$out" | grep -c '^content/[a-z]*/ansvar/kommunen.md:[0-9]*:9: error: translation is stale')
tr=$(($(ls "$c"/content/*/ansvar/kommunen.md | wc -l) - 1))
if [ "$rc" -eq 1 ] && [ -n "$line" ] && printf '%s\n' "$out" | grep -qxF "$stale" && [ "$n" -eq "$tr" ] &&
	printf '%s\n' "$out" | grep -q '^content/sv/ny-sida.md:1:1: warning: not translated'; then
	ok "translations: {stale: error, missing: warning}: each of $n stale translations is an error at its 'source:' line ($line:9), the missing ones a warning"
else fail "stale translations: exit $rc, $n stale errors (source: at line '$line')" "$out"; fi

# Ignored: no message; an unknown value: an error that lists the values.
sed -i '$d' "$c/content/site.yaml"
printf 'translations: ignore\n' >>"$c/content/site.yaml"
out=$("$skylt" check -q -C "$c" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then ok "translations: ignore: no message"
else fail "translations: ignore: exit $rc" "$out"; fi
sed -i '$d' "$c/content/site.yaml"
printf 'translations: warn\n' >>"$c/content/site.yaml"
out=$("$skylt" check -q -C "$c" 2>&1); rc=$?
n=$(wc -l <"$c/content/site.yaml")
if [ "$rc" -eq 1 ] && [ "$out" = "content/site.yaml:$n:15: error: unknown value 'warn' for 'translations' (use 'warning', the default, 'error' or 'ignore')" ]; then
	ok "translations: an unknown value is an error at its line that lists the values"
else fail "translations: warn: exit $rc" "$out"; fi

# Annotations name the file from the repository's root, also when the site
# is a subfolder and skylt runs with -C from elsewhere.
r="$work/ci-repo"; mkdir -p "$r/sites"; project "$root" "$r/sites/nyis"
git -C "$r" init -q
ci_new_page "$r/sites/nyis"
ann='::warning file=sites/nyis/content/sv/ny-sida.md,line=1,col=1::not translated into en, ar'
out=$(cd "$r" && GITHUB_ACTIONS=true "$skylt" check -q -C sites/nyis 2>&1); rc=$?
out2=$(cd "$r/sites" && GITHUB_ACTIONS=true "$skylt" check -q -C nyis 2>&1)
out3=$(cd "$r/sites/nyis/content" && GITHUB_ACTIONS=true "$skylt" check -q -C .. 2>&1)
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -qF "$ann" && printf '%s\n' "$out2" | grep -qF "$ann" &&
	printf '%s\n' "$out3" | grep -qF "$ann"; then
	ok "GITHUB_ACTIONS=true: a warning is also an annotation, its file= relative to the repository root under -C from any folder"
else fail "annotations from a subfolder" "$out$(printf '\n--\n')$out2$(printf '\n--\n')$out3"; fi
# A checkout without git (actions/checkout without git in the container):
# the root is $GITHUB_WORKSPACE.
rm -rf "$r/.git"
out=$(cd "$r/sites" && GITHUB_ACTIONS=true GITHUB_WORKSPACE="$r" "$skylt" check -q -C nyis 2>&1)
if printf '%s\n' "$out" | grep -qF "$ann"; then ok "without .git, annotations are relative to \$GITHUB_WORKSPACE"
else fail "annotations relative to GITHUB_WORKSPACE" "$out"; fi

# The example workflow of doc/hosting.md, its run: lines exactly, on a copy
# of the repository's build files and the shipped content.
block=$(sed -n '/<!-- site-ci: begin -->/,/<!-- site-ci: end -->/p' "$root/doc/hosting.md")
runs=$(printf '%s\n' "$block" | sed -n 's/^ *- run: //p')
install=$(printf '%s\n' "$runs" | grep 'apt-get install')
deps=$(sed -n 's/^pkgs="\([^$]*\)"$/\1/p' "$root/tests/install-deps" | head -n 1)
listed=$(printf '%s\n' "$install" | sed 's/.*--no-install-recommends //')
if [ -n "$deps" ] && [ "$listed" = "$deps" ]; then
	ok "the example workflow installs exactly the build's packages of tests/install-deps ($(echo "$deps" | wc -w))"
else fail "the workflow's packages differ from tests/install-deps" "workflow: $listed$(printf '\n')install-deps: $deps"; fi
if printf '%s\n' "$block" | grep -qE 'chromium|nodejs|default-jre|make check|browser'; then
	fail "the example workflow installs a browser or runs the generator's tests" "$block"
else ok "the example workflow has no browser, Node.js, Java or 'make check'"; fi
w="$work/ci-workflow"; mkdir -p "$w/tests"
cp -a "$root/Makefile" "$root/generator" "$root/content" "$root/templates" "$root/translations" "$w/"
cp -a "$root/tests/install-deps" "$w/tests/"
# The release build already made, with its times, so make only checks it.
mkdir -p "$w/build" && cp -a "$root/build/rel" "$root/build/skylt" "$w/build/"
ci_workflow() {
	local cmd log
	while IFS= read -r cmd; do
		# The packages are installed here: that step was checked above.
		case $cmd in *apt-get*) continue ;; esac
		if ! log=$(cd "$w" && GITHUB_ACTIONS=true bash -c "$cmd" 2>&1); then
			printf '%s\n%s\n' "$cmd" "$log"
			return 1
		fi
		printf '%s\n' "$log"
	done <<<"$runs"
}
steps=$(printf '%s\n' "$runs" | grep -vc 'apt-get')
if [ "$steps" -ge 3 ] && out=$(ci_workflow) && [ -f "$w/site/sv/index.html" ]; then
	ok "the example workflow's $steps commands pass on the shipped site"
else fail "the example workflow on the shipped site" "$out"; fi
ci_new_page "$w"
if out=$(ci_workflow) && [ -f "$w/site/en/ny-sida/index.html" ] &&
	printf '%s\n' "$out" | grep -q '^::warning file=content/sv/ny-sida.md,line=1,col=1::not translated'; then
	ok "the example workflow passes with a Swedish page added alone, annotated as a warning"
else fail "the example workflow with a Swedish-only page" "$out"; fi
before=$(ci_sums "$w/site")
printf 'translations: error\n' >>"$w/content/site.yaml"
if out=$(ci_workflow); then
	fail "the example workflow passed under 'translations: error'" "$out"
elif printf '%s\n' "$out" | grep -q '^::error file=content/sv/ny-sida.md,line=1,col=1::not translated' &&
	[ "$(ci_sums "$w/site")" = "$before" ]; then
	ok "the example workflow fails under 'translations: error', annotated as an error, site/ untouched"
else fail "the example workflow under translations: error" "$out"; fi

# The nginx example, in a real nginx on loopback: each language's 404 page,
# the headers on a 404 too, vCards as text/vcard.
if command -v nginx >/dev/null 2>&1; then
	n="$work/ci-nginx"; mkdir -p "$n/tmp"
	conf=$(sed -n '/<!-- nginx-example: begin -->/,/<!-- nginx-example: end -->/p' "$root/doc/hosting.md" | sed '1,2d;$d' | sed '$d')
	started=""
	for try in 1 2 3; do
		port=$((20000 + RANDOM % 40000))
		printf '%s\n' "$conf" | sed -e "s|listen 443 ssl http2;|listen 127.0.0.1:$port;|" -e '/ssl_certificate/d' \
			-e "s|root /srv/skylt/site;|root $p/a;|" -e 's|include mime.types;|include /etc/nginx/mime.types;|' >"$n/site.conf"
		# Workers run as the user that can read the scratch folder.
		[ "$(id -u)" -eq 0 ] && user="user root;" || user=""
		cat >"$n/nginx.conf" <<EOF
$user
daemon off;
pid $n/nginx.pid;
error_log $n/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $n/tmp; proxy_temp_path $n/tmp; fastcgi_temp_path $n/tmp;
    uwsgi_temp_path $n/tmp; scgi_temp_path $n/tmp;
    include $n/site.conf;
}
EOF
		if ! t=$(nginx -t -e "$n/error.log" -p "$n" -c "$n/nginx.conf" 2>&1); then break; fi
		nginx -e "$n/error.log" -p "$n" -c "$n/nginx.conf" 2>>"$n/error.log" &
		ngx=$!
		for _ in $(seq 50); do
			curl -s -o /dev/null "http://127.0.0.1:$port/" && { started=yes; break; }
			kill -0 "$ngx" 2>/dev/null || break
			sleep 0.1
		done
		[ -n "$started" ] && break
		kill "$ngx" 2>/dev/null; wait "$ngx" 2>/dev/null
	done
	if [ -z "$started" ]; then
		fail "the nginx example does not run" "$t$(cat "$n/error.log" 2>/dev/null)"
	else
		res=""
		for u in /sv/ /en/finns-inte/ /ar/finns/inte /ckb/x.html /finns-inte /assets/finns-inte.css; do
			got=$(curl -s -m 5 -o "$n/body" -w '%{http_code}' "http://127.0.0.1:$port$u")
			res="$res $u:$got:$(grep -o '<html lang="[a-z-]*"' "$n/body" | head -n 1 | sed 's/.*="//; s/"//')"
		done
		want_res=" /sv/:200:sv /en/finns-inte/:404:en /ar/finns/inte:404:ar /ckb/x.html:404:ckb /finns-inte:404:sv /assets/finns-inte.css:404:sv"
		if [ "$res" = "$want_res" ]; then ok "nginx example: a missing page gets its language's 404 page (no language named in the configuration)"
		else fail "nginx example: 404 pages" "got: $res$(printf '\n')want:$want_res"; fi
		h=$(curl -s -m 5 -D - -o /dev/null "http://127.0.0.1:$port/en/finns-inte/")
		csp=$(sed -n 's/^ *Content-Security-Policy: \(.*\)$/\1/p' "$p/a/_headers")
		if printf '%s' "$h" | tr -d '\r' | grep -qxF "Content-Security-Policy: $csp" &&
			printf '%s' "$h" | grep -qi '^Permissions-Policy: camera=()'; then
			ok "nginx example: the headers of _headers, on a 404 page too"
		else fail "nginx example: headers" "$h"; fi
		ct=$(curl -s -m 5 -o /dev/null -w '%{content_type}' "http://127.0.0.1:$port/sv/kontakter/karlskoga/karlskoga.vcf")
		if [ "$ct" = "text/vcard; charset=utf-8" ]; then ok "nginx example: a vCard is text/vcard; charset=utf-8"
		else fail "nginx example: a vCard is served as '$ct'"; fi
		kill "$ngx" 2>/dev/null; wait "$ngx" 2>/dev/null
	fi
elif [ "${CI:-}" = true ]; then
	fail "nginx is not installed (tests/install-deps test installs it)"
else
	echo "skip - no nginx here, for the hosting example (sh tests/install-deps test)"
fi
