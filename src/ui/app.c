/* The browser's loop: the terminal, the view stack, events and the shared
 * state's helpers. */
#include "ui/ui.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/lists.h"
#include "ui/draw.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How long get_wch waits before the loop looks at signals again. */
#define POLL_MS 200
/* How long a message that came without a key outlives the keys after it. */
#define STATUS_KEPT_MS 5000

static long long monotonic_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Set by SIGTERM, SIGHUP and SIGINT: the loop ends and the terminal is
 * restored, as for F10. */
static volatile sig_atomic_t quit_signal;
/* The terminal is in curses mode and must be restored before any exit. */
static bool curses_active;
/* The curses screen from newterm, freed when the browser ends. */
static SCREEN *curses_screen;

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

/* A crash (or abort, e.g. out of memory) still leaves the terminal usable:
 * restore it, then die of the same signal. endwin is not async-signal-safe,
 * but the process is ending either way and a mangled terminal is worse. */
static void on_fatal_signal(int sig)
{
	if (curses_active) {
		curses_active = false;
		endwin();
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void restore_terminal(void)
{
	if (curses_active) {
		curses_active = false;
		/* A terminal without an alternate screen (the Linux console)
		 * would keep the browser's last screen under the shell's
		 * prompt, half overwritten: blank it first. */
		const char *alternate = tigetstr("smcup");
		if (alternate == NULL || alternate == (char *)-1) {
			erase();
			refresh();
		}
		endwin();
	}
}

/* Puts the terminal in curses mode. Unknown terminal types and missing
 * terminals give a message instead of curses' own exit. */
static int term_start(bool mouse, char **cause)
{
	static bool atexit_done;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup(_("the browser needs a terminal; to print the catalogue, use "
		                   "'aixingou list'"));
		return -1;
	}
	const char *term = getenv("TERM");
	SCREEN *screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		*cause = xasprintf(_("cannot use the terminal type '%s'; try TERM=xterm or use "
		                     "'aixingou list'"),
		                   term ? term : "");
		return -1;
	}
	set_term(screen);
	/* A terminal that cannot put the cursor at a place (TERM=dumb, a
	 * printing terminal) would show every screen as a jumble. */
	const char *cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {
		endwin();
		delscreen(screen);
		*cause = xasprintf(_("cannot use the terminal type '%s'; try TERM=xterm or use "
		                     "'aixingou list'"),
		                   term ? term : "");
		return -1;
	}
	curses_screen = screen;
	curses_active = true;
	if (!atexit_done) {
		atexit(restore_terminal);
		atexit_done = true;
	}

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(POLL_MS);
	curs_set(0);
	if (mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED |
		              BUTTON4_PRESSED | BUTTON5_PRESSED,
		          NULL);
		mouseinterval(200);
	}
	draw_init_styles();

	/* After newterm: these replace curses' own handlers, which would exit
	 * from inside the handler. Without SA_RESTART get_wch returns at once. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &sa, NULL);
	return 0;
}

/* ---- state helpers ---------------------------------------------------- */

static void forget_rows(struct ui *ui)
{
	store_products_finish(&ui->rows);
	ui->rows_first = 0;
}

void ui_show_rows(struct ui *ui, size_t first, size_t count)
{
	if (first >= ui->list.count)
		return;
	if (count > ui->list.count - first)
		count = ui->list.count - first;
	if (first >= ui->rows_first && first + count <= ui->rows_first + ui->rows.count)
		return;
	forget_rows(ui);
	char *cause = NULL;
	if (store_get_products(ui->store, ui->list.items + first, count, &ui->rows, &cause) != 0) {
		ui_error(ui, "%s", cause);
		free(cause);
		return;
	}
	ui->rows_first = first;
}

const struct store_product *ui_row(struct ui *ui, size_t i)
{
	if (i >= ui->list.count)
		return NULL;
	ui_show_rows(ui, i, 1);
	if (i < ui->rows_first || i >= ui->rows_first + ui->rows.count)
		return NULL;
	return &ui->rows.items[i - ui->rows_first];
}

const struct store_product *ui_current(struct ui *ui)
{
	return ui_row(ui, ui->cursor);
}

/* The lists of the last searches typed, for one filter and sort: typing
 * Backspace comes back to a text searched a moment ago, and its list is
 * taken from here instead of scanning the catalogue again (with 200,000
 * products a scan is most of a keystroke's time). Bounded in entries and in
 * positions held; a change of filter or sort empties it. */
#define SEARCH_CACHE_ENTRIES   16
#define SEARCH_CACHE_POSITIONS (1u << 20) /* 8 MB of positions at most */

static struct {
	char *filter; /* filter_key of the filter the lists are for */
	struct {
		char *text; /* the search text */
		struct store_positions list;
	} entries[SEARCH_CACHE_ENTRIES]; /* oldest first */
	size_t count;
	size_t positions; /* held in all entries */
} search_cache;

/* Values joined by a byte no id or name holds. Caller frees. */
static char *joined(const char *const *v, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, '\x1f');
		buf_adds(&b, v[i]);
	}
	return buf_steal(&b);
}

/* Everything of the filter but the search, as one string. */
static char *filter_key(const struct store_filter *f)
{
	char *categories = joined(f->categories, f->ncategories);
	char *townships = joined(f->townships, f->ntownships);
	char *key =
	    xasprintf("%s|%s|%s|%u|%d|%u|%d|%lld|%lld|%d|%d|%d|%d", categories, townships,
	              f->enterprise ? f->enterprise : "", f->kinds, f->edition, f->platforms,
	              f->certified_only, (long long)f->min_price, (long long)f->max_price,
	              f->with_services, f->services_only, (int)f->sort, f->descending);
	free(categories);
	free(townships);
	return key;
}

static void forget_search_entry(size_t i)
{
	search_cache.positions -= search_cache.entries[i].list.count;
	free(search_cache.entries[i].text);
	store_positions_finish(&search_cache.entries[i].list);
	memmove(&search_cache.entries[i], &search_cache.entries[i + 1],
	        (search_cache.count - i - 1) * sizeof search_cache.entries[0]);
	search_cache.count--;
}

static void forget_searches(void)
{
	while (search_cache.count > 0)
		forget_search_entry(0);
	free(search_cache.filter);
	search_cache.filter = NULL;
}

/* Copies the list of f's search into *out when it is held; false when not. */
static bool recall_search(const struct store_filter *f, struct store_positions *out)
{
	char *key = filter_key(f);
	bool same = search_cache.filter != NULL && strcmp(key, search_cache.filter) == 0;
	free(key);
	if (!same)
		return false;
	const char *text = f->search ? f->search : "";
	for (size_t i = 0; i < search_cache.count; i++) {
		const struct store_positions *l = &search_cache.entries[i].list;
		if (strcmp(search_cache.entries[i].text, text) != 0)
			continue;
		out->count = l->count;
		out->items = xreallocarray(NULL, l->count ? l->count : 1, sizeof *out->items);
		if (l->count > 0)
			memcpy(out->items, l->items, l->count * sizeof *out->items);
		return true;
	}
	return false;
}

/* The held list of a search that f's search types on from (its text is a
 * prefix of f's), when searching within it costs less than a scan: always
 * with the search index in memory (in_memory); else a lookup by position
 * costs about seven rows of a scan (callgrind, 200,000 products), so it must
 * hold under an eighth of the catalogue. NULL when there is none. A text with
 * an ASCII digit never qualifies: a term of digits only searches the texts, the same term with a
 * letter typed on also the initials, so it can match more. */
static const struct store_positions *typed_on_from(const struct store_filter *f, int64_t nproducts,
                                                   bool in_memory)
{
	const char *text = f->search ? f->search : "";
	char *key = filter_key(f);
	bool same = search_cache.filter != NULL && strcmp(key, search_cache.filter) == 0;
	free(key);
	const struct store_positions *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; same && i < search_cache.count; i++) {
		const char *old = search_cache.entries[i].text;
		size_t len = strlen(old);
		if (len == 0 || len <= best_len || strncmp(old, text, len) != 0 ||
		    strpbrk(old, "0123456789") != NULL ||
		    (!in_memory && (int64_t)search_cache.entries[i].list.count * 8 > nproducts))
			continue;
		best = &search_cache.entries[i].list;
		best_len = len;
	}
	return best;
}

/* Keeps a copy of the list of f's search. */
static void remember_search(const struct store_filter *f, const struct store_positions *list)
{
	char *key = filter_key(f);
	if (search_cache.filter == NULL || strcmp(key, search_cache.filter) != 0) {
		forget_searches();
		search_cache.filter = key;
	} else {
		free(key);
	}
	if (list->count > SEARCH_CACHE_POSITIONS)
		return;
	/* The oldest go first, the list without a search last: every search
	 * starts from it. */
	while (search_cache.count > 0 &&
	       (search_cache.count == SEARCH_CACHE_ENTRIES ||
	        search_cache.positions + list->count > SEARCH_CACHE_POSITIONS))
		forget_search_entry(
		    search_cache.count > 1 && search_cache.entries[0].text[0] == '\0' ? 1 : 0);
	size_t n = search_cache.count++;
	search_cache.entries[n].text = xstrdup(f->search ? f->search : "");
	search_cache.entries[n].list.count = list->count;
	search_cache.entries[n].list.items =
	    xreallocarray(NULL, list->count ? list->count : 1, sizeof *list->items);
	if (list->count > 0) /* items may be NULL when nothing matched */
		memcpy(search_cache.entries[n].list.items, list->items,
		       list->count * sizeof *list->items);
	search_cache.positions += list->count;
}

/* The list of the filter without its search, held or queried (and then
 * held), into *out; -1 after an error, shown. */
static int unsearched(struct ui *ui, struct store_positions *out)
{
	struct store_filter f = ui->filter.store;
	f.search = NULL;
	if (recall_search(&f, out))
		return 0;
	char *cause = NULL;
	if (store_query_positions(ui->store, &f, out, &cause) != 0) {
		ui_error(ui, "%s", cause);
		free(cause);
		return -1;
	}
	remember_search(&f, out);
	return 0;
}

/* The list of f's search, from the search index in memory: within the list
 * of a search it types on from, else within the list without a search. */
static int search_in_memory(struct ui *ui, struct store_positions *out)
{
	const struct store_positions *within =
	    typed_on_from(&ui->filter.store, ui->info.nproducts, true);
	struct store_positions base = {0};
	if (within == NULL) {
		if (unsearched(ui, &base) != 0)
			return -1;
		within = &base;
	}
	store_search_index_narrow(ui->index, ui->filter.store.search, within, out);
	store_positions_finish(&base);
	/* Within a list of another order: the order of this search. */
	if (ui->filter.store.sort == STORE_SORT_CATALOGUE && !ui->filter.store.descending)
		store_search_index_rank(ui->index, ui->filter.store.search, out);
	return 0;
}

int ui_positions(struct ui *ui, const struct store_filter *f, struct store_positions *out,
                 char **cause)
{
	struct store_filter plain = *f;
	plain.sort = STORE_SORT_CATALOGUE; /* the order needs no join */
	plain.descending = false;
	if (ui->index == NULL || f->search == NULL || f->search[0] == '\0')
		return store_query_positions(ui->store, &plain, out, cause);
	plain.search = NULL;
	struct store_positions base;
	if (store_query_positions(ui->store, &plain, &base, cause) != 0)
		return -1;
	store_search_index_narrow(ui->index, f->search, &base, out);
	store_positions_finish(&base);
	return 0;
}

void ui_requery(struct ui *ui)
{
	bool had = ui->cursor < ui->list.count;
	int64_t keep = had ? ui->list.items[ui->cursor] : 0;
	struct store_positions list = {0};
	char *cause = NULL;

	if (!recall_search(&ui->filter.store, &list)) {
		const char *text = ui->filter.store.search;
		int rc;
		if (ui->index != NULL && text != NULL && text[0] != '\0') {
			if (search_in_memory(ui, &list) != 0)
				return;
			rc = 0;
		} else {
			const struct store_positions *within =
			    typed_on_from(&ui->filter.store, ui->info.nproducts, false);
			rc = within != NULL
			         ? store_narrow_positions(ui->store, text, within, &list, &cause)
			         : store_query_positions(ui->store, &ui->filter.store, &list,
			                                 &cause);
			if (rc == 0 && within != NULL &&
			    ui->filter.store.sort == STORE_SORT_CATALOGUE &&
			    !ui->filter.store.descending)
				rc = store_rank_positions(ui->store, text, &list, &cause);
		}
		if (rc != 0) {
			ui_error(ui, "%s", cause);
			free(cause);
			return;
		}
		remember_search(&ui->filter.store, &list);
	}
	forget_rows(ui);
	store_positions_finish(&ui->list);
	ui->list = list;

	size_t found = ui->cursor;
	for (size_t i = 0; had && i < list.count; i++)
		if (list.items[i] == keep) {
			found = i;
			break;
		}
	ui->cursor = list.count == 0 ? 0 : found < list.count ? found : list.count - 1;
}

bool ui_is_marked(const struct ui *ui, const char *id)
{
	for (size_t i = 0; i < ui->nmarks; i++)
		if (strcmp(ui->marks[i], id) == 0)
			return true;
	return false;
}

bool ui_toggle_mark(struct ui *ui, const char *id)
{
	for (size_t i = 0; i < ui->nmarks; i++) {
		if (strcmp(ui->marks[i], id) == 0) {
			free(ui->marks[i]);
			memmove(&ui->marks[i], &ui->marks[i + 1],
			        (ui->nmarks - i - 1) * sizeof ui->marks[0]);
			ui->nmarks--;
			return true;
		}
	}
	if (ui->nmarks == UI_MAX_MARKS) {
		ui_error(ui,
		         _("At most %d products can be compared; unmark one first (M unmarks all)"),
		         UI_MAX_MARKS);
		return false;
	}
	ui->marks[ui->nmarks++] = xstrdup(id);
	return true;
}

void ui_clear_marks(struct ui *ui)
{
	for (size_t i = 0; i < ui->nmarks; i++)
		free(ui->marks[i]);
	ui->nmarks = 0;
}

/* Unmarks the products the catalogue no longer has (after another import),
 * keeping the others in their order; returns how many went. A read error
 * keeps the mark. */
static size_t drop_gone_marks(struct ui *ui)
{
	size_t kept = 0, dropped = 0;
	for (size_t i = 0; i < ui->nmarks; i++) {
		struct store_item_detail detail;
		char *cause = NULL;
		int rc = store_get_item(ui->store, ui->marks[i], &detail, &cause);
		store_item_detail_finish(&detail);
		free(cause);
		if (rc == 1) {
			free(ui->marks[i]);
			dropped++;
		} else {
			ui->marks[kept++] = ui->marks[i];
		}
	}
	ui->nmarks = kept;
	return dropped;
}

static void replace(char **field, const char *value)
{
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

static void choices_clear(struct ui_choices *c)
{
	for (size_t i = 0; i < c->count; i++) {
		free(c->keys[i]);
		free(c->names[i]);
	}
	free(c->keys);
	free(c->names);
	memset(c, 0, sizeof *c);
}

bool ui_choices_have(const struct ui_choices *c, const char *key)
{
	for (size_t i = 0; key && i < c->count; i++)
		if (strcmp(c->keys[i], key) == 0)
			return true;
	return false;
}

char *ui_choices_text(const struct ui_choices *c, const char *sep)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < c->count; i++) {
		if (i)
			buf_adds(&b, sep);
		buf_adds(&b, c->names[i] ? c->names[i] : c->keys[i]);
	}
	return buf_steal(&b);
}

/* Adds key when it is not chosen, takes it out when it is; NULL clears. */
static void choices_toggle(struct ui_choices *c, const char *key, const char *name)
{
	if (key == NULL) {
		choices_clear(c);
		return;
	}
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(c->keys[i], key) == 0) {
			free(c->keys[i]);
			free(c->names[i]);
			memmove(&c->keys[i], &c->keys[i + 1],
			        (c->count - i - 1) * sizeof c->keys[0]);
			memmove(&c->names[i], &c->names[i + 1],
			        (c->count - i - 1) * sizeof c->names[0]);
			c->count--;
			return;
		}
	c->keys = xreallocarray(c->keys, c->count + 1, sizeof c->keys[0]);
	c->names = xreallocarray(c->names, c->count + 1, sizeof c->names[0]);
	c->keys[c->count] = xstrdup(key);
	c->names[c->count] = xstrdup(name ? name : key);
	c->count++;
}

void ui_toggle_category(struct ui *ui, const char *id, const char *name)
{
	choices_toggle(&ui->filter.categories, id, name);
	ui->filter.store.categories = (const char *const *)ui->filter.categories.keys;
	ui->filter.store.ncategories = ui->filter.categories.count;
	ui_requery(ui);
}

void ui_toggle_township(struct ui *ui, const char *code, const char *name)
{
	choices_toggle(&ui->filter.townships, code, name);
	ui->filter.store.townships = (const char *const *)ui->filter.townships.keys;
	ui->filter.store.ntownships = ui->filter.townships.count;
	ui_requery(ui);
}

void ui_set_enterprise(struct ui *ui, const char *id, const char *name)
{
	replace(&ui->filter.enterprise, id);
	replace(&ui->filter.enterprise_name, id ? name : NULL);
	ui->filter.store.enterprise = ui->filter.enterprise;
	ui_requery(ui);
}

/* Empties the filter's choices; the sort and the search text stay. */
static void reset_filter(struct ui *ui)
{
	struct ui_filter *f = &ui->filter;
	choices_clear(&f->categories);
	choices_clear(&f->townships);
	replace(&f->enterprise, NULL);
	replace(&f->enterprise_name, NULL);
	struct store_filter fresh = {
	    .search = ui->search.text,
	    .sort = f->store.sort,
	    .descending = f->store.descending,
	};
	f->store = fresh;
}

char *ui_edition_name(struct ui *ui, int edition)
{
	if (!ui->editions_read) {
		char *cause = NULL;
		/* Without the titles the number is said: nothing is lost. */
		if (store_group_values(ui->store, STORE_GROUP_EDITION, &ui->editions, &cause) != 0)
			free(cause);
		ui->editions_read = true;
	}
	for (size_t i = 0; i < ui->editions.count; i++) {
		const struct store_count *c = &ui->editions.items[i];
		if (atoi(c->key) == edition && c->name && *c->name)
			return xstrdup(c->name);
	}
	/* TRANSLATORS: an edition (期) the catalogue gives no title */
	return xasprintf(_("Edition %d"), edition);
}

static void forget_editions(struct ui *ui)
{
	store_counts_finish(&ui->editions);
	memset(&ui->editions, 0, sizeof ui->editions);
	ui->editions_read = false;
}

void ui_clear_filters(struct ui *ui)
{
	reset_filter(ui);
	lineedit_clear(&ui->search);
	ui_requery(ui);
}

bool ui_filtered(const struct ui *ui)
{
	const struct store_filter *f = &ui->filter.store;
	return ui->search.len > 0 || f->ncategories || f->ntownships || f->enterprise || f->kinds ||
	       f->edition || f->platforms || f->certified_only || f->min_price > 0 ||
	       f->max_price > 0 || f->with_services || f->services_only;
}

static void set_status(struct ui *ui, bool error, bool whole, const char *fmt, va_list ap)
{
	char *text = xvasprintf(fmt, ap);
	/* Cut at a character's start: the line takes what fits of it. */
	size_t len = strlen(text);
	if (len >= sizeof ui->status) {
		len = sizeof ui->status - 1;
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(ui->status, text, len);
	ui->status[len] = '\0';
	ui->status_is_error = error;
	/* An error that the line would cut (what to do comes last in our
	 * messages) is shown whole. */
	if ((error || whole) && curses_active && text_width(text) > COLS) {
		free(ui->long_error);
		ui->long_error = text;
		return;
	}
	free(text);
}

void ui_status(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_status(ui, false, false, fmt, ap);
	va_end(ap);
}

void ui_status_whole(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_status(ui, false, true, fmt, ap);
	va_end(ap);
}

void ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_status(ui, true, false, fmt, ap);
	va_end(ap);
}

void ui_push(struct ui *ui, const struct view_ops *ops, void *state)
{
	if (ui->nviews == UI_MAX_VIEWS) {
		if (ops->destroy)
			ops->destroy(state);
		return;
	}
	ui->views[ui->nviews].ops = ops;
	ui->views[ui->nviews].state = state;
	ui->nviews++;
}

void ui_pop(struct ui *ui)
{
	/* The browse view at the bottom stays. */
	if (ui->nviews <= 1)
		return;
	ui->nviews--;
	if (ui->views[ui->nviews].ops->destroy)
		ui->views[ui->nviews].ops->destroy(ui->views[ui->nviews].state);
}

/* ---- drawing ------------------------------------------------------------ */

/* The function-key bar's items as drawn: "10" then the label. */
struct bar {
	const struct key_binding *items[12];
	int widths[12];
	int x[12];
	size_t count;
};

static void bar_compute(struct bar *bar, int cols)
{
	bar->count = keys_bar(bar->items, 12);
	for (size_t i = 0; i < bar->count; i++) {
		char num[8];
		snprintf(num, sizeof num, "%d", bar->items[i]->fkey);
		bar->widths[i] = (int)strlen(num) + text_width(_(bar->items[i]->label));
	}
	layout_bar(bar->widths, bar->count, cols, bar->x);
}

static void draw_bar(struct ui *ui)
{
	int y = ui->layout.bar_y;
	if (ui->status[0]) {
		draw_text(y, 0, COLS, ui->status,
		          ui->status_is_error ? STYLE_ERROR : STYLE_BAR_LABEL, false);
		return;
	}
	struct bar bar;
	bar_compute(&bar, COLS);
	draw_fill(y, 0, COLS, STYLE_NORMAL);
	for (size_t i = 0; i < bar.count; i++) {
		if (bar.x[i] < 0)
			continue;
		char num[8];
		snprintf(num, sizeof num, "%d", bar.items[i]->fkey);
		int nw = (int)strlen(num);
		draw_text(y, bar.x[i], nw, num, STYLE_BAR_KEY, false);
		draw_text(y, bar.x[i] + nw, bar.widths[i] - nw, _(bar.items[i]->label),
		          STYLE_BAR_LABEL, false);
	}
}

static void draw_too_small(void)
{
	char *msg = xasprintf(_("Please enlarge the window (at least %d×%d)"), LAYOUT_MIN_COLS,
	                      LAYOUT_MIN_ROWS);
	int w = text_width(msg);
	int y = LINES / 2;
	if (w > COLS) {
		/* Tiny windows: a short line still says what to do. */
		free(msg);
		/* TRANSLATORS: the window is below the smallest size; must fit
		   in 20 cells, e.g. 窗口太小：60×14. */
		msg = xasprintf(_("Too small: %d×%d"), LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
		w = text_width(msg);
	}
	if (w > COLS) {
		free(msg);
		msg = xasprintf("%d×%d", LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
		w = text_width(msg);
	}
	draw_text(y, w < COLS ? (COLS - w) / 2 : 0, COLS, msg, STYLE_NORMAL, false);
	free(msg);
}

static void ui_draw(struct ui *ui)
{
	layout_browse(LINES, COLS, ui->want_detail, &ui->layout);
	ui->caret_y = ui->caret_x = -1;
	/* A screen drawn over the list can cut a hanzi of the list in half at
	 * its edges; curses then believes the terminal holds a character that
	 * the terminal has blanked. While such a screen is open, and on the
	 * frame after it closes, every line is repainted from scratch. */
	if (ui->nviews > 1 || ui->nviews != ui->drawn_views)
		redrawwin(stdscr);
	ui->drawn_views = ui->nviews;
	erase();
	if (ui->layout.too_small) {
		draw_too_small();
	} else {
		for (size_t i = 0; i < ui->nviews; i++)
			ui->views[i].ops->draw(ui, ui->views[i].state);
		draw_bar(ui);
	}
	if (ui->caret_y >= 0 && !ui->layout.too_small) {
		curs_set(1);
		move(ui->caret_y, ui->caret_x);
	} else {
		curs_set(0);
	}
	refresh();
}

/* ---- events ------------------------------------------------------------- */

static enum key_context top_context(struct ui *ui)
{
	const struct view_ops *ops = ui->views[ui->nviews - 1].ops;
	if (ops->get_context)
		return ops->get_context(ui, ui->views[ui->nviews - 1].state);
	return ops->context;
}

/* Turns a mouse event into an action: a click on the bar is that key's
 * action; elsewhere a click, a double click or the wheel at a cell. Returns
 * false for events the browser ignores. */
static bool mouse_event(struct ui *ui, struct ui_event *ev)
{
	MEVENT me;
	if (getmouse(&me) != OK)
		return false;
	ev->mouse_y = me.y;
	ev->mouse_x = me.x;
	if (me.bstate & BUTTON4_PRESSED) {
		ev->action = ACT_WHEEL_UP;
	} else if (me.bstate & BUTTON5_PRESSED) {
		ev->action = ACT_WHEEL_DOWN;
	} else if (me.bstate & BUTTON1_DOUBLE_CLICKED) {
		ev->action = ACT_DOUBLE_CLICK;
	} else if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		ev->action = ACT_CLICK;
		if (me.y == ui->layout.bar_y && !ui->layout.too_small) {
			struct bar bar;
			bar_compute(&bar, COLS);
			int hit = layout_bar_hit(bar.widths, bar.x, bar.count, me.x);
			if (hit < 0)
				return false;
			ev->action = bar.items[hit]->action;
		}
	} else {
		return false;
	}
	return true;
}

/* The actions of the browse screen that a screen over it leaves alone: they
 * close the screens above and go to browse, so F3 in the help searches. */
static bool is_browse_action(enum ui_action action)
{
	switch (action) {
	case ACT_SEARCH:
	case ACT_FILTER:
	case ACT_COMPARE:
	case ACT_SORT:
	case ACT_CLEAR_FILTERS:
	case ACT_ENTERPRISES:
		return true;
	default:
		return false;
	}
}

static void dispatch(struct ui *ui, const struct ui_event *ev)
{
	size_t top = ui->nviews - 1;
	if (ui->views[top].ops->event(ui, ui->views[top].state, ev))
		return;
	if (top > 0 && is_browse_action(ev->action)) {
		while (ui->nviews > 1)
			ui_pop(ui);
		ui->views[0].ops->event(ui, ui->views[0].state, ev);
		return;
	}
	switch (ev->action) {
	case ACT_QUIT:
		ui->quit = true;
		break;
	case ACT_HELP:
		view_help_open(ui, top_context(ui));
		break;
	case ACT_LIST:
	case ACT_EXPORT:
	case ACT_LISTS:
		/* The list screens open over browse, not over another screen. */
		while (ui->nviews > 1)
			ui_pop(ui);
		if (ev->action == ACT_LIST)
			view_list_open(ui);
		else if (ev->action == ACT_EXPORT)
			view_order_open(ui);
		else
			view_lists_open(ui);
		break;
	case ACT_BACK:
		ui_pop(ui);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	default:
		break;
	}
}

static int ui_init(struct ui *ui, struct store *st, char **cause)
{
	memset(ui, 0, sizeof *ui);
	ui->store = st;
	if (store_get_info(st, &ui->info, cause) != 0)
		return -1;
	lineedit_init(&ui->search);
	ui->filter.store.search = ui->search.text;
	ui->want_detail = true;
	ui->caret_y = ui->caret_x = -1;
	/* Carry on with the list edited last: the clerk's work of yesterday. */
	struct plist_summary *lists = NULL;
	size_t nlists = 0;
	char *ignored = NULL;
	if (store_lists(st, &lists, &nlists, &ignored) == 0 && nlists > 0)
		ui->list_id = lists[0].id;
	plist_summaries_free(lists, nlists);
	free(ignored);
	ui_requery(ui);
	if (ui->status_is_error) {
		*cause = xstrdup(ui->status);
		return -1;
	}
	/* Without the index every search is a query: slower, still right. */
	if (store_search_index_load(st, &ui->index, &ignored) != 0) {
		ui_error(ui, "%s", ignored);
		free(ignored);
	}
	(void)store_reimported(st); /* from this import on */
	return 0;
}

static void ui_finish(struct ui *ui)
{
	while (ui->nviews > 0) {
		ui->nviews--;
		if (ui->views[ui->nviews].ops->destroy)
			ui->views[ui->nviews].ops->destroy(ui->views[ui->nviews].state);
	}
	reset_filter(ui);
	ui_clear_marks(ui);
	forget_rows(ui);
	forget_searches();
	store_positions_finish(&ui->list);
	store_search_index_free(ui->index);
	store_info_finish(&ui->info);
	forget_editions(ui);
	free(ui->long_error);
	free(ui->long_error_shown);
}

/* Turns what get_wch gave into an event for dispatch; false for what the
 * browser ignores (a resize only redraws, *resize says so). */
static bool make_event(struct ui *ui, int r, wint_t wc, struct ui_event *ev, bool *resize)
{
	memset(ev, 0, sizeof *ev);
	*resize = r == KEY_CODE_YES && wc == KEY_RESIZE;
	if (*resize)
		return false;
	if (r == KEY_CODE_YES && wc == KEY_MOUSE)
		return mouse_event(ui, ev);
	if (r == KEY_CODE_YES) {
		ev->is_key = true;
		ev->key = (int)wc;
		ev->action = keys_lookup(top_context(ui), ev->key, true);
	} else {
		ev->ch = (unsigned int)wc;
		ev->action = keys_lookup(top_context(ui), (int)wc, false);
	}
	return true;
}

/* Another aixingou imported the catalogue again: the positions, the search
 * index and the counts the browser holds are of the old import. Renewed, and
 * the clerk told why the list changed. */
static void catalogue_renewed(struct ui *ui)
{
	char *cause = NULL;
	struct store_info info;
	if (store_get_info(ui->store, &info, &cause) == 0) {
		store_info_finish(&ui->info);
		ui->info = info;
	} else {
		free(cause);
		cause = NULL;
	}
	store_search_index_free(ui->index);
	ui->index = NULL;
	if (store_search_index_load(ui->store, &ui->index, &cause) != 0)
		free(cause);
	forget_searches();
	forget_rows(ui);
	size_t gone = drop_gone_marks(ui);
	forget_editions(ui);
	ui_requery(ui);
	if (ui->status_is_error && ui->status[0] != '\0')
		return;
	if (gone > 0)
		ui_status(ui,
		          /* TRANSLATORS: marks (Space) of products the new import
		           * no longer has are dropped */
		          P_("Catalogue imported again by another aixingou: %zu marked product "
		             "gone, unmarked",
		             "Catalogue imported again by another aixingou: %zu marked products "
		             "gone, unmarked",
		             gone),
		          gone);
	else
		ui_status(ui, "%s",
		          _("The catalogue was imported again by another aixingou: the list shows "
		            "the new one"));
	ui->status_kept_until = monotonic_ms() + STATUS_KEPT_MS;
}

/* Opens the notice for an error too long for the status line (pushed here,
 * after the event, never under the feet of the view that handled it). */
static void show_long_error(struct ui *ui)
{
	if (ui->long_error == NULL)
		return;
	/* A screen that fails to draw fails again on every frame: once is
	 * enough, and the cut line stays. */
	if (ui->long_error_shown == NULL || strcmp(ui->long_error, ui->long_error_shown) != 0) {
		view_notice_open(ui, ui->long_error);
		ui->status[0] = '\0';
	}
	free(ui->long_error_shown);
	ui->long_error_shown = ui->long_error;
	ui->long_error = NULL;
}

static void handle_event(struct ui *ui, const struct ui_event *ev)
{
	/* A message stays until the next key, or one that is kept for a few
	 * seconds until a key that has something else to say. */
	char kept[sizeof ui->status];
	bool keep = ui->status_kept_until != 0 && monotonic_ms() < ui->status_kept_until;
	if (keep)
		memcpy(kept, ui->status, sizeof kept);
	bool kept_is_error = ui->status_is_error;
	ui->status[0] = '\0';
	if (!ui->layout.too_small)
		dispatch(ui, ev);
	else if (ev->action == ACT_QUIT)
		ui->quit = true;
	if (keep && ui->status[0] == '\0') {
		memcpy(ui->status, kept, sizeof kept);
		ui->status_is_error = kept_is_error;
	} else {
		ui->status_kept_until = 0;
	}
	show_long_error(ui);
}

/* ---- benchmark hook (bench/README.md, bench/run.py) ----------------------
 * With AIXINGOU_BENCH_OUT=FILE set, the browser writes to FILE, after its
 * first full screen, the time from ui_run to that screen and its peak
 * resident memory (VmHWM). With AIXINGOU_BENCH_KEYS="z y f x c 翠 峰 BS ..."
 * also set, it then feeds those keys (one per word; BS ENTER ESC TAB UP DOWN
 * LEFT RIGHT PGUP PGDN HOME END F1-F10 name keys, any other word is typed
 * character by character) through the same dispatch as typed keys, timing
 * each as the work it causes plus the redraw (up to doupdate) with
 * CLOCK_MONOTONIC, writes one line per key and the peak memory again, and
 * leaves. Nothing else uses it. */

static double bench_ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void bench_write_peak(FILE *out)
{
	char line[256];
	FILE *status = fopen("/proc/self/status", "r");
	while (status != NULL && fgets(line, sizeof line, status) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			fprintf(out, "vmhwm_kb\t%ld\n", strtol(line + 6, NULL, 10));
	if (status != NULL)
		fclose(status);
}

/* The key a word of AIXINGOU_BENCH_KEYS names, as get_wch would give it;
 * 0 when the word names none. */
static int bench_named_key(const char *word, wint_t *wc)
{
	static const struct {
		const char *name;
		int r;
		wint_t wc;
	} names[] = {
	    {"BS", KEY_CODE_YES, KEY_BACKSPACE},
	    {"ENTER", OK, '\r'},
	    {"ESC", OK, 27},
	    {"TAB", OK, '\t'},
	    {"UP", KEY_CODE_YES, KEY_UP},
	    {"DOWN", KEY_CODE_YES, KEY_DOWN},
	    {"LEFT", KEY_CODE_YES, KEY_LEFT},
	    {"RIGHT", KEY_CODE_YES, KEY_RIGHT},
	    {"PGUP", KEY_CODE_YES, KEY_PPAGE},
	    {"PGDN", KEY_CODE_YES, KEY_NPAGE},
	    {"HOME", KEY_CODE_YES, KEY_HOME},
	    {"END", KEY_CODE_YES, KEY_END},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(word, names[i].name) == 0) {
			*wc = names[i].wc;
			return names[i].r == OK ? 1 : 2;
		}
	if (word[0] == 'F' && word[1] >= '1' && word[1] <= '9' &&
	    (word[2] == '\0' || (word[1] == '1' && word[2] == '0' && word[3] == '\0'))) {
		*wc = (wint_t)KEY_F(atoi(word + 1));
		return 2;
	}
	return 0;
}

static void bench_key(struct ui *ui, FILE *out, const char *label, int r, wint_t wc)
{
	struct timespec t0;
	struct ui_event ev;
	bool resize;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (make_event(ui, r, wc, &ev, &resize))
		handle_event(ui, &ev);
	ui_draw(ui);
	fprintf(out, "key\t%s\t%.4f\t%zu\n", label, bench_ms_since(&t0), ui->list.count);
}

static void bench_keys(struct ui *ui, FILE *out, const char *keys)
{
	char *copy = xstrdup(keys), *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w && !ui->quit; w = strtok_r(NULL, " ", &save)) {
		wint_t wc;
		int named = bench_named_key(w, &wc);
		if (named) {
			bench_key(ui, out, w, named == 1 ? OK : KEY_CODE_YES, wc);
			continue;
		}
		size_t len = strlen(w);
		uint32_t cp;
		for (int n; len > 0 && (n = utf8_decode(w, len, &cp)) > 0;
		     w += n, len -= (size_t)n) {
			char label[8] = {0};
			memcpy(label, w, (size_t)n);
			bench_key(ui, out, label, OK, (wint_t)cp);
		}
	}
	free(copy);
}
/* ---- end of the benchmark hook -------------------------------------------- */

int ui_run(struct store *st, bool mouse, const char *notice, char **cause)
{
	struct timespec started;
	clock_gettime(CLOCK_MONOTONIC, &started);
	struct ui ui;
	if (ui_init(&ui, st, cause) != 0) {
		ui_finish(&ui);
		return -1;
	}
	if (term_start(mouse, cause) != 0) {
		ui_finish(&ui);
		return -1;
	}
	ui.mouse = mouse;
	ui_push(&ui, &view_browse, NULL);
	if (notice != NULL && notice[0] != '\0')
		view_notice_open(&ui, notice);

	/* A benchmark asks to leave after the first full screen. */
	bool exit_after_draw = getenv("AIXINGOU_EXIT_AFTER_FIRST_DRAW") != NULL;
	const char *bench_out = getenv("AIXINGOU_BENCH_OUT");
	bool dirty = true;
	while (!ui.quit && !quit_signal) {
		if (dirty) {
			ui_draw(&ui);
			/* An error found while drawing (the rows read for the
			 * screen). */
			if (ui.long_error != NULL) {
				show_long_error(&ui);
				ui_draw(&ui);
			}
			dirty = false;
			if (bench_out != NULL) {
				FILE *out = fopen(bench_out, "w");
				if (out != NULL) {
					fprintf(out, "first_frame_ms\t%.4f\n",
					        bench_ms_since(&started));
					bench_write_peak(out);
					const char *keys = getenv("AIXINGOU_BENCH_KEYS");
					if (keys != NULL) {
						bench_keys(&ui, out, keys);
						bench_write_peak(out);
					}
					fclose(out);
				}
				break;
			}
			if (exit_after_draw)
				break;
		}
		wint_t wc;
		int r = get_wch(&wc);
		/* ERR: the poll timed out, or a signal came. */
		struct ui_event ev;
		bool resize = false;
		if (r != ERR && make_event(&ui, r, wc, &ev, &resize)) {
			handle_event(&ui, &ev);
			dirty = true;
		} else if (resize) {
			dirty = true;
		}
		/* After the key, whose handling clears the status line. */
		if (store_reimported(ui.store)) {
			catalogue_renewed(&ui);
			dirty = true;
		}
	}

	restore_terminal();
	delscreen(curses_screen);
	curses_screen = NULL;
	ui_finish(&ui);
	return quit_signal;
}
