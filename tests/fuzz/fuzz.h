/* What the fuzz targets share. Each target is one file defining
 * LLVMFuzzerTestOneInput; it is linked either with libFuzzer (the fuzz-NAME
 * programs of a -Dfuzzing=true build) or with replay.c, which feeds it the
 * files of the checked-in corpus as an ordinary test. A broken promise aborts,
 * so that both see it as a crash. */
#ifndef AIX_FUZZ_H
#define AIX_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The entry point libFuzzer calls with each input; always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with the condition and its place when cond is false. Unlike assert,
 * it stays on in release builds. */
#define FUZZ_ASSERT(cond) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond, NULL))
/* The same, quoting the text that broke the promise. */
#define FUZZ_ASSERT_TEXT(cond, text)                                                               \
	((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond, (text)))

/* Prints where and what failed (and text, when not NULL, as escaped bytes)
 * to stderr, then aborts. */
_Noreturn void fuzz_fail(const char *file, int line, const char *what, const char *text);

/* A folder of this process only, created on first use (on a RAM disk when
 * there is one, so that writing an input per run stays cheap) and removed
 * with all it holds when the process exits. Never NULL: aborts when no
 * folder can be made. */
const char *fuzz_private_dir(void);

/* Writes len bytes to path, replacing the file. Aborts on failure: the
 * folder is ours, so a failure is the harness's fault, not the input's. */
void fuzz_write_file(const char *path, const void *data, size_t len);

/* The input as a C string: a copy with a NUL after it. Caller frees. */
char *fuzz_cstring(const uint8_t *data, size_t size);

/* True when s is valid UTF-8 holding no character that must not reach a
 * terminal (cp_unsafe), apart from those in allowed (ASCII only, may be
 * NULL), e.g. "\n\t" for a description. */
bool fuzz_printable(const char *s, const char *allowed);

#endif
