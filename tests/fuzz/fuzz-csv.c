/* Fuzzes the order CSV reader (order_csv_read), what import-order and merge
 * read from files that went through spreadsheets and chat programs. The input
 * is written to a file in a private folder made once per process and read
 * back. Besides never crashing or leaking, the reader keeps the promises of
 * order.h: -1 with a cause, or rows that each have a product, a quantity from
 * 1 up, amounts that are money or -1, text in valid UTF-8, in file order; and
 * every diag formats to printable text. */
#include "fuzz.h"

#include "core/diag.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "order/order.h"

#include <stdlib.h>
#include <string.h>

static char *csv_path;

static void check_optional(const char *s)
{
	if (s == NULL)
		return;
	FUZZ_ASSERT_TEXT(s[0] != '\0', s);
	FUZZ_ASSERT_TEXT(utf8_valid(s, strlen(s), NULL), s);
}

static void check_row(const struct order_row *row, int previous_line)
{
	FUZZ_ASSERT(row->line > previous_line);
	FUZZ_ASSERT(row->product_id != NULL || row->product != NULL);
	check_optional(row->supplier_id);
	check_optional(row->supplier);
	check_optional(row->product_id);
	check_optional(row->product);
	check_optional(row->spec);
	check_optional(row->unit);
	FUZZ_ASSERT(row->quantity >= 1);
	FUZZ_ASSERT(row->unit_price == -1 ||
	            (row->unit_price >= 0 && row->unit_price <= MONEY_MAX));
	FUZZ_ASSERT(row->amount == -1 || (row->amount >= 0 && row->amount <= MONEY_MAX));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct order_row *rows = NULL;
	size_t count = 0;
	char *cause = NULL;

	if (csv_path == NULL)
		csv_path = xasprintf("%s/order.csv", fuzz_private_dir());
	fuzz_write_file(csv_path, data, size);

	if (order_csv_read(csv_path, &rows, &count, &diags, &cause) == 0) {
		FUZZ_ASSERT(cause == NULL);
		FUZZ_ASSERT(count == 0 || rows != NULL);
		for (size_t i = 0; i < count; i++)
			check_row(&rows[i], i > 0 ? rows[i - 1].line : 0);
	} else {
		FUZZ_ASSERT(cause != NULL && rows == NULL && count == 0);
		/* It quotes no text of the file, only its path and line. */
		FUZZ_ASSERT_TEXT(fuzz_printable(cause, NULL), cause);
		free(cause);
	}
	for (size_t i = 0; i < diags.count; i++) {
		char *line = diag_format(&diags.items[i]);

		FUZZ_ASSERT_TEXT(fuzz_printable(line, NULL), line);
		free(line);
	}

	order_rows_free(rows, count);
	diag_list_finish(&diags);
	return 0;
}
