/* The CSV order, for suppliers and for Excel: UTF-8 with a byte-order mark
 * (without it Excel reads the file as GBK), RFC 4180 with CRLF line ends. The
 * column names are fixed English words so that order_csv_read finds them
 * whatever the language of the person who wrote the file. */
#include "order/order.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_BOM "\xEF\xBB\xBF"
/* The list's settings come last, on every row, so that import-order makes
 * the same list again and a reader that knows only the first nine columns
 * still reads the file. */
#define CSV_HEADER                                                                                 \
	"supplier_id,supplier,product_id,product,spec,unit,unit_price,quantity,amount,union,"      \
	"purpose,headcount,per_member"

/* Appends one field, quoted when it holds a comma, a quote or a line break.
 * Text from the list is sanitised first, so no control character (a line
 * break included) reaches the file; the quoting still covers them. A text
 * that Excel would run as a formula (an order CSV comes from other people's
 * lists and is opened by double-click) gets an apostrophe in front, which
 * makes it plain text; order_csv_read takes it off again. */
static void add_field(struct buf *b, const char *raw, bool first, bool text)
{
	char *s = text_sanitize(raw != NULL ? raw : "");

	if (text && text_csv_formula(s)) {
		char *guarded = xasprintf("'%s", s);
		free(s);
		s = guarded;
	}
	if (!first)
		buf_addc(b, ',');
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_adds(b, s);
	} else {
		buf_addc(b, '"');
		for (const char *p = s; *p != '\0'; p++) {
			if (*p == '"')
				buf_addc(b, '"');
			buf_addc(b, *p);
		}
		buf_addc(b, '"');
	}
	free(s);
}

char *order_csv(const struct plist *l, size_t *len, char **cause)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, CSV_BOM CSV_HEADER "\r\n");
	for (size_t i = 0; i < l->nlines; i++) {
		const struct plist_line *line = &l->lines[i];
		char price[MONEY_PLAIN_SIZE], amount_buf[MONEY_PLAIN_SIZE], quantity_buf[32];
		int64_t quantity;
		money_t amount;

		if (!plist_line_order_quantity(l, line, &quantity) ||
		    !plist_line_amount(l, line, &amount)) {
			buf_finish(&b);
			/* TRANSLATORS: %s is the product's name. */
			char *name = text_sanitize(line->name != NULL ? line->name : "");
			*cause = xasprintf(_("The amount of “%s” is too large to compute"), name);
			free(name);
			return NULL;
		}
		snprintf(quantity_buf, sizeof quantity_buf, "%" PRId64, quantity);
		add_field(&b, line->supplier_id, true, true);
		add_field(&b, line->supplier, false, true);
		add_field(&b, line->product_id, false, true);
		add_field(&b, line->name, false, true);
		add_field(&b, line->spec, false, true);
		add_field(&b, line->unit, false, true);
		add_field(&b, money_format_plain(line->unit_price, price), false, false);
		add_field(&b, quantity_buf, false, false);
		add_field(&b, money_format_plain(amount, amount_buf), false, false);
		add_field(&b, l->info.union_name, false, true);
		add_field(&b, l->info.purpose, false, true);
		/* A list of no headcount (a merge of many unions) leaves both empty. */
		char headcount_buf[32] = "";
		if (l->info.headcount > 0)
			snprintf(headcount_buf, sizeof headcount_buf, "%" PRId64,
			         l->info.headcount);
		add_field(&b, headcount_buf, false, false);
		add_field(&b, l->info.headcount > 0 ? (l->info.pack ? "1" : "0") : "", false,
		          false);
		buf_adds(&b, "\r\n");
	}
	*len = b.len;
	return buf_steal(&b);
}
