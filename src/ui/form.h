/* A small form over a screen: a framed box of labelled fields (text, a
 * whole number, an amount in yuan, a choice, a yes/no toggle), or a question
 * answered with y or n. It is not a view of its own: the screen that opens it
 * keeps it, draws it last, gives it every event first and acts on
 * FORM_SUBMIT or FORM_CANCEL, so that the answer is handled where the data
 * is. While a form is open, letters are text (the screen's context should be
 * KEYS_FIELD) and every key but help and quit stays in the form. */
#ifndef AIX_FORM_H
#define AIX_FORM_H

#include "ui/lineedit.h"
#include "ui/ui.h"

#include <stdbool.h>
#include <stddef.h>

enum form_field_kind {
	FORM_TEXT,   /* any text on one line */
	FORM_NUMBER, /* a whole number: digits only */
	FORM_MONEY,  /* yuan: digits and one decimal point */
	FORM_CHOICE, /* one of a few labels: Left/Right or Space */
	FORM_TOGGLE, /* yes or no: Space or Left/Right */
};

struct form_field {
	enum form_field_kind kind;
	char *label;          /* translated */
	char *placeholder;    /* shown dim while an empty text field has no focus; NULL for none */
	struct lineedit edit; /* TEXT, NUMBER, MONEY */
	char **choices;       /* CHOICE: translated labels */
	size_t nchoices;
	size_t choice; /* CHOICE: the one chosen */
	bool on;       /* TOGGLE */
	/* Shown only while field shown_if (a CHOICE) has choice shown_if_choice;
	 * -1 when always shown. */
	int shown_if;
	size_t shown_if_choice;
};

struct form {
	char *title;    /* in the frame */
	char *question; /* a yes/no question (no fields); NULL for a form */
	char *note;     /* a line under the fields (what Enter will do); NULL for none */
	struct form_field *fields;
	size_t nfields;
	size_t focus;     /* the field with the focus */
	char *message;    /* the last error, shown until the next key; NULL for none */
	int tag;          /* what the owner opened it for */
	int box_y, box_x; /* the last draw, for clicks */
	int box_h, box_w;
	int field_y, field_x; /* first field row, first cell of the values */
	size_t field_top;     /* shown fields scrolled off above, when not all fit */
};

enum form_result {
	FORM_IGNORED, /* not the form's key (help, quit): let the app have it */
	FORM_HANDLED, /* the form used it (or swallowed it) */
	FORM_SUBMIT,  /* Enter in a form, y to a question */
	FORM_CANCEL,  /* Esc, or n to a question */
};

/* A form with no fields yet; tag is the owner's. Free with form_free. */
struct form *form_new(const char *title, int tag);
/* A question answered with y (FORM_SUBMIT) or n or Esc (FORM_CANCEL). */
struct form *form_question(const char *title, const char *question, int tag);
void form_free(struct form *f);

/* Each returns the new field's index. value may be NULL. */
size_t form_add_text(struct form *f, enum form_field_kind kind, const char *label,
                     const char *value, const char *placeholder);
size_t form_add_choice(struct form *f, const char *label, const char *const *choices,
                       size_t nchoices, size_t chosen);
size_t form_add_toggle(struct form *f, const char *label, bool on);
/* Shows field only while choice_field has choice. */
void form_show_if(struct form *f, size_t field, size_t choice_field, size_t choice);
/* Sets the line under the fields (printf rules); NULL fmt removes it. */
void form_set_note(struct form *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The text of a field without blanks around it. Caller frees. */
char *form_value(const struct form *f, size_t field);
size_t form_choice(const struct form *f, size_t field);
bool form_toggle(const struct form *f, size_t field);
/* True when field is shown (see form_show_if). */
bool form_field_shown(const struct form *f, size_t field);

/* Says what is wrong and puts the focus on field; the form stays open. */
void form_error(struct form *f, size_t field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Handles one event; see enum form_result. */
enum form_result form_event(struct form *f, const struct ui_event *ev);
/* Draws the box in the middle of the area between the header and the bar;
 * puts the terminal's cursor in the focused text field. */
void form_draw(struct ui *ui, struct form *f);

#endif
