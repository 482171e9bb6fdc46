/* Tests of reading order CSVs (order_csv_read): what order_csv writes read
 * back the same, RFC 4180 quoting, line endings, byte-order marks, GB18030
 * from spreadsheets, columns found by their header names, every kind of bad
 * row reported with its line, and hostile input (NUL bytes, huge fields,
 * unclosed quotes, random bytes) that must be reported, never crash. */
#include "check.h"

#include "core/buf.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "order/order.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER "supplier_id,supplier,product_id,product,spec,unit,unit_price,quantity,amount"

static char *scratch;
static int file_counter;

/* The result of reading one file. */
struct reading {
	int rc;
	struct order_row *rows;
	size_t count;
	struct diag_list diags;
	char *cause;
	char *path;
};

/* Writes len bytes to a new file in the scratch folder; caller frees. */
static char *write_file(const char *data, size_t len)
{
	char *path = xasprintf("%s/order-%d.csv", scratch, ++file_counter);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return path;
}

static void read_bytes(struct reading *r, const char *data, size_t len)
{
	memset(r, 0, sizeof *r);
	r->path = write_file(data, len);
	r->rc = order_csv_read(r->path, &r->rows, &r->count, &r->diags, &r->cause);
}

static void read_text(struct reading *r, const char *text)
{
	read_bytes(r, text, strlen(text));
}

static void reading_finish(struct reading *r)
{
	order_rows_free(r->rows, r->count);
	diag_list_finish(&r->diags);
	free(r->cause);
	unlink(r->path);
	free(r->path);
}

/* The diagnostic at index i, as printed, without the file name. */
static const char *diag_text(struct reading *r, size_t i, char *out, size_t size)
{
	if (i >= r->diags.count) {
		snprintf(out, size, "(no diag %zu)", i);
		return out;
	}
	const struct diag *d = &r->diags.items[i];
	snprintf(out, size, "%d:%d: %s", d->line, d->col, d->msg);
	return out;
}

static bool cause_has(const struct reading *r, const char *part)
{
	return r->cause != NULL && strstr(r->cause, part) != NULL;
}

static void test_order_csv_as_written(void)
{
	struct reading r;
	/* What order_csv writes: BOM, CRLF, quotes only where needed. */
	read_text(&r,
	          "\xEF\xBB\xBF" HEADER "\r\n"
	          "cha,测试县翠峰茶业有限公司,cha-cuifeng-250,紫阳富硒茶·翠峰,125克×2罐,盒,"
	          "168.00,3,504.00\r\n"
	          "cha,测试县翠峰茶业有限公司,cha-hongcha-500,紫阳红茶,\"500克, 袋装\",袋,98.50,"
	          "2,197.00\r\n"
	          ",本地农户,,土蜂蜜,500克,瓶,45.00,10,450.00\r\n");
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 3);
	CHECK_INT(r.diags.count, 0);
	if (r.count == 3) {
		CHECK_INT(r.rows[0].line, 2);
		CHECK_STR(r.rows[0].supplier_id, "cha");
		CHECK_STR(r.rows[0].supplier, "测试县翠峰茶业有限公司");
		CHECK_STR(r.rows[0].product_id, "cha-cuifeng-250");
		CHECK_STR(r.rows[0].product, "紫阳富硒茶·翠峰");
		CHECK_STR(r.rows[0].spec, "125克×2罐");
		CHECK_STR(r.rows[0].unit, "盒");
		CHECK_INT(r.rows[0].unit_price, 16800);
		CHECK_INT(r.rows[0].quantity, 3);
		CHECK_INT(r.rows[0].amount, 50400);
		CHECK_STR(r.rows[1].spec, "500克, 袋装");
		CHECK_INT(r.rows[1].unit_price, 9850);
		CHECK_INT(r.rows[1].line, 3);
		/* A line by hand: no product_id, no supplier_id. */
		CHECK(r.rows[2].product_id == NULL);
		CHECK(r.rows[2].supplier_id == NULL);
		CHECK_STR(r.rows[2].product, "土蜂蜜");
		CHECK_INT(r.rows[2].line, 4);
	}
	reading_finish(&r);
}

/* What order_csv writes, order_csv_read reads back the same. */
static void test_round_trip(void)
{
	char empty[] = "", cha[] = "cha", chaname[] = "测试县翠峰茶业有限公司";
	char id1[] = "cha-baicha", name1[] = "紫阳白茶 \"特级\", 试饮", spec1[] = "50克",
	     unit1[] = "罐";
	char farmer[] = "本地农户", name2[] = "土蜂蜜", spec2[] = "500克", unit2[] = "瓶";
	struct plist_line lines[] = {
	    {.id = 1,
	     .product_id = id1,
	     .supplier_id = cha,
	     .supplier = chaname,
	     .name = name1,
	     .spec = spec1,
	     .unit = unit1,
	     .unit_price = 106400,
	     .quantity = 2},
	    {.id = 2,
	     .supplier = farmer,
	     .name = name2,
	     .spec = spec2,
	     .unit = unit2,
	     .unit_price = 4550,
	     .quantity = 3,
	     .status = PLIST_LINE_CUSTOM},
	};
	struct plist l = {.lines = lines, .nlines = 2};
	l.info.name = l.info.union_name = l.info.handler = l.info.purpose = empty;
	l.info.headcount = 1;
	size_t len;
	char *cause = NULL;
	char *csv = order_csv(&l, &len, &cause);
	CHECK(csv != NULL);
	if (csv == NULL)
		return;
	struct reading r;
	read_bytes(&r, csv, len);
	free(csv);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 2);
	CHECK_INT(r.diags.count, 0);
	if (r.count == 2) {
		CHECK_STR(r.rows[0].supplier_id, "cha");
		CHECK_STR(r.rows[0].product_id, "cha-baicha");
		CHECK_STR(r.rows[0].product, name1);
		CHECK_INT(r.rows[0].unit_price, 106400);
		CHECK_INT(r.rows[0].quantity, 2);
		CHECK_INT(r.rows[0].amount, 212800);
		CHECK(r.rows[1].product_id == NULL && r.rows[1].supplier_id == NULL);
		CHECK_STR(r.rows[1].supplier, "本地农户");
		CHECK_STR(r.rows[1].unit, "瓶");
		CHECK_INT(r.rows[1].amount, 13650);
		CHECK_INT(r.rows[1].line, 3);
	}
	reading_finish(&r);
}

static void test_quoting(void)
{
	struct reading r;
	read_text(&r, "product,quantity,spec\n"
	              "\"紫阳白茶 \"\"特级\"\"\",1,\"a,b\"\n"
	              "\"two\nlines\",2,\"\"\n"
	              "\"crlf\r\ninside\",3,x\n"
	              "say \"hi\",4,unquoted quote\n"
	              "last,5,\"no line break at the end\"");
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 5);
	CHECK_INT(r.diags.count, 0);
	if (r.count == 5) {
		CHECK_STR(r.rows[0].product, "紫阳白茶 \"特级\"");
		CHECK_STR(r.rows[0].spec, "a,b");
		CHECK_STR(r.rows[1].product, "two\nlines");
		CHECK(r.rows[1].spec == NULL); /* "" is empty */
		CHECK_INT(r.rows[1].line, 3);
		/* The line break inside the quotes counts: the next row is on 5. */
		CHECK_STR(r.rows[2].product, "crlf\r\ninside");
		CHECK_INT(r.rows[2].line, 5);
		CHECK_INT(r.rows[3].line, 7);
		CHECK_STR(r.rows[3].product, "say \"hi\"");
		CHECK_STR(r.rows[4].spec, "no line break at the end");
		CHECK_INT(r.rows[4].quantity, 5);
		CHECK_INT(r.rows[4].line, 8);
	}
	reading_finish(&r);
}

static void test_line_endings(void)
{
	struct reading r;
	/* Old Mac files end lines with a lone CR. */
	read_text(&r, "product_id,quantity\rcha-a,1\rcha-b,2\r");
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 2);
	if (r.count == 2) {
		CHECK_STR(r.rows[1].product_id, "cha-b");
		CHECK_INT(r.rows[1].line, 3);
	}
	reading_finish(&r);

	/* Blank lines and rows of empty cells are skipped; lines still count. */
	read_text(&r,
	          "\r\n\r\nproduct_id,quantity\r\n\r\ncha-a,1\r\n,\r\n  ,\t\r\ncha-b,2\r\n\r\n");
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 2);
	CHECK_INT(r.diags.count, 0);
	if (r.count == 2) {
		CHECK_INT(r.rows[0].line, 5);
		CHECK_INT(r.rows[1].line, 8);
	}
	reading_finish(&r);
}

static void test_columns_by_name(void)
{
	struct reading r;
	/* Reordered, another case, spaces around names, columns we do not know. */
	read_text(&r, " Quantity ,note,PRODUCT_ID,Unit_Price\n"
	              "3,for the chair,cha-cuifeng-250,168\n"
	              " 2 , , moyu-fen ,\n");
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 2);
	CHECK_INT(r.diags.count, 0);
	if (r.count == 2) {
		CHECK_STR(r.rows[0].product_id, "cha-cuifeng-250");
		CHECK_INT(r.rows[0].quantity, 3);
		CHECK_INT(r.rows[0].unit_price, 16800);
		CHECK_INT(r.rows[0].amount, -1);
		CHECK(r.rows[0].product == NULL);
		CHECK(r.rows[0].supplier == NULL);
		CHECK_STR(r.rows[1].product_id, "moyu-fen");
		CHECK_INT(r.rows[1].quantity, 2);
		CHECK_INT(r.rows[1].unit_price, -1);
	}
	reading_finish(&r);

	/* product instead of product_id is enough. */
	read_text(&r, "product,quantity\n土蜂蜜,1\n");
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 1);
	reading_finish(&r);
}

static void test_missing_columns(void)
{
	struct reading r;
	read_text(&r, "product_id,amount\ncha-a,1.00\n");
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, ":1: the header row needs a \"quantity\" column"));
	CHECK(r.rows == NULL && r.count == 0);
	reading_finish(&r);

	read_text(&r, "\n\nsupplier,quantity\nx,1\n");
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, ":3: the header row needs"));
	reading_finish(&r);

	read_text(&r, "product_id,quantity,Quantity\na,1,2\n");
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, "\"quantity\" appears twice"));
	reading_finish(&r);

	read_text(&r, "");
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, "no header row"));
	reading_finish(&r);

	read_text(&r, "\xEF\xBB\xBF\r\n,,\r\n");
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, "no header row"));
	reading_finish(&r);

	/* A header alone is a valid, empty order. */
	read_text(&r, "\xEF\xBB\xBF" HEADER "\r\n");
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 0);
	CHECK(r.rows == NULL);
	reading_finish(&r);

	read_text(&r, "\"product_id,quantity\n");
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, ":1: the header row is not valid CSV"));
	reading_finish(&r);
}

static void test_bad_rows(void)
{
	struct reading r;
	char d[512];
	read_text(&r, HEADER
	          "\n"
	          "cha,茶,cha-a,翠峰,,盒,168.00,1,168.00\n"           /* 2: good */
	          "cha,茶,cha-a,翠峰,,盒,168.00,1\n"                  /* 3: 8 fields */
	          "cha,茶,cha-a,翠峰,,盒,168.00,0,0.00\n"             /* 4: quantity 0 */
	          "cha,茶,cha-a,翠峰,,盒,168.00,-2,\n"                /* 5: negative */
	          "cha,茶,cha-a,翠峰,,盒,168.00,1.5,\n"               /* 6: not whole */
	          "cha,茶,cha-a,翠峰,,盒,168.00,,\n"                  /* 7: none */
	          "cha,茶,cha-a,翠峰,,盒,\"1,064.00\",1,\n"           /* 8: separators */
	          "cha,茶,cha-a,翠峰,,盒,168.001,1,\n"                /* 9: 3 decimals */
	          "cha,茶,cha-a,翠峰,,盒,168.00,2,168.00\n"           /* 10: amount */
	          "cha,茶,,,,盒,168.00,2,336.00\n"                    /* 11: no product */
	          "cha,茶,cha-a,翠峰,,盒,,2,¥336\n"                   /* 12: amount syntax */
	          "cha,茶,cha-a,翠峰,,盒,1.00,99999999999,\n"         /* 13: huge quantity */
	          "cha,茶,cha-b,翠芽,,盒,,2,336.00\n"                 /* 14: good */
	          "cha,茶,cha-a,翠峰,,盒,999999999999.99,1000,\n"     /* 15: good: amount unasked */
	          "cha,茶,cha-a,翠峰,,盒,999999999999.99,1000,1.00\n" /* 16: overflow */
	          "cha,茶,cha-a,翠峰,,盒,9999999999999.00,1,\n"       /* 17: too large */
	);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 3);
	if (r.count == 3) {
		CHECK_INT(r.rows[0].line, 2);
		CHECK_INT(r.rows[1].line, 14);
		CHECK_INT(r.rows[1].unit_price, -1);
		CHECK_INT(r.rows[1].amount, 33600);
		CHECK_INT(r.rows[2].line, 15);
	}
	CHECK_INT(r.diags.count, 13);
	CHECK_STR(diag_text(&r, 0, d, sizeof d), "3:0: the row has 8 fields, the header row 9");
	CHECK_STR(diag_text(&r, 1, d, sizeof d),
	          "4:0: quantity \"0\" is not a whole number from 1 to 1000000000");
	CHECK_STR(diag_text(&r, 2, d, sizeof d),
	          "5:0: quantity \"-2\" is not a whole number from 1 to 1000000000");
	CHECK_STR(diag_text(&r, 3, d, sizeof d),
	          "6:0: quantity \"1.5\" is not a whole number from 1 to 1000000000");
	CHECK_STR(diag_text(&r, 4, d, sizeof d), "7:0: no quantity");
	CHECK_STR(diag_text(&r, 5, d, sizeof d),
	          "8:0: unit_price \"1,064.00\" is not an amount in yuan such as 168.00");
	CHECK_STR(diag_text(&r, 6, d, sizeof d),
	          "9:0: unit_price \"168.001\" is not an amount in yuan such as 168.00");
	CHECK_STR(diag_text(&r, 7, d, sizeof d),
	          "10:0: amount 168.00 is not unit price 168.00 × quantity 2 = 336.00");
	CHECK_STR(diag_text(&r, 8, d, sizeof d),
	          "11:0: the row has neither a product_id nor a product");
	CHECK_STR(diag_text(&r, 9, d, sizeof d),
	          "12:0: amount \"¥336\" is not an amount in yuan such as 168.00");
	CHECK_STR(diag_text(&r, 10, d, sizeof d),
	          "13:0: quantity \"99999999999\" is not a whole number from 1 to 1000000000");
	CHECK_STR(diag_text(&r, 11, d, sizeof d),
	          "16:0: unit price 999999999999.99 × quantity 1000 is too large");
	CHECK_STR(diag_text(&r, 12, d, sizeof d),
	          "17:0: unit_price \"9999999999999.00\" is too large");
	/* Every diag names the file it came from. */
	for (size_t i = 0; i < r.diags.count; i++)
		CHECK_STR(r.diags.items[i].file, r.path);
	reading_finish(&r);
}

/* GB18030 bytes of UTF-8 text, as Excel on a Chinese Windows saves them. */
static char *to_gb18030(const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	if (cd == (iconv_t)-1) {
		perror("iconv_open");
		exit(2);
	}
	size_t in_left = strlen(utf8), cap = in_left * 2 + 16, out_left = cap;
	char *out = xmalloc(cap), *in = (char *)utf8, *o = out;
	if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1) {
		perror("iconv");
		exit(2);
	}
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

static void test_encodings(void)
{
	struct reading r;
	size_t len;
	const char *utf8 = "产品编号,product,quantity,unit\r\n"
	                   "x,紫阳富硒茶·翠峰,2,盒\r\n"
	                   "y,富硒魔芋粉（香辣味）,1,袋\r\n";
	char *gb = to_gb18030(utf8, &len);
	CHECK(len < strlen(utf8)); /* really another encoding */
	read_bytes(&r, gb, len);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 2);
	if (r.count == 2) {
		CHECK_STR(r.rows[0].product, "紫阳富硒茶·翠峰");
		CHECK_STR(r.rows[0].unit, "盒");
		CHECK_STR(r.rows[1].product, "富硒魔芋粉（香辣味）");
		CHECK_INT(r.rows[1].line, 3);
	}
	reading_finish(&r);
	free(gb);

	/* With GB18030's own byte-order mark. */
	gb = to_gb18030("\xEF\xBB\xBFproduct,quantity\n木耳,4\n", &len);
	read_bytes(&r, gb, len);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 1);
	if (r.count == 1)
		CHECK_STR(r.rows[0].product, "木耳");
	reading_finish(&r);
	free(gb);

	/* Neither UTF-8 nor GB18030: 0x80 and 0xFF lead nothing in either. */
	read_text(&r, "product,quantity\n\n木耳\x80\xFF,4\n");
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, ":3: the file is neither UTF-8 nor GB18030 text"));
	reading_finish(&r);

	/* A UTF-8 byte-order mark, then bytes that are not UTF-8. */
	read_text(&r, "\xEF\xBB\xBFproduct,quantity\n\xC4\xBE\xB6\xFA,4\n");
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, ":2: the file says it is UTF-8 but is not"));
	reading_finish(&r);
}

static void test_hostile_input(void)
{
	struct reading r;
	char d[512];

	/* A NUL byte: that row is reported, the others are read. */
	static const char with_nul[] = "product,quantity\na\0b,1\nc,2\n";
	read_bytes(&r, with_nul, sizeof with_nul - 1);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 1);
	CHECK_INT(r.diags.count, 1);
	CHECK_STR(diag_text(&r, 0, d, sizeof d), "2:0: the row holds a NUL byte");
	if (r.count == 1)
		CHECK_STR(r.rows[0].product, "c");
	reading_finish(&r);

	/* A field of 1 MB, quoted, with commas and quotes in it. */
	struct buf b = BUF_INIT;
	buf_adds(&b, "product,quantity\n\"");
	for (size_t i = 0; i < (1u << 20) / 8; i++)
		buf_adds(&b, "ab,\"\"cd ");
	buf_adds(&b, "\",7\nnext,1\n");
	read_bytes(&r, b.data, b.len);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 2);
	if (r.count == 2) {
		CHECK_INT(strlen(r.rows[0].product), (1u << 20) / 8 * 7 - 1);
		CHECK(strncmp(r.rows[0].product, "ab,\"cd ab,\"cd", 13) == 0);
		CHECK_INT(r.rows[0].quantity, 7);
		CHECK_INT(r.rows[1].line, 3);
	}
	reading_finish(&r);
	buf_finish(&b);

	/* An unclosed quote runs to the end of the file: reported where it starts. */
	read_text(&r, "product,quantity\nok,1\n\"never closed,2\nmore,3\n");
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 1);
	CHECK_INT(r.diags.count, 1);
	CHECK_STR(diag_text(&r, 0, d, sizeof d),
	          "3:0: a quoted field starts here and is never closed");
	reading_finish(&r);

	/* Text after a closing quote spoils that row only. */
	read_text(&r, "product,quantity\n\"a\"b,1\nc,2\n");
	CHECK_INT(r.count, 1);
	CHECK_INT(r.diags.count, 1);
	CHECK_STR(diag_text(&r, 0, d, sizeof d),
	          "2:0: text after the closing quote of a field (a quote inside a field is "
	          "written twice)");
	if (r.count == 1)
		CHECK_INT(r.rows[0].line, 3);
	reading_finish(&r);

	/* Thousands of fields in one row. */
	buf_adds(&b, "product,quantity\n");
	for (int i = 0; i < 5000; i++)
		buf_adds(&b, "x,");
	buf_adds(&b, "1\ny,2\n");
	read_bytes(&r, b.data, b.len);
	CHECK_INT(r.count, 1);
	CHECK_STR(diag_text(&r, 0, d, sizeof d), "2:0: the row has 5001 fields, the header row 2");
	reading_finish(&r);
	buf_finish(&b);

	/* More diagnostics than the list keeps: counted, not kept. */
	buf_adds(&b, "product,quantity\n");
	for (int i = 0; i < 500; i++)
		buf_adds(&b, "x,0\n");
	read_bytes(&r, b.data, b.len);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.count, 0);
	CHECK_INT(diag_total(&r.diags), 500);
	reading_finish(&r);
	buf_finish(&b);
}

static void test_files(void)
{
	struct reading r;
	memset(&r, 0, sizeof r);
	char *missing = xasprintf("%s/no-such.csv", scratch);
	r.rc = order_csv_read(missing, &r.rows, &r.count, &r.diags, &r.cause);
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, "cannot open") && cause_has(&r, "no-such.csv"));
	free(r.cause);
	free(missing);

	r.cause = NULL;
	r.rc = order_csv_read(scratch, &r.rows, &r.count, &r.diags, &r.cause);
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, "is a folder"));
	free(r.cause);

	/* Too large: refused before reading (a sparse file costs nothing). */
	char *big = xasprintf("%s/big.csv", scratch);
	FILE *f = fopen(big, "wb");
	CHECK(f != NULL && ftruncate(fileno(f), (off_t)17 << 20) == 0);
	fclose(f);
	r.cause = NULL;
	r.rc = order_csv_read(big, &r.rows, &r.count, &r.diags, &r.cause);
	CHECK_INT(r.rc, -1);
	CHECK(cause_has(&r, "is larger than 16 MiB"));
	free(r.cause);
	unlink(big);
	free(big);
}

/* Random input from the bytes that matter to the parser: whatever comes
 * back must be consistent, and nothing may crash. */
static void test_random_input(void)
{
	static const char alphabet[] = "\",\r\n\0 a1.-9\xE4\xB8\x80\xFFproduct,quantity\n";
	uint32_t seed = 12345;
	int consistent = 0;
	for (int round = 0; round < 3000; round++) {
		struct buf b = BUF_INIT;
		if (round % 2)
			buf_adds(&b, "product_id,quantity,unit_price,amount\n");
		size_t len = (size_t)(round % 200);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_addc(&b, alphabet[(seed >> 16) % (sizeof alphabet - 1)]);
		}
		struct reading r;
		read_bytes(&r, b.data ? b.data : "", b.len);
		bool ok = r.rc == 0 || (r.rc == -1 && r.cause != NULL && r.count == 0);
		for (size_t i = 0; i < r.count; i++) {
			const struct order_row *row = &r.rows[i];
			if (row->quantity < 1 || row->line < 1 ||
			    (row->product_id == NULL && row->product == NULL))
				ok = false;
			if (row->unit_price >= 0 && row->amount >= 0 &&
			    row->amount != row->unit_price * row->quantity)
				ok = false;
		}
		consistent += ok;
		reading_finish(&r);
		buf_finish(&b);
	}
	CHECK_INT(consistent, 3000);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	scratch = xasprintf("%s/aix-csv-XXXXXX", tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL) {
		perror("mkdtemp");
		return 2;
	}

	test_order_csv_as_written();
	test_round_trip();
	test_quoting();
	test_line_endings();
	test_columns_by_name();
	test_missing_columns();
	test_bad_rows();
	test_encodings();
	test_hostile_input();
	test_files();
	test_random_input();

	rmdir(scratch);
	free(scratch);
	return check_done();
}
