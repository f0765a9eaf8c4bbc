#!/usr/bin/env bash
# Checks that the content states no number that its sources do not: every
# figure in every language (front matter data aside) must appear in the seed
# documents or, for a figure from the law, in doc/facts.md's table for that
# page; every figure in a translation must appear in its Swedish page; every
# page a row of doc/facts.md names must state its figure; and every tel: link
# of the built site must be a number from the seeds.
# usage: tests/facts.sh SEEDS_DIR SITE_DIR   (run in the project; prints
# problems, exits 1 on any)
set -u
seeds=$1 site=$2
law="$(cd "$(dirname "$0")/.." && pwd)/doc/facts.md"
find content -name '*.md' | sort | perl -CSD -e '
use strict; use warnings;
my ($seeds, $site, $law) = @ARGV;
# Digits as the seeds write them, and with "29 000" and "0586-610 00" joined.
my $all = "";
for my $f (glob("$seeds/*.txt")) { open my $h, "<:encoding(UTF-8)", $f or die; local $/; $all .= <$h> . " "; }
$all =~ s/\n/ /g;
(my $joined = $all) =~ s/(\d)[ \x{a0}-](?=\d)/$1/g;
my %known = map { $_ => 1 } ($all =~ /\d+/g), ($joined =~ /\d+/g);
# The figures of one content file, as ASCII digits. Front matter dates,
# order, hashes and opening hours are data, not figures; phone numbers are
# checked as tel: links. Dotted numbers are versions (WCAG 2.1): Swedish
# writes decimals with a comma. "8:00" is the hour 8.
sub figures {
	my ($file) = @_;
	open my $h, "<:encoding(UTF-8)", $file or die "$file: $!";
	my %f;
	while (my $l = <$h>) {
		next if $l =~ /^(updated|order|source): / || $l =~ /^  - \{(days|number):/;
		$l =~ tr/\x{660}-\x{669}\x{6F0}-\x{6F9}/0-90-9/;
		$l =~ s/(\d):00/$1/g;
		$l =~ s/\d+\.\d+//g;
		while ($l =~ /(\d+(?:[ \x{a0}\x{202f},]\d{3})*)/g) { (my $n = $1) =~ s/[ \x{a0}\x{202f},]//g; $f{$n} = 1; }
	}
	return \%f;
}
my $status = 0;
# Figures from the law: doc/facts.md rows "| figure | page, page | … |".
my %law;
open my $lh, "<:encoding(UTF-8)", $law or die "$law: $!";
while (my $l = <$lh>) {
	next unless $l =~ /^\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|/;
	my $n = $1;
	for my $page (split /\s*,\s*/, $2) {
		$law{"content/sv/$page"}{$n} = 1;
		if (!-f "content/sv/$page" || !figures("content/sv/$page")->{$n}) {
			print "doc/facts.md: the figure \x27$n\x27 is listed for content/sv/$page, which does not state it\n";
			$status = 1;
		}
	}
}
while (my $file = <STDIN>) {
	chomp $file;
	(my $src = $file) =~ s{^content/[^/]+/}{content/sv/};
	my $mine = figures($file);
	my $theirs = ($file ne $src && -f $src) ? figures($src) : undef;
	for my $n (sort keys %$mine) {
		if (!$known{$n} && !$law{$src}{$n}) { print "$file: the figure \x27$n\x27 appears in no seed, nor for this page in doc/facts.md\n"; $status = 1; }
		elsif ($theirs && !$theirs->{$n}) { print "$file: the figure \x27$n\x27 is not in the Swedish page $src\n"; $status = 1; }
	}
}
# Every tel: link of the built site.
my %tel;
for my $f (split /\n/, `find "$site" -name "*.html"`) {
	open my $h, "<:encoding(UTF-8)", $f or next; local $/; my $t = <$h>;
	$tel{"0$1"} = 1 while $t =~ /href="tel:\+46(\d+)"/g;
}
for my $t (sort keys %tel) {
	if (index($joined, $t) < 0) {
		print "tel: link \x27$t\x27 appears in no seed\n"; $status = 1;
	}
}
exit $status;
' "$seeds" "$site" "$law"
