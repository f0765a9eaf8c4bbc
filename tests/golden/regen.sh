#!/usr/bin/env bash
# Rebuilds each golden case with the current generator, shows the difference
# from the expected output, and replaces it only after confirmation (or at once
# with REGEN=yes).
set -eu
cd "$(dirname "$0")/../.."
root=$PWD
export TZ=UTC LC_ALL=C.UTF-8
for g in tests/golden/*/; do
	g=${g%/}
	w=$(mktemp -d)
	cp -R "$g/content" "$w/content"
	if [ -d "$g/translations" ]; then cp -R "$g/translations" "$w/"; else cp -R translations "$w/"; fi
	cp -R templates "$w/"
	"$root/build/skylt" build -q -C "$w" -o out
	if diff -ru "$g/expected" "$w/out"; then
		echo "$g: unchanged"
	else
		answer=${REGEN:-}
		if [ -z "$answer" ] && [ -t 0 ]; then
			printf 'replace %s/expected with this output? [y/N] ' "$g"
			read -r answer
		fi
		case "$answer" in
		y | Y | yes)
			rm -rf "$g/expected"
			cp -R "$w/out" "$g/expected"
			echo "$g: replaced"
			;;
		*) echo "$g: kept" ;;
		esac
	fi
	rm -rf "$w"
done
