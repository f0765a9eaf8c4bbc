# skylt: a static-site generator for multilingual public information.
# Targets: all, site, check, bench, fuzz, install, uninstall, clean, regen, deps.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
# pkg-config's libcmark-gfm already links libcmark-gfm-extensions; Debian ships no
# separate .pc file for the extensions.
PKGS = libcmark-gfm libxml-2.0 icu-uc icu-i18n yaml-0.1 libmicrohttpd nettle json-c
# libvips is opened at run time by the first build that has an image
# (generator/assets.c), and declared by generator/vips_api.h: neither skylt
# nor its unit tests need libvips's headers (libvips-dev, hundreds of
# packages) or link it; a site with images needs Debian's libvips42.

CFLAGS ?= -O2 -g
WARNINGS = -std=c11 -Wall -Wextra -Wpedantic
DEFS = -D_DEFAULT_SOURCE -D_GNU_SOURCE
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
# Debian's libstemmer (Snowball) has no pkg-config file.
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lstemmer -lpthread
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC = $(sort $(wildcard generator/*.c))
REL_OBJ = $(SRC:generator/%.c=build/rel/%.o)
SAN_OBJ = $(SRC:generator/%.c=build/san/%.o)
SAN_LIB_OBJ = $(filter-out build/san/main.o,$(SAN_OBJ))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=build/san/%)
# The fuzz targets of tests/fuzz/: built with clang's libFuzzer for 'make
# fuzz', and with gcc and a small driver for the replay in 'make check'.
FUZZ_TARGETS = frontmatter page config strings template
FUZZ_SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_OBJ = $(filter-out build/fuzz/main.o,$(SRC:generator/%.c=build/fuzz/%.o))
FUZZ_BIN = $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
REPLAY_BIN = $(FUZZ_TARGETS:%=build/san/fuzz_%)
FUZZ_SECONDS ?= 60

.PHONY: all site check unit bench fuzz install uninstall clean regen deps format
all: build/skylt

# The release build allocates with mimalloc: the pages' DOM trees, cmark's
# nodes and libyaml's buffers are many small, short-lived blocks, and glibc's
# allocator spent about a third of the build's time on them. It comes first so
# that the libraries' calls reach it too. (The sanitizer build keeps glibc's,
# which AddressSanitizer replaces.)
build/skylt: $(REL_OBJ)
	$(CC) $(CFLAGS) -o $@ $(REL_OBJ) -lmimalloc $(PKG_LIBS)

build/rel/%.o: generator/%.c generator/*.h | build/rel/.deps
	$(CC) $(WARNINGS) $(DEFS) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# The sanitizer build that the whole test suite runs under.
build/san/skylt: $(SAN_OBJ)
	$(CC) $(SAN) -g -o $@ $(SAN_OBJ) $(PKG_LIBS)

build/san/%.o: generator/%.c generator/*.h | build/san/.deps
	$(CC) $(WARNINGS) $(DEFS) -O1 -g $(SAN) $(PKG_CFLAGS) -c -o $@ $<

build/san/test_%: tests/unit/test_%.c tests/unit/harness.h $(SAN_LIB_OBJ)
	$(CC) $(WARNINGS) $(DEFS) -O1 -g $(SAN) $(PKG_CFLAGS) -Igenerator -o $@ $< $(SAN_LIB_OBJ) $(PKG_LIBS)

# The replay of the fuzz corpora: the target with tests/fuzz/driver.c as main.
build/san/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.c tests/fuzz/driver.c tests/fuzz/fuzz.h $(SAN_LIB_OBJ)
	$(CC) $(WARNINGS) $(DEFS) -O1 -g $(SAN) $(PKG_CFLAGS) -Igenerator -Itests/fuzz -o $@ $< tests/fuzz/fuzz.c tests/fuzz/driver.c $(SAN_LIB_OBJ) $(PKG_LIBS)

# The fuzzers: the generator compiled by clang for libFuzzer (Debian's clang).
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	clang $(WARNINGS) $(DEFS) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) $(PKG_CFLAGS) -Igenerator -Itests/fuzz -o $@ $< tests/fuzz/fuzz.c $(FUZZ_OBJ) $(PKG_LIBS)

# Kept between runs: make would delete them as intermediate files.
.SECONDARY: $(FUZZ_OBJ)
build/fuzz/%.o: generator/%.c generator/*.h | build/fuzz/.deps
	clang $(WARNINGS) $(DEFS) -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) $(PKG_CFLAGS) -c -o $@ $<

# Runs every fuzz target for FUZZ_SECONDS (tests/fuzz/README).
fuzz: $(FUZZ_BIN)
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Installs the Debian packages the build needs (only those that are missing)
# before anything is compiled.
build/rel/.deps build/san/.deps build/fuzz/.deps: tests/install-deps
	@sh tests/install-deps $(if $(filter build/fuzz/.deps,$@),fuzz)
	@mkdir -p $(@D) && touch $@

deps:
	@sh tests/install-deps

site: build/skylt
	./build/skylt build

unit: $(UNIT_BIN)

check: build/skylt build/san/skylt $(UNIT_BIN) $(REPLAY_BIN) tests/browser/node_modules/.ok
	@bash tests/run.sh

# The browser tests' npm packages, pinned by package-lock.json.
tests/browser/node_modules/.ok: tests/browser/package.json tests/browser/package-lock.json
	@sh tests/install-deps test
	cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

regen: build/skylt
	@bash tests/golden/regen.sh

bench: build/skylt
	@sh tests/install-deps bench
	@bash tests/bench/run.sh
	@bash tests/bench/incremental.sh
	@bash tests/bench/serve-stop.sh
	@bash tests/bench/hostile.sh
	@bash tests/bench/search.sh

format:
	clang-format -i generator/*.c generator/*.h tests/unit/*.c tests/unit/*.h

install: build/skylt
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 build/skylt $(DESTDIR)$(BINDIR)/skylt
	install -m 644 doc/skylt.1 $(DESTDIR)$(MANDIR)/man1/skylt.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/skylt $(DESTDIR)$(MANDIR)/man1/skylt.1

clean:
	rm -rf build site .site-* .site.* .skylt
