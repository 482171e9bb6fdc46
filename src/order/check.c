/* The checks of a purchase list against the rules on union money. Every rule
 * that applies gives one entry: CHECK_OK when it is met, so that the printed
 * order states it, or a notice or warning with the figures when it is not. */
#include "order/order.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct check_list {
	struct order_check *items;
	size_t count;
	size_t cap;
};

/* Appends a check; takes message. */
static void add_check(struct check_list *cl, enum order_check_kind kind,
                      enum order_check_level level, char *message)
{
	if (cl->count == cl->cap) {
		cl->cap = cl->cap ? cl->cap * 2 : 8;
		cl->items = xreallocarray(cl->items, cl->cap, sizeof *cl->items);
	}
	cl->items[cl->count].kind = kind;
	cl->items[cl->count].level = level;
	cl->items[cl->count].message = message;
	cl->count++;
}

static char *yuan(money_t fen, char buf[MONEY_YUAN_SIZE])
{
	return money_format_yuan(fen, buf);
}

static char *count_text(int64_t n, char buf[32])
{
	snprintf(buf, 32, "%" PRId64, n);
	return buf;
}

/* The figures of l. False when an amount overflows; then the money figures
 * are 0. */
static bool compute_figures(const struct plist *l, struct order_figures *fig)
{
	money_t total = 0, catalogue = 0;
	int64_t headcount = l->info.headcount >= 1 ? l->info.headcount : 1;

	memset(fig, 0, sizeof *fig);
	for (size_t i = 0; i < l->nlines; i++) {
		const struct plist_line *line = &l->lines[i];
		money_t amount;

		if (!plist_line_amount(l, line, &amount) || !money_add(total, amount, &total))
			goto overflow;
		if (line->status != PLIST_LINE_CUSTOM && !money_add(catalogue, amount, &catalogue))
			goto overflow;
	}
	fig->total = total;
	fig->catalogue = catalogue;
	/* Rounded up: a budget is a limit, and a fen short of it is still over. */
	fig->per_member = total / headcount + (total % headcount != 0);
	/* total <= MONEY_MAX (about 1e14), so catalogue * 100 fits in 64 bits.
	 * Rounded down, so that 29.9 % is still below a 30 % minimum. */
	fig->poverty_percent = total > 0 ? (int)(catalogue * 100 / total) : 100;
	return true;
overflow:
	memset(fig, 0, sizeof *fig);
	fig->overflow = true;
	return false;
}

/* The statutory holidays, translated, joined for a message. Caller frees. */
static char *holiday_names(void)
{
	const char *const *keys = plist_holidays();
	char *joined = xstrdup("");

	for (size_t i = 0; keys != NULL && keys[i] != NULL; i++) {
		const char *label = plist_holiday_label(keys[i]);
		char *next;

		if (label == NULL)
			continue;
		if (joined[0] == '\0')
			next = xstrdup(label);
		else
			/* TRANSLATORS: separator in a list of holiday names, e.g. "元旦、春节". */
			next = xasprintf("%s%s%s", joined, _(", "), label);
		free(joined);
		joined = next;
	}
	return joined;
}

static void check_budget(const struct plist *l, const struct order_figures *fig,
                         struct check_list *cl)
{
	const struct cat_rules *r = &l->info.rules;
	int64_t headcount = l->info.headcount >= 1 ? l->info.headcount : 1;
	char a[MONEY_YUAN_SIZE], b[MONEY_YUAN_SIZE], c[MONEY_YUAN_SIZE], d[MONEY_YUAN_SIZE];
	char n[32];
	money_t budget_total;

	if (r->per_member_budget <= 0)
		return;
	if (fig->per_member > r->per_member_budget)
		add_check(cl, CHECK_PER_MEMBER, CHECK_WARNING,
		          /* TRANSLATORS: amounts, e.g. "Per member ¥106.00, over the
		             per-member budget ¥100.00 by ¥6.00". */
		          xasprintf(_("Per member %s, over the per-member budget %s by %s"),
		                    yuan(fig->per_member, a), yuan(r->per_member_budget, b),
		                    yuan(fig->per_member - r->per_member_budget, c)));
	else
		add_check(cl, CHECK_PER_MEMBER, CHECK_OK,
		          xasprintf(_("Per member %s, within the per-member budget %s"),
		                    yuan(fig->per_member, a), yuan(r->per_member_budget, b)));

	if (!money_mul(r->per_member_budget, headcount, &budget_total)) {
		/* A budget too large to compute is one no total can exceed. */
		add_check(
		    cl, CHECK_TOTAL_BUDGET, CHECK_OK,
		    /* TRANSLATORS: total, budget per member, headcount. */
		    xasprintf(_("Total %s, within the budget of %s per member for %s members"),
		              yuan(fig->total, a), yuan(r->per_member_budget, b),
		              count_text(headcount, n)));
	} else if (fig->total > budget_total) {
		add_check(cl, CHECK_TOTAL_BUDGET, CHECK_WARNING,
		          /* TRANSLATORS: total, budget (per member × headcount), excess. */
		          xasprintf(_("Total %s, over the budget %s (%s × %s members) by %s"),
		                    yuan(fig->total, a), yuan(budget_total, b),
		                    yuan(r->per_member_budget, c), count_text(headcount, n),
		                    yuan(fig->total - budget_total, d)));
	} else {
		add_check(cl, CHECK_TOTAL_BUDGET, CHECK_OK,
		          /* TRANSLATORS: total, budget (per member × headcount). */
		          xasprintf(_("Total %s, within the budget %s (%s × %s members)"),
		                    yuan(fig->total, a), yuan(budget_total, b),
		                    yuan(r->per_member_budget, c), count_text(headcount, n)));
	}
}

static void check_yearly_cap(const struct plist *l, const struct order_figures *fig,
                             struct check_list *cl)
{
	money_t cap = l->info.rules.yearly_gift_cap_per_member;
	char a[MONEY_YUAN_SIZE], b[MONEY_YUAN_SIZE];

	if (cap <= 0)
		return;
	if (fig->per_member > cap)
		add_check(cl, CHECK_YEARLY_CAP, CHECK_WARNING,
		          xasprintf(_("Per member %s, over the yearly gift cap of %s per member"),
		                    yuan(fig->per_member, a), yuan(cap, b)));
	else
		add_check(cl, CHECK_YEARLY_CAP, CHECK_OK,
		          /* TRANSLATORS: one order cannot know the year's other gifts:
		             the clerk adds them up. */
		          xasprintf(_("Per member %s, within the yearly gift cap of %s per member "
		                      "(with this year's other gifts)"),
		                    yuan(fig->per_member, a), yuan(cap, b)));
}

static void check_poverty_share(const struct plist *l, const struct order_figures *fig,
                                struct check_list *cl)
{
	int min = l->info.rules.poverty_share_min_percent;
	char a[MONEY_YUAN_SIZE];

	if (min <= 0)
		return;
	if (fig->poverty_percent < min)
		add_check(cl, CHECK_POVERTY_SHARE, CHECK_WARNING,
		          /* TRANSLATORS: amount of catalogue products, its share of the
		             total and the minimum share, e.g. "… ¥600.00 (25% of the
		             total), below the minimum 30%". */
		          xasprintf(_("Poverty-area products %s (%d%% of the total), below the "
		                      "minimum %d%%"),
		                    yuan(fig->catalogue, a), fig->poverty_percent, min));
	else
		add_check(cl, CHECK_POVERTY_SHARE, CHECK_OK,
		          xasprintf(_("Poverty-area products %s (%d%% of the total), at least the "
		                      "minimum %d%%"),
		                    yuan(fig->catalogue, a), fig->poverty_percent, min));
}

static void check_contract(const struct plist *l, const struct order_figures *fig,
                           struct check_list *cl)
{
	money_t threshold = l->info.rules.contract_threshold;
	char a[MONEY_YUAN_SIZE], b[MONEY_YUAN_SIZE];

	if (threshold <= 0)
		return;
	if (fig->total >= threshold)
		add_check(cl, CHECK_CONTRACT, CHECK_NOTICE,
		          xasprintf(_("Total %s, at or above %s: a contract is needed"),
		                    yuan(fig->total, a), yuan(threshold, b)));
	else
		add_check(cl, CHECK_CONTRACT, CHECK_OK,
		          xasprintf(_("Total %s, below %s: no contract needed, the union "
		                      "committee decides collectively"),
		                    yuan(fig->total, a), yuan(threshold, b)));
}

static void check_holiday(const struct plist *l, struct check_list *cl)
{
	const char *purpose = l->info.purpose != NULL ? l->info.purpose : "";
	const char *label = plist_holiday_label(purpose);
	bool goods = false;

	for (size_t i = 0; i < l->nlines; i++)
		goods = goods || !l->lines[i].is_service;
	if (!goods)
		return;
	if (label != NULL) {
		add_check(cl, CHECK_NOT_HOLIDAY, CHECK_OK,
		          /* TRANSLATORS: %s is a holiday, e.g. "中秋". */
		          xasprintf(_("Gifts for %s, a statutory holiday"), label));
		return;
	}

	char *holidays = holiday_names();
	char *shown = text_sanitize(purpose);
	if (shown[0] == '\0')
		add_check(cl, CHECK_NOT_HOLIDAY, CHECK_WARNING,
		          /* TRANSLATORS: %s lists the holidays, e.g. "元旦、春节、…". */
		          xasprintf(_("Holiday gifts are only for statutory holidays (%s); the "
		                      "list has no purpose"),
		                    holidays));
	else
		add_check(cl, CHECK_NOT_HOLIDAY, CHECK_WARNING,
		          /* TRANSLATORS: the holidays, then the list's purpose as typed. */
		          xasprintf(_("Holiday gifts are only for statutory holidays (%s); “%s” "
		                      "is not one"),
		                    holidays, shown));
	free(shown);
	free(holidays);
}

/* The names of the lines with status, at most three, for a message.
 * Caller frees. */
static char *line_names(const struct plist *l, enum plist_line_status status)
{
	char *joined = xstrdup("");
	int shown = 0;

	for (size_t i = 0; i < l->nlines; i++) {
		if (l->lines[i].status != status)
			continue;
		if (shown == 3) {
			char *next = xasprintf("%s%s", joined, "…");
			free(joined);
			return next;
		}
		char *name = text_sanitize(l->lines[i].name != NULL ? l->lines[i].name : "");
		char *next =
		    shown == 0 ? xstrdup(name) : xasprintf("%s%s%s", joined, _(", "), name);
		free(name);
		free(joined);
		joined = next;
		shown++;
	}
	return joined;
}

static void check_changed_lines(const struct plist *l, struct check_list *cl)
{
	int64_t changed = 0, gone = 0;
	char n[32];

	for (size_t i = 0; i < l->nlines; i++) {
		if (l->lines[i].status == PLIST_LINE_PRICE_CHANGED)
			changed++;
		else if (l->lines[i].status == PLIST_LINE_GONE)
			gone++;
	}
	if (changed > 0) {
		char *names = line_names(l, PLIST_LINE_PRICE_CHANGED);
		add_check(cl, CHECK_CHANGED_LINES, CHECK_WARNING,
		          /* TRANSLATORS: how many lines, then their names. */
		          xasprintf(P_("%s line has another price in the catalogue now (%s): "
		                       "check it before ordering",
		                       "%s lines have another price in the catalogue now (%s): "
		                       "check them before ordering",
		                       (unsigned long)changed),
		                    count_text(changed, n), names));
		free(names);
	}
	if (gone > 0) {
		char *names = line_names(l, PLIST_LINE_GONE);
		add_check(cl, CHECK_CHANGED_LINES, CHECK_WARNING,
		          /* TRANSLATORS: how many lines, then their names. */
		          xasprintf(P_("%s line is no longer in the catalogue (%s): check it "
		                       "before ordering",
		                       "%s lines are no longer in the catalogue (%s): check them "
		                       "before ordering",
		                       (unsigned long)gone),
		                    count_text(gone, n), names));
		free(names);
	}
}

static void check_min_order(const struct plist *l, struct check_list *cl)
{
	for (size_t i = 0; i < l->nlines; i++) {
		const struct plist_line *line = &l->lines[i];
		int64_t quantity;
		char q[32], m[32];

		if (line->status == PLIST_LINE_CUSTOM || line->min_order <= 1 ||
		    !plist_line_order_quantity(l, line, &quantity) || quantity >= line->min_order)
			continue;
		char *name = text_sanitize(line->name);
		char *unit = text_sanitize(line->unit);
		add_check(cl, CHECK_BELOW_MIN_ORDER, CHECK_WARNING,
		          /* TRANSLATORS: product, quantity ordered, unit, minimum
		             order, e.g. "“富硒绿茶”: 10 袋, below the minimum order of 20". */
		          xasprintf(_("“%s”: %s %s, below the minimum order of %s"), name,
		                    count_text(quantity, q), unit, count_text(line->min_order, m)));
		free(unit);
		free(name);
	}
}

void order_check_list(const struct plist *l, struct order_figures *fig, struct order_check **checks,
                      size_t *count)
{
	struct check_list cl = {NULL, 0, 0};

	if (l->nlines == 0) {
		compute_figures(l, fig);
		/* Nothing else means anything for a list without lines. */
		add_check(&cl, CHECK_EMPTY, CHECK_WARNING, xstrdup(_("The list has no lines")));
		goto done;
	}
	if (compute_figures(l, fig)) {
		check_budget(l, fig, &cl);
		bool goods = false;
		for (size_t i = 0; i < l->nlines; i++)
			goods = goods || !l->lines[i].is_service;
		/* The cap is on holiday gifts: a trip alone is not one. */
		if (goods)
			check_yearly_cap(l, fig, &cl);
		check_poverty_share(l, fig, &cl);
		check_contract(l, fig, &cl);
	} else {
		char max[MONEY_YUAN_SIZE];
		add_check(&cl, CHECK_OVERFLOW, CHECK_WARNING,
		          xasprintf(_("An amount is too large to compute (more than %s)"),
		                    money_format_yuan(MONEY_MAX, max)));
	}
	check_holiday(l, &cl);
	check_changed_lines(l, &cl);
	check_min_order(l, &cl);
done:
	*checks = cl.items;
	*count = cl.count;
}

void order_checks_free(struct order_check *checks, size_t count)
{
	if (checks == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		free(checks[i].message);
	free(checks);
}
