/* Diagnostics: the errors found in a catalogue (or another input file), each
 * with the place it refers to. Messages are already translated. */
#ifndef AIX_DIAG_H
#define AIX_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct diag {
	char *file; /* path as the user would type it; NULL when no file applies */
	int line;   /* 1-based; 0 when unknown */
	int col;    /* 1-based, in characters; 0 when unknown */
	char *msg;  /* translated message, no trailing newline */
};

struct diag_list {
	struct diag *items; /* the errors kept, in the order found */
	size_t count;       /* how many are kept */
	size_t cap;         /* allocated slots */
	size_t dropped;     /* errors found beyond max, counted but not kept */
	size_t max;         /* keep at most this many; 0 means DIAG_DEFAULT_MAX */
};

#define DIAG_DEFAULT_MAX 100
#define DIAG_LIST_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0, 0, 0                                                                   \
	}

/* Adds an error; the message is formatted with printf rules. */
void diag_add(struct diag_list *list, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* True once the list holds max errors: a loader may stop early. */
bool diag_full(const struct diag_list *list);
/* Total errors found, kept or dropped. */
size_t diag_total(const struct diag_list *list);
/* Prints every error as "file:line:col: error: message", then a line for
 * the dropped ones. */
void diag_print(const struct diag_list *list, FILE *out);
/* One error as it is printed, without the newline. Caller frees. */
char *diag_format(const struct diag *d);
void diag_list_finish(struct diag_list *list);

#endif
