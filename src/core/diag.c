#include "diag.h"

#include "buf.h"
#include "i18n.h"
#include "text.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdlib.h>

void diag_add(struct diag_list *list, const char *file, int line, int col, const char *fmt, ...)
{
	size_t max = list->max ? list->max : DIAG_DEFAULT_MAX;
	if (list->count >= max) {
		list->dropped++;
		return;
	}
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xreallocarray(list->items, list->cap, sizeof *list->items);
	}
	va_list ap;
	va_start(ap, fmt);
	struct diag *d = &list->items[list->count++];
	d->file = file ? xstrdup(file) : NULL;
	d->line = line;
	d->col = col;
	d->msg = xvasprintf(fmt, ap);
	va_end(ap);
}

bool diag_full(const struct diag_list *list)
{
	return list->count >= (list->max ? list->max : DIAG_DEFAULT_MAX);
}

size_t diag_total(const struct diag_list *list)
{
	return list->count + list->dropped;
}

char *diag_format(const struct diag *d)
{
	struct buf b = BUF_INIT;
	if (d->file) {
		buf_adds(&b, d->file);
		if (d->line > 0) {
			buf_addf(&b, ":%d", d->line);
			if (d->col > 0)
				buf_addf(&b, ":%d", d->col);
		}
		buf_adds(&b, ": ");
	}
	/* TRANSLATORS: prefix of every error line, as in "file:3:7: error: ..." */
	buf_adds(&b, _("error: "));
	buf_adds(&b, d->msg);
	/* Messages quote the input: never let it reach a terminal raw. */
	char *safe = text_sanitize(buf_str(&b));
	buf_finish(&b);
	return safe;
}

void diag_print(const struct diag_list *list, FILE *out)
{
	for (size_t i = 0; i < list->count; i++) {
		char *line = diag_format(&list->items[i]);
		fprintf(out, "%s\n", line);
		free(line);
	}
	if (list->dropped > 0)
		fprintf(out,
		        P_("... and %zu more error not shown\n",
		           "... and %zu more errors not shown\n", list->dropped),
		        list->dropped);
}

void diag_list_finish(struct diag_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].file);
		free(list->items[i].msg);
	}
	free(list->items);
	list->items = NULL;
	list->count = list->cap = list->dropped = 0;
}
