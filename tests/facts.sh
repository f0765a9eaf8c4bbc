#!/usr/bin/env bash
# Checks that the content states no number that its sources do not: every
# figure in every language (front matter data aside) must appear in the seed
# documents, every figure in a translation must appear in its Swedish page,
# and every tel: link of the built site must be a number from the seeds.
# usage: tests/facts.sh SEEDS_DIR SITE_DIR   (run in the project; prints
# problems, exits 1 on any)
set -u
seeds=$1 site=$2
# Digits as the seeds write them, with "29 000" and "0586-610 00" also joined.
all=$(cat "$seeds"/*.txt | tr '\n' ' ')
joined=$(printf '%s' "$all" | sed -E 's/([0-9])[  -]([0-9])/\1\2/g; s/([0-9])[  -]([0-9])/\1\2/g')

# The figures of one content file, one per line, as ASCII digits.
figures() {
	# Front matter dates, order, hashes and opening hours are data, not
	# figures; phone numbers are checked as tel: links below. Dotted numbers
	# are versions (WCAG 2.1): Swedish writes decimals with a comma. "8:00"
	# is the hour 8. Arabic-script digits count as the figures they are.
	perl -CSD -pe 'tr/\x{660}-\x{669}\x{6F0}-\x{6F9}/0-90-9/' "$1" |
		sed -E '/^(updated|order|source): /d; /^  - \{(days|number):/d; s/([0-9]):00/\1/g; s/[0-9]+\.[0-9]+//g' |
		grep -oE '[0-9]+([   ,][0-9]{3})*' | tr -d '   ,' | sort -u
}

status=0
while IFS= read -r f; do
	rel=${f#content/*/}
	src=content/sv/$rel
	mine=$(figures "$f")
	theirs=
	[ "$f" != "$src" ] && [ -f "$src" ] && theirs=$(figures "$src")
	for n in $mine; do
		if ! printf '%s\n%s' "$all" "$joined" | grep -qE "(^|[^0-9])$n([^0-9]|$)"; then
			echo "$f: the figure '$n' appears in no seed"
			status=1
		elif [ "$f" != "$src" ] && ! printf '%s\n' "$theirs" | grep -qx "$n"; then
			echo "$f: the figure '$n' is not in the Swedish page $src"
			status=1
		fi
	done
done < <(find content -name '*.md' | sort)
for tel in $(grep -rhoE 'href="tel:\+46[0-9]+"' "$site" | sort -u | sed -E 's/.*tel:\+46([0-9]+)"/0\1/'); do
	if ! printf '%s' "$joined" | grep -q "$tel"; then
		echo "tel: link '$tel' appears in no seed"
		status=1
	fi
done
exit $status
