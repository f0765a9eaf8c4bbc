#!/usr/bin/env bash
# Checks that the Swedish content states no number that its sources do not:
# every figure in content/sv (dates in front matter aside) and every tel: link
# of the built site must appear in the seed documents.
# usage: tests/facts.sh SEEDS_DIR SITE_DIR   (prints problems, exits 1 on any)
set -u
seeds=$1 site=$2
# Digits as the seeds write them, with "29 000" and "0586-610 00" also joined.
all=$(cat "$seeds"/*.txt | tr '\n' ' ')
joined=$(printf '%s' "$all" | sed -E 's/([0-9])[  -]([0-9])/\1\2/g; s/([0-9])[  -]([0-9])/\1\2/g')
status=0
while IFS= read -r f; do
	# Front matter dates, order and opening hours are data, not figures.
	# Phone numbers are checked as tel: links below.
	# Dotted numbers are versions (WCAG 2.1): Swedish writes decimals with a comma.
	body=$(sed -E '/^(updated|order|source): /d; /^  - \{(days|number):/d; s/[0-9]+\.[0-9]+//g' "$f")
	for n in $(printf '%s\n' "$body" | grep -oE '[0-9]+([  ][0-9]{3})*' | tr -d '  ' | sort -u); do
		if ! printf '%s\n%s' "$all" "$joined" | grep -qE "(^|[^0-9])$n([^0-9]|$)"; then
			echo "$f: the figure '$n' appears in no seed"
			status=1
		fi
	done
done < <(find content/sv -name '*.md' | sort)
for tel in $(grep -rhoE 'href="tel:\+46[0-9]+"' "$site" | sort -u | sed -E 's/.*tel:\+46([0-9]+)"/0\1/'); do
	if ! printf '%s' "$joined" | grep -q "$tel"; then
		echo "tel: link '$tel' appears in no seed"
		status=1
	fi
done
exit $status
