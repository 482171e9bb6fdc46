/* Orders: the checks of a purchase list against the rules on union money, the
 * printable text order and the CSV order, writing them safely, printing, and
 * reading order CSVs back (import-order, merge). No curses, no SQLite here:
 * the callers load lists from the store and pass them in. Functions that can
 * fail return -1 with a translated *cause (caller frees). */
#ifndef AIX_ORDER_H
#define AIX_ORDER_H

#include "core/diag.h"
#include "core/money.h"
#include "store/lists.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- checks ---------------------------------------------------------- */

enum order_check_kind {
	CHECK_OVERFLOW,        /* an amount is too large to compute */
	CHECK_PER_MEMBER,      /* cost per member above the per-member budget */
	CHECK_TOTAL_BUDGET,    /* total above per-member budget × headcount */
	CHECK_YEARLY_CAP,      /* cost per member above the yearly gift cap */
	CHECK_POVERTY_SHARE,   /* catalogue (poverty-area) share below the minimum */
	CHECK_CONTRACT,        /* total at or above the contract threshold */
	CHECK_NOT_HOLIDAY,     /* gifts (not services) for a purpose that is no statutory holiday */
	CHECK_CHANGED_LINES,   /* lines whose price changed or that left the catalogue */
	CHECK_BELOW_MIN_ORDER, /* a line below its product's minimum order */
	CHECK_EMPTY,           /* no lines */
};

enum order_check_level {
	CHECK_OK,      /* the rule is met: printed as such on the order */
	CHECK_NOTICE,  /* to know, not wrong (a contract is needed) */
	CHECK_WARNING, /* against a rule: the list can still be written */
};

struct order_check {
	enum order_check_kind kind;
	enum order_check_level level;
	char *message; /* translated, one line, with the figures, e.g.
	                  "每人 ¥96.00，未超过每人预算 ¥100.00" */
};

/* The figures the checks use. */
struct order_figures {
	money_t total;       /* the whole order */
	money_t per_member;  /* total / headcount, rounded up to the fen */
	money_t catalogue;   /* amount of the lines from the catalogue */
	int poverty_percent; /* catalogue * 100 / total, rounded down; 100 when total 0 */
	bool overflow;       /* some amount could not be computed */
};

/* Computes the figures and runs every check on l. *checks gets an array of
 * *count checks (free with order_checks_free), in the order of the kinds
 * above. A list without lines gets CHECK_EMPTY alone; on overflow the money
 * checks give way to CHECK_OVERFLOW. A rule whose figure is 0 or less in
 * l->info.rules is not set and gives no check. The yearly gift cap and the
 * holiday rule apply only when the list holds goods (not only services).
 * CHECK_CHANGED_LINES comes at most once for changed prices and once for
 * lines gone, naming up to three lines each; CHECK_BELOW_MIN_ORDER once per
 * line (the order quantity against min_order). Text from the list is
 * sanitised. */
void order_check_list(const struct plist *l, struct order_figures *fig, struct order_check **checks,
                      size_t *count);
void order_checks_free(struct order_check *checks, size_t count);

/* ---- writing ----------------------------------------------------------- */

/* What an order says besides the list itself. */
struct order_meta {
	const char *catalogue_title;          /* the catalogue's title */
	bool sample;                          /* the catalogue is illustrative: say so */
	const char *number;                   /* order number */
	const char *date;                     /* the date printed, "YYYY-MM-DD" */
	bool draft;                           /* no number: titled and marked as a draft */
	const struct order_contact *contacts; /* the suppliers' contacts */
	size_t ncontacts;
};

#define ORDER_DEFAULT_WIDTH 80
#define ORDER_MIN_WIDTH     60
#define ORDER_MAX_WIDTH     200
/* Lines on a printed page (A4 at 6 lines per inch, with margins). */
#define ORDER_PAGE_LINES 60

/* The printable text order, UTF-8, in order_document_language() (Chinese
 * unless --lang en), every line at most width cells (a hanzi is two): a
 * header (catalogue title, union, order number, date, purpose,
 * headcount), the lines grouped by supplier (each with its contact from
 * meta->contacts, or blanks) with subtotals, the total in
 * figures and in capital figures, the checks, a sample-data line when the
 * catalogue is a sample, and signature lines for 经办人, 审核人 and 工会主席
 * with dates. Longer orders break into pages of at most ORDER_PAGE_LINES
 * lines, a form feed before each page after the first, the header repeated
 * and "第 x 页 共 y 页" at the foot of each (also of a single page). Suppliers
 * are grouped by the name printed, in the order they first appear; lines are
 * numbered 1.. in printed order. In a pack the quantity reads "2×30=60".
 * Names, specs, units and suppliers wrap or are cut; figures never: when they
 * do not fit in columns, each line's figures go on rows below it. Every text
 * from the list is sanitised: the only control characters are '\n' and
 * '\f'. meta may be NULL (nothing but the list is printed). Returns NULL with
 * *cause when the list cannot be written (overflow, width out of range).
 * Caller frees. */
char *order_text(const struct plist *l, const struct order_meta *meta, int width, char **cause);

/* The CSV order: UTF-8 with a byte-order mark, RFC 4180 (CRLF, quotes where
 * needed), the header row
 * supplier_id,supplier,product_id,product,spec,unit,unit_price,quantity,amount
 * then one row per line in the list's order; prices as "168.00"; quantity and
 * amount are the order's (× headcount in a pack); a line added by hand has an
 * empty product_id (and supplier_id). Text is sanitised, so a line break in a
 * name arrives as "^J"; a text that starts with = + - or @ (after any
 * apostrophes) gets an apostrophe in front, so that a spreadsheet does not run
 * it as a formula. Returns NULL with *cause on overflow. Caller frees;
 * *len gets its length. */
char *order_csv(const struct plist *l, size_t *len, char **cause);

/* Converts UTF-8 text to GB18030 (for Windows users). The result is also
 * NUL-terminated. Returns NULL with *cause when the text is not valid UTF-8.
 * Caller frees. */
char *order_to_gb18030(const char *utf8, size_t len, size_t *out_len, char **cause);

/* What the list's order says, without its number and date, as a digest
 * (store_content_digest of the text order and the CSV): an unchanged list
 * has the same digest and keeps its order number. NULL with *cause when the
 * list cannot be written. Caller frees. */
char *order_list_digest(const struct plist *l, const struct order_meta *base, char **cause);

/* The text order for old Windows computers: CRLF line ends (a line end
 * already CRLF stays), GB18030. Caller frees. */
char *order_for_windows(const char *utf8, size_t len, size_t *out_len, char **cause);

/* The order is a Chinese document whatever the interface language: the
 * language the text order and its checks are written in, unless the command
 * line says --lang en. */
#define ORDER_LANG_DEFAULT "zh_CN"
/* Until order_lang_end, translations are in lang (e.g. "zh_CN", "en"): for
 * making a document while the interface speaks another language. Returns a
 * token for order_lang_end. Not for use from a signal handler. */
void *order_lang_begin(const char *lang);
void order_lang_end(void *token);
/* The language orders are written in: ORDER_LANG_DEFAULT, or "en" after
 * order_set_document_language("en"). */
const char *order_document_language(void);
void order_set_document_language(const char *lang);

/* Removes the temporary file order_write_file is writing, if any: for a
 * SIGTERM or SIGINT handler (async-signal-safe). */
void order_remove_temporary(void);

/* Writes data to path atomically: a temporary file in the same folder, fsync,
 * then rename, then fsync of the folder. The file gets 0644 less the umask.
 * An existing file is replaced only when overwrite; otherwise that is an
 * error with errno EEXIST, even when the file appears while writing (where
 * the file system allows: renameat2 RENAME_NOREPLACE or link). Only a plain
 * file is ever replaced: a folder, device, named pipe, socket or symbolic
 * link at path is refused (errno EINVAL) with the reason. The temporary file
 * is ORDER_TMP_PREFIX, the pid, "-XXXXXX"; order_remove_temporary removes it
 * from a signal handler. On any
 * failure errno says why, *cause names the path and the reason (no such
 * folder, permission denied, disk full, exists…), the old file (if any) is
 * untouched and no temporary file is left. */
int order_write_file(const char *path, const char *data, size_t len, bool overwrite, char **cause);

/* Sends a file to the printer with lp, else lpr (found on PATH, lp first
 * wherever each is; empty PATH entries are skipped rather than meaning the
 * current folder; no PATH means the system's default). Run without a shell,
 * waited for, its output discarded. Returns 0 when printed, 1 when neither
 * exists (the caller then says where the file is), -1 with *cause (the
 * command, its exit status and the first line it wrote to stderr) when
 * printing failed. */
int order_print(const char *path, char **cause);

/* ---- reading order CSVs -------------------------------------------------- */

/* One row of an order CSV, as read by its header names. */
struct order_row {
	int line;          /* line in the file, 1-based */
	char *supplier_id; /* NULL when the column is missing or empty */
	char *supplier;
	char *product_id; /* NULL when empty (a line added by hand) */
	char *product;
	char *spec;
	char *unit;
	money_t unit_price; /* -1 when missing */
	int64_t quantity;   /* >= 1 */
	money_t amount;     /* -1 when missing */
	/* The list's settings, as order_csv writes them on every row: */
	char *union_name;  /* NULL when the column is missing or empty */
	char *purpose;     /* a holiday key or free text; NULL likewise */
	int64_t headcount; /* 0 when missing or empty */
	int per_member;    /* 1 when the quantities are per member × headcount, 0
	                      when not, -1 when missing or empty */
};

/* Reads an order CSV (UTF-8 with or without a byte-order mark, or GB18030
 * when it is not valid UTF-8; CRLF or LF; RFC 4180 quoting). Columns are found
 * by their header names, in any order; product_id (or product, for lines by
 * hand) and quantity are required. The apostrophe order_csv puts before a
 * text that looks like a formula is taken off. Rows that cannot be read go to diags as
 * "file:line: message" and are skipped; the others are returned. Returns -1
 * only when the file cannot be read at all or has no usable header. */
int order_csv_read(const char *path, struct order_row **rows, size_t *count,
                   struct diag_list *diags, char **cause);
void order_rows_free(struct order_row *rows, size_t count);

#endif
