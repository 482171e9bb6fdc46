/* The printable text order: a Chinese finance form laid out in display cells
 * (a hanzi is two), never wider than the width asked for. Names, specs and
 * suppliers are wrapped or cut; amounts never are: when the figures do not fit
 * beside the text, each line's figures go on a row of their own.
 *
 * The text is built in two steps: first the page header and the body as
 * blocks of lines that belong together (a supplier heading with its first
 * line, one line of the order with its wrapped rows, the signatures), then
 * the blocks are cut into pages so that no block is split when it fits on a
 * page. */
#include "order/order.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Below this many cells for name and spec together, the figures of each line
 * go on a row of their own. */
#define MIN_TEXT_CELLS 16
/* The narrowest name or spec column. */
#define MIN_COLUMN_CELLS 8
/* The widest unit column; longer units wrap. */
#define MAX_UNIT_CELLS 8
/* Rows a name, a spec or a unit may take before it is cut. */
#define MAX_NAME_ROWS 3
#define MAX_UNIT_ROWS 2
/* A blank line and the page label. */
#define FOOTER_LINES 2

/* ---- Lines of text ------------------------------------------------------- */

struct lines {
	char **v;
	size_t n;
	size_t cap;
};

/* Appends line (taken). */
static void lines_take(struct lines *ls, char *line)
{
	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? ls->cap * 2 : 8;
		ls->v = xreallocarray(ls->v, ls->cap, sizeof *ls->v);
	}
	ls->v[ls->n++] = line;
}

static void lines_add(struct lines *ls, const char *line)
{
	lines_take(ls, xstrdup(line));
}

/* Appends the buffer's contents without trailing spaces and empties it. */
static void lines_take_buf(struct lines *ls, struct buf *b)
{
	char *s = buf_steal(b);
	size_t len = strlen(s);

	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
	lines_take(ls, s);
}

static void lines_finish(struct lines *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		free(ls->v[i]);
	free(ls->v);
	ls->v = NULL;
	ls->n = ls->cap = 0;
}

static void add_spaces(struct buf *b, int n)
{
	for (int i = 0; i < n; i++)
		buf_addc(b, ' ');
}

static void add_repeated(struct buf *b, char c, int n)
{
	for (int i = 0; i < n; i++)
		buf_addc(b, c);
}

/* s (sanitised on the way) cut or padded to exactly cells cells. */
static void add_cell(struct buf *b, const char *s, int cells, bool align_right)
{
	char *fit = text_fit(s, cells, align_right);
	buf_adds(b, fit);
	free(fit);
}

static void add_truncated(struct lines *ls, const char *s, int cells)
{
	lines_take(ls, text_truncate(s, cells));
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* Punctuation that Chinese typesetting keeps off the start of a line
 * (closing marks) or off its end (opening marks). */
static bool no_line_start(uint32_t cp)
{
	static const char closing[] = "，。、；：？！）》」』】〕”’…·%,.;:?!)]}";
	char u[5] = {0};
	int n = utf8_encode(cp, u);
	return n > 0 && cp != 0 && strstr(closing, u) != NULL;
}

static bool no_line_end(uint32_t cp)
{
	static const char opening[] = "（《「『【〔“‘([{";
	char u[5] = {0};
	int n = utf8_encode(cp, u);
	return n > 0 && cp != 0 && strstr(opening, u) != NULL;
}

/* Splits s into rows of at most cells cells (cells >= 4, so that a hanzi and
 * the one carried with it always fit), preferring to break after a space in
 * the second half of a row, and never putting closing punctuation at the
 * start of a row or opening punctuation at its end. More than max_rows rows:
 * the last one is cut with the mark. An empty s gives one empty row. */
static void wrap_text(const char *s, int cells, int max_rows, struct lines *out)
{
	char *clean = text_sanitize(s);
	size_t len = strlen(clean);
	size_t start = 0, i = 0, after_space = 0, prev = 0;
	int row_width = 0, width_at_space = 0, prev_width = 0, rows = 0;
	uint32_t prev_cp = 0;

	while (i < len) {
		uint32_t cp = 0;
		int n = utf8_decode(clean + i, len - i, &cp);
		int w = n > 0 ? cp_width(cp) : 1;

		if (n == 0)
			n = 1;
		if (row_width + w > cells && i > start) {
			if (rows == max_rows - 1)
				break;
			size_t end = i;
			if (after_space > start && width_at_space * 2 >= cells) {
				end = after_space;
				row_width -= width_at_space;
			} else if (prev > start && (no_line_start(cp) || no_line_end(prev_cp))) {
				/* The character before goes to the new row too. */
				end = prev;
				row_width = prev_width;
			} else {
				row_width = 0;
			}
			size_t keep = end;
			while (keep > start && clean[keep - 1] == ' ')
				keep--;
			lines_take(out, xstrndup(clean + start, keep - start));
			rows++;
			start = end;
			after_space = 0;
			width_at_space = 0;
			prev_cp = 0;
			/* What is carried to the new row may still leave no room. */
			continue;
		}
		prev = i;
		prev_width = w;
		prev_cp = cp;
		row_width += w;
		i += (size_t)n;
		if (cp == ' ' && n == 1) {
			after_space = i;
			width_at_space = row_width;
		}
	}
	/* The rest fits in the row, or is the last row allowed and is cut. */
	lines_take(out, text_truncate(clean + start, cells));
	free(clean);
}

/* s centred in width cells (cut when wider). */
static void add_centred(struct lines *ls, const char *s, int width)
{
	struct buf b = BUF_INIT;
	int w = text_width(s);

	if (w > width) {
		add_truncated(ls, s, width);
		return;
	}
	add_spaces(&b, (width - w) / 2);
	char *clean = text_sanitize(s);
	buf_adds(&b, clean);
	free(clean);
	lines_take_buf(ls, &b);
}

/* left at the left edge and right at the right edge of one line, or each on
 * a line of its own (cut to width) when they do not fit together. */
static void add_pair(struct lines *ls, const char *left, const char *right, int width)
{
	int lw = text_width(left), rw = text_width(right);

	if (rw == 0) {
		add_truncated(ls, left, width);
	} else if (lw + 2 + rw <= width) {
		struct buf b = BUF_INIT;
		add_cell(&b, left, lw, false);
		add_spaces(&b, width - lw - rw);
		add_cell(&b, right, rw, false);
		lines_take_buf(ls, &b);
	} else {
		add_truncated(ls, left, width);
		add_truncated(ls, right, width);
	}
}

/* A label and a figure ending at the right edge, the figure right-aligned in
 * value_cells cells; the label goes on a line of its own when both do not
 * fit. The figure is never cut. */
static void add_label_figure(struct lines *ls, const char *label, const char *value,
                             int value_cells, int width)
{
	int vw = max_int(text_width(value), value_cells);
	int lw = text_width(label);
	struct buf b = BUF_INIT;

	if (lw + 2 + vw <= width) {
		add_spaces(&b, width - lw - 2 - vw);
		add_cell(&b, label, lw, false);
		add_spaces(&b, 2);
	} else {
		add_truncated(ls, label, width);
		add_spaces(&b, width - vw);
	}
	add_cell(&b, value, vw, true);
	lines_take_buf(ls, &b);
}

/* ---- What is printed ----------------------------------------------------- */

/* One line of the order, its texts ready to print. */
/* What marks a line added by hand on the printed order. */
#define ORDER_CUSTOM_MARK "* "

struct line_view {
	size_t no;    /* printed number, 1-based in printed order */
	char *price;  /* "1,064.00" */
	char *qty;    /* "60", or "2×30=60" in a pack */
	char *amount; /* "1,064.00" */
	const char *name;
	const char *spec;
	const char *unit;
	char *marked_name; /* "* name" for a line added by hand; name points here */
};

/* The lines of one supplier, in the order they were added. */
struct group {
	char *supplier;          /* sanitised; a placeholder when not given */
	const char *supplier_id; /* of its first line with one; NULL when none */
	size_t *lines;           /* indexes into the list's lines */
	size_t n;
	money_t subtotal;
	char *subtotal_text;
};

struct layout {
	int width;
	bool stacked; /* figures on a row of their own below each line */
	int w_no, w_name, w_spec, w_unit, w_price, w_qty, w_amount;
};

/* The column labels, translated. */
struct labels {
	const char *no, *name, *spec, *unit, *price, *qty, *amount;
};

static void get_labels(struct labels *lb)
{
	/* TRANSLATORS: column heads of the printed order; keep them short
	   (序号, 品名, 规格, 单位, 单价, 数量, 金额). */
	lb->no = _("No.");
	/* TRANSLATORS: the column of the product names on the printed order: 品名 */
	lb->name = C_("order column", "Name");
	lb->spec = _("Spec");
	lb->unit = _("Unit");
	lb->price = _("Unit price");
	lb->qty = _("Quantity");
	lb->amount = _("Amount");
}

/* "1,064.00": the amount as people read it, without the currency sign. */
static char *amount_text(money_t fen)
{
	char y[MONEY_YUAN_SIZE];
	const char *sign;

	money_format_yuan(fen, y);
	sign = strstr(y, "¥");
	if (sign == NULL)
		return xstrdup(y);
	return xasprintf("%.*s%s", (int)(sign - y), y, sign + strlen("¥"));
}

/* The order's supplier groups, in the order each supplier first appears.
 * Lines are grouped by the supplier name printed, so that one name never
 * heads two groups. */
static struct group *make_groups(const struct plist *l, size_t *ngroups)
{
	struct group *groups = NULL;
	size_t n = 0;

	for (size_t i = 0; i < l->nlines; i++) {
		const char *raw = l->lines[i].supplier;
		char *name = text_sanitize(raw != NULL ? raw : "");
		size_t g;

		if (name[0] == '\0') {
			free(name);
			/* TRANSLATORS: the supplier of a line added by hand without one. */
			name = xstrdup(_("(supplier not given)"));
		}
		for (g = 0; g < n; g++)
			if (strcmp(groups[g].supplier, name) == 0)
				break;
		if (g == n) {
			groups = xreallocarray(groups, n + 1, sizeof *groups);
			memset(&groups[n], 0, sizeof groups[n]);
			groups[n].supplier = name;
			n++;
		} else {
			free(name);
		}
		if (groups[g].supplier_id == NULL && l->lines[i].supplier_id != NULL &&
		    l->lines[i].supplier_id[0] != '\0')
			groups[g].supplier_id = l->lines[i].supplier_id;
		groups[g].lines = xreallocarray(groups[g].lines, groups[g].n + 1, sizeof(size_t));
		groups[g].lines[groups[g].n++] = i;
	}
	*ngroups = n;
	return groups;
}

static void free_groups(struct group *groups, size_t n)
{
	for (size_t g = 0; g < n; g++) {
		free(groups[g].supplier);
		free(groups[g].lines);
		free(groups[g].subtotal_text);
	}
	free(groups);
}

/* Fills the views and subtotals. False on overflow. */
static bool make_views(const struct plist *l, struct group *groups, size_t ngroups,
                       struct line_view *views)
{
	size_t no = 1;

	for (size_t g = 0; g < ngroups; g++) {
		money_t subtotal = 0;

		for (size_t k = 0; k < groups[g].n; k++) {
			const struct plist_line *line = &l->lines[groups[g].lines[k]];
			struct line_view *v = &views[groups[g].lines[k]];
			int64_t quantity;
			money_t amount;

			if (!plist_line_order_quantity(l, line, &quantity) ||
			    !plist_line_amount(l, line, &amount) ||
			    !money_add(subtotal, amount, &subtotal))
				return false;
			v->no = no++;
			v->price = amount_text(line->unit_price);
			v->amount = amount_text(amount);
			if (l->info.pack)
				v->qty = xasprintf("%" PRId64 "×%" PRId64 "=%" PRId64,
				                   line->quantity, l->info.headcount, quantity);
			else
				v->qty = xasprintf("%" PRId64, quantity);
			v->name = line->name != NULL ? line->name : "";
			/* An auditor must see what is not from the poverty-alleviation
			 * catalogue: such lines are starred, the star explained below. */
			if (line->status == PLIST_LINE_CUSTOM) {
				v->marked_name = xasprintf("%s%s", ORDER_CUSTOM_MARK, v->name);
				v->name = v->marked_name;
			}
			v->spec = line->spec != NULL ? line->spec : "";
			v->unit = line->unit != NULL ? line->unit : "";
		}
		groups[g].subtotal = subtotal;
		groups[g].subtotal_text = amount_text(subtotal);
	}
	return true;
}

static void free_views(struct line_view *views, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(views[i].price);
		free(views[i].qty);
		free(views[i].amount);
		free(views[i].marked_name);
	}
	free(views);
}

/* The cells a column label needs: all of it (how 0), its widest word (1),
 * or only room for a hanzi or two (2), the label then cut. */
static int label_cells(const char *label, int how)
{
	int widest = 0;

	if (how == 0)
		return text_width(label);
	if (how == 2)
		return 4;
	while (*label != '\0') {
		size_t n = strcspn(label, " ");
		char *word = xstrndup(label, n);
		widest = max_int(widest, text_width(word));
		free(word);
		label += n;
		label += strspn(label, " ");
	}
	return widest;
}

/* Chooses the columns: the figures as wide as their widest value (and their
 * label when there is room), the unit as wide as its widest value within
 * limits, and what is left to name and spec. */
static void plan_layout(struct layout *lay, const struct plist *l, const struct line_view *views,
                        const struct group *groups, size_t ngroups, const char *total_text,
                        const struct labels *lb)
{
	int cw_price = 0, cw_qty = 0, cw_amount = text_width(total_text);
	int need_name = text_width(lb->name), need_spec = text_width(lb->spec);
	int cw_unit = 0;
	char digits[32];

	for (size_t i = 0; i < l->nlines; i++) {
		cw_price = max_int(cw_price, text_width(views[i].price));
		cw_qty = max_int(cw_qty, text_width(views[i].qty));
		cw_amount = max_int(cw_amount, text_width(views[i].amount));
		need_name = max_int(need_name, text_width(views[i].name));
		need_spec = max_int(need_spec, text_width(views[i].spec));
		cw_unit = max_int(cw_unit, text_width(views[i].unit));
	}
	for (size_t g = 0; g < ngroups; g++)
		cw_amount = max_int(cw_amount, text_width(groups[g].subtotal_text));
	snprintf(digits, sizeof digits, "%zu", l->nlines);
	lay->w_no = max_int((int)strlen(digits), text_width(lb->no));
	lay->w_unit = max_int(cw_unit, text_width(lb->unit));
	if (lay->w_unit > MAX_UNIT_CELLS)
		lay->w_unit = MAX_UNIT_CELLS;
	if (lay->w_unit < 4)
		lay->w_unit = 4;

	/* The figures' columns as wide as their labels; else as their labels'
	 * widest words, the labels wrapping; else as the figures alone. */
	for (int attempt = 0; attempt < 3; attempt++) {
		lay->w_price = max_int(cw_price, label_cells(lb->price, attempt));
		lay->w_qty = max_int(cw_qty, label_cells(lb->qty, attempt));
		lay->w_amount = max_int(cw_amount, label_cells(lb->amount, attempt));
		int space = lay->width - (lay->w_no + 1 + lay->w_unit + lay->w_price + lay->w_qty +
		                          lay->w_amount + 2 * 5);
		if (space < MIN_TEXT_CELLS)
			continue;
		lay->stacked = false;
		if (need_name + need_spec <= space) {
			lay->w_spec = need_spec;
		} else {
			lay->w_spec = need_spec < space * 2 / 5 ? need_spec : space * 2 / 5;
			if (lay->w_spec < MIN_COLUMN_CELLS)
				lay->w_spec =
				    need_spec < MIN_COLUMN_CELLS ? need_spec : MIN_COLUMN_CELLS;
		}
		if (lay->w_spec < 4)
			lay->w_spec = 4;
		lay->w_name = space - lay->w_spec;
		return;
	}
	lay->stacked = true;
	lay->w_price = cw_price;
	lay->w_qty = cw_qty;
	lay->w_amount = cw_amount;
	lay->w_name = lay->w_spec = 0;
}

/* The column heads. */
static void add_column_heads(struct lines *ls, const struct layout *lay, const struct labels *lb)
{
	struct buf b = BUF_INIT;

	if (lay->stacked) {
		add_cell(&b, lb->no, lay->w_no, true);
		buf_addc(&b, ' ');
		char *text = xasprintf("%s  %s  %s", lb->name, lb->spec, lb->unit);
		add_cell(&b, text, lay->width - lay->w_no - 1, false);
		free(text);
		lines_take_buf(ls, &b);
		text = xasprintf("%s  %s  %s", lb->price, lb->qty, lb->amount);
		add_spaces(&b, lay->w_no + 1);
		add_cell(&b, text, lay->width - lay->w_no - 1, false);
		free(text);
		lines_take_buf(ls, &b);
		return;
	}
	/* Labels wider than their column wrap to a second row. */
	const char *texts[7] = {lb->no,    lb->name, lb->spec,  lb->unit,
	                        lb->price, lb->qty,  lb->amount};
	const int widths[7] = {lay->w_no,    lay->w_name, lay->w_spec,  lay->w_unit,
	                       lay->w_price, lay->w_qty,  lay->w_amount};
	const bool right[7] = {true, false, false, false, true, true, true};
	struct lines cells[7];
	size_t rows = 1;

	for (int k = 0; k < 7; k++) {
		memset(&cells[k], 0, sizeof cells[k]);
		wrap_text(texts[k], widths[k], 2, &cells[k]);
		if (cells[k].n > rows)
			rows = cells[k].n;
	}
	for (size_t r = 0; r < rows; r++) {
		for (int k = 0; k < 7; k++) {
			if (k > 0)
				add_spaces(&b, k == 1 ? 1 : 2);
			add_cell(&b, r < cells[k].n ? cells[k].v[r] : "", widths[k], right[k]);
		}
		lines_take_buf(ls, &b);
	}
	for (int k = 0; k < 7; k++)
		lines_finish(&cells[k]);
}

static void add_rule(struct lines *ls, char c, int width)
{
	struct buf b = BUF_INIT;
	add_repeated(&b, c, width);
	lines_take_buf(ls, &b);
}

/* The rows of one line of the order. */
static void add_item_rows(struct lines *ls, const struct layout *lay, const struct line_view *v,
                          const struct labels *lb)
{
	struct buf b = BUF_INIT;
	char no[32];

	snprintf(no, sizeof no, "%zu", v->no);
	if (lay->stacked) {
		struct lines text = {NULL, 0, 0};
		char *joined =
		    xasprintf("%s%s%s  %s", v->name, v->spec[0] ? "  " : "", v->spec, v->unit);
		wrap_text(joined, lay->width - lay->w_no - 1, MAX_NAME_ROWS + 1, &text);
		free(joined);
		for (size_t r = 0; r < text.n; r++) {
			add_cell(&b, r == 0 ? no : "", lay->w_no, true);
			buf_addc(&b, ' ');
			buf_adds(&b, text.v[r]);
			lines_take_buf(ls, &b);
		}
		lines_finish(&text);

		const char *labels[3] = {lb->price, lb->qty, lb->amount};
		const char *values[3] = {v->price, v->qty, v->amount};
		int indent = lay->w_no + 1, all = indent + 2 * 2;
		for (int k = 0; k < 3; k++)
			all += text_width(labels[k]) + 1 + text_width(values[k]);
		if (all <= lay->width) {
			add_spaces(&b, indent);
			for (int k = 0; k < 3; k++)
				buf_addf(&b, "%s%s %s", k > 0 ? "  " : "", labels[k], values[k]);
			lines_take_buf(ls, &b);
			return;
		}
		/* One figure a row; a label too long is cut, the figure never. */
		for (int k = 0; k < 3; k++) {
			char *label = text_truncate(labels[k], lay->width - indent - 1 -
			                                           text_width(values[k]));
			add_spaces(&b, indent);
			buf_addf(&b, "%s %s", label, values[k]);
			free(label);
			lines_take_buf(ls, &b);
		}
		return;
	}

	struct lines name = {NULL, 0, 0}, spec = {NULL, 0, 0}, unit = {NULL, 0, 0};
	wrap_text(v->name, lay->w_name, MAX_NAME_ROWS, &name);
	wrap_text(v->spec, lay->w_spec, MAX_NAME_ROWS, &spec);
	wrap_text(v->unit, lay->w_unit, MAX_UNIT_ROWS, &unit);
	size_t rows = name.n > spec.n ? name.n : spec.n;
	if (unit.n > rows)
		rows = unit.n;
	for (size_t r = 0; r < rows; r++) {
		add_cell(&b, r == 0 ? no : "", lay->w_no, true);
		buf_addc(&b, ' ');
		add_cell(&b, r < name.n ? name.v[r] : "", lay->w_name, false);
		add_spaces(&b, 2);
		add_cell(&b, r < spec.n ? spec.v[r] : "", lay->w_spec, false);
		add_spaces(&b, 2);
		add_cell(&b, r < unit.n ? unit.v[r] : "", lay->w_unit, false);
		if (r == 0) {
			add_spaces(&b, 2);
			add_cell(&b, v->price, lay->w_price, true);
			add_spaces(&b, 2);
			add_cell(&b, v->qty, lay->w_qty, true);
			add_spaces(&b, 2);
			add_cell(&b, v->amount, lay->w_amount, true);
		}
		lines_take_buf(ls, &b);
	}
	lines_finish(&name);
	lines_finish(&spec);
	lines_finish(&unit);
}

/* ---- Blocks and pages ---------------------------------------------------- */

/* Lines printed together on one page when they fit. */
struct block {
	struct lines lines;
	int group;    /* the supplier group of a line or subtotal, else -1 */
	bool heading; /* a supplier heading: on the same page as the block after it */
	bool blank;   /* a blank separator: left out at the top of a page */
};

struct blocks {
	struct block *v;
	size_t n;
	size_t cap;
};

/* A new empty block at the end. */
static struct block *block_new(struct blocks *bs, int group)
{
	if (bs->n == bs->cap) {
		bs->cap = bs->cap ? bs->cap * 2 : 16;
		bs->v = xreallocarray(bs->v, bs->cap, sizeof *bs->v);
	}
	struct block *b = &bs->v[bs->n++];
	memset(b, 0, sizeof *b);
	b->group = group;
	return b;
}

static void block_blank(struct blocks *bs)
{
	struct block *b = block_new(bs, -1);
	b->blank = true;
	lines_add(&b->lines, "");
}

static void blocks_finish(struct blocks *bs)
{
	for (size_t i = 0; i < bs->n; i++)
		lines_finish(&bs->v[i].lines);
	free(bs->v);
}

/* Distributes the blocks over pages of cap lines. continued[g] is the
 * heading repeated when a page starts inside group g. */
static struct lines *paginate(const struct blocks *bs, size_t cap, char *const *continued,
                              size_t *npages)
{
	struct lines *pages = xcalloc(1, sizeof *pages);
	size_t n = 1;

	for (size_t i = 0; i < bs->n; i++) {
		const struct block *b = &bs->v[i];
		struct lines *cur = &pages[n - 1];
		size_t need = b->lines.n;

		if (b->blank && cur->n == 0)
			continue;
		if (b->heading && i + 1 < bs->n)
			need += bs->v[i + 1].lines.n;
		if (cur->n > 0 && cur->n + need > cap) {
			pages = xreallocarray(pages, n + 1, sizeof *pages);
			memset(&pages[n], 0, sizeof pages[n]);
			cur = &pages[n++];
			if (b->blank)
				continue;
		}
		if (cur->n == 0 && n > 1 && b->group >= 0 && !b->heading)
			lines_add(cur, continued[b->group]);
		for (size_t k = 0; k < b->lines.n; k++) {
			/* Only a block longer than a whole page gets here. */
			if (cur->n >= cap) {
				pages = xreallocarray(pages, n + 1, sizeof *pages);
				memset(&pages[n], 0, sizeof pages[n]);
				cur = &pages[n++];
			}
			lines_add(cur, b->lines.v[k]);
		}
	}
	*npages = n;
	return pages;
}

/* ---- The parts of the order ---------------------------------------------- */

static char *or_blank(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return xstrdup("________________");
	return text_sanitize(s);
}

/* A contact field as printed: the catalogue's text, or a blank to fill in
 * by hand. Caller frees. */
static char *contact_field(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return xstrdup("__________");
	return text_sanitize(s);
}

/* The supplier's contact from the catalogue, under its heading: person and
 * phone, then the address; blanks where the catalogue has none (never made
 * up). */
static void add_contact(struct lines *ls, const struct order_meta *meta, const char *supplier_id,
                        int width)
{
	const struct order_contact *c = NULL;
	for (size_t i = 0; supplier_id != NULL && i < meta->ncontacts; i++)
		if (meta->contacts[i].supplier_id != NULL &&
		    strcmp(meta->contacts[i].supplier_id, supplier_id) == 0)
			c = &meta->contacts[i];
	char *person = contact_field(c ? c->person : NULL);
	char *phone = contact_field(c ? c->phone : NULL);
	char *address = contact_field(c ? c->address : NULL);
	/* TRANSLATORS: a supplier's contact on the order (联系人：… 电话：…). */
	char *line = xasprintf(_("  Contact: %s   Phone: %s"), person, phone);
	add_truncated(ls, line, width);
	free(line);
	/* TRANSLATORS: a supplier's address on the order (地址：…). */
	line = xasprintf(_("  Address: %s"), address);
	add_truncated(ls, line, width);
	free(line);
	free(person);
	free(phone);
	free(address);
}

static void make_header(struct lines *ls, const struct plist *l, const struct order_meta *meta,
                        const struct layout *lay, const struct labels *lb)
{
	int width = lay->width;
	struct lines title = {NULL, 0, 0};
	char count[32];
	char *s, *t;

	wrap_text(meta->catalogue_title != NULL ? meta->catalogue_title : "", width, 2, &title);
	for (size_t i = 0; i < title.n; i++)
		add_centred(ls, title.v[i], width);
	lines_finish(&title);
	/* TRANSLATORS: the title of the printed form, 采购订单. */
	if (meta->draft)
		/* TRANSLATORS: the title of an order printed without a number,
		   采购订单（草稿）. */
		add_centred(ls, _("Purchase order (draft)"), width);
	else
		add_centred(ls, _("Purchase order"), width);
	lines_add(ls, "");

	s = or_blank(l->info.union_name);
	/* TRANSLATORS: in place of the number of an order printed without one
	   (草稿，未编号). */
	t = meta->draft ? xstrdup(_("draft, no number")) : or_blank(meta->number);
	char *left = xasprintf(_("Union: %s"), s);
	char *right = xasprintf(_("Order no.: %s"), t);
	add_pair(ls, left, right, width);
	free(left);
	free(right);
	free(s);
	free(t);

	const char *holiday = plist_holiday_label(l->info.purpose != NULL ? l->info.purpose : "");
	s = holiday != NULL ? xstrdup(holiday) : or_blank(l->info.purpose);
	t = or_blank(meta->date);
	left = xasprintf(_("Purpose: %s"), s);
	right = xasprintf(_("Date: %s"), t);
	add_pair(ls, left, right, width);
	free(left);
	free(right);
	free(s);
	free(t);

	snprintf(count, sizeof count, "%" PRId64, l->info.headcount);
	left = xasprintf(_("Headcount: %s"), count);
	/* TRANSLATORS: in a pack each line's quantity is per member; the printed
	   quantity reads "2×30=60". */
	right =
	    l->info.pack ? xasprintf(_("Quantities per member × %s members"), count) : xstrdup("");
	add_pair(ls, left, right, width);
	free(left);
	free(right);

	add_rule(ls, '-', width);
	add_column_heads(ls, lay, lb);
	add_rule(ls, '-', width);
}

static const char *level_label(enum order_check_level level)
{
	switch (level) {
	case CHECK_OK:
		/* TRANSLATORS: the mark of a rule that is met, on the printed order (符合). */
		return _("OK");
	case CHECK_NOTICE:
		/* TRANSLATORS: the mark of a notice on the printed order (提示). */
		return _("Notice");
	case CHECK_WARNING:
		/* TRANSLATORS: the mark of a broken rule on the printed order (警告). */
		return _("Warning");
	}
	return "";
}

static void add_checks(struct blocks *bs, const struct order_check *checks, size_t count, int width)
{
	if (count == 0)
		return;
	block_blank(bs);
	struct block *b = block_new(bs, -1);
	/* TRANSLATORS: heading of the check results on the printed order. */
	add_truncated(&b->lines, _("Checks:"), width);
	b->heading = true;

	for (size_t i = 0; i < count; i++) {
		char *prefix = xasprintf("  [%s] ", level_label(checks[i].level));
		int pw = text_width(prefix);
		struct lines rows = {NULL, 0, 0};
		struct buf line = BUF_INIT;

		if (pw > width / 2) {
			free(prefix);
			prefix = xstrdup("  ");
			pw = 2;
		}
		wrap_text(checks[i].message, width - pw, 12, &rows);
		b = block_new(bs, -1);
		for (size_t r = 0; r < rows.n; r++) {
			if (r == 0)
				buf_adds(&line, prefix);
			else
				add_spaces(&line, pw);
			buf_adds(&line, rows.v[r]);
			lines_take_buf(&b->lines, &line);
		}
		lines_finish(&rows);
		free(prefix);
	}
}

/* Three lines to sign on, each with room for a hand-written date, the dates
 * in one column. The handler's name, when known, is printed on the line. */
static void add_signatures(struct blocks *bs, const struct plist *l, int width)
{
	/* TRANSLATORS: the three people who sign the printed order: 经办人,
	   审核人, 工会主席. */
	const char *labels[3] = {_("Handled by:"), _("Checked by:"), _("Union chair:")};
	/* TRANSLATORS: the blank where a date is written by hand, e.g.
	   "日期：______年____月____日". */
	const char *date = _("Date: ______/____/____");
	int lw = 0, dw = text_width(date);
	struct block *b = block_new(bs, -1);

	for (int k = 0; k < 3; k++)
		lw = max_int(lw, text_width(labels[k]));
	/* The room to sign: 28 cells when the line allows. */
	int field = width - lw - 1 - 3 - dw;
	bool date_below = field < 16;
	if (date_below)
		field = width - lw - 1;
	if (field > 28)
		field = 28;
	for (int k = 0; k < 3; k++) {
		struct buf line = BUF_INIT;
		char *name = k == 0 && l->info.handler != NULL && l->info.handler[0] != '\0'
		                 ? text_truncate(l->info.handler, field / 2)
		                 : NULL;
		int used = 0;

		lines_add(&b->lines, "");
		add_cell(&line, labels[k], lw, false);
		buf_addc(&line, ' ');
		if (name != NULL) {
			buf_adds(&line, name);
			buf_addc(&line, ' ');
			used = text_width(name) + 1;
		}
		add_repeated(&line, '_', field - used);
		if (date_below) {
			lines_take_buf(&b->lines, &line);
			add_spaces(&line, lw + 1);
			add_cell(&line, date, width - lw - 1, false);
		} else {
			add_spaces(&line, 3);
			add_cell(&line, date, dw, false);
		}
		lines_take_buf(&b->lines, &line);
		free(name);
	}
}

/* Everything below the header. */
static void make_body(struct blocks *bs, const struct plist *l, const struct order_meta *meta,
                      const struct layout *lay, const struct labels *lb, const struct group *groups,
                      size_t ngroups, const struct line_view *views, money_t total,
                      const struct order_check *checks, size_t nchecks)
{
	int width = lay->width;
	char y[MONEY_YUAN_SIZE], capital[MONEY_CAPITAL_SIZE];

	for (size_t g = 0; g < ngroups; g++) {
		struct block *b;

		if (g > 0)
			block_blank(bs);
		b = block_new(bs, (int)g);
		b->heading = true;
		char *heading = xasprintf(_("Supplier: %s"), groups[g].supplier);
		add_truncated(&b->lines, heading, width);
		free(heading);
		add_contact(&b->lines, meta, groups[g].supplier_id, width);
		for (size_t k = 0; k < groups[g].n; k++) {
			b = block_new(bs, (int)g);
			add_item_rows(&b->lines, lay, &views[groups[g].lines[k]], lb);
		}
		b = block_new(bs, (int)g);
		/* TRANSLATORS: the total of one supplier's lines (小计). */
		add_label_figure(&b->lines, _("Subtotal"), groups[g].subtotal_text, lay->w_amount,
		                 width);
	}

	struct block *b = block_new(bs, -1);
	add_rule(&b->lines, '=', width);
	/* TRANSLATORS: the order's total in figures (合计). */
	add_label_figure(&b->lines, _("Total"), money_format_yuan(total, y), lay->w_amount, width);
	money_to_capital(total, capital);
	/* TRANSLATORS: the total in capital figures, e.g. "大写：人民币壹仟零陆拾肆元整". */
	char *words = xasprintf(_("In words: %s"), capital);
	if (text_width(words) <= width) {
		add_truncated(&b->lines, words, width);
	} else {
		/* Only the largest amounts: the label alone, the figures below. */
		char *label = xasprintf(_("In words: %s"), "");
		char *cut = text_truncate(label, width);
		struct buf line = BUF_INIT;
		buf_adds(&line, cut);
		lines_take_buf(&b->lines, &line);
		free(cut);
		free(label);
		wrap_text(capital, width, 3, &b->lines);
	}
	free(words);

	add_checks(bs, checks, nchecks, width);

	bool custom = false;
	for (size_t i = 0; i < l->nlines; i++)
		custom = custom || l->lines[i].status == PLIST_LINE_CUSTOM;
	if (custom) {
		block_blank(bs);
		b = block_new(bs, -1);
		/* TRANSLATORS: explains the star before the lines of the order that
		   were added by hand (手工添加，非目录产品) */
		char *legend = xasprintf(_("%s added by hand, not from the catalogue"), "*");
		wrap_text(legend, width, 2, &b->lines);
		free(legend);
	}

	if (meta->sample) {
		block_blank(bs);
		b = block_new(bs, -1);
		/* TRANSLATORS: printed on every order from a sample catalogue; starts
		   with 示例数据. */
		wrap_text(_("Sample data: this catalogue is illustrative, not an official list."),
		          width, 4, &b->lines);
	}
	add_signatures(bs, l, width);
}

static char *order_text_here(const struct plist *l, const struct order_meta *meta, int width,
                             char **cause);

char *order_text(const struct plist *l, const struct order_meta *meta, int width, char **cause)
{
	/* A Chinese document whatever the interface's language (see
	 * order_document_language); its messages, the reasons it cannot be
	 * written, stay in the interface's. */
	void *lang = order_lang_begin(order_document_language());
	char *why = NULL;
	char *text = order_text_here(l, meta, width, &why);
	order_lang_end(lang);
	if (text == NULL) {
		/* Made again in the interface's language for the message. */
		free(why);
		why = NULL;
		free(order_text_here(l, meta, width, &why));
		*cause = why;
	}
	return text;
}

static char *order_text_here(const struct plist *l, const struct order_meta *meta, int width,
                             char **cause)
{
	struct order_figures fig;
	struct order_check *checks = NULL;
	size_t nchecks = 0, ngroups = 0, npages = 0;
	struct group *groups = NULL;
	struct line_view *views = NULL;
	struct labels lb;
	struct layout lay;
	char total_text[MONEY_YUAN_SIZE];
	char *result = NULL;

	static const struct order_meta no_meta = {0};
	if (meta == NULL)
		meta = &no_meta;
	if (width < ORDER_MIN_WIDTH || width > ORDER_MAX_WIDTH) {
		*cause = xasprintf(_("The width %d is outside %d to %d"), width, ORDER_MIN_WIDTH,
		                   ORDER_MAX_WIDTH);
		return NULL;
	}
	order_check_list(l, &fig, &checks, &nchecks);
	groups = make_groups(l, &ngroups);
	views = xcalloc(l->nlines ? l->nlines : 1, sizeof *views);
	if (fig.overflow || !make_views(l, groups, ngroups, views)) {
		*cause = xasprintf(_("An amount is too large to compute (more than %s)"),
		                   money_format_yuan(MONEY_MAX, total_text));
		goto done;
	}

	get_labels(&lb);
	memset(&lay, 0, sizeof lay);
	lay.width = width;
	plan_layout(&lay, l, views, groups, ngroups, money_format_yuan(fig.total, total_text), &lb);

	struct lines header = {NULL, 0, 0};
	struct blocks body = {NULL, 0, 0};
	make_header(&header, l, meta, &lay, &lb);
	make_body(&body, l, meta, &lay, &lb, groups, ngroups, views, fig.total, checks, nchecks);

	char **continued = xcalloc(ngroups ? ngroups : 1, sizeof *continued);
	for (size_t g = 0; g < ngroups; g++) {
		/* TRANSLATORS: a supplier heading repeated at the top of a page. */
		char *s = xasprintf(_("Supplier: %s (continued)"), groups[g].supplier);
		continued[g] = text_truncate(s, width);
		free(s);
	}
	size_t cap = ORDER_PAGE_LINES > header.n + FOOTER_LINES + 8
	                 ? ORDER_PAGE_LINES - header.n - FOOTER_LINES
	                 : 8;
	struct lines *pages = paginate(&body, cap, continued, &npages);

	struct buf out = BUF_INIT;
	for (size_t p = 0; p < npages; p++) {
		char page_no[32], page_count[32];

		if (p > 0)
			buf_addc(&out, '\f');
		for (size_t i = 0; i < header.n; i++) {
			buf_adds(&out, header.v[i]);
			buf_addc(&out, '\n');
		}
		for (size_t i = 0; i < pages[p].n; i++) {
			buf_adds(&out, pages[p].v[i]);
			buf_addc(&out, '\n');
		}
		buf_addc(&out, '\n');
		snprintf(page_no, sizeof page_no, "%zu", p + 1);
		snprintf(page_count, sizeof page_count, "%zu", npages);
		struct lines footer = {NULL, 0, 0};
		/* TRANSLATORS: 第 %s 页 共 %s 页. */
		char *label = xasprintf(_("Page %s of %s"), page_no, page_count);
		add_centred(&footer, label, width);
		free(label);
		buf_adds(&out, footer.v[0]);
		buf_addc(&out, '\n');
		lines_finish(&footer);
		lines_finish(&pages[p]);
	}
	free(pages);
	for (size_t g = 0; g < ngroups; g++)
		free(continued[g]);
	free(continued);
	blocks_finish(&body);
	lines_finish(&header);
	result = buf_steal(&out);
done:
	free_views(views, l->nlines);
	free_groups(groups, ngroups);
	order_checks_free(checks, nchecks);
	return result;
}
