/* The form box: fields, focus, typing and drawing. */
#include "ui/form.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "ui/draw.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The box never gets wider than this on a wide screen. */
#define FORM_MAX_W 72
/* Nor narrower than this when the screen has the room. */
#define FORM_MIN_W 44
/* Rows a question or a note may take. */
#define FORM_TEXT_ROWS 4

struct form *form_new(const char *title, int tag)
{
	struct form *f = xcalloc(1, sizeof *f);
	f->title = xstrdup(title ? title : "");
	f->tag = tag;
	return f;
}

struct form *form_question(const char *title, const char *question, int tag)
{
	struct form *f = form_new(title, tag);
	f->question = xstrdup(question);
	return f;
}

void form_free(struct form *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nfields; i++) {
		struct form_field *fl = &f->fields[i];
		free(fl->label);
		free(fl->placeholder);
		for (size_t c = 0; c < fl->nchoices; c++)
			free(fl->choices[c]);
		free(fl->choices);
	}
	free(f->fields);
	free(f->title);
	free(f->question);
	free(f->note);
	free(f->message);
	free(f);
}

static struct form_field *add_field(struct form *f, enum form_field_kind kind, const char *label)
{
	f->fields = xreallocarray(f->fields, f->nfields + 1, sizeof f->fields[0]);
	struct form_field *fl = &f->fields[f->nfields++];
	memset(fl, 0, sizeof *fl);
	fl->kind = kind;
	fl->label = xstrdup(label);
	fl->shown_if = -1;
	lineedit_init(&fl->edit);
	return fl;
}

size_t form_add_text(struct form *f, enum form_field_kind kind, const char *label,
                     const char *value, const char *placeholder)
{
	struct form_field *fl = add_field(f, kind, label);
	lineedit_set(&fl->edit, value ? value : "");
	/* A value already there is replaced by what is typed, as in a
	 * spreadsheet's cell; an arrow or Backspace edits it instead. */
	lineedit_select_all(&fl->edit);
	fl->placeholder = placeholder ? xstrdup(placeholder) : NULL;
	return f->nfields - 1;
}

size_t form_add_choice(struct form *f, const char *label, const char *const *choices,
                       size_t nchoices, size_t chosen)
{
	struct form_field *fl = add_field(f, FORM_CHOICE, label);
	fl->choices = xreallocarray(NULL, nchoices > 0 ? nchoices : 1, sizeof fl->choices[0]);
	for (size_t i = 0; i < nchoices; i++)
		fl->choices[i] = xstrdup(choices[i]);
	fl->nchoices = nchoices;
	fl->choice = chosen < nchoices ? chosen : 0;
	return f->nfields - 1;
}

size_t form_add_toggle(struct form *f, const char *label, bool on)
{
	struct form_field *fl = add_field(f, FORM_TOGGLE, label);
	fl->on = on;
	return f->nfields - 1;
}

void form_show_if(struct form *f, size_t field, size_t choice_field, size_t choice)
{
	if (field >= f->nfields || choice_field >= f->nfields)
		return;
	f->fields[field].shown_if = (int)choice_field;
	f->fields[field].shown_if_choice = choice;
}

void form_set_note(struct form *f, const char *fmt, ...)
{
	free(f->note);
	f->note = NULL;
	if (fmt == NULL)
		return;
	va_list ap;
	va_start(ap, fmt);
	f->note = xvasprintf(fmt, ap);
	va_end(ap);
}

bool form_field_shown(const struct form *f, size_t field)
{
	if (field >= f->nfields)
		return false;
	const struct form_field *fl = &f->fields[field];
	if (fl->shown_if < 0)
		return true;
	return f->fields[fl->shown_if].choice == fl->shown_if_choice;
}

/* Blanks around a value: ASCII ones and the ideographic space an input
 * method types. */
static size_t blank_at(const char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	if (len >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static size_t blank_before(const char *s, size_t end)
{
	if (end >= 1 && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		return 1;
	if (end >= 3 && memcmp(s + end - 3, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

char *form_value(const struct form *f, size_t field)
{
	if (field >= f->nfields)
		return xstrdup("");
	const char *s = f->fields[field].edit.text;
	size_t start = 0, end = strlen(s), n;
	while ((n = blank_at(s + start, end - start)) > 0)
		start += n;
	while (end > start && (n = blank_before(s, end)) > 0)
		end -= n;
	return xstrndup(s + start, end - start);
}

size_t form_choice(const struct form *f, size_t field)
{
	return field < f->nfields ? f->fields[field].choice : 0;
}

bool form_toggle(const struct form *f, size_t field)
{
	return field < f->nfields && f->fields[field].on;
}

void form_error(struct form *f, size_t field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(f->message);
	f->message = xvasprintf(fmt, ap);
	va_end(ap);
	if (field < f->nfields && form_field_shown(f, field)) {
		f->focus = field;
		lineedit_select_all(&f->fields[field].edit);
	}
}

static void set_message(struct form *f, const char *text)
{
	free(f->message);
	f->message = xstrdup(text);
}

/* ---- events ---------------------------------------------------------------- */

/* Moves the focus to the next (step 1) or previous (-1) shown field, going
 * round. */
static void move_focus(struct form *f, int step)
{
	if (f->nfields == 0)
		return;
	size_t i = f->focus;
	for (size_t n = 0; n < f->nfields; n++) {
		i = (i + f->nfields + (size_t)(step > 0 ? 1 : f->nfields - 1)) % f->nfields;
		if (form_field_shown(f, i)) {
			f->focus = i;
			lineedit_select_all(&f->fields[i].edit);
			return;
		}
	}
}

/* Digits and the decimal point as an input method may type them, in full
 * width (０-９, ．, 。), made ASCII. */
static unsigned int ascii_digit(unsigned int ch)
{
	if (ch >= 0xFF10 && ch <= 0xFF19)
		return '0' + (ch - 0xFF10);
	if (ch == 0xFF0E || ch == 0x3002)
		return '.';
	return ch;
}

static void type_char(struct form *f, struct form_field *fl, unsigned int ch)
{
	switch (fl->kind) {
	case FORM_TEXT:
		if (!lineedit_insert(&fl->edit, ch))
			set_message(f, _("This field takes no more characters"));
		return;
	case FORM_NUMBER:
		ch = ascii_digit(ch);
		if (ch >= '0' && ch <= '9')
			lineedit_insert(&fl->edit, ch);
		else
			set_message(f, _("Only digits here"));
		return;
	case FORM_MONEY:
		ch = ascii_digit(ch);
		if ((ch >= '0' && ch <= '9') || ch == '.')
			lineedit_insert(&fl->edit, ch);
		else
			set_message(f, _("An amount takes only digits and a decimal point"));
		return;
	case FORM_CHOICE:
		if (ch == ' ' && fl->nchoices > 0)
			fl->choice = (fl->choice + 1) % fl->nchoices;
		return;
	case FORM_TOGGLE:
		if (ch == ' ')
			fl->on = !fl->on;
		return;
	}
}

static void step_choice(struct form_field *fl, int step)
{
	if (fl->kind == FORM_TOGGLE) {
		fl->on = !fl->on;
	} else if (fl->kind == FORM_CHOICE && fl->nchoices > 0) {
		fl->choice =
		    (fl->choice + fl->nchoices + (size_t)(step > 0 ? 1 : fl->nchoices - 1)) %
		    fl->nchoices;
	}
}

static bool is_text(const struct form_field *fl)
{
	return fl->kind == FORM_TEXT || fl->kind == FORM_NUMBER || fl->kind == FORM_MONEY;
}

static enum form_result question_event(struct form *f, const struct ui_event *ev)
{
	if (ev->action == ACT_BACK)
		return FORM_CANCEL;
	if (ev->action == ACT_HELP || ev->action == ACT_QUIT)
		return FORM_IGNORED;
	if (!ev->is_key && (ev->ch == 'y' || ev->ch == 'Y' || ev->ch == 0xFF59))
		return FORM_SUBMIT;
	if (!ev->is_key && (ev->ch == 'n' || ev->ch == 'N' || ev->ch == 0xFF4E))
		return FORM_CANCEL;
	if (ev->action != ACT_CLICK && ev->action != ACT_WHEEL_UP && ev->action != ACT_WHEEL_DOWN)
		set_message(f, _("Press y for yes or n for no"));
	return FORM_HANDLED;
}

/* A click on a field's row gives it the focus; a click on a choice or a
 * toggle also changes it. Clicks elsewhere are swallowed. */
static void click(struct form *f, int y, int x)
{
	if (y < f->field_y || x < f->box_x || x >= f->box_x + f->box_w)
		return;
	int row = f->field_y;
	size_t skip = f->field_top;
	for (size_t i = 0; i < f->nfields; i++) {
		if (!form_field_shown(f, i))
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		if (row == y) {
			f->focus = i;
			if (!is_text(&f->fields[i]) && x >= f->field_x)
				step_choice(&f->fields[i], 1);
			else
				lineedit_select_all(&f->fields[i].edit);
			return;
		}
		row++;
	}
}

enum form_result form_event(struct form *f, const struct ui_event *ev)
{
	free(f->message);
	f->message = NULL;
	if (f->question)
		return question_event(f, ev);
	if (f->nfields == 0)
		return ev->action == ACT_BACK ? FORM_CANCEL : FORM_HANDLED;
	if (!form_field_shown(f, f->focus))
		move_focus(f, 1);

	struct form_field *fl = &f->fields[f->focus];
	if (ev->action == ACT_NONE && !ev->is_key && ev->ch >= ' ' && ev->ch != 127) {
		type_char(f, fl, ev->ch);
		return FORM_HANDLED;
	}
	switch (ev->action) {
	case ACT_BACK:
		return FORM_CANCEL;
	case ACT_ENTER:
		return FORM_SUBMIT;
	case ACT_HELP:
	case ACT_QUIT:
	case ACT_REDRAW:
		return FORM_IGNORED;
	case ACT_TAB:
		move_focus(f, ev->is_key && ev->key == KEY_BTAB ? -1 : 1);
		return FORM_HANDLED;
	case ACT_DOWN:
	case ACT_PAGE_DOWN:
		move_focus(f, 1);
		return FORM_HANDLED;
	case ACT_UP:
	case ACT_PAGE_UP:
		move_focus(f, -1);
		return FORM_HANDLED;
	case ACT_LEFT:
		if (is_text(fl))
			lineedit_left(&fl->edit);
		else
			step_choice(fl, -1);
		return FORM_HANDLED;
	case ACT_RIGHT:
		if (is_text(fl))
			lineedit_right(&fl->edit);
		else
			step_choice(fl, 1);
		return FORM_HANDLED;
	case ACT_HOME:
		lineedit_home(&fl->edit);
		return FORM_HANDLED;
	case ACT_END:
		lineedit_end(&fl->edit);
		return FORM_HANDLED;
	case ACT_BACKSPACE:
		lineedit_backspace(&fl->edit);
		return FORM_HANDLED;
	case ACT_DELETE:
		lineedit_delete(&fl->edit);
		return FORM_HANDLED;
	case ACT_KILL_LINE:
		lineedit_kill_to_start(&fl->edit);
		return FORM_HANDLED;
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK:
		click(f, ev->mouse_y, ev->mouse_x);
		return FORM_HANDLED;
	default:
		/* Everything else would act on the screen below: not while
		 * the form asks for something. */
		return FORM_HANDLED;
	}
}

/* ---- drawing --------------------------------------------------------------- */

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Rows text takes when wrapped to width cells (at most FORM_TEXT_ROWS): as
 * draw_wrapped wraps it. */
static int wrapped_rows(const char *text, int width)
{
	if (text == NULL || width <= 0)
		return 0;
	int rows = draw_wrapped_rows(width, text);
	return rows < FORM_TEXT_ROWS ? rows : FORM_TEXT_ROWS;
}

static void draw_field(struct ui *ui, const struct form *f, size_t i, int y, int x, int w)
{
	const struct form_field *fl = &f->fields[i];
	bool focus = i == f->focus;
	switch (fl->kind) {
	case FORM_TEXT:
	case FORM_NUMBER:
	case FORM_MONEY: {
		if (fl->edit.len == 0 && fl->placeholder) {
			/* An example of what goes there, until something is typed. */
			draw_text(y, x, w, fl->placeholder, STYLE_DIM, false);
			if (focus) {
				ui->caret_y = y;
				ui->caret_x = x;
			}
			return;
		}
		size_t start;
		int caret;
		lineedit_view(&fl->edit, w, &start, &caret);
		/* A selected value (typing replaces it) is drawn as selected. */
		draw_text(y, x, w, fl->edit.text + start,
		          focus && fl->edit.selected ? STYLE_CURSOR : STYLE_FIELD, false);
		if (focus) {
			ui->caret_y = y;
			ui->caret_x = x + caret;
		}
		return;
	}
	case FORM_CHOICE: {
		char *text = xasprintf("< %s >", fl->nchoices ? fl->choices[fl->choice] : "");
		draw_text(y, x, text_width(text) < w ? text_width(text) : w, text,
		          focus ? STYLE_CURSOR : STYLE_FIELD, false);
		free(text);
		return;
	}
	case FORM_TOGGLE: {
		char *text = xasprintf("[%s] %s", fl->on ? "x" : " ", fl->on ? _("Yes") : _("No"));
		draw_text(y, x, text_width(text) < w ? text_width(text) : w, text,
		          focus ? STYLE_CURSOR : STYLE_FIELD, false);
		free(text);
		return;
	}
	}
}

void form_draw(struct ui *ui, struct form *f)
{
	const struct layout *l = &ui->layout;
	if (l->too_small)
		return;
	/* Only the form's field may show the cursor. */
	ui->caret_y = ui->caret_x = -1;

	int w = clampi(FORM_MAX_W, FORM_MIN_W, l->cols - 4);
	if (w > l->cols)
		w = l->cols;
	int inner = w - 4;

	size_t shown = 0;
	int label_w = 0;
	for (size_t i = 0; i < f->nfields; i++) {
		if (!form_field_shown(f, i))
			continue;
		shown++;
		int lw = text_width(f->fields[i].label);
		if (lw > label_w)
			label_w = lw;
	}
	label_w = clampi(label_w + 2, 4, inner / 2);

	int text_rows = f->question ? wrapped_rows(f->question, inner) : 0;
	int note_rows = f->note ? wrapped_rows(f->note, inner) : 0;
	/* Frame, fields, note, message, hint. */
	int h = 2 + text_rows + (int)shown + note_rows + 1 + 1;
	int room = l->bar_y - 1;
	if (h > room)
		h = room;
	int y = 1 + (room - h) / 2;
	int x = (l->cols - w) / 2;
	f->box_y = y;
	f->box_x = x;
	f->box_h = h;
	f->box_w = w;

	for (int r = 0; r < h; r++)
		draw_fill(y + r, x, w, STYLE_NORMAL);
	draw_frame(y, x, h, w, f->title);
	int bottom = y + h - 1; /* the frame's last row */
	int row = y + 1;

	if (f->question && row < bottom)
		row += draw_wrapped(row, x + 2, inner, text_rows, f->question, STYLE_NORMAL);

	f->field_y = row;
	f->field_x = x + 2 + label_w;
	/* In a low window the fields scroll so that the focused one shows. */
	size_t rows = bottom - 2 > row ? (size_t)(bottom - 2 - row) : 0;
	size_t at = 0;
	for (size_t i = 0; i < f->focus && i < f->nfields; i++)
		if (form_field_shown(f, i))
			at++;
	if (rows == 0 || shown <= rows)
		f->field_top = 0;
	else if (at < f->field_top)
		f->field_top = at;
	else if (at >= f->field_top + rows)
		f->field_top = at - rows + 1;
	if (shown > rows && f->field_top > shown - rows)
		f->field_top = shown - rows;
	size_t skip = f->field_top;
	for (size_t i = 0; i < f->nfields && row < bottom - 2; i++) {
		if (!form_field_shown(f, i))
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		bool focus = i == f->focus;
		draw_text(row, x + 2, label_w, f->fields[i].label,
		          focus ? STYLE_TITLES : STYLE_NORMAL, false);
		draw_field(ui, f, i, row, f->field_x, inner - label_w);
		row++;
	}
	if (f->note && row < bottom - 2)
		row += draw_wrapped(row, x + 2, inner, note_rows, f->note, STYLE_DIM);

	if (f->message)
		draw_text(bottom - 2, x + 2, inner, f->message, STYLE_ERROR, false);

	bool choices = false;
	for (size_t i = 0; i < f->nfields; i++)
		if (!is_text(&f->fields[i]))
			choices = true;
	const char *hint;
	if (f->question)
		/* TRANSLATORS: the keys of a yes/no question box */
		hint = _("y yes   n no   Esc no");
	else if (choices)
		/* TRANSLATORS: the keys of a form box; keep within about 60 cells */
		hint = _("Enter OK  Up/Down/Tab field  Space/Left/Right choose  Esc cancel");
	else if (f->nfields > 1)
		/* TRANSLATORS: the keys of a form box of text fields only */
		hint = _("Enter OK  Up/Down/Tab field  Esc cancel");
	else
		/* TRANSLATORS: the keys of a box with one field */
		hint = _("Enter OK  Esc cancel");
	draw_text(bottom - 1, x + 2, inner, hint, STYLE_DIM, false);
}
