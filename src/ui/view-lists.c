/* The saved purchase lists (L, or F7 before a list is chosen): one row per
 * list with its purpose, members, lines, total and last edit. Enter makes a
 * list the current one and opens it; n creates one, E changes its settings, D
 * deletes it after asking, h shows the orders written from it.
 *
 * The same screen chooses the list that products go to when "add" is pressed
 * before any list is current (ui_add_to_list, also here): once a list is
 * chosen or created the products are added and the screen closes. */
#include "ui/ui.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/lists.h"
#include "ui/draw.h"
#include "ui/form.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Whole numbers a form accepts for members and quantities. */
#define HEADCOUNT_MAX 1000000

/* What an open form is for. */
enum lists_form {
	LISTS_FORM_CREATE = 1,
	LISTS_FORM_EDIT,
	LISTS_FORM_DELETE,
};

/* The fields of the settings form, in order. */
enum settings_field {
	SET_NAME,
	SET_UNION,
	SET_HANDLER,
	SET_PURPOSE,
	SET_OTHER,
	SET_HEADCOUNT,
	SET_PACK,
	SET_BUDGET,
	SET_GIFT_CAP,
	SET_POVERTY,
	SET_CONTRACT,
};

struct lists_view {
	struct plist_summary *items; /* the saved lists, last edited first */
	size_t count;
	size_t cursor, top;
	/* Products waiting for a list (ui_add_to_list); none when npending
	 * is 0. */
	char **pending;
	size_t npending;
	/* The order history of one list, shown instead of the lists. */
	bool history;
	struct order_record *orders;
	size_t norders;
	size_t ocursor, otop;
	char *history_of; /* the list's name */
	/* An open form, or NULL. */
	struct form *form;
	int64_t form_list; /* the list the form edits or deletes */
	/* The form for a new list opened with the screen (no list saved yet),
	 * and no key but n has come since: see lists_event. */
	bool form_by_itself;
	struct plist_info form_base; /* the settings being edited (rules kept) */
	/* The last draw, for clicks and paging. */
	int body_y, body_h;
};

/* ---- small helpers --------------------------------------------------------- */

/* What a purpose reads as: a holiday's name, or the free text itself. */
static const char *purpose_label(const char *purpose)
{
	const char *label = plist_holiday_label(purpose ? purpose : "");
	return label ? label : purpose ? purpose : "";
}

/* A UTC "YYYY-MM-DD HH:MM:SS" from the store as local "YYYY-MM-DD HH:MM". */
static void local_time(const char *utc, char *out, size_t size)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (utc && sscanf(utc, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		time_t t = timegm(&tm);
		struct tm local;
		if (t != (time_t)-1 && localtime_r(&t, &local) &&
		    strftime(out, size, "%Y-%m-%d %H:%M", &local) > 0)
			return;
	}
	snprintf(out, size, "%s", utc ? utc : "");
}

static void free_pending(struct lists_view *lv)
{
	for (size_t i = 0; i < lv->npending; i++)
		free(lv->pending[i]);
	free(lv->pending);
	lv->pending = NULL;
	lv->npending = 0;
}

static void close_form(struct lists_view *lv)
{
	form_free(lv->form);
	lv->form = NULL;
	lv->form_by_itself = false;
	plist_info_finish(&lv->form_base);
	memset(&lv->form_base, 0, sizeof lv->form_base);
}

static void close_history(struct lists_view *lv)
{
	order_records_free(lv->orders, lv->norders);
	lv->orders = NULL;
	lv->norders = 0;
	lv->ocursor = lv->otop = 0;
	free(lv->history_of);
	lv->history_of = NULL;
	lv->history = false;
}

static void lists_destroy(void *state)
{
	struct lists_view *lv = state;
	if (lv == NULL)
		return;
	plist_summaries_free(lv->items, lv->count);
	free_pending(lv);
	close_history(lv);
	close_form(lv);
	free(lv);
}

/* Reads the saved lists again; the cursor goes to the list with id keep when
 * it is there. On failure the rows shown stay and the error is said. */
static bool reload(struct ui *ui, struct lists_view *lv, int64_t keep)
{
	struct plist_summary *items = NULL;
	size_t count = 0;
	char *cause = NULL;
	if (store_lists(ui->store, &items, &count, &cause) != 0) {
		ui_error(ui, "%s", cause);
		free(cause);
		return false;
	}
	plist_summaries_free(lv->items, lv->count);
	lv->items = items;
	lv->count = count;
	for (size_t i = 0; i < count; i++)
		if (items[i].id == keep) {
			lv->cursor = i;
			return true;
		}
	if (lv->cursor >= count)
		lv->cursor = count > 0 ? count - 1 : 0;
	return true;
}

static const struct plist_summary *selected(const struct lists_view *lv)
{
	return lv->count > 0 ? &lv->items[lv->cursor] : NULL;
}

/* ---- adding products ------------------------------------------------------ */

/* Adds each product to the list with its minimum order and says what was
 * done: how many were added, and which went in at a minimum order above 1. A
 * store error stops the adding and is said with what was added before it. */
static void add_products(struct ui *ui, int64_t list_id, const char *const *ids, size_t n)
{
	size_t added = 0;
	char *cause = NULL;
	char *failed = NULL;
	for (size_t i = 0; i < n; i++) {
		int64_t raised = 0;
		if (store_list_add_item(ui->store, list_id, ids[i], 0, &raised, &cause) != 0) {
			failed = cause;
			break;
		}
		added++;
	}

	struct plist l;
	memset(&l, 0, sizeof l);
	char *load_cause = NULL;
	int rc = store_list_load(ui->store, list_id, NULL, &l, &load_cause);
	free(load_cause);

	struct buf msg = BUF_INIT;
	if (rc == 0) {
		/* TRANSLATORS: after adding products to a purchase list: its
		 * name and how many were added, e.g. "已加入《2020年中秋慰问品》：3 件" */
		buf_addf(&msg, P_("Added to “%s”: %zu item", "Added to “%s”: %zu items", added),
		         l.info.name, added);
		/* The first product that went in at a minimum order above one:
		 * the clerk should know why the quantity is not 1. */
		for (size_t i = 0; i < added && i < n; i++) {
			const struct plist_line *line = NULL;
			for (size_t k = 0; k < l.nlines; k++)
				if (l.lines[k].product_id &&
				    strcmp(l.lines[k].product_id, ids[i]) == 0)
					line = &l.lines[k];
			if (line && line->min_order > 1) {
				buf_adds(&msg, "  ");
				/* TRANSLATORS: after adding: a product was added at its
				 * minimum order, e.g. "「紫阳毛尖」起订 10 盒，已按 10 盒加入" */
				buf_addf(&msg,
				         _("“%s” has a minimum order of %lld %s: added that many"),
				         line->name, (long long)line->min_order, line->unit);
				break;
			}
		}
		plist_finish(&l);
	} else {
		buf_addf(&msg, P_("Added %zu item", "Added %zu items", added), added);
	}
	if (failed) {
		ui_error(ui, "%s; %s", buf_str(&msg), failed);
		free(failed);
	} else {
		ui_status(ui, "%s", buf_str(&msg));
	}
	buf_finish(&msg);
}

/* The list is chosen: it becomes the current one and, when products wait
 * for it, they are added and the screen closes. Returns true when the screen
 * was closed (lv is freed then). */
static bool use_list(struct ui *ui, struct lists_view *lv, int64_t id)
{
	ui->list_id = id;
	if (lv->npending == 0)
		return false;
	char **ids = lv->pending;
	size_t n = lv->npending;
	lv->pending = NULL;
	lv->npending = 0;
	ui_pop(ui);
	add_products(ui, id, (const char *const *)ids, n);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return true;
}

/* ---- the settings form ---------------------------------------------------- */

/* Opens the form for new settings (create) or for the settings in info. */
static void open_settings_form(struct lists_view *lv, const struct plist_info *info, int tag,
                               int64_t list_id)
{
	const char *title = tag == LISTS_FORM_CREATE ? _("New purchase list") : _("List settings");
	struct form *f = form_new(title, tag);
	/* TRANSLATORS: the fields of a purchase list's settings form; keep each
	 * label within about 14 cells */
	form_add_text(f, FORM_TEXT, _("Name"), info->name,
	              /* TRANSLATORS: placeholder of a list's name */
	              _("e.g. 2020 Mid-Autumn gifts"));
	form_add_text(f, FORM_TEXT, _("Union"), info->union_name,
	              /* TRANSLATORS: placeholder of the union buying */
	              _("e.g. Chengguan town union"));
	form_add_text(f, FORM_TEXT, _("Handled by"), info->handler, NULL);

	const char *const *keys = plist_holidays();
	size_t nkeys = 0;
	while (keys[nkeys])
		nkeys++;
	const char **labels = xreallocarray(NULL, nkeys + 1, sizeof *labels);
	size_t chosen = nkeys;
	for (size_t i = 0; i < nkeys; i++) {
		const char *label = plist_holiday_label(keys[i]);
		labels[i] = label ? label : keys[i];
		if (info->purpose && strcmp(info->purpose, keys[i]) == 0)
			chosen = i;
	}
	/* TRANSLATORS: the last choice of a list's purpose, after the holidays */
	labels[nkeys] = _("Other (type it below)");
	if (tag == LISTS_FORM_CREATE && (info->purpose == NULL || !*info->purpose))
		chosen = 0;
	size_t purpose = form_add_choice(f, _("Purpose"), labels, nkeys + 1, chosen);
	free(labels);
	size_t other =
	    form_add_text(f, FORM_TEXT, _("Other purpose"), chosen == nkeys ? info->purpose : "",
	                  /* TRANSLATORS: placeholder of a purpose that is no holiday */
	                  _("e.g. recuperation trip"));
	form_show_if(f, other, purpose, nkeys);

	char *members =
	    info->headcount > 0 ? xasprintf("%lld", (long long)info->headcount) : xstrdup("");
	form_add_text(f, FORM_NUMBER, _("Members"), members, _("how many members"));
	free(members);
	form_add_toggle(f, _("Pack per member"), info->pack);
	char budget[MONEY_PLAIN_SIZE];
	money_format_plain(info->rules.per_member_budget, budget);
	form_add_text(f, FORM_MONEY, _("Budget/member"), budget, NULL);
	/* The other rules the list is checked against; 0 leaves a check out. */
	char cap[MONEY_PLAIN_SIZE], threshold[MONEY_PLAIN_SIZE];
	money_format_plain(info->rules.yearly_gift_cap_per_member, cap);
	form_add_text(f, FORM_MONEY, _("Gift cap/year"), cap, _("0: no cap"));
	char *share = xasprintf("%d", info->rules.poverty_share_min_percent);
	form_add_text(f, FORM_NUMBER, _("Poverty share %"), share, _("0: no minimum"));
	free(share);
	money_format_plain(info->rules.contract_threshold, threshold);
	form_add_text(f, FORM_MONEY, _("Contract from"), threshold, _("0: never"));
	/* TRANSLATORS: under the settings form: what "pack per member" means */
	form_set_note(f, "%s",
	              _("A pack per member: each line's quantity is for one member and the "
	                "order multiplies it by the members."));

	close_form(lv);
	lv->form = f;
	lv->form_list = list_id;
	plist_info_copy(&lv->form_base, info);
}

/* Reads the settings form into info (a copy of the settings it started
 * from, with the fields changed). On a wrong field says so in the form and
 * returns false. */
static bool read_settings_form(struct lists_view *lv, struct plist_info *info)
{
	struct form *f = lv->form;
	plist_info_copy(info, &lv->form_base);
	char *name = form_value(f, SET_NAME);
	char *union_name = form_value(f, SET_UNION);
	char *handler = form_value(f, SET_HANDLER);
	char *other = form_value(f, SET_OTHER);
	char *members = form_value(f, SET_HEADCOUNT);
	char *budget = form_value(f, SET_BUDGET);
	char *cap_text = form_value(f, SET_GIFT_CAP);
	char *share_text = form_value(f, SET_POVERTY);
	char *threshold_text = form_value(f, SET_CONTRACT);
	bool ok = false;

	const char *const *keys = plist_holidays();
	size_t nkeys = 0;
	while (keys[nkeys])
		nkeys++;
	size_t purpose = form_choice(f, SET_PURPOSE);

	char *end = NULL;
	errno = 0;
	long long headcount = *members ? strtoll(members, &end, 10) : 0;
	money_t per_member = 0, cap = 0, threshold = 0;
	char *share_end = NULL;
	long share = *share_text ? strtol(share_text, &share_end, 10) : 0;

	if (*name == '\0') {
		form_error(f, SET_NAME, "%s", _("Give the list a name"));
	} else if (strlen(name) > PLIST_NAME_MAX) {
		form_error(f, SET_NAME, _("The name is too long (at most %d bytes)"),
		           PLIST_NAME_MAX);
	} else if (purpose >= nkeys && *other == '\0') {
		form_error(f, SET_OTHER, "%s", _("Type the purpose, e.g. recuperation trip"));
	} else if (errno != 0 || (end && *end) || headcount < 1 || headcount > HEADCOUNT_MAX) {
		form_error(f, SET_HEADCOUNT, _("Members: a whole number from 1 to %d"),
		           HEADCOUNT_MAX);
	} else if (money_parse_positive(budget, &per_member) != MONEY_OK) {
		form_error(f, SET_BUDGET, "%s",
		           _("Budget per member: an amount in yuan above 0, e.g. 100 or 99.50"));
	} else if (*cap_text && money_parse(cap_text, &cap) != MONEY_OK) {
		form_error(f, SET_GIFT_CAP, "%s",
		           _("Yearly gift cap: an amount in yuan, e.g. 500; 0 for no cap"));
	} else if ((share_end && *share_end) || share < 0 || share > 100) {
		form_error(f, SET_POVERTY, "%s",
		           _("Poverty-area share: a percentage from 0 to 100; 0 for no minimum"));
	} else if (*threshold_text && money_parse(threshold_text, &threshold) != MONEY_OK) {
		form_error(f, SET_CONTRACT, "%s",
		           _("Contract threshold: an amount in yuan, e.g. 50000; 0 for never"));
	} else {
		ok = true;
	}
	if (ok) {
		free(info->name);
		info->name = name;
		name = NULL;
		free(info->union_name);
		info->union_name = union_name;
		union_name = NULL;
		free(info->handler);
		info->handler = handler;
		handler = NULL;
		free(info->purpose);
		info->purpose = purpose < nkeys ? xstrdup(keys[purpose]) : other;
		if (purpose >= nkeys)
			other = NULL;
		info->headcount = headcount;
		info->pack = form_toggle(f, SET_PACK);
		info->rules.per_member_budget = per_member;
		info->rules.yearly_gift_cap_per_member = cap;
		info->rules.poverty_share_min_percent = (int)share;
		info->rules.contract_threshold = threshold;
	}
	free(name);
	free(union_name);
	free(handler);
	free(other);
	free(members);
	free(budget);
	free(cap_text);
	free(share_text);
	free(threshold_text);
	return ok;
}

static void start_create(struct ui *ui, struct lists_view *lv)
{
	struct plist_info info;
	memset(&info, 0, sizeof info);
	info.name = xstrdup("");
	info.union_name = xstrdup("");
	info.handler = xstrdup("");
	info.purpose = xstrdup("");
	info.rules = ui->info.rules;
	open_settings_form(lv, &info, LISTS_FORM_CREATE, 0);
	plist_info_finish(&info);
}

static void start_edit(struct ui *ui, struct lists_view *lv)
{
	const struct plist_summary *s = selected(lv);
	if (s == NULL)
		return;
	struct plist l;
	memset(&l, 0, sizeof l);
	char *cause = NULL;
	int rc = store_list_load(ui->store, s->id, NULL, &l, &cause);
	if (rc != 0) {
		if (rc < 0)
			ui_error(ui, "%s", cause);
		else
			ui_error(ui, "%s", _("This list is no longer saved"));
		free(cause);
		reload(ui, lv, 0);
		return;
	}
	open_settings_form(lv, &l.info, LISTS_FORM_EDIT, s->id);
	plist_finish(&l);
}

static void start_delete(struct lists_view *lv)
{
	const struct plist_summary *s = selected(lv);
	if (s == NULL)
		return;
	/* TRANSLATORS: asked before a purchase list is deleted; %s is its name */
	char *question = xasprintf(P_("Delete the list “%s” and its %zu line? This cannot be "
	                              "undone. The record of its written orders stays.",
	                              "Delete the list “%s” and its %zu lines? This cannot be "
	                              "undone. The record of its written orders stays.",
	                              s->nlines),
	                           s->name, s->nlines);
	close_form(lv);
	lv->form = form_question(_("Delete list"), question, LISTS_FORM_DELETE);
	lv->form_list = s->id;
	free(question);
}

/* Acts on the answer of the open form; the form stays open when a field is
 * wrong or the store refused. Returns true when lv was freed (the screen
 * closed). */
static bool submit_form(struct ui *ui, struct lists_view *lv)
{
	char *cause = NULL;
	int tag = lv->form->tag;
	if (tag == LISTS_FORM_DELETE) {
		int64_t id = lv->form_list;
		close_form(lv);
		if (store_list_delete(ui->store, id, &cause) != 0) {
			ui_error(ui, "%s", cause);
			free(cause);
			return false;
		}
		if (ui->list_id == id)
			ui->list_id = 0;
		ui_status(ui, "%s", _("The list is deleted"));
		reload(ui, lv, 0);
		return false;
	}

	struct plist_info info;
	memset(&info, 0, sizeof info);
	if (!read_settings_form(lv, &info)) {
		plist_info_finish(&info);
		return false;
	}
	int64_t id = lv->form_list;
	int rc = tag == LISTS_FORM_CREATE
	             ? store_list_create(ui->store, &info, &id, &cause)
	             : store_list_set_info(ui->store, lv->form_list, &info, &cause);
	if (rc != 0) {
		/* The form stays, so that a taken name can be changed. */
		form_error(lv->form, SET_NAME, "%s", cause);
		free(cause);
		plist_info_finish(&info);
		return false;
	}
	close_form(lv);
	reload(ui, lv, id);
	if (tag == LISTS_FORM_EDIT) {
		ui_status(ui, _("Settings of “%s” saved"), info.name);
		plist_info_finish(&info);
		return false;
	}
	plist_info_finish(&info);
	if (use_list(ui, lv, id))
		return true;
	/* A new list is made to be filled: open it. */
	ui_pop(ui);
	view_list_open(ui);
	return true;
}

/* ---- the history ------------------------------------------------------------ */

static void open_history(struct ui *ui, struct lists_view *lv)
{
	const struct plist_summary *s = selected(lv);
	if (s == NULL)
		return;
	struct order_record *orders = NULL;
	size_t n = 0;
	char *cause = NULL;
	if (store_orders(ui->store, s->id, &orders, &n, &cause) != 0) {
		ui_error(ui, "%s", cause);
		free(cause);
		return;
	}
	close_history(lv);
	lv->orders = orders;
	lv->norders = n;
	lv->history_of = xstrdup(s->name);
	lv->history = true;
}

/* ---- drawing ----------------------------------------------------------------- */

/* Column widths of the lists table for a screen width; 0 hides a column. */
struct lists_columns {
	int mark, name, purpose, members, lines, total, edited;
};

static void lists_columns(int cols, struct lists_columns *c)
{
	c->mark = 2;
	c->purpose = 8;
	c->members = 10;
	c->lines = 5;
	c->total = 13;
	c->edited = cols >= 72 ? 16 : 0;
	int fixed = c->mark + c->purpose + 1 + c->members + 1 + c->lines + 1 + c->total + 1 +
	            (c->edited ? c->edited + 1 : 0);
	c->name = cols - fixed - 1;
	if (c->name < 8)
		c->name = 8;
}

static void draw_header(struct ui *ui, const char *title)
{
	int cols = ui->layout.cols;
	draw_fill(0, 0, cols, STYLE_HEADER);
	const char *sample = ui->info.sample ? _("SAMPLE DATA") : NULL;
	int sw = sample ? text_width(sample) + 2 : 0;
	draw_text(0, 1, cols - sw - 2, title, STYLE_HEADER, false);
	if (sample)
		draw_text(0, cols - sw - 1, sw, sample, STYLE_SAMPLE, false);
}

static void draw_lists(struct ui *ui, struct lists_view *lv)
{
	const struct layout *l = &ui->layout;
	struct lists_columns c;
	lists_columns(l->cols, &c);

	int y = 2;
	int x = 0;
	/* TRANSLATORS: column titles of the saved purchase lists */
	draw_text(y, x + c.mark, c.name, _("List"), STYLE_TITLES, false);
	x = c.mark + c.name + 1;
	draw_text(y, x, c.purpose, _("Purpose"), STYLE_TITLES, false);
	x += c.purpose + 1;
	draw_text(y, x, c.members, _("Members"), STYLE_TITLES, false);
	x += c.members + 1;
	draw_text(y, x, c.lines, _("Lines"), STYLE_TITLES, true);
	x += c.lines + 1;
	draw_text(y, x, c.total, _("Total"), STYLE_TITLES, true);
	x += c.total + 1;
	if (c.edited)
		draw_text(y, x, c.edited, _("Last edit"), STYLE_TITLES, false);

	lv->body_y = 3;
	lv->body_h = l->bar_y - 1 - lv->body_y;
	if (lv->body_h < 1)
		lv->body_h = 1;
	if (lv->count == 0) {
		draw_wrapped(lv->body_y + 1, 2, l->cols - 4, 3,
		             _("No purchase list is saved yet. Press n to make one, e.g. for the "
		               "Mid-Autumn gifts of your members."),
		             STYLE_DIM);
		return;
	}
	lv->top = layout_scroll(lv->cursor, lv->top, lv->body_h, lv->count);
	for (int r = 0; r < lv->body_h && lv->top + (size_t)r < lv->count; r++) {
		size_t i = lv->top + (size_t)r;
		const struct plist_summary *s = &lv->items[i];
		int row = lv->body_y + r;
		bool at = i == lv->cursor;
		enum draw_style st = at ? STYLE_CURSOR : STYLE_NORMAL;
		if (at)
			draw_fill(row, 0, l->cols, STYLE_CURSOR);
		/* The current list: where "add" puts products. */
		draw_text(row, 0, c.mark, s->id == ui->list_id ? "*" : "", at ? st : STYLE_MARKED,
		          false);
		x = c.mark;
		draw_text(row, x, c.name, s->name, st, false);
		x += c.name + 1;
		draw_text(row, x, c.purpose, purpose_label(s->purpose), st, false);
		x += c.purpose + 1;
		char *members =
		    s->pack
		        /* TRANSLATORS: members of a list that is a pack per member;
		         * keep within 10 cells, e.g. "30人·每人一份" is too long: "30人/按人" */
		        ? xasprintf(_("%lld, pack"), (long long)s->headcount)
		        /* TRANSLATORS: members of a list, e.g. "30人" */
		        : xasprintf(_("%lld people"), (long long)s->headcount);
		draw_text(row, x, c.members, members, st, false);
		free(members);
		x += c.members + 1;
		char n[24];
		snprintf(n, sizeof n, "%zu", s->nlines);
		draw_text(row, x, c.lines, n, st, true);
		x += c.lines + 1;
		char total[MONEY_YUAN_SIZE];
		draw_text(row, x, c.total,
		          s->total >= 0 ? money_format_yuan(s->total, total) : _("too large"),
		          s->total >= 0 ? st : STYLE_ERROR, true);
		x += c.total + 1;
		if (c.edited) {
			char when[32];
			local_time(s->updated_at, when, sizeof when);
			draw_text(row, x, c.edited, when, st, false);
		}
	}
}

static void draw_history(struct ui *ui, struct lists_view *lv)
{
	const struct layout *l = &ui->layout;
	int cols = l->cols;
	int wnum = 18, wwhen = 17, wtotal = 13;
	int wfiles = cols - 2 - wnum - wwhen - wtotal - 3;
	int y = 2;
	/* TRANSLATORS: column titles of the order history */
	draw_text(y, 2, wnum, _("Order number"), STYLE_TITLES, false);
	draw_text(y, 2 + wnum + 1, wwhen, _("Written"), STYLE_TITLES, false);
	draw_text(y, 2 + wnum + 1 + wwhen + 1, wtotal, _("Total"), STYLE_TITLES, true);
	draw_text(y, 2 + wnum + 1 + wwhen + 1 + wtotal + 1, wfiles, _("Files"), STYLE_TITLES,
	          false);

	/* The files of the chosen order go at the bottom, whole. */
	int files_h = 3;
	lv->body_y = 3;
	lv->body_h = l->bar_y - 1 - files_h - lv->body_y;
	if (lv->body_h < 1)
		lv->body_h = 1;
	if (lv->norders == 0) {
		draw_text(lv->body_y + 1, 2, cols - 4,
		          _("No order has been written from this list yet (F9 writes one)."),
		          STYLE_DIM, false);
		return;
	}
	lv->otop = layout_scroll(lv->ocursor, lv->otop, lv->body_h, lv->norders);
	for (int r = 0; r < lv->body_h && lv->otop + (size_t)r < lv->norders; r++) {
		size_t i = lv->otop + (size_t)r;
		const struct order_record *o = &lv->orders[i];
		int row = lv->body_y + r;
		bool at = i == lv->ocursor;
		enum draw_style st = at ? STYLE_CURSOR : STYLE_NORMAL;
		if (at)
			draw_fill(row, 0, cols, STYLE_CURSOR);
		char when[32], total[MONEY_YUAN_SIZE];
		local_time(o->written_at, when, sizeof when);
		draw_text(row, 2, wnum, o->number, st, false);
		draw_text(row, 2 + wnum + 1, wwhen, when, st, false);
		draw_text(row, 2 + wnum + 1 + wwhen + 1, wtotal, money_format_yuan(o->total, total),
		          st, true);
		/* The first file's name only; the whole paths are below. */
		const char *files = o->files ? o->files : "";
		size_t len = strcspn(files, "\n");
		char *first = xstrndup(files, len);
		const char *base = strrchr(first, '/');
		draw_text(row, 2 + wnum + 1 + wwhen + 1 + wtotal + 1, wfiles,
		          base ? base + 1 : first, st, false);
		free(first);
	}
	const struct order_record *o = &lv->orders[lv->ocursor];
	int fy = l->bar_y - 1 - files_h;
	draw_wrapped(fy, 2, cols - 4, files_h, o->files ? o->files : "", STYLE_DIM);
}

static void lists_draw(struct ui *ui, void *state)
{
	struct lists_view *lv = state;
	const struct layout *l = &ui->layout;
	for (int y = 0; y < l->bar_y; y++)
		draw_fill(y, 0, l->cols, STYLE_NORMAL);

	char *title;
	if (lv->history)
		/* TRANSLATORS: title of the order history of one list */
		title = xasprintf(_("Orders written from “%s”"), lv->history_of);
	else
		/* TRANSLATORS: title of the saved purchase lists */
		title = xasprintf(P_("Purchase lists (%zu)", "Purchase lists (%zu)", lv->count),
		                  lv->count);
	draw_header(ui, title);
	free(title);

	/* The second row says what Enter does here. */
	char *what;
	if (lv->npending > 0)
		/* TRANSLATORS: the lists screen opened by "add" before a list
		 * was chosen */
		what = xasprintf(P_("Choose the list for %zu product: Enter chooses, n makes a "
		                    "new list",
		                    "Choose the list for %zu products: Enter chooses, n makes a "
		                    "new list",
		                    lv->npending),
		                 lv->npending);
	else if (lv->history)
		what = xasprintf(P_("%zu order written, newest first",
		                    "%zu orders written, newest first", lv->norders),
		                 lv->norders);
	else
		what = xstrdup(_("* marks the current list: products are added to it"));
	draw_text(1, 1, l->cols - 2, what, lv->npending > 0 ? STYLE_MARKED : STYLE_DIM, false);
	free(what);

	if (lv->history)
		draw_history(ui, lv);
	else
		draw_lists(ui, lv);

	const char *hint;
	if (lv->history)
		/* TRANSLATORS: keys of the order history; one short line */
		hint = _("Enter open  p print again  h or Esc back to the lists");
	else if (lv->npending > 0)
		/* TRANSLATORS: keys of the lists screen when choosing a list */
		hint = _("Enter choose  n new list  E settings  Esc add nothing");
	else
		/* TRANSLATORS: keys of the lists screen; keep within 80 cells */
		hint = _("Enter open  n new  E settings  D delete  h orders  F9 order  Esc back");
	draw_text(l->bar_y - 1, 0, l->cols, hint, STYLE_FRAME, false);

	if (lv->form)
		form_draw(ui, lv->form);
}

/* ---- events ------------------------------------------------------------------ */

static bool move_in(size_t *cursor, size_t count, int page, enum ui_action action)
{
	return layout_move_cursor(cursor, count, page > 1 ? (size_t)page - 1 : 1, action);
}

/* Enter on a list: it becomes current; then either the waiting products go
 * into it or it opens. */
static void choose(struct ui *ui, struct lists_view *lv)
{
	const struct plist_summary *s = selected(lv);
	if (s == NULL) {
		start_create(ui, lv);
		return;
	}
	if (use_list(ui, lv, s->id))
		return;
	ui_pop(ui);
	view_list_open(ui);
}

static bool history_event(struct ui *ui, struct lists_view *lv, const struct ui_event *ev)
{
	if (move_in(&lv->ocursor, lv->norders, lv->body_h, ev->action))
		return true;
	if (ev->action == ACT_BACK || ev->action == ACT_HISTORY) {
		close_history(lv);
		return true;
	}
	/* Enter: the order as it was written; p: printed again. */
	if ((ev->action == ACT_ENTER || ev->action == ACT_PRINT) && lv->ocursor < lv->norders) {
		const struct order_record *o = &lv->orders[lv->ocursor];
		if (ev->action == ACT_ENTER) {
			view_order_open_stored(ui, o);
			return true;
		}
		char *text = NULL, *cause = NULL;
		if (store_order_text(ui->store, o->id, &text, &cause) != 0)
			ui_error(ui, "%s", cause);
		else if (text == NULL)
			ui_status(ui, _("The text of order %s was not kept; its files: %s"),
			          o->number, o->files);
		else
			view_order_print_text(ui, o->number, text);
		free(text);
		free(cause);
		return true;
	}
	if (ev->action == ACT_CLICK || ev->action == ACT_DOUBLE_CLICK) {
		int r = ev->mouse_y - lv->body_y;
		if (r >= 0 && r < lv->body_h && lv->otop + (size_t)r < lv->norders)
			lv->ocursor = lv->otop + (size_t)r;
		return ev->mouse_y != ui->layout.bar_y;
	}
	return false;
}

static bool lists_event(struct ui *ui, void *state, const struct ui_event *ev)
{
	struct lists_view *lv = state;
	if (lv->form && lv->form_by_itself) {
		/* The screen behind the form says "n makes a new list", and
		 * a clerk types n after a or F7 (or already while the form
		 * opens): that n asks for the form that is open, it is not
		 * the start of the list's name. Any other key ends this. */
		bool n = !ev->is_key && (ev->ch == 'n' || ev->ch == 0xFF4E);
		lv->form_by_itself = n;
		if (n) {
			/* TRANSLATORS: n pressed while the form for a new list is
			 * open already */
			ui_status(ui, "%s", _("This is the form for the new list: type its name"));
			return true;
		}
	}
	if (lv->form) {
		switch (form_event(lv->form, ev)) {
		case FORM_IGNORED:
			return false;
		case FORM_HANDLED:
			return true;
		case FORM_CANCEL:
			close_form(lv);
			/* With no list at all, the form was all the screen
			 * offered: cancelling it closes the screen. */
			if (lv->count == 0 && lv->npending > 0) {
				ui_pop(ui);
				ui_status(ui, "%s", _("Nothing was added"));
			}
			return true;
		case FORM_SUBMIT:
			submit_form(ui, lv);
			return true;
		}
	}
	if (lv->history)
		return history_event(ui, lv, ev);
	if (move_in(&lv->cursor, lv->count, lv->body_h, ev->action))
		return true;

	if (ev->action == ACT_HISTORY) {
		open_history(ui, lv);
		return true;
	}
	switch (ev->action) {
	case ACT_BACK:
		if (lv->npending > 0)
			ui_status(ui, "%s", _("Nothing was added"));
		ui_pop(ui);
		return true;
	case ACT_LISTS:
		return true;
	case ACT_ENTER:
		choose(ui, lv);
		return true;
	case ACT_NEW:
		start_create(ui, lv);
		return true;
	case ACT_EDIT:
		start_edit(ui, lv);
		return true;
	case ACT_REMOVE:
	case ACT_DELETE:
		start_delete(lv);
		return true;
	case ACT_LIST:
		if (ui->list_id == 0) {
			ui_status(ui, "%s", _("Choose a list with Enter first"));
			return true;
		}
		ui_pop(ui);
		view_list_open(ui);
		return true;
	case ACT_EXPORT: {
		const struct plist_summary *s = selected(lv);
		if (s == NULL)
			return true;
		if (lv->npending > 0) {
			ui_status(ui, "%s", _("Choose the list for the products first"));
			return true;
		}
		ui->list_id = s->id;
		view_order_open(ui);
		return true;
	}
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK: {
		int r = ev->mouse_y - lv->body_y;
		if (r >= 0 && r < lv->body_h && lv->top + (size_t)r < lv->count) {
			lv->cursor = lv->top + (size_t)r;
			if (ev->action == ACT_DOUBLE_CLICK)
				choose(ui, lv);
			return true;
		}
		return ev->mouse_y != ui->layout.bar_y;
	}
	default:
		return false;
	}
}

/* While a form is open, letters are text. */
static enum key_context lists_context(struct ui *ui, void *state)
{
	(void)ui;
	const struct lists_view *lv = state;
	return lv->form ? KEYS_FIELD : KEYS_LIST;
}

static const struct view_ops lists_ops = {
    .name = "lists",
    .draw = lists_draw,
    .event = lists_event,
    .destroy = lists_destroy,
    .context = KEYS_LIST,
    .get_context = lists_context,
};

/* Pushes the screen (closing an older one on the stack first, so that L
 * pressed again and again does not pile screens up). With no list saved,
 * the form for a new one opens at once: there is nothing else to do. */
static struct lists_view *open_lists(struct ui *ui)
{
	for (size_t i = ui->nviews; i-- > 1;)
		if (ui->views[i].ops == &lists_ops) {
			while (ui->nviews > i)
				ui_pop(ui);
			break;
		}
	if (ui->nviews >= UI_MAX_VIEWS) {
		ui_error(ui, "%s", _("Too many screens are open: press Esc first"));
		return NULL;
	}
	struct lists_view *lv = xcalloc(1, sizeof *lv);
	if (!reload(ui, lv, ui->list_id)) {
		lists_destroy(lv);
		return NULL;
	}
	ui_push(ui, &lists_ops, lv);
	if (lv->count == 0) {
		start_create(ui, lv);
		lv->form_by_itself = true;
	}
	return lv;
}

void view_lists_open(struct ui *ui)
{
	open_lists(ui);
}

void ui_add_to_list(struct ui *ui, const char *const *product_ids, size_t count)
{
	if (count == 0) {
		ui_status(ui, "%s", _("No product to add here"));
		return;
	}
	if (ui->list_id != 0) {
		/* The current list may have been deleted meanwhile: then a
		 * list is chosen again. */
		struct plist l;
		memset(&l, 0, sizeof l);
		char *cause = NULL;
		int rc = store_list_load(ui->store, ui->list_id, NULL, &l, &cause);
		if (rc < 0) {
			ui_error(ui, "%s", cause);
			free(cause);
			return;
		}
		if (rc == 0) {
			plist_finish(&l);
			add_products(ui, ui->list_id, product_ids, count);
			return;
		}
		ui->list_id = 0;
	}
	struct lists_view *lv = open_lists(ui);
	if (lv == NULL)
		return;
	lv->pending = xreallocarray(NULL, count, sizeof *lv->pending);
	for (size_t i = 0; i < count; i++)
		lv->pending[i] = xstrdup(product_ids[i]);
	lv->npending = count;
}
