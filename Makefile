# skylt: a static-site generator for multilingual public information.
# Targets: all, site, check, bench, install, uninstall, clean, regen, deps.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
# pkg-config's libcmark-gfm already links libcmark-gfm-extensions; Debian ships no
# separate .pc file for the extensions.
PKGS = libcmark-gfm libxml-2.0 icu-uc icu-i18n yaml-0.1 libmicrohttpd nettle
# libvips is opened at run time by the first build that has an image
# (generator/assets.c), and declared by generator/vips_api.h: neither skylt
# nor its unit tests need libvips's headers (libvips-dev, hundreds of
# packages) or link it; a site with images needs Debian's libvips42.

CFLAGS ?= -O2 -g
WARNINGS = -std=c11 -Wall -Wextra -Wpedantic
DEFS = -D_DEFAULT_SOURCE -D_GNU_SOURCE
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lpthread
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC = $(sort $(wildcard generator/*.c))
REL_OBJ = $(SRC:generator/%.c=build/rel/%.o)
SAN_OBJ = $(SRC:generator/%.c=build/san/%.o)
SAN_LIB_OBJ = $(filter-out build/san/main.o,$(SAN_OBJ))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=build/san/%)

.PHONY: all site check unit bench install uninstall clean regen deps format
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

# Installs the Debian packages the build needs (only those that are missing)
# before anything is compiled.
build/rel/.deps build/san/.deps: tests/install-deps
	@sh tests/install-deps
	@mkdir -p $(@D) && touch $@

deps:
	@sh tests/install-deps

site: build/skylt
	./build/skylt build

unit: $(UNIT_BIN)

check: build/skylt build/san/skylt $(UNIT_BIN) tests/browser/node_modules/.ok
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
	@bash tests/bench/serve-stop.sh
	@bash tests/bench/hostile.sh

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
