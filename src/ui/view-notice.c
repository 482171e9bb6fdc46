/* The notice: what the clerk must read before working. At start, what
 * happened before the browser opened (the database was damaged, moved aside
 * and its lists recovered; the catalogue has errors and the last good import
 * is shown): the same text went to stderr, where it stays after the program
 * ends, but the browser's screen covers it. While working, an error too long
 * for the bottom line. A framed box over the list, wrapped by display width;
 * any key or click closes it. */
#include "ui/ui.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "ui/draw.h"

#include <stdlib.h>
#include <string.h>

/* The widest the box gets: lines of about 35 hanzi read well. */
#define NOTICE_MAX_WIDTH 74

struct notice_view {
	char *text;
};

static const char *notice_hint(void)
{
	/* TRANSLATORS: the bottom edge of the notice (an error, or what the
	 * start had to say). */
	return _("any key to go on");
}

static void notice_draw(struct ui *ui, void *state)
{
	struct notice_view *n = state;
	const struct layout *l = &ui->layout;
	if (l->too_small)
		return;
	int w = l->cols - 4 < NOTICE_MAX_WIDTH ? l->cols - 4 : NOTICE_MAX_WIDTH;
	int inner = w - 4; /* a blank each side inside the frame */
	/* Rows 1 .. bar_y - 1: the header row and the bar stay visible. */
	int avail = l->bar_y - 1;
	if (inner < 1 || avail < 3)
		return;
	int rows = draw_wrapped_rows(inner, n->text);
	int h = rows + 2 < avail ? rows + 2 : avail;
	int y = 1 + (avail - h) / 2;
	int x = (l->cols - w) / 2;
	for (int r = 1; r < h - 1; r++)
		draw_fill(y + r, x + 1, w - 2, STYLE_NORMAL);
	draw_wrapped(y + 1, x + 2, inner, h - 2, n->text, STYLE_NORMAL);
	/* TRANSLATORS: the title of the notice (注意). */
	draw_frame(y, x, h, w, _("Please note"));
	const char *hint = notice_hint();
	int hint_w = text_width(hint) + 2;
	if (hint_w <= w - 4) {
		char *padded = xasprintf(" %s ", hint);
		draw_text(y + h - 1, x + w - 2 - hint_w, hint_w, padded, STYLE_FRAME, false);
		free(padded);
	}
}

static bool notice_event(struct ui *ui, void *state, const struct ui_event *ev)
{
	(void)state;
	(void)ev;
	ui_pop(ui);
	return true;
}

static void notice_destroy(void *state)
{
	struct notice_view *n = state;
	if (n == NULL)
		return;
	free(n->text);
	free(n);
}

static const struct view_ops notice_ops = {
    .name = "notice",
    .draw = notice_draw,
    .event = notice_event,
    .destroy = notice_destroy,
    .context = KEYS_LIST,
};

void view_notice_open(struct ui *ui, const char *text)
{
	struct notice_view *n = xcalloc(1, sizeof *n);
	n->text = xstrdup(text);
	/* The blank lines that part the notices, not after the last. */
	size_t len = strlen(n->text);
	while (len > 0 && n->text[len - 1] == '\n')
		n->text[--len] = '\0';
	ui_push(ui, &notice_ops, n);
}
