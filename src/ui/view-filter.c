/* The filter panel (F4 / f): narrows the product list by category, township,
 * enterprise kind, edition, platform, 832 certification and price range.
 *
 * A framed panel over the browse screen, leaving its header (with the match
 * count) and the function-key bar visible. The left column lists the
 * dimensions with what each is set to; the right column lists the values of
 * the selected dimension, each with the number of items that choice would
 * list given the other filters and the search (tallied from the search index
 * in memory, or store_count_by without one), or, for the
 * price, two small fields. Every choice applies at once; the price applies on
 * Enter. */
#include "ui/ui.h"

#include "catalogue/catalogue.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "ui/draw.h"
#include "ui/lineedit.h"

#include <inttypes.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The dimensions, in the order of the left column. */
enum filter_dim {
	DIM_CATEGORY,
	DIM_TOWNSHIP,
	DIM_KIND,
	DIM_EDITION,
	DIM_PLATFORM,
	DIM_CERTIFIED,
	DIM_PRICE,
	DIM_COUNT
};

static const char *const dim_labels[DIM_COUNT] = {
    /* TRANSLATORS: filter panel, left column: the product category (分类). */
    [DIM_CATEGORY] = N_("Category"),
    /* TRANSLATORS: filter panel: the enterprise's township (镇). */
    [DIM_TOWNSHIP] = N_("Township"),
    /* TRANSLATORS: filter panel: kind of enterprise (企业类型): farm products,
       tourism, or epidemic-hit. */
    [DIM_KIND] = N_("Kind"),
    /* TRANSLATORS: filter panel: the catalogue edition (期次). */
    [DIM_EDITION] = N_("Edition"),
    /* TRANSLATORS: filter panel: the sales platform (平台). */
    [DIM_PLATFORM] = N_("Platform"),
    /* TRANSLATORS: filter panel: only products certified on the 832 platform
       (832认证). */
    [DIM_CERTIFIED] = N_("832 certified"),
    /* TRANSLATORS: filter panel: the price range (价格). */
    [DIM_PRICE] = N_("Price"),
};

/* The panel never grows beyond this on large terminals: a calm block, not a
 * wall of blanks. */
#define PANEL_MAX_W 72
#define PANEL_MAX_H 26
/* Cells of the count column in the values list ("  1234"). */
#define COUNT_W 6
/* Rows the wheel scrolls. */
#define WHEEL_ROWS 3
/* Cells of a price field at most. */
#define PRICE_FIELD_W 12

/* One choice of the right column. Row 0 of every list is "any". */
struct filter_value {
	char *key;     /* what the filter takes (store_count.key); NULL for "any" */
	char *name;    /* what the clerk reads, already translated */
	int64_t count; /* items this choice lists; -1 when unknown */
};

/* Where the panel's parts are on the screen, from ui->layout. */
struct panel_geometry {
	bool visible;          /* false when the terminal is too small */
	int y, x, h, w;        /* the frame */
	int body_y, body_h;    /* the rows of the two columns */
	int left_x, left_w;    /* the dimensions */
	int right_x, right_w;  /* the values */
	int message_y, hint_y; /* the message line and the key hint */
};

struct filter_panel {
	enum filter_dim dim; /* the dimension the right column shows */
	bool values_focus;   /* the right column has the focus */

	struct filter_value *values; /* the right column, for dim */
	size_t nvalues;
	char *values_for; /* the filter and dim the values were counted for */
	size_t cursor;    /* in values */
	size_t top;       /* first value row shown */

	struct lineedit price[2]; /* lowest, highest: yuan as typed */
	int price_field;          /* which price field has the focus */

	struct store_counts editions; /* names of the editions, for the summary */

	char *message; /* one line until the next key; NULL for none */
	bool message_is_error;
};

/* The mark of a chosen value: a dot where the terminal can show it. */
static const char *chosen_mark(void)
{
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0 ? "●" : "*";
}

static void set_message(struct filter_panel *fp, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_message(struct filter_panel *fp, bool error, const char *fmt, ...)
{
	va_list ap;
	free(fp->message);
	va_start(ap, fmt);
	fp->message = xvasprintf(fmt, ap);
	va_end(ap);
	fp->message_is_error = error;
}

static void clear_message(struct filter_panel *fp)
{
	free(fp->message);
	fp->message = NULL;
	fp->message_is_error = false;
}

/* The translated name of a kind ("farm") or platform ("832") key; the key
 * itself when the program does not know it. */
static const char *kind_label(const char *key)
{
	const char *label = cat_kind_label(cat_kind_parse(key));
	return label ? label : key;
}

static const char *platform_label(const char *key)
{
	const char *label = cat_platform_label(cat_platform_parse(key));
	return label ? label : key;
}

/* Yuan as a clerk writes them: "50", "12.5" is shown "12.50". Caller frees. */
static char *price_text(money_t fen)
{
	if (fen % 100 == 0)
		return xasprintf("%" PRId64, fen / 100);
	char buf[MONEY_PLAIN_SIZE];
	return xstrdup(money_format_plain(fen, buf));
}

/* The price fields show the range in force. */
static void sync_price_fields(struct ui *ui, struct filter_panel *fp)
{
	money_t range[2] = {ui->filter.store.min_price, ui->filter.store.max_price};
	for (int i = 0; i < 2; i++) {
		char *t = range[i] > 0 ? price_text(range[i]) : xstrdup("");
		lineedit_set(&fp->price[i], t);
		free(t);
	}
}

/* What a dimension is set to, for the left column; NULL when it is not set
 * (the column then says "any"). Caller frees. */
static char *dim_summary(const struct ui *ui, const struct filter_panel *fp, enum filter_dim dim)
{
	const struct store_filter *f = &ui->filter.store;
	switch (dim) {
	case DIM_CATEGORY:
		if (ui->filter.categories.count == 0)
			return NULL;
		return ui_choices_text(&ui->filter.categories, _(", "));
	case DIM_TOWNSHIP:
		if (ui->filter.townships.count == 0)
			return NULL;
		return ui_choices_text(&ui->filter.townships, _(", "));
	case DIM_KIND:
		return f->kinds ? cat_kinds_text(f->kinds, _(", ")) : NULL;
	case DIM_EDITION:
		if (f->edition == 0)
			return NULL;
		for (size_t i = 0; i < fp->editions.count; i++)
			if (atoi(fp->editions.items[i].key) == f->edition)
				return xstrdup(fp->editions.items[i].name);
		/* TRANSLATORS: an edition the catalogue has no title for. */
		return xasprintf(_("edition %d"), f->edition);
	case DIM_PLATFORM:
		return f->platforms ? cat_platforms_text(f->platforms, _(", ")) : NULL;
	case DIM_CERTIFIED:
		/* TRANSLATORS: filter panel summary: only 832-certified items. */
		return f->certified_only ? xstrdup(_("only")) : NULL;
	case DIM_PRICE: {
		if (f->min_price <= 0 && f->max_price <= 0)
			return NULL;
		char *lo = price_text(f->min_price), *hi = price_text(f->max_price), *s;
		if (f->max_price <= 0)
			/* TRANSLATORS: price range with only a lowest price, in yuan. */
			s = xasprintf(_("from %s"), lo);
		else if (f->min_price <= 0)
			/* TRANSLATORS: price range with only a highest price, in yuan. */
			s = xasprintf(_("up to %s"), hi);
		else
			/* TRANSLATORS: price range in yuan, lowest to highest. */
			s = xasprintf(_("%s to %s"), lo, hi);
		free(lo);
		free(hi);
		return s;
	}
	case DIM_COUNT:
		break;
	}
	return NULL;
}

/* ---- The values of a dimension -------------------------------------------- */

static void free_values(struct filter_panel *fp)
{
	for (size_t i = 0; i < fp->nvalues; i++) {
		free(fp->values[i].key);
		free(fp->values[i].name);
	}
	free(fp->values);
	fp->values = NULL;
	fp->nvalues = 0;
}

/* Everything the counts depend on, as one string: when it changes the values
 * are counted again. Caller frees. */
static char *filter_signature(const struct ui *ui, enum filter_dim dim)
{
	const struct store_filter *f = &ui->filter.store;
	/* The keys, not the names: a code can't hold the separator \x1f. */
	struct buf sets = BUF_INIT;
	for (size_t k = 0; k < f->ncategories; k++)
		buf_addf(&sets, "%s\x1f", f->categories[k]);
	buf_addc(&sets, '|');
	for (size_t k = 0; k < f->ntownships; k++)
		buf_addf(&sets, "%s\x1f", f->townships[k]);
	char *s = xasprintf("%d|%s|%s|%s|%u|%d|%u|%d|%" PRId64 "|%" PRId64 "|%d|%d|%zu", (int)dim,
	                    f->search ? f->search : "", buf_str(&sets),
	                    f->enterprise ? f->enterprise : "", f->kinds, f->edition, f->platforms,
	                    (int)f->certified_only, f->min_price, f->max_price,
	                    (int)f->with_services, (int)f->services_only, ui->list.count);
	buf_finish(&sets);
	return s;
}

/* How many items the list would hold under filter f; -1 when the store fails
 * (the cause goes to the message line). */
static int64_t count_items(struct ui *ui, struct filter_panel *fp, const struct store_filter *f)
{
	/* Positions only: counting needs no row's texts. */
	struct store_positions list;
	char *cause = NULL;
	if (ui_positions(ui, f, &list, &cause) != 0) {
		set_message(fp, true, "%s", cause);
		free(cause);
		return -1;
	}
	int64_t n = (int64_t)list.count;
	store_positions_finish(&list);
	return n;
}

/* Is the filter's own choice for dim unset? Then "any" lists what the list
 * shows now. */
static bool dim_unset(const struct ui *ui, enum filter_dim dim)
{
	const struct store_filter *f = &ui->filter.store;
	switch (dim) {
	case DIM_CATEGORY:
		return f->ncategories == 0;
	case DIM_TOWNSHIP:
		return f->ntownships == 0;
	case DIM_KIND:
		return f->kinds == 0;
	case DIM_EDITION:
		return f->edition == 0;
	case DIM_PLATFORM:
		return f->platforms == 0;
	case DIM_CERTIFIED:
		return !f->certified_only;
	case DIM_PRICE:
	case DIM_COUNT:
		break;
	}
	return true;
}

/* The filter without dim's own choice. */
static struct store_filter filter_without(const struct ui *ui, enum filter_dim dim)
{
	struct store_filter f = ui->filter.store;
	switch (dim) {
	case DIM_CATEGORY:
		f.categories = NULL;
		f.ncategories = 0;
		break;
	case DIM_TOWNSHIP:
		f.townships = NULL;
		f.ntownships = 0;
		break;
	case DIM_KIND:
		f.kinds = 0;
		break;
	case DIM_EDITION:
		f.edition = 0;
		break;
	case DIM_PLATFORM:
		f.platforms = 0;
		break;
	case DIM_CERTIFIED:
		f.certified_only = false;
		break;
	case DIM_PRICE:
	case DIM_COUNT:
		break;
	}
	return f;
}

/* The count of "any" for dim: the list as it is when dim is unset, else the
 * filter run again without dim's choice. */
static int64_t count_any(struct ui *ui, struct filter_panel *fp, enum filter_dim dim)
{
	if (dim_unset(ui, dim))
		return (int64_t)ui->list.count;
	struct store_filter f = filter_without(ui, dim);
	return count_items(ui, fp, &f);
}

/* The counts of the values of dim (of group): with the search index, tallied
 * in memory over the list without dim's choice (the list shown when dim is
 * unset); else counted by the store. */
static int count_values(struct ui *ui, enum filter_dim dim, enum store_group group,
                        struct store_counts *out, char **cause)
{
	if (ui->index == NULL)
		return store_count_by(ui->store, &ui->filter.store, group, out, cause);
	if (dim_unset(ui, dim))
		return store_search_index_count(ui->store, ui->index, &ui->list, group, out, cause);
	struct store_filter f = filter_without(ui, dim);
	struct store_positions within;
	if (ui_positions(ui, &f, &within, cause) != 0)
		return -1;
	int rc = store_search_index_count(ui->store, ui->index, &within, group, out, cause);
	store_positions_finish(&within);
	return rc;
}

static struct filter_value *push_value(struct filter_panel *fp, size_t *cap)
{
	if (fp->nvalues == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		fp->values = xreallocarray(fp->values, *cap, sizeof *fp->values);
	}
	struct filter_value *v = &fp->values[fp->nvalues++];
	memset(v, 0, sizeof *v);
	return v;
}

/* Is the value (a row of the right column) the filter's choice now? */
static bool value_chosen(const struct ui *ui, enum filter_dim dim, const struct filter_value *v)
{
	const struct store_filter *f = &ui->filter.store;
	if (v->key == NULL)
		return dim_unset(ui, dim);
	switch (dim) {
	case DIM_CATEGORY:
		return ui_choices_have(&ui->filter.categories, v->key);
	case DIM_TOWNSHIP:
		return ui_choices_have(&ui->filter.townships, v->key);
	case DIM_KIND:
		return (f->kinds & cat_kind_parse(v->key)) != 0;
	case DIM_EDITION:
		return f->edition != 0 && f->edition == atoi(v->key);
	case DIM_PLATFORM:
		return (f->platforms & cat_platform_parse(v->key)) != 0;
	case DIM_CERTIFIED:
		return f->certified_only;
	case DIM_PRICE:
	case DIM_COUNT:
		break;
	}
	return false;
}

/* Counts the values of the panel's dimension for the current filter. The
 * price has no values (its fields stand in the right column). */
static void load_values(struct ui *ui, struct filter_panel *fp)
{
	static const enum store_group groups[DIM_COUNT] = {
	    [DIM_CATEGORY] = STORE_GROUP_CATEGORY, [DIM_TOWNSHIP] = STORE_GROUP_TOWNSHIP,
	    [DIM_KIND] = STORE_GROUP_KIND,         [DIM_EDITION] = STORE_GROUP_EDITION,
	    [DIM_PLATFORM] = STORE_GROUP_PLATFORM,
	};
	size_t cap = 0;
	free_values(fp);
	if (fp->dim == DIM_PRICE)
		return;

	struct filter_value *any = push_value(fp, &cap);
	/* TRANSLATORS: filter panel: the choice that does not narrow the list
	   (不限). */
	any->name = xstrdup(_("any"));
	any->count = count_any(ui, fp, fp->dim);

	if (fp->dim == DIM_CERTIFIED) {
		struct filter_value *only = push_value(fp, &cap);
		only->key = xstrdup("1");
		/* TRANSLATORS: filter panel: list only products certified on the 832
		   platform (仅832认证). */
		only->name = xstrdup(_("832-certified only"));
		struct store_filter f = ui->filter.store;
		f.certified_only = true;
		only->count = ui->filter.store.certified_only ? (int64_t)ui->list.count
		                                              : count_items(ui, fp, &f);
		return;
	}

	struct store_counts counts;
	char *cause = NULL;
	if (count_values(ui, fp->dim, groups[fp->dim], &counts, &cause) != 0) {
		set_message(fp, true, "%s", cause);
		free(cause);
		return;
	}
	for (size_t i = 0; i < counts.count; i++) {
		const struct store_count *c = &counts.items[i];
		struct filter_value *v = push_value(fp, &cap);
		v->key = xstrdup(c->key);
		if (fp->dim == DIM_KIND)
			v->name = xstrdup(kind_label(c->key));
		else if (fp->dim == DIM_PLATFORM)
			v->name = xstrdup(platform_label(c->key));
		else
			v->name = xstrdup(c->name);
		v->count = c->count;
	}
	store_counts_finish(&counts);
}

/* The first chosen row of the values, or 0 ("any"). */
static size_t chosen_row(const struct ui *ui, const struct filter_panel *fp)
{
	for (size_t i = 1; i < fp->nvalues; i++)
		if (value_chosen(ui, fp->dim, &fp->values[i]))
			return i;
	return 0;
}

/* Counts the values again when the filter (or the dimension) changed since
 * they were counted. When the dimension changed, the cursor goes to its
 * choice. */
static void refresh_values(struct ui *ui, struct filter_panel *fp)
{
	char *sig = filter_signature(ui, fp->dim);
	if (fp->values_for != NULL && strcmp(sig, fp->values_for) == 0) {
		free(sig);
		return;
	}
	bool same_dim = fp->values_for != NULL && atoi(fp->values_for) == (int)fp->dim;
	free(fp->values_for);
	fp->values_for = sig;
	load_values(ui, fp);
	if (!same_dim) {
		fp->cursor = chosen_row(ui, fp);
		fp->top = 0;
	} else if (fp->cursor >= fp->nvalues) {
		fp->cursor = fp->nvalues ? fp->nvalues - 1 : 0;
	}
}

/* ---- Choosing ---------------------------------------------------------------- */

/* A kind or platform bit set after the clerk chose bit: choosing the only
 * choice unchooses it (back to any); choosing one of several takes it out;
 * choosing another makes it the choice. */
static unsigned toggle_bit(unsigned bits, unsigned bit)
{
	if (bits == bit)
		return 0;
	if (bits & bit)
		return bits & ~bit;
	return bit;
}

/* Applies the value under the cursor of the right column. */
static void choose_value(struct ui *ui, struct filter_panel *fp, size_t row)
{
	if (row >= fp->nvalues)
		return;
	const struct filter_value *v = &fp->values[row];
	bool again = v->key != NULL && value_chosen(ui, fp->dim, v);
	struct store_filter *f = &ui->filter.store;
	fp->cursor = row;

	switch (fp->dim) {
	case DIM_CATEGORY:
		/* Several may be chosen: Enter adds a category or takes it
		 * out; "any" clears them. */
		ui_toggle_category(ui, v->key, v->name);
		return;
	case DIM_TOWNSHIP:
		ui_toggle_township(ui, v->key, v->name);
		return;
	case DIM_KIND:
		f->kinds = v->key ? toggle_bit(f->kinds, cat_kind_parse(v->key)) : 0;
		break;
	case DIM_EDITION:
		f->edition = v->key == NULL || again ? 0 : atoi(v->key);
		break;
	case DIM_PLATFORM:
		f->platforms = v->key ? toggle_bit(f->platforms, cat_platform_parse(v->key)) : 0;
		break;
	case DIM_CERTIFIED:
		f->certified_only = v->key != NULL && !again;
		break;
	case DIM_PRICE:
	case DIM_COUNT:
		return;
	}
	ui_requery(ui);
}

/* Clears the filter of the dimension under the cursor, leaving the others. */
static void clear_dim(struct ui *ui, struct filter_panel *fp)
{
	struct store_filter *f = &ui->filter.store;
	switch (fp->dim) {
	case DIM_CATEGORY:
		ui_toggle_category(ui, NULL, NULL);
		break;
	case DIM_TOWNSHIP:
		ui_toggle_township(ui, NULL, NULL);
		break;
	case DIM_KIND:
		f->kinds = 0;
		break;
	case DIM_EDITION:
		f->edition = 0;
		break;
	case DIM_PLATFORM:
		f->platforms = 0;
		break;
	case DIM_CERTIFIED:
		f->certified_only = false;
		break;
	case DIM_PRICE:
		f->min_price = 0;
		f->max_price = 0;
		sync_price_fields(ui, fp);
		break;
	case DIM_COUNT:
		return;
	}
	ui_requery(ui);
	/* TRANSLATORS: the filter panel after D: which filter was cleared */
	set_message(fp, false, _("%s: any again"), _(dim_labels[fp->dim]));
}

/* Why an amount was refused, for the message line. */
static const char *money_problem(enum money_status status)
{
	switch (status) {
	case MONEY_OK:
		break;
	case MONEY_SYNTAX:
		return _("write yuan as digits, e.g. 50 or 12.5");
	case MONEY_DECIMALS:
		return _("at most two decimals");
	case MONEY_OVERFLOW:
		return _("the amount is too large");
	case MONEY_NOT_POSITIVE:
		return _("it must be more than 0 (leave it empty for no limit)");
	}
	return "";
}

/* Parses both price fields and, when both are good, applies them. An empty
 * field is no limit. A bad amount changes nothing and says why. */
static void apply_prices(struct ui *ui, struct filter_panel *fp)
{
	/* TRANSLATORS: names of the two price fields in error messages. */
	const char *names[2] = {_("Lowest price"), _("Highest price")};
	money_t range[2] = {0, 0};
	for (int i = 0; i < 2; i++) {
		const char *text = fp->price[i].text;
		if (*text == '\0')
			continue;
		/* A highest price of 0 would read as "no limit" to the store. */
		enum money_status st =
		    i == 0 ? money_parse(text, &range[i]) : money_parse_positive(text, &range[i]);
		if (st != MONEY_OK) {
			/* TRANSLATORS: "%s: %s" is the field, then what is wrong, e.g.
			   "Lowest price: at most two decimals". */
			set_message(fp, true, _("%s: %s"), names[i], money_problem(st));
			fp->price_field = i;
			return;
		}
	}
	if (range[0] > 0 && range[1] > 0 && range[0] > range[1]) {
		set_message(fp, true, "%s", _("The lowest price is above the highest price"));
		return;
	}
	ui->filter.store.min_price = range[0];
	ui->filter.store.max_price = range[1];
	ui_requery(ui);
	sync_price_fields(ui, fp);
	if (range[0] == 0 && range[1] == 0)
		set_message(fp, false, "%s", _("No price limit"));
	else
		set_message(fp, false, "%s", _("Price range applied"));
}

/* ---- Geometry and drawing ---------------------------------------------------- */

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Places the panel in the layout: between the header row and the bar,
 * centred, at most PANEL_MAX_* big. At the smallest size the
 * browser allows (60x14) the body still has rows for every dimension. */
static void panel_geometry(const struct layout *lay, struct panel_geometry *g)
{
	memset(g, 0, sizeof *g);
	if (lay->too_small || lay->rows < LAYOUT_MIN_ROWS || lay->cols < LAYOUT_MIN_COLS)
		return;
	g->visible = true;
	g->h = clamp(lay->rows - 2, 3, PANEL_MAX_H);
	g->w = clamp(lay->cols - 4, 10, PANEL_MAX_W);
	g->y = 1 + (lay->rows - 2 - g->h) / 2;
	g->x = (lay->cols - g->w) / 2;

	int inner_x = g->x + 2, inner_w = g->w - 4;
	g->body_y = g->y + 1;
	g->body_h = g->h - 4; /* frame, message line, hint line */
	g->message_y = g->body_y + g->body_h;
	g->hint_y = g->message_y + 1;
	g->left_x = inner_x;
	g->left_w = clamp(inner_w / 2, 18, 30);
	g->right_x = g->left_x + g->left_w + 2;
	g->right_w = inner_x + inner_w - g->right_x;
}

/* The left column: each dimension with what it is set to. */
static void draw_dims(struct ui *ui, struct filter_panel *fp, const struct panel_geometry *g)
{
	int label_w = 0;
	for (int d = 0; d < DIM_COUNT; d++) {
		int w = text_width(_(dim_labels[d]));
		if (w > label_w)
			label_w = w;
	}
	label_w = clamp(label_w, 4, g->left_w / 2);
	size_t top = layout_scroll((size_t)fp->dim, 0, g->body_h, DIM_COUNT);
	for (int row = 0; row < g->body_h && top + (size_t)row < DIM_COUNT; row++) {
		enum filter_dim d = (enum filter_dim)(top + (size_t)row);
		int y = g->body_y + row;
		bool here = d == fp->dim;
		char *summary = dim_summary(ui, fp, d);
		enum draw_style label_style =
		    here ? (fp->values_focus ? STYLE_TITLES : STYLE_CURSOR) : STYLE_NORMAL;
		enum draw_style value_style = here && !fp->values_focus ? STYLE_CURSOR
		                              : summary                 ? STYLE_MARKED
		                                                        : STYLE_DIM;
		draw_text(y, g->left_x, 1, here ? ">" : " ", label_style, false);
		draw_text(y, g->left_x + 1, label_w + 1, _(dim_labels[d]), label_style, false);
		draw_text(y, g->left_x + 2 + label_w, g->left_w - 2 - label_w,
		          summary ? summary : _("any"), value_style, false);
		free(summary);
	}
}

/* The right column for a dimension with values: mark, name, count. */
static void draw_values(struct ui *ui, struct filter_panel *fp, const struct panel_geometry *g)
{
	if (fp->nvalues == 0)
		return;
	fp->top = layout_scroll(fp->cursor, fp->top, g->body_h, fp->nvalues);
	int name_w = g->right_w - 2 - 1 - COUNT_W;
	const char *mark = chosen_mark();
	for (int row = 0; row < g->body_h && fp->top + (size_t)row < fp->nvalues; row++) {
		size_t i = fp->top + (size_t)row;
		const struct filter_value *v = &fp->values[i];
		int y = g->body_y + row;
		bool chosen = value_chosen(ui, fp->dim, v);
		bool cursor = fp->values_focus && i == fp->cursor;
		enum draw_style style = cursor          ? STYLE_CURSOR
		                        : v->count == 0 ? STYLE_DIM
		                                        : STYLE_NORMAL;
		char count[24] = "";
		if (v->count >= 0)
			snprintf(count, sizeof count, "%" PRId64, v->count);

		draw_fill(y, g->right_x, g->right_w, style);
		draw_text(y, g->right_x, 2, chosen ? mark : " ", cursor ? style : STYLE_MARKED,
		          false);
		draw_text(y, g->right_x + 2, name_w, v->name, style, false);
		draw_text(y, g->right_x + g->right_w - COUNT_W, COUNT_W, count, style, true);
	}
	/* More values than rows: say so at the column's edge. */
	if (fp->top > 0)
		draw_text(g->body_y, g->right_x + g->right_w - COUNT_W - 1, 1, "^", STYLE_DIM,
		          false);
	if (fp->top + (size_t)g->body_h < fp->nvalues)
		draw_text(g->body_y + g->body_h - 1, g->right_x + g->right_w - COUNT_W - 1, 1, "v",
		          STYLE_DIM, false);
}

/* Where the price fields go within the right column: each under its label,
 * so that narrow terminals keep the labels whole. */
static void price_field_place(const struct panel_geometry *g, int field, int *y, int *x, int *w)
{
	*y = g->body_y + 2 * field + 1;
	*x = g->right_x;
	*w = clamp(g->right_w, 2, PRICE_FIELD_W);
}

/* The right column for the price: two fields and a word on how they work. */
static void draw_prices(struct ui *ui, struct filter_panel *fp, const struct panel_geometry *g)
{
	/* TRANSLATORS: price field labels in the filter panel (最低价（元）). */
	const char *labels[2] = {_("Lowest price (yuan)"), _("Highest price (yuan)")};
	for (int i = 0; i < 2; i++) {
		int y, x, w;
		price_field_place(g, i, &y, &x, &w);
		if (y >= g->body_y + g->body_h)
			break;
		bool focus = fp->values_focus && fp->price_field == i;
		draw_text(y - 1, g->right_x, g->right_w, labels[i],
		          focus ? STYLE_TITLES : STYLE_NORMAL, false);
		size_t start;
		int cursor_x;
		lineedit_view(&fp->price[i], w, &start, &cursor_x);
		draw_text(y, x, w, fp->price[i].text + start, STYLE_FIELD, false);
		if (focus) {
			ui->caret_y = y;
			ui->caret_x = x + cursor_x;
		}
	}
	const char *notes[2] = {_("Enter applies both."), _("Empty means no limit.")};
	for (int i = 0; i < 2 && 5 + i < g->body_h; i++)
		draw_text(g->body_y + 5 + i, g->right_x, g->right_w, notes[i], STYLE_DIM, false);
}

/* What else narrows the list besides this panel, so that the counts make
 * sense; NULL when nothing. Caller frees. */
static char *other_limits(const struct ui *ui)
{
	const char *search = ui->filter.store.search;
	bool searching = search != NULL && *search != '\0';
	const char *ent =
	    ui->filter.enterprise_name ? ui->filter.enterprise_name : ui->filter.enterprise;
	if (searching && ent)
		/* TRANSLATORS: filter panel: the list is also narrowed by a search
		   and by one enterprise (from the enterprises screen). */
		return xasprintf(_("Also: search \"%s\", enterprise %s"), search, ent);
	if (searching)
		return xasprintf(_("Also: search \"%s\""), search);
	if (ent)
		return xasprintf(_("Also: enterprise %s"), ent);
	return NULL;
}

static void filter_draw(struct ui *ui, void *state)
{
	struct filter_panel *fp = state;
	struct panel_geometry g;
	panel_geometry(&ui->layout, &g);
	if (!g.visible)
		return;
	refresh_values(ui, fp);
	/* The panel covers the search field: its caret must not show through. */
	ui->caret_y = ui->caret_x = -1;

	for (int row = 0; row < g.h; row++)
		draw_fill(g.y + row, g.x, g.w, STYLE_NORMAL);
	/* TRANSLATORS: filter panel title with the live number of listed items. */
	char *title =
	    xasprintf(P_("Filter: %zu item listed", "Filter: %zu items listed", ui->list.count),
	              ui->list.count);
	draw_frame(g.y, g.x, g.h, g.w, title);
	free(title);

	draw_dims(ui, fp, &g);
	if (fp->dim == DIM_PRICE)
		draw_prices(ui, fp, &g);
	else
		draw_values(ui, fp, &g);

	char *other = NULL;
	if (fp->message)
		draw_text(g.message_y, g.left_x, g.w - 4, fp->message,
		          fp->message_is_error ? STYLE_ERROR : STYLE_MARKED, false);
	else if ((other = other_limits(ui)) != NULL)
		draw_text(g.message_y, g.left_x, g.w - 4, other, STYLE_DIM, false);
	free(other);

	const char *hint;
	if (fp->values_focus && fp->dim == DIM_PRICE)
		/* TRANSLATORS: key hint of the filter panel while a price field has
		   the focus; keep it short (about 50 cells). */
		hint = _("Enter apply  Up/Down field  Tab back  Esc close");
	else if (fp->values_focus)
		/* TRANSLATORS: key hint of the filter panel, values column. */
		hint = _("Enter (un)choose  D clear this  x clear all  Esc close");
	else
		/* TRANSLATORS: key hint of the filter panel, dimensions column. */
		hint = _("Enter its values  D clear this  x clear all  Esc close");
	draw_text(g.hint_y, g.left_x, g.w - 4, hint, STYLE_DIM, false);
}

/* ---- Events ---------------------------------------------------------------- */

static void select_dim(struct filter_panel *fp, int dim)
{
	dim = clamp(dim, 0, DIM_COUNT - 1);
	if ((enum filter_dim)dim != fp->dim) {
		fp->dim = (enum filter_dim)dim;
		fp->price_field = 0;
	}
}

/* Moves the cursor of the focused column by delta rows (clamped). */
static void move_cursor(struct ui *ui, struct filter_panel *fp, long delta)
{
	if (!fp->values_focus) {
		long d = (long)fp->dim + delta;
		select_dim(fp, d < 0 ? 0 : d >= DIM_COUNT ? DIM_COUNT - 1 : (int)d);
		refresh_values(ui, fp);
		return;
	}
	if (fp->nvalues == 0)
		return;
	long c = (long)fp->cursor + delta;
	if (c < 0)
		c = 0;
	if (c >= (long)fp->nvalues)
		c = (long)fp->nvalues - 1;
	fp->cursor = (size_t)c;
}

/* A character typed into a price field: digits and a decimal point, also
 * their full-width forms from a Chinese input method. */
static void type_price(struct filter_panel *fp, unsigned int ch)
{
	if (ch >= 0xFF10 && ch <= 0xFF19)
		ch = '0' + (ch - 0xFF10);
	else if (ch == 0xFF0E || ch == 0x3002)
		ch = '.';
	if ((ch >= '0' && ch <= '9') || ch == '.')
		lineedit_insert(&fp->price[fp->price_field], ch);
	else
		set_message(fp, true, "%s", _("A price takes only digits and a decimal point"));
}

/* A click: on a dimension selects it, on a value chooses it (or unchooses it,
 * as Enter does), on a price field puts the cursor there. Returns false for clicks the app should
 * have (the function-key bar). */
static bool click(struct ui *ui, struct filter_panel *fp, const struct panel_geometry *g, int y,
                  int x, bool double_click)
{
	if (y < g->y || y >= g->y + g->h || x < g->x || x >= g->x + g->w)
		return y != ui->layout.bar_y;
	if (y < g->body_y || y >= g->body_y + g->body_h)
		return true;
	int row = y - g->body_y;
	if (x >= g->left_x && x < g->left_x + g->left_w) {
		size_t top = layout_scroll((size_t)fp->dim, 0, g->body_h, DIM_COUNT);
		if (top + (size_t)row < DIM_COUNT) {
			select_dim(fp, (int)(top + (size_t)row));
			fp->values_focus = false;
			refresh_values(ui, fp);
		}
		return true;
	}
	if (x < g->right_x || x >= g->right_x + g->right_w)
		return true;
	if (fp->dim == DIM_PRICE) {
		/* A field or its label. */
		if (row < 4) {
			fp->values_focus = true;
			fp->price_field = row / 2;
			lineedit_end(&fp->price[row / 2]);
		}
		return true;
	}
	size_t i = fp->top + (size_t)row;
	if (i < fp->nvalues) {
		fp->values_focus = true;
		/* A double click may come after the click that chose the value:
		 * it must not unchoose it again. */
		if (double_click && value_chosen(ui, fp->dim, &fp->values[i]))
			fp->cursor = i;
		else
			choose_value(ui, fp, i);
	}
	return true;
}

/* The wheel scrolls the values (the dimensions all fit). */
static void wheel(struct filter_panel *fp, const struct panel_geometry *g, bool down)
{
	if (fp->dim == DIM_PRICE || fp->nvalues == 0 || g->body_h <= 0)
		return;
	size_t rows = (size_t)g->body_h;
	size_t max_top = fp->nvalues > rows ? fp->nvalues - rows : 0;
	if (down)
		fp->top = fp->top + WHEEL_ROWS > max_top ? max_top : fp->top + WHEEL_ROWS;
	else
		fp->top = fp->top > WHEEL_ROWS ? fp->top - WHEEL_ROWS : 0;
	/* Keep the cursor on a shown row so that drawing does not scroll back. */
	if (fp->cursor < fp->top)
		fp->cursor = fp->top;
	if (fp->cursor >= fp->top + rows)
		fp->cursor = fp->top + rows - 1;
}

/* True when a price field has the focus. */
static bool in_price_field(const struct filter_panel *fp)
{
	return fp->values_focus && fp->dim == DIM_PRICE;
}

/* Keys while a price field has the focus; false when the key is not the
 * field's. */
static bool price_event(struct ui *ui, struct filter_panel *fp, const struct ui_event *ev)
{
	struct lineedit *ed = &fp->price[fp->price_field];

	/* The field's context (KEYS_FIELD) makes every printable character
	 * text, so 'q' or 'x' cannot quit or clear by accident; function keys
	 * still act. */
	if (!ev->is_key && ev->ch >= ' ' && ev->ch != 127) {
		type_price(fp, ev->ch);
		return true;
	}
	switch (ev->action) {
	case ACT_ENTER:
		apply_prices(ui, fp);
		return true;
	case ACT_UP:
	case ACT_PAGE_UP:
		fp->price_field = 0;
		return true;
	case ACT_DOWN:
	case ACT_PAGE_DOWN:
		fp->price_field = 1;
		return true;
	case ACT_LEFT:
		if (!lineedit_left(ed))
			fp->values_focus = false;
		return true;
	case ACT_RIGHT:
		lineedit_right(ed);
		return true;
	case ACT_HOME:
		lineedit_home(ed);
		return true;
	case ACT_END:
		lineedit_end(ed);
		return true;
	case ACT_BACKSPACE:
		lineedit_backspace(ed);
		return true;
	case ACT_DELETE:
		lineedit_delete(ed);
		return true;
	case ACT_KILL_LINE:
		lineedit_kill_to_start(ed);
		return true;
	default:
		return false;
	}
}

/* Focuses the right column; a price field gets its cursor at the end. */
static void focus_values(struct filter_panel *fp)
{
	fp->values_focus = true;
	if (fp->dim == DIM_PRICE)
		lineedit_end(&fp->price[fp->price_field]);
}

static bool filter_event(struct ui *ui, void *state, const struct ui_event *ev)
{
	struct filter_panel *fp = state;
	struct panel_geometry g;
	panel_geometry(&ui->layout, &g);
	clear_message(fp);
	refresh_values(ui, fp);

	if (in_price_field(fp) && price_event(ui, fp, ev))
		return true;

	long page = g.body_h > 1 ? g.body_h - 1 : 1;
	long all = (long)DIM_COUNT + (long)fp->nvalues;
	switch (ev->action) {
	case ACT_BACK:
	case ACT_FILTER:
		ui_pop(ui);
		return true;
	case ACT_TAB:
		if (fp->values_focus)
			fp->values_focus = false;
		else
			focus_values(fp);
		return true;
	case ACT_REMOVE:
	case ACT_DELETE:
		/* The filter under the cursor only. */
		clear_dim(ui, fp);
		return true;
	case ACT_CLEAR_FILTERS:
		ui_clear_filters(ui);
		sync_price_fields(ui, fp);
		set_message(fp, false, "%s", _("Every filter and the search cleared"));
		return true;
	case ACT_UP:
		move_cursor(ui, fp, -1);
		return true;
	case ACT_DOWN:
		move_cursor(ui, fp, 1);
		return true;
	case ACT_PAGE_UP:
		move_cursor(ui, fp, -page);
		return true;
	case ACT_PAGE_DOWN:
		move_cursor(ui, fp, page);
		return true;
	case ACT_HOME:
		move_cursor(ui, fp, -all);
		return true;
	case ACT_END:
		move_cursor(ui, fp, all);
		return true;
	case ACT_LEFT:
		fp->values_focus = false;
		return true;
	case ACT_RIGHT:
		focus_values(fp);
		return true;
	case ACT_ENTER:
	case ACT_MARK:
		if (fp->values_focus)
			choose_value(ui, fp, fp->cursor);
		else
			focus_values(fp);
		return true;
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK:
		return click(ui, fp, &g, ev->mouse_y, ev->mouse_x, ev->action == ACT_DOUBLE_CLICK);
	case ACT_WHEEL_UP:
	case ACT_WHEEL_DOWN:
		wheel(fp, &g, ev->action == ACT_WHEEL_DOWN);
		return true;
	default:
		return false;
	}
}

static void filter_destroy(void *state)
{
	struct filter_panel *fp = state;
	if (fp == NULL)
		return;
	free_values(fp);
	free(fp->values_for);
	store_counts_finish(&fp->editions);
	free(fp->message);
	free(fp);
}

/* In a price field letters are text, so the key table's letter commands
 * must not apply there. */
static enum key_context filter_context(struct ui *ui, void *state)
{
	(void)ui;
	return in_price_field(state) ? KEYS_FIELD : KEYS_LIST;
}

static const struct view_ops filter_ops = {
    .name = "filter",
    .draw = filter_draw,
    .event = filter_event,
    .destroy = filter_destroy,
    .context = KEYS_LIST,
    .get_context = filter_context,
};

void view_filter_open(struct ui *ui)
{
	struct filter_panel *fp = xcalloc(1, sizeof *fp);
	lineedit_init(&fp->price[0]);
	lineedit_init(&fp->price[1]);
	sync_price_fields(ui, fp);

	/* The editions' titles never change while the browser runs; the left
	 * column names the chosen one with them. */
	char *cause = NULL;
	if (store_group_values(ui->store, STORE_GROUP_EDITION, &fp->editions, &cause) != 0) {
		set_message(fp, true, "%s", cause);
		free(cause);
	}
	ui_push(ui, &filter_ops, fp);
}
