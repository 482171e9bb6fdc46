/* Reading order CSVs back: the files order_csv writes, and the same files after
 * a clerk opened and re-saved them in a spreadsheet (GB18030, reordered or
 * extra columns). The input is untrusted: everything is bounded (file size,
 * rows, fields) and nothing recurses, so no file can crash or exhaust us. */
#include "order/order.h"

#include "core/buf.h"
#include "core/diag.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The largest file read: an order of a few hundred lines is some kilobytes. */
#define CSV_MAX_BYTES ((size_t)16 << 20)
/* Rows returned at most; beyond that the rest of the file is not read. */
#define CSV_MAX_ROWS 100000
/* Fields of one record kept; more make the record wrong anyway. */
#define CSV_MAX_FIELDS 256
/* The largest quantity of a line. */
#define CSV_MAX_QUANTITY INT64_C(1000000000)

enum csv_column {
	COL_SUPPLIER_ID,
	COL_SUPPLIER,
	COL_PRODUCT_ID,
	COL_PRODUCT,
	COL_SPEC,
	COL_UNIT,
	COL_UNIT_PRICE,
	COL_QUANTITY,
	COL_AMOUNT,
	COL_UNION,
	COL_PURPOSE,
	COL_HEADCOUNT,
	COL_PER_MEMBER,
	NCOLUMNS
};

/* The header names of order_csv, in its order. */
static const char *const column_names[NCOLUMNS] = {
    "supplier_id", "supplier", "product_id", "product", "spec",      "unit",       "unit_price",
    "quantity",    "amount",   "union",      "purpose", "headcount", "per_member",
};

/* What can be wrong with a record as a whole, before its values are read. */
enum record_problem {
	RECORD_FINE,
	RECORD_UNCLOSED_QUOTE, /* a quoted field runs to the end of the file */
	RECORD_AFTER_QUOTE,    /* text between a closing quote and the next comma */
};

/* One record (a row, possibly over several lines when a quoted field holds a
 * line break). The fields' bytes lie one after the other in text. */
struct csv_record {
	struct buf text;
	size_t start[CSV_MAX_FIELDS]; /* offset of each field kept in text */
	size_t len[CSV_MAX_FIELDS];   /* its length */
	size_t nfields;               /* fields found, even beyond CSV_MAX_FIELDS */
	bool has_nul;                 /* a NUL byte in some field */
	enum record_problem problem;
	int line; /* where the record starts, 1-based */
};

/* A cursor over the whole (UTF-8) text of the file. */
struct csv_scanner {
	const char *p;
	const char *end;
	int line; /* line of p, 1-based */
};

/* ---- The file ------------------------------------------------------------ */

/* Reads at most CSV_MAX_BYTES of path into a new buffer. Only a regular
 * file is read: a named pipe, a device or a folder is refused without
 * waiting (O_NONBLOCK: opening a pipe without a writer would block). */
static char *read_whole_file(const char *path, size_t *len, char **cause)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*cause = xasprintf(_("cannot open %s: %s"), path, strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		*cause = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		if (S_ISDIR(sb.st_mode))
			*cause = xasprintf(_("%s is a folder, not a CSV file"), path);
		else
			*cause = xasprintf(
			    _("%s is a named pipe, a device or a socket, not a CSV file"), path);
		close(fd);
		return NULL;
	}
	if ((uintmax_t)sb.st_size > CSV_MAX_BYTES) {
		close(fd);
		*cause = xasprintf(_("%s is larger than %zu MiB: not an order CSV"), path,
		                   CSV_MAX_BYTES >> 20);
		return NULL;
	}
	int flags = fcntl(fd, F_GETFL);
	FILE *f =
	    flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ? NULL : fdopen(fd, "rb");
	if (f == NULL) {
		*cause = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
		close(fd);
		return NULL;
	}

	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > CSV_MAX_BYTES) {
			buf_finish(&b);
			goto too_large;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		*cause = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
		buf_finish(&b);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = b.len;
	return buf_steal(&b);

too_large:
	*cause =
	    xasprintf(_("%s is larger than %zu MiB: not an order CSV"), path, CSV_MAX_BYTES >> 20);
	fclose(f);
	return NULL;
}

/* GB18030 text converted to UTF-8, or NULL when it is not GB18030 either. */
static char *gb18030_to_utf8(const char *in, size_t in_len, size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return NULL;

	/* Two GB18030 bytes become at most three UTF-8 bytes, four stay four. */
	size_t cap = in_len * 2 + 16;
	char *out = xmalloc(cap);
	char *inp = (char *)in;
	size_t in_left = in_len;
	char *outp = out;
	size_t out_left = cap - 1;
	bool ok = true;
	while (in_left > 0) {
		if (iconv(cd, &inp, &in_left, &outp, &out_left) != (size_t)-1)
			continue;
		if (errno != E2BIG) {
			ok = false; /* EILSEQ or EINVAL: not GB18030 */
			break;
		}
		size_t used = (size_t)(outp - out);
		cap *= 2;
		out = xrealloc(out, cap);
		outp = out + used;
		out_left = cap - 1 - used;
	}
	if (ok && iconv(cd, NULL, NULL, &outp, &out_left) == (size_t)-1)
		ok = false;
	iconv_close(cd);
	if (!ok) {
		free(out);
		return NULL;
	}
	*outp = '\0';
	*out_len = (size_t)(outp - out);
	return out;
}

/* The line (1-based) of a byte offset in text. */
static int line_of_offset(const char *text, size_t offset)
{
	int line = 1;
	for (size_t i = 0; i < offset; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

static bool starts_with_bom(const char *s, size_t len)
{
	return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

/* The file's text as UTF-8 without a byte-order mark: as it is when it is
 * UTF-8, converted when it is GB18030 (as Excel saves "CSV" on a Chinese
 * Windows). A file that starts with a UTF-8 byte-order mark says it is UTF-8,
 * so broken UTF-8 after one is an error, not a reason to guess. */
static char *file_text_utf8(const char *path, char *raw, size_t raw_len, size_t *len, char **cause)
{
	size_t bad;
	if (starts_with_bom(raw, raw_len)) {
		if (!utf8_valid(raw + 3, raw_len - 3, &bad)) {
			*cause = xasprintf(_("%s:%d: the file says it is UTF-8 but is not"), path,
			                   line_of_offset(raw, bad + 3));
			return NULL;
		}
		*len = raw_len - 3;
		memmove(raw, raw + 3, *len + 1);
		return raw;
	}
	if (utf8_valid(raw, raw_len, &bad)) {
		*len = raw_len;
		return raw;
	}
	char *text = gb18030_to_utf8(raw, raw_len, len);
	if (text == NULL || !utf8_valid(text, *len, NULL)) {
		free(text);
		*cause = xasprintf(_("%s:%d: the file is neither UTF-8 nor GB18030 text"), path,
		                   line_of_offset(raw, bad));
		return NULL;
	}
	/* A GB18030 byte-order mark converts to U+FEFF. */
	if (starts_with_bom(text, *len)) {
		*len -= 3;
		memmove(text, text + 3, *len + 1);
	}
	return text;
}

/* ---- Records (RFC 4180) ------------------------------------------------- */

static void record_begin_field(struct csv_record *rec)
{
	if (rec->nfields < CSV_MAX_FIELDS) {
		rec->start[rec->nfields] = rec->text.len;
		rec->len[rec->nfields] = 0;
	}
	rec->nfields++;
}

static void record_add_byte(struct csv_record *rec, char c)
{
	if (c == '\0')
		rec->has_nul = true;
	if (rec->nfields > CSV_MAX_FIELDS)
		return; /* the record is wrong anyway: do not keep what it says */
	buf_addc(&rec->text, c);
	rec->len[rec->nfields - 1]++;
}

/* Consumes a line break at the cursor (CRLF, LF, or a lone CR as old Mac
 * files have), if there is one. */
static bool skip_line_break(struct csv_scanner *sc)
{
	if (sc->p < sc->end && *sc->p == '\r') {
		sc->p++;
		if (sc->p < sc->end && *sc->p == '\n')
			sc->p++;
		sc->line++;
		return true;
	}
	if (sc->p < sc->end && *sc->p == '\n') {
		sc->p++;
		sc->line++;
		return true;
	}
	return false;
}

/* Reads the quoted field whose opening quote is at the cursor, up to and
 * including its closing quote. Line breaks inside are kept as they are. */
static void read_quoted_field(struct csv_scanner *sc, struct csv_record *rec)
{
	sc->p++; /* the opening quote */
	while (sc->p < sc->end) {
		char c = *sc->p++;
		if (c == '"') {
			if (sc->p < sc->end && *sc->p == '"') {
				sc->p++;
				record_add_byte(rec, '"');
				continue;
			}
			return;
		}
		/* Count lines as skip_line_break does: CRLF is one. */
		if (c == '\n' || (c == '\r' && (sc->p == sc->end || *sc->p != '\n')))
			sc->line++;
		record_add_byte(rec, c);
	}
	rec->problem = RECORD_UNCLOSED_QUOTE;
}

/* Reads the next record into rec. False at the end of the text. A record with
 * a problem is still read to its end, so that the next one starts right. */
static bool read_record(struct csv_scanner *sc, struct csv_record *rec)
{
	if (sc->p >= sc->end)
		return false;
	buf_reset(&rec->text);
	rec->nfields = 0;
	rec->has_nul = false;
	rec->problem = RECORD_FINE;
	rec->line = sc->line;

	for (;;) {
		record_begin_field(rec);
		if (sc->p < sc->end && *sc->p == '"') {
			read_quoted_field(sc, rec);
			if (rec->problem != RECORD_FINE)
				return true;
			if (sc->p < sc->end && *sc->p != ',' && *sc->p != '\r' && *sc->p != '\n') {
				rec->problem = RECORD_AFTER_QUOTE;
				while (sc->p < sc->end && *sc->p != '\r' && *sc->p != '\n')
					sc->p++;
			}
		} else {
			/* A quote inside an unquoted field is taken as it is. */
			while (sc->p < sc->end && *sc->p != ',' && *sc->p != '\r' && *sc->p != '\n')
				record_add_byte(rec, *sc->p++);
		}
		if (sc->p < sc->end && *sc->p == ',') {
			sc->p++;
			continue;
		}
		skip_line_break(sc);
		return true;
	}
}

/* Field i of rec, trimmed of spaces and tabs; "" when the record has fewer. */
static char *record_field(const struct csv_record *rec, size_t i)
{
	if (i >= rec->nfields || i >= CSV_MAX_FIELDS)
		return xstrdup("");
	const char *s = buf_str(&rec->text) + rec->start[i];
	size_t n = rec->len[i];
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

/* True for a record with nothing in it: an empty line, or a row of empty
 * cells as spreadsheets save below the data. */
static bool record_blank(const struct csv_record *rec)
{
	if (rec->problem != RECORD_FINE || rec->has_nul)
		return false;
	size_t kept = rec->nfields < CSV_MAX_FIELDS ? rec->nfields : CSV_MAX_FIELDS;
	for (size_t i = 0; i < kept; i++) {
		char *v = record_field(rec, i);
		bool empty = v[0] == '\0';
		free(v);
		if (!empty)
			return false;
	}
	return rec->nfields <= CSV_MAX_FIELDS;
}

/* ---- Header and rows -------------------------------------------------------- */

/* Finds the known columns in the header record: where[c] gets the field
 * index of column c, or -1. */
static int read_header(const char *path, const struct csv_record *rec, long where[NCOLUMNS],
                       char **cause)
{
	for (size_t c = 0; c < NCOLUMNS; c++)
		where[c] = -1;
	if (rec->problem != RECORD_FINE || rec->has_nul) {
		*cause = xasprintf(_("%s:%d: the header row is not valid CSV"), path, rec->line);
		return -1;
	}
	if (rec->nfields > CSV_MAX_FIELDS) {
		*cause = xasprintf(_("%s:%d: the header row has more than %d columns"), path,
		                   rec->line, CSV_MAX_FIELDS);
		return -1;
	}
	for (size_t i = 0; i < rec->nfields; i++) {
		char *name = record_field(rec, i);
		for (size_t c = 0; c < NCOLUMNS; c++) {
			if (strcasecmp(name, column_names[c]) != 0)
				continue;
			if (where[c] >= 0) {
				*cause = xasprintf(_("%s:%d: the column \"%s\" appears twice in "
				                     "the header row"),
				                   path, rec->line, column_names[c]);
				free(name);
				return -1;
			}
			where[c] = (long)i;
		}
		free(name);
	}
	if (where[COL_QUANTITY] < 0 || (where[COL_PRODUCT_ID] < 0 && where[COL_PRODUCT] < 0)) {
		/* TRANSLATORS: the column names are the CSV header's, keep them */
		*cause = xasprintf(_("%s:%d: the header row needs a \"quantity\" column and a "
		                     "\"product_id\" or \"product\" column, as in "
		                     "supplier_id,supplier,product_id,product,spec,unit,"
		                     "unit_price,quantity,amount"),
		                   path, rec->line);
		return -1;
	}
	return 0;
}

/* A positive whole number of at most CSV_MAX_QUANTITY, written in ASCII
 * digits only. */
static bool parse_quantity(const char *s, int64_t *out)
{
	if (*s == '\0')
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
		if (v > CSV_MAX_QUANTITY)
			return false;
	}
	if (v < 1)
		return false;
	*out = v;
	return true;
}

/* The value of an optional column: NULL when the column is missing or the
 * cell empty. */
static char *optional_value(const struct csv_record *rec, const long where[NCOLUMNS],
                            enum csv_column c)
{
	if (where[c] < 0)
		return NULL;
	char *v = record_field(rec, (size_t)where[c]);
	if (v[0] == '\0') {
		free(v);
		return NULL;
	}
	return v;
}

/* An amount column: -1 when missing or empty; false (with a diag) when it is
 * not money. */
static bool read_money(const char *path, const struct csv_record *rec, const long where[NCOLUMNS],
                       enum csv_column c, money_t *out, struct diag_list *diags)
{
	*out = -1;
	char *v = optional_value(rec, where, c);
	if (v == NULL)
		return true;
	money_t m;
	enum money_status st = money_parse(v, &m);
	if (st == MONEY_OVERFLOW) {
		diag_add(diags, path, rec->line, 0, _("%s \"%s\" is too large"), column_names[c],
		         v);
	} else if (st != MONEY_OK) {
		/* TRANSLATORS: %s is unit_price or amount, then the cell as written */
		diag_add(diags, path, rec->line, 0,
		         _("%s \"%s\" is not an amount in yuan such as 168.00"), column_names[c],
		         v);
	}
	free(v);
	if (st != MONEY_OK)
		return false;
	*out = m;
	return true;
}

/* Takes off the apostrophe that order_csv puts before a text a spreadsheet
 * would run as a formula ("'=1+1" is read as "=1+1"): one apostrophe, and
 * only before what text_csv_formula calls a formula. */
static void unguard_formula(char *v)
{
	if (v == NULL || v[0] != '\'')
		return;
	if (text_csv_formula(v))
		memmove(v, v + 1, strlen(v));
}

/* Reads one data record into row; false (with a diag) when it cannot be used. */
static bool read_row(const char *path, const struct csv_record *rec, size_t header_fields,
                     const long where[NCOLUMNS], struct order_row *row, struct diag_list *diags)
{
	memset(row, 0, sizeof *row);
	row->line = rec->line;
	row->unit_price = row->amount = -1;

	switch (rec->problem) {
	case RECORD_UNCLOSED_QUOTE:
		diag_add(diags, path, rec->line, 0,
		         _("a quoted field starts here and is never closed"));
		return false;
	case RECORD_AFTER_QUOTE:
		diag_add(diags, path, rec->line, 0,
		         _("text after the closing quote of a field (a quote inside a field "
		           "is written twice)"));
		return false;
	case RECORD_FINE:
		break;
	}
	if (rec->has_nul) {
		diag_add(diags, path, rec->line, 0, _("the row holds a NUL byte"));
		return false;
	}
	if (rec->nfields != header_fields) {
		diag_add(diags, path, rec->line, 0, _("the row has %zu fields, the header row %zu"),
		         rec->nfields, header_fields);
		return false;
	}

	char *quantity = optional_value(rec, where, COL_QUANTITY);
	bool ok = true;
	if (quantity == NULL) {
		diag_add(diags, path, rec->line, 0, _("no quantity"));
		ok = false;
	} else if (!parse_quantity(quantity, &row->quantity)) {
		diag_add(diags, path, rec->line, 0,
		         _("quantity \"%s\" is not a whole number from 1 to %lld"), quantity,
		         (long long)CSV_MAX_QUANTITY);
		ok = false;
	}
	free(quantity);
	if (!read_money(path, rec, where, COL_UNIT_PRICE, &row->unit_price, diags))
		ok = false;
	if (!read_money(path, rec, where, COL_AMOUNT, &row->amount, diags))
		ok = false;
	if (!ok)
		return false;

	if (row->unit_price >= 0 && row->amount >= 0) {
		money_t expected;
		char a[MONEY_PLAIN_SIZE], p[MONEY_PLAIN_SIZE];
		if (!money_mul(row->unit_price, row->quantity, &expected)) {
			diag_add(diags, path, rec->line, 0,
			         _("unit price %s × quantity %lld is too large"),
			         money_format_plain(row->unit_price, p), (long long)row->quantity);
			return false;
		}
		if (expected != row->amount) {
			char e[MONEY_PLAIN_SIZE];
			diag_add(diags, path, rec->line, 0,
			         _("amount %s is not unit price %s × quantity %lld = %s"),
			         money_format_plain(row->amount, a),
			         money_format_plain(row->unit_price, p), (long long)row->quantity,
			         money_format_plain(expected, e));
			return false;
		}
	}

	row->product_id = optional_value(rec, where, COL_PRODUCT_ID);
	row->product = optional_value(rec, where, COL_PRODUCT);
	if (row->product_id == NULL && row->product == NULL) {
		diag_add(diags, path, rec->line, 0,
		         _("the row has neither a product_id nor a product"));
		return false;
	}
	row->supplier_id = optional_value(rec, where, COL_SUPPLIER_ID);
	row->supplier = optional_value(rec, where, COL_SUPPLIER);
	row->spec = optional_value(rec, where, COL_SPEC);
	row->unit = optional_value(rec, where, COL_UNIT);
	char *headcount = optional_value(rec, where, COL_HEADCOUNT);
	if (headcount != NULL && !parse_quantity(headcount, &row->headcount)) {
		diag_add(diags, path, rec->line, 0,
		         _("headcount \"%s\" is not a whole number from 1 to %lld"), headcount,
		         (long long)CSV_MAX_QUANTITY);
		free(headcount);
		return false;
	}
	free(headcount);
	char *per_member = optional_value(rec, where, COL_PER_MEMBER);
	row->per_member = -1;
	if (per_member != NULL) {
		if (strcmp(per_member, "1") == 0)
			row->per_member = 1;
		else if (strcmp(per_member, "0") == 0)
			row->per_member = 0;
		else {
			diag_add(diags, path, rec->line, 0,
			         _("per_member \"%s\" is neither 1 nor 0"), per_member);
			free(per_member);
			return false;
		}
		free(per_member);
	}
	row->union_name = optional_value(rec, where, COL_UNION);
	row->purpose = optional_value(rec, where, COL_PURPOSE);
	char *texts[] = {row->product_id, row->product, row->supplier_id, row->supplier,
	                 row->spec,       row->unit,    row->union_name,  row->purpose};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		unguard_formula(texts[i]);
	return true;
}

static void order_row_finish(struct order_row *row)
{
	free(row->supplier_id);
	free(row->supplier);
	free(row->product_id);
	free(row->product);
	free(row->spec);
	free(row->unit);
	free(row->union_name);
	free(row->purpose);
}

void order_rows_free(struct order_row *rows, size_t count)
{
	if (rows == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		order_row_finish(&rows[i]);
	free(rows);
}

int order_csv_read(const char *path, struct order_row **rows, size_t *count,
                   struct diag_list *diags, char **cause)
{
	*rows = NULL;
	*count = 0;

	size_t raw_len, len;
	char *raw = read_whole_file(path, &raw_len, cause);
	if (raw == NULL)
		return -1;
	char *text = file_text_utf8(path, raw, raw_len, &len, cause);
	if (text != raw)
		free(raw);
	if (text == NULL)
		return -1;

	struct csv_scanner sc = {text, text + len, 1};
	struct csv_record *rec = xcalloc(1, sizeof *rec);
	long where[NCOLUMNS];
	size_t header_fields = 0;
	bool have_header = false;
	struct order_row *out = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	while (read_record(&sc, rec)) {
		if (record_blank(rec))
			continue;
		if (!have_header) {
			if (read_header(path, rec, where, cause) != 0) {
				rc = -1;
				break;
			}
			header_fields = rec->nfields;
			have_header = true;
			continue;
		}
		if (n == CSV_MAX_ROWS) {
			diag_add(diags, path, rec->line, 0,
			         _("more than %d rows: the rest of the file is not read"),
			         CSV_MAX_ROWS);
			break;
		}
		struct order_row row;
		if (!read_row(path, rec, header_fields, where, &row, diags)) {
			order_row_finish(&row);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			out = xreallocarray(out, cap, sizeof *out);
		}
		out[n++] = row;
	}
	if (rc == 0 && !have_header) {
		*cause = xasprintf(_("%s has no header row: it is empty"), path);
		rc = -1;
	}

	buf_finish(&rec->text);
	free(rec);
	free(text);
	if (rc != 0) {
		order_rows_free(out, n);
		return -1;
	}
	*rows = out;
	*count = n;
	return 0;
}
