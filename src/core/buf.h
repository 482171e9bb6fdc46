/* A growing byte buffer that always stays NUL-terminated. */
#ifndef AIX_BUF_H
#define AIX_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NUL-terminated contents, NULL until the first append */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated */
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
/* Hands the contents to the caller (never NULL) and empties the buffer. Caller frees. */
char *buf_steal(struct buf *b);
void buf_finish(struct buf *b);
/* The contents, "" when nothing was added. */
const char *buf_str(const struct buf *b);

#endif
