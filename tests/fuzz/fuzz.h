/* What the fuzz targets share: a scratch project folder made once per
 * process from tests/fuzz/site (a two-language site) with the repository's
 * templates and translations, and the libraries' one-time set-up. A target
 * writes its input into that folder and runs a stage of the generator on it;
 * nothing is written anywhere else. */
#ifndef SKYLT_FUZZ_H
#define SKYLT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The entry points libFuzzer calls, and the replay driver (driver.c) too. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Sets up ICU, libxml2 and cmark-gfm as main() does, and copies the site
 * into a fresh folder under $TMPDIR, removed when the process exits. The
 * repository is $SKYLT_ROOT, or the working folder. Aborts when the folder
 * cannot be made: no input could be tested. Returns that folder. */
const char *fuzz_setup(void);

/* Replaces the file at rel (inside the scratch folder) with data. */
void fuzz_write(const char *rel, const uint8_t *data, size_t size);

/* Enters the scratch folder (the generator reads content/, templates/ and
 * translations/ relative to it), and goes back to where the process was, so
 * that libFuzzer's corpus and artifact paths keep their meaning. */
void fuzz_enter(void);
void fuzz_leave(void);

/* Builds the scratch site in memory, as 'skylt check' does: every stage
 * runs, nothing is written, and the messages are dropped. */
void fuzz_check_site(void);

#endif
