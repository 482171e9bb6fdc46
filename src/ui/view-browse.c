/* The browse screen: the header, the search field with the active filters,
 * the product list and the detail pane. It is always at the bottom of the
 * view stack; its state is the shared struct ui. */
#include "ui/ui.h"

#include "catalogue/catalogue.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "ui/draw.h"

#include <stdlib.h>
#include <string.h>

/* Width of the search field on the search row. */
#define SEARCH_FIELD_CELLS 22

/* The detail of the product under the cursor, loaded once per product. */
static struct {
	char *id; /* whose detail is loaded; NULL for none */
	struct store_item_detail detail;
	bool loaded;
	bool full; /* shown over the whole list (Enter), not in the pane */
} shown;

static const struct store_item_detail *current_detail(struct ui *ui)
{
	const struct store_product *p = ui_current(ui);
	if (p == NULL)
		return NULL;
	if (shown.id && strcmp(shown.id, p->id) == 0)
		return shown.loaded ? &shown.detail : NULL;
	if (shown.loaded)
		store_item_detail_finish(&shown.detail);
	free(shown.id);
	shown.id = xstrdup(p->id);
	char *cause = NULL;
	int rc = store_get_item(ui->store, p->id, &shown.detail, &cause);
	shown.loaded = rc == 0;
	if (rc < 0) {
		ui_error(ui, "%s", cause);
		free(cause);
	}
	return shown.loaded ? &shown.detail : NULL;
}

static void forget_detail(void)
{
	if (shown.loaded)
		store_item_detail_finish(&shown.detail);
	free(shown.id);
	shown.id = NULL;
	shown.loaded = false;
}

/* ---- header and search row --------------------------------------------- */

static void draw_header(struct ui *ui)
{
	int y = ui->layout.header_y;
	draw_fill(y, 0, COLS, STYLE_HEADER);

	struct buf right = BUF_INIT;
	if (ui->info.latest_edition > 0) {
		/* The catalogue's latest edition, named as the detail names it. */
		char *edition = ui_edition_name(ui, ui->info.latest_edition);
		buf_adds(&right, edition);
		free(edition);
	}
	buf_adds(&right, "  ");
	/* TRANSLATORS: in the header: products listed / all products, e.g.
	 * "19/185 shown"; keep the numbers as "%zu/%lld" */
	buf_addf(&right, _("%zu/%lld shown"), ui->list.count, (long long)ui->info.nproducts);

	const char *sample = ui->info.sample ? _("SAMPLE DATA") : NULL;
	int sample_w = sample ? text_width(sample) + 2 : 0;
	int right_w = text_width(buf_str(&right));
	int title_w = COLS - right_w - sample_w - 3;
	if (title_w < 8) {
		/* Narrow: the counts matter more than the whole title. */
		title_w = COLS - right_w - 2;
		sample_w = 0;
	}
	draw_text(y, 1, title_w, ui->info.title, STYLE_HEADER, false);
	int x = COLS - right_w - 1;
	draw_text(y, x, right_w, buf_str(&right), STYLE_HEADER, false);
	if (sample_w > 0)
		draw_text(y, x - sample_w - 1, sample_w, sample, STYLE_SAMPLE, false);
	buf_finish(&right);
}

/* The active filters as one line, e.g. "茶叶 · 毛坝镇 · 832 · ¥50.00-¥120.00". */
static char *filter_summary(struct ui *ui)
{
	const struct store_filter *f = &ui->filter.store;
	struct buf b = BUF_INIT;
	const char *sep = " · ";
#define ADD(...)                                                                                   \
	do {                                                                                       \
		if (b.len)                                                                         \
			buf_adds(&b, sep);                                                         \
		buf_addf(&b, __VA_ARGS__);                                                         \
	} while (0)
	if (ui->filter.categories.count) {
		char *names = ui_choices_text(&ui->filter.categories, _(", "));
		ADD("%s", names);
		free(names);
	}
	if (ui->filter.townships.count) {
		char *names = ui_choices_text(&ui->filter.townships, _(", "));
		ADD("%s", names);
		free(names);
	}
	if (ui->filter.enterprise_name)
		ADD("%s", ui->filter.enterprise_name);
	for (unsigned bit = 1; bit <= CAT_KIND_HARDSHIP; bit <<= 1)
		if (f->kinds & bit)
			ADD("%s", cat_kind_label(bit));
	if (f->edition) {
		char *edition = ui_edition_name(ui, f->edition);
		ADD("%s", edition);
		free(edition);
	}
	for (unsigned bit = 1; bit <= CAT_PLATFORM_SHAANXI_UNION; bit <<= 1)
		if (f->platforms & bit)
			ADD("%s", cat_platform_label(bit));
	if (f->certified_only)
		ADD("%s", _("832 certified"));
	if (f->min_price > 0 || f->max_price > 0) {
		char lo[MONEY_YUAN_SIZE] = "", hi[MONEY_YUAN_SIZE] = "";
		if (f->min_price > 0)
			money_format_yuan(f->min_price, lo);
		if (f->max_price > 0)
			money_format_yuan(f->max_price, hi);
		if (f->max_price <= 0)
			ADD(_("from %s"), lo);
		else if (f->min_price <= 0)
			ADD(_("up to %s"), hi);
		else
			ADD(_("%s to %s"), lo, hi);
	}
	if (f->services_only || f->with_services)
		ADD("%s", _("with services"));
#undef ADD
	return buf_steal(&b);
}

static void draw_search_row(struct ui *ui)
{
	int y = ui->layout.search_y;
	const char *label = _("Search:");
	int lw = text_width(label);
	draw_text(y, 1, lw, label, STYLE_TITLES, false);
	int fx = 1 + lw + 1;
	int fw = SEARCH_FIELD_CELLS;
	if (fx + fw > COLS / 2)
		fw = COLS / 2 - fx;

	size_t start;
	int caret;
	lineedit_view(&ui->search, fw, &start, &caret);
	draw_text(y, fx, fw, ui->search.text + start, ui->search_focus ? STYLE_FIELD : STYLE_NORMAL,
	          false);
	if (!ui->search_focus && ui->search.len == 0)
		/* TRANSLATORS: shown in the empty search field; keep it short */
		draw_text(y, fx, fw, _("F3 or / to search"), STYLE_DIM, false);
	if (ui->search_focus) {
		ui->caret_y = y;
		ui->caret_x = fx + caret;
	}

	char *summary = filter_summary(ui);
	int x = fx + fw + 2;
	if (*summary) {
		const char *flabel = _("Filter:");
		int flw = text_width(flabel);
		/* TRANSLATORS: after the active filters: the key that clears them */
		const char *clear = _("(x clears)");
		int cw = text_width(clear);
		draw_text(y, x, flw, flabel, STYLE_TITLES, false);
		int sw = COLS - x - flw - 1 - cw - 2;
		int used = text_width(summary) < sw ? text_width(summary) : sw;
		draw_text(y, x + flw + 1, used, summary, STYLE_MARKED, false);
		draw_text(y, x + flw + 1 + used + 1, cw, clear, STYLE_DIM, false);
	} else if (ui->nmarks > 0) {
		char *marks = xasprintf(_("%zu marked: F5 compares"), ui->nmarks);
		draw_text(y, x, COLS - x - 1, marks, STYLE_DIM, false);
		free(marks);
	}
	free(summary);
}

/* ---- the list ------------------------------------------------------------ */

static void draw_list(struct ui *ui)
{
	const struct layout *l = &ui->layout;
	struct list_columns cols;
	layout_list_columns(l->list_w, &cols);

	static const char *const titles[LIST_NCOLS] = {
	    [LIST_COL_MARK] = "",
	    [LIST_COL_NAME] = N_("Product"),
	    [LIST_COL_ENTERPRISE] = N_("Enterprise"),
	    [LIST_COL_SPEC] = N_("Spec"),
	    [LIST_COL_PRICE] = N_("Price"),
	    [LIST_COL_PER500] = N_("Per 500 g"),
	    [LIST_COL_FLAGS] = N_("Marks"),
	};
	for (int c = 0; c < LIST_NCOLS; c++)
		if (cols.width[c] > 0 && titles[c][0])
			draw_text(l->list_y, l->list_x + cols.x[c], cols.width[c], _(titles[c]),
			          STYLE_TITLES, c == LIST_COL_PRICE || c == LIST_COL_PER500);

	int rows = l->list_h - 1;
	if (ui->list.count == 0) {
		draw_text(l->list_y + 2, 2, l->list_w - 4,
		          ui_filtered(ui) ? _("No product matches. Press x to clear the filters "
		                              "and the search.")
		                          : _("The catalogue has no products."),
		          STYLE_DIM, false);
		return;
	}
	ui->top = layout_scroll(ui->cursor, ui->top, rows, ui->list.count);
	/* Only the rows on screen are read from the store, in one go. */
	ui_show_rows(ui, ui->top, (size_t)rows);
	for (int r = 0; r < rows && ui->top + (size_t)r < ui->list.count; r++) {
		size_t i = ui->top + (size_t)r;
		const struct store_product *p = ui_row(ui, i);
		if (p == NULL)
			break;
		int y = l->list_y + 1 + r;
		bool at_cursor = i == ui->cursor;
		enum draw_style st = at_cursor ? STYLE_CURSOR : STYLE_NORMAL;
		if (at_cursor)
			draw_fill(y, l->list_x, l->list_w, STYLE_CURSOR);

		char price[MONEY_YUAN_SIZE], per500[MONEY_YUAN_SIZE] = "";
		money_format_yuan(p->price, price);
		if (p->per_500g >= 0)
			money_format_yuan(p->per_500g, per500);
		struct buf flags = BUF_INIT;
		if (p->certified_832)
			buf_adds(&flags, "832");
		if (p->selenium_rich) {
			if (flags.len)
				buf_addc(&flags, ' ');
			/* TRANSLATORS: the selenium-rich (富硒) mark in the list; 2 cells */
			buf_adds(&flags, _("Se"));
		}

		const char *cells[LIST_NCOLS] = {
		    [LIST_COL_MARK] = ui_is_marked(ui, p->id) ? "*" : "",
		    [LIST_COL_NAME] = p->name,
		    [LIST_COL_ENTERPRISE] = p->enterprise_short,
		    [LIST_COL_SPEC] = p->spec,
		    [LIST_COL_PRICE] = price,
		    [LIST_COL_PER500] = per500,
		    [LIST_COL_FLAGS] = buf_str(&flags),
		};
		for (int c = 0; c < LIST_NCOLS; c++) {
			if (cols.width[c] == 0)
				continue;
			enum draw_style cs = st;
			if (c == LIST_COL_MARK && !at_cursor)
				cs = STYLE_MARKED;
			draw_text(y, l->list_x + cols.x[c], cols.width[c], cells[c], cs,
			          c == LIST_COL_PRICE || c == LIST_COL_PER500);
		}
		buf_finish(&flags);
	}
}

/* ---- the detail ---------------------------------------------------------- */

/* The detail as lines "label: value", for the pane and the full screen. */
static void detail_lines(const struct store_item_detail *d, struct buf *out)
{
	const struct store_product *p = &d->product;
	char amount[MONEY_YUAN_SIZE];
#define LINE(label, ...)                                                                           \
	do {                                                                                       \
		buf_adds(out, label);                                                              \
		buf_addf(out, __VA_ARGS__);                                                        \
		buf_addc(out, '\n');                                                               \
	} while (0)
	/* TRANSLATORS: an enterprise and its township, e.g. 紫阳县华会实业有限公司（毛坝镇） */
	LINE(_("Enterprise: "), _("%s (%s)"), p->enterprise, p->township);
	LINE(_("Spec: "), "%s  %s%s", p->spec[0] ? p->spec : "-", _("Unit: "), p->unit);
	money_format_yuan(p->price, amount);
	if (p->per_500g >= 0) {
		char per[MONEY_YUAN_SIZE];
		money_format_yuan(p->per_500g, per);
		LINE(_("Price: "), "%s  %s%s  %s%lld%s", amount, _("Per 500 g: "), per,
		     _("Net weight: "), (long long)p->net_weight_g, _(" g"));
	} else {
		LINE(_("Price: "), "%s", amount);
	}
	if (p->min_order > 1)
		/* TRANSLATORS: a quantity and its unit, e.g. 10袋 */
		LINE(_("Minimum order: "), _("%lld %s"), (long long)p->min_order, p->unit);
	LINE(_("Category: "), "%s  %s%s  %s%s", p->category, _("832 certified: "),
	     p->certified_832 ? _("yes") : _("no"), _("Selenium-rich: "),
	     p->selenium_rich ? _("yes") : _("no"));
	if (d->shelf_life_days > 0)
		LINE(_("Shelf life: "), _("%lld days"), (long long)d->shelf_life_days);
	char *kinds = cat_kinds_text(d->kinds, _(", "));
	char *platforms = cat_platforms_text(d->platforms, _(", "));
	LINE(_("Kind: "), "%s%s%s%s", kinds, platforms[0] ? "  " : "",
	     platforms[0] ? _("Platforms: ") : "", platforms);
	free(kinds);
	free(platforms);
	if (d->edition_title)
		LINE(_("Recommended in: "), "%s", d->edition_title);
	if (d->recuperation_base)
		LINE("", "%s", _("Labour-model recuperation base"));
	if (d->ntags > 0) {
		buf_adds(out, _("Tags: "));
		for (size_t i = 0; i < d->ntags; i++) {
			if (i)
				buf_adds(out, _(", "));
			buf_adds(out, d->tags[i]);
		}
		buf_addc(out, '\n');
	}
	if (d->contact_person || d->contact_phone || d->contact_address)
		LINE(_("Contact: "), "%s %s %s", d->contact_person ? d->contact_person : "",
		     d->contact_phone ? d->contact_phone : "",
		     d->contact_address ? d->contact_address : "");
	if (d->description)
		LINE(_("Description: "), "%s", d->description);
	if (d->enterprise_description)
		LINE(_("About the enterprise: "), "%s", d->enterprise_description);
#undef LINE
}

static void draw_detail_box(struct ui *ui, int y, int x, int h, int w)
{
	draw_frame(y, x, h, w, _("Details"));
	const struct store_item_detail *d = current_detail(ui);
	if (d == NULL)
		return;
	int row = y + 1;
	int bottom = y + h - 1;
	draw_text(row++, x + 2, w - 4, d->product.name, STYLE_TITLES, false);
	struct buf lines = BUF_INIT;
	detail_lines(d, &lines);
	/* Each line wraps; what does not fit is cut at the pane's bottom. */
	const char *s = buf_str(&lines);
	while (*s && row < bottom) {
		size_t len = strcspn(s, "\n");
		char *line = xstrndup(s, len);
		row += draw_wrapped(row, x + 2, w - 4, bottom - row, line, STYLE_NORMAL);
		free(line);
		s += len;
		if (*s == '\n')
			s++;
	}
	buf_finish(&lines);
}

static void browse_draw(struct ui *ui, void *state)
{
	(void)state;
	const struct layout *l = &ui->layout;
	draw_header(ui);
	draw_search_row(ui);
	if (shown.full && ui_current(ui)) {
		draw_detail_box(ui, l->list_y, 0, l->bar_y - l->list_y, COLS);
		return;
	}
	shown.full = false;
	draw_list(ui);
	if (l->detail)
		draw_detail_box(ui, l->detail_y, l->detail_x, l->detail_h, l->detail_w);
}

/* ---- events ------------------------------------------------------------- */

static int list_rows(const struct ui *ui)
{
	int rows = ui->layout.list_h - 1;
	return rows > 1 ? rows : 1;
}

static bool move_cursor(struct ui *ui, enum ui_action action)
{
	return layout_move_cursor(&ui->cursor, ui->list.count, (size_t)list_rows(ui), action);
}

/* Keys while the search field has the focus: editing searches as you type. */
static bool search_event(struct ui *ui, const struct ui_event *ev)
{
	struct lineedit *ed = &ui->search;
	size_t before = ed->len;
	char old[LINEEDIT_MAX_BYTES + 1];
	memcpy(old, ed->text, ed->len + 1);
	bool handled = true;

	switch (ev->action) {
	case ACT_NONE:
		if (ev->is_key || ev->ch < ' ')
			return false;
		if (!lineedit_insert(ed, ev->ch))
			ui_error(ui, _("The search field takes no more characters"));
		break;
	case ACT_BACKSPACE:
		lineedit_backspace(ed);
		break;
	case ACT_DELETE:
		lineedit_delete(ed);
		break;
	case ACT_LEFT:
		lineedit_left(ed);
		break;
	case ACT_RIGHT:
		lineedit_right(ed);
		break;
	case ACT_HOME:
		lineedit_home(ed);
		break;
	case ACT_END:
		lineedit_end(ed);
		break;
	case ACT_KILL_LINE:
		lineedit_kill_to_start(ed);
		break;
	case ACT_ENTER:
	case ACT_TAB:
	case ACT_SEARCH:
		ui->search_focus = false;
		break;
	case ACT_BACK:
		lineedit_clear(ed);
		ui->search_focus = false;
		break;
	default:
		handled = false;
	}
	if (ed->len != before || strcmp(old, ed->text) != 0) {
		ui_requery(ui);
		/* With no sort chosen a search lists its best matches first: the
		 * cursor goes to them, not to where the last text's product went. */
		if (ed->len > 0 && ui->filter.store.sort == STORE_SORT_CATALOGUE &&
		    !ui->filter.store.descending)
			ui->cursor = 0;
	}
	return handled;
}

static bool browse_event(struct ui *ui, void *state, const struct ui_event *ev)
{
	(void)state;
	if (ui->search_focus && search_event(ui, ev))
		return true;
	if (shown.full) {
		if (ev->action == ACT_BACK || ev->action == ACT_ENTER) {
			shown.full = false;
			return true;
		}
	}
	if (move_cursor(ui, ev->action))
		return true;

	const struct store_product *p = ui_current(ui);
	const struct layout *l = &ui->layout;
	switch (ev->action) {
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK: {
		int first = l->list_y + 1;
		if (ev->mouse_y == l->search_y) {
			ui->search_focus = true;
			return true;
		}
		if (ev->mouse_y < first || ev->mouse_y >= l->list_y + l->list_h ||
		    ev->mouse_x >= l->list_x + l->list_w || shown.full)
			return false;
		size_t i = ui->top + (size_t)(ev->mouse_y - first);
		if (i >= ui->list.count)
			return false;
		ui->cursor = i;
		const struct store_product *at = ui_row(ui, i);
		if (ev->action == ACT_DOUBLE_CLICK && at != NULL)
			ui_toggle_mark(ui, at->id);
		return true;
	}
	case ACT_SEARCH:
		ui->search_focus = true;
		return true;
	case ACT_ENTER:
		if (p)
			shown.full = true;
		return true;
	case ACT_ADD:
	case ACT_MORE:
		if (ui->nmarks > 0)
			ui_add_to_list(ui, (const char *const *)ui->marks, ui->nmarks);
		else if (p)
			ui_add_to_list(ui, (const char *const[]){p->id}, 1);
		return true;
	case ACT_MARK:
		if (p && ui_toggle_mark(ui, p->id))
			move_cursor(ui, ACT_DOWN);
		return true;
	case ACT_CLEAR_MARKS:
		ui_clear_marks(ui);
		return true;
	case ACT_CLEAR_FILTERS:
		ui_clear_filters(ui);
		ui_status(ui, _("Filters and search cleared"));
		return true;
	case ACT_FILTER:
		view_filter_open(ui);
		return true;
	case ACT_SORT:
		view_sort_open(ui);
		return true;
	case ACT_COMPARE:
		view_compare_open(ui);
		return true;
	case ACT_ENTERPRISES:
		view_enterprises_open(ui);
		return true;
	case ACT_DETAIL:
		ui->want_detail = !ui->want_detail;
		return true;
	case ACT_REVERSE:
		ui->filter.store.descending = !ui->filter.store.descending;
		ui_requery(ui);
		/* A new order is read from its top. */
		ui->cursor = 0;
		ui->top = 0;
		return true;
	case ACT_BACK:
		/* The bottom screen: Esc leaves the search or does nothing. */
		return true;
	default:
		return false;
	}
}

static enum key_context browse_context(struct ui *ui, void *state)
{
	(void)state;
	return ui->search_focus ? KEYS_FIELD : KEYS_LIST;
}

static void browse_destroy(void *state)
{
	(void)state;
	forget_detail();
}

const struct view_ops view_browse = {
    .name = "browse",
    .draw = browse_draw,
    .event = browse_event,
    .destroy = browse_destroy,
    .context = KEYS_LIST,
    .get_context = browse_context,
};
