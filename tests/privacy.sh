#!/usr/bin/env bash
# No private person from the source documents may appear on the site: not
# their name, nor their phone number, nor their e-mail address. The deny-list
# is derived from the sources and kept in tests/privacy.list as SHA-256 hashes,
# so the names themselves never enter the repository.
#
# usage: tests/privacy.sh derive SEEDS_DIR        prints the deny-list
#        tests/privacy.sh scan LIST PATH…         prints every hit, exits 1
#
# What counts as personal, in the sources: an e-mail address whose local part
# is a person's name (first.last@); a phone number on the same line as one; a
# name taken from such an address; and two capitalised words next to a job
# title (integrationsutvecklare, -samordnare, handläggare …). Organisations'
# functional addresses (kommun@karlskoga.se) and switchboards are not personal.
set -u
mode=$1; shift
perl -CSD -MDigest::SHA=sha256_hex -MUnicode::Normalize=NFC -e '
use strict; use warnings;
my ($mode, @args) = @ARGV;
sub h { sha256_hex(Encode::encode("UTF-8", NFC(lc $_[0]))) }
use Encode;
sub slurp { my ($f) = @_; open my $fh, "<:encoding(UTF-8)", $f or die "$f: $!"; local $/; my $t = <$fh>; close $fh; $t }
# Every phone number in a text, as digits only; "+46" also as "0".
sub phones {
	my ($t) = @_; my @n;
	while ($t =~ /(\+?\d[\d \x{a0}-]{5,}\d)/g) {
		(my $d = $1) =~ s/\D//g;
		push @n, $d;
		push @n, "0" . substr($d, 2) if $d =~ /^46\d{7,}$/;
	}
	return @n;
}
my $title = qr/(?:samordnare|utvecklare|handläggare|sekreterare|chef|ansvarig)\b/i;
if ($mode eq "derive") {
	my %out;
	for my $f (sort glob("$args[0]/*.txt")) {
		my @lines = split /\n/, slurp($f);
		for my $i (0 .. $#lines) {
			my $l = $lines[$i];
			while ($l =~ /([\p{L}]+)\.([\p{L}]+)@([\w.-]+\.\w+)/g) {
				my ($first, $last) = ($1, $2);
				$out{h("$first.$last\@$3") . " email"} = 1;
				$out{h("$first $last") . " name"} = 1;
				$out{h($last) . " surname"} = 1;
				$out{h($_) . " phone"} = 1 for phones($l);
			}
			# Two capitalised words beside a job title, on this line or
			# the next non-empty one ("Karin Blom" above its title).
			my $near = join " ", grep { defined } @lines[$i .. ($i + 2 > $#lines ? $#lines : $i + 2)];
			my @name = $l =~ /$title\s+(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+)/;
			@name = $l =~ /^\s*(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+)\s*$/
			    if !@name && $near =~ /$title/;
			if (@name) {
				$out{h("$name[0] $name[1]") . " name"} = 1;
				$out{h($name[1]) . " surname"} = 1;
			}
		}
	}
	print "$_\n" for sort keys %out;
	exit 0;
}
# scan: the hashes of every word, pair of words, phone number and e-mail
# address of each file (HTML tags and entities do not separate words).
my ($list, @paths) = @args;
my %deny;
for (split /\n/, slurp($list)) { next if /^#/; my ($hash, $kind) = split; $deny{$hash} = $kind if $hash; }
my @files;
for my $p (@paths) { push @files, -d $p ? grep { -f } split /\n/, `find "$p" -type f \\( -name "*.md" -o -name "*.html" -o -name "*.xlf" -o -name "*.vcf" -o -name "*.xml" -o -name "*.txt" -o -name "*.yaml" \\)` : $p; }
my $hits = 0;
for my $f (sort @files) {
	my $t = slurp($f);
	$t =~ s/<[^>]*>/ /g;
	$t =~ s/&#(\d+);/chr($1)/ge; $t =~ s/&#x([0-9a-f]+);/chr(hex $1)/gie; $t =~ s/&nbsp;/ /g;
	my @words = ($t =~ /(\p{L}+)/g);
	my %seen;
	for my $k (0 .. $#words) {
		for my $cand ($words[$k], ($k < $#words ? "$words[$k] $words[$k + 1]" : ())) {
			my $x = h($cand);
			if ($deny{$x} && !$seen{$x}++) { print "$f: a private person from the sources ($deny{$x}) appears here\n"; $hits++; }
		}
	}
	for my $cand (phones($t), ($t =~ /([\w.+-]+@[\w.-]+\.\w+)/g)) {
		my $x = h($cand);
		if ($deny{$x} && !$seen{$x}++) { print "$f: a private person from the sources ($deny{$x}) appears here\n"; $hits++; }
	}
}
exit($hits ? 1 : 0);
' "$mode" "$@"
