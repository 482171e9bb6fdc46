/* A minimal test harness: each unit test is a program that runs its checks,
 * prints every failure with its place, and ends with "N passed, N failed". */
#ifndef AIX_CHECK_H
#define AIX_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int check_passed;
static int check_failed;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (cond) {                                                                        \
			check_passed++;                                                            \
		} else {                                                                           \
			check_failed++;                                                            \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                                                  \
	} while (0)

#define CHECK_STR(got, want)                                                                       \
	do {                                                                                       \
		const char *got_ = (got), *want_ = (want);                                         \
		if (got_ != NULL && want_ != NULL && strcmp(got_, want_) == 0) {                   \
			check_passed++;                                                            \
		} else {                                                                           \
			check_failed++;                                                            \
			fprintf(stderr, "%s:%d: %s\n  got:  \"%s\"\n  want: \"%s\"\n", __FILE__,   \
			        __LINE__, #got, got_ ? got_ : "(null)", want_ ? want_ : "(null)"); \
		}                                                                                  \
	} while (0)

#define CHECK_INT(got, want)                                                                       \
	do {                                                                                       \
		intmax_t got_ = (intmax_t)(got), want_ = (intmax_t)(want);                         \
		if (got_ == want_) {                                                               \
			check_passed++;                                                            \
		} else {                                                                           \
			check_failed++;                                                            \
			fprintf(stderr, "%s:%d: %s\n  got:  %jd\n  want: %jd\n", __FILE__,         \
			        __LINE__, #got, got_, want_);                                      \
		}                                                                                  \
	} while (0)

/* Prints the closing line; returns the exit status for main. */
static inline int check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed == 0 ? 0 : 1;
}

#endif
