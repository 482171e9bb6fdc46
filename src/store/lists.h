/* Saved purchase lists and the order history, in the same database as the
 * catalogue but never touched by a catalogue import.
 *
 * Every edit is one SQLite transaction, committed before the function returns:
 * a killed program or a power cut loses no edit that returned 0. A line keeps
 * the name, spec, unit, price and supplier it was added with; loading a list
 * compares each line with the catalogue of the day and says which lines
 * changed price or left the catalogue, but never changes them silently.
 *
 * Every edit also records the list's new state in its history, in the same
 * transaction, so undo and redo work across restarts; the last 100 states of
 * each list are kept (99 steps of undo). Functions that can fail return -1
 * with a translated *cause (caller frees); a refused edit changes nothing. */
#ifndef AIX_LISTS_H
#define AIX_LISTS_H

#include "catalogue/catalogue.h"
#include "core/money.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest quantity of a line, as the browser lets a clerk type it. */
#define PLIST_QUANTITY_MAX 10000000

/* Longest name of a list, in bytes. */
#define PLIST_NAME_MAX 120

/* How a line compares with the catalogue now imported. */
enum plist_line_status {
	PLIST_LINE_OK,            /* in the catalogue at the price it was added with */
	PLIST_LINE_PRICE_CHANGED, /* in the catalogue at another price (catalogue_price) */
	PLIST_LINE_GONE,          /* its product is no longer in the catalogue */
	PLIST_LINE_CUSTOM,        /* added by hand, not from the catalogue */
};

struct plist_line {
	int64_t id;         /* stable id of the line */
	char *product_id;   /* catalogue id; NULL for a line added by hand */
	char *supplier_id;  /* enterprise id; NULL for a line added by hand */
	char *supplier;     /* enterprise's registered name, or as typed */
	char *name;         /* as when added */
	char *spec;         /* "" when none */
	char *unit;         /* 盒, 袋, 人… */
	money_t unit_price; /* fen, as when added */
	int64_t quantity;   /* per member in a pack, else in total; >= 1 */
	bool is_service;    /* a tourism service */
	/* Filled by store_list_load from the catalogue now imported: */
	enum plist_line_status status;
	money_t catalogue_price; /* the price now, when OK or PRICE_CHANGED; 0 when
	                            GONE or CUSTOM */
	int64_t min_order;       /* the product's min_order now, 1 when unknown */
};

/* The settings of a list, also what store_list_create and
 * store_list_set_info take. Strings are owned by the struct. */
struct plist_info {
	char *name;             /* unique, e.g. "2020年中秋慰问品"; 1..PLIST_NAME_MAX bytes */
	char *union_name;       /* the union buying, e.g. "城关镇总工会"; "" until set */
	char *handler;          /* 经办人; "" until set */
	char *purpose;          /* a holiday key of plist_holidays() or free text ("疗休养") */
	int64_t headcount;      /* members the purchase is for, >= 1 */
	bool pack;              /* quantities are per member: × headcount in the order */
	struct cat_rules rules; /* budget and rules for this list; changeable per
	                           list. store_list_create takes the imported
	                           catalogue's rules when all four are 0 */
};

struct plist {
	int64_t id;
	struct plist_info info;
	struct plist_line *lines; /* in the order added */
	size_t nlines;
	bool can_undo;
	bool can_redo;
	char *updated_at;   /* UTC "YYYY-MM-DD HH:MM:SS" of the last edit, undo or redo */
	int64_t edit_order; /* grows with every edit, undo or redo of the list:
	                       what store_list_stamp reads */
};

/* One row of the saved lists. */
struct plist_summary {
	int64_t id;
	char *name;
	char *purpose;
	int64_t headcount;
	bool pack;
	size_t nlines;
	money_t total; /* as plist_total() computes it; -1 on overflow */
	char *updated_at;
};

/* The statutory holidays a union may give gifts for, as keys
 * ("new-year", "spring-festival", "qingming", "labour-day", "dragon-boat",
 * "mid-autumn", "national-day"), NULL-terminated. */
const char *const *plist_holidays(void);
/* The translated name of a holiday key (元旦, 春节…), or NULL when key is not
 * one (then the purpose is free text). */
const char *plist_holiday_label(const char *key);

/* The list's quantity of a line in the order: quantity × headcount in a pack.
 * False on overflow. */
bool plist_line_order_quantity(const struct plist *l, const struct plist_line *line, int64_t *out);
/* The amount of a line in the order (unit price × order quantity). False on
 * overflow. */
bool plist_line_amount(const struct plist *l, const struct plist_line *line, money_t *out);
/* The order's total. False on overflow. */
bool plist_total(const struct plist *l, money_t *out);

/* All saved lists, most recently edited first (an undo or redo counts as an
 * edit). */
int store_lists(struct store *st, struct plist_summary **out, size_t *count, char **cause);
void plist_summaries_free(struct plist_summary *list, size_t count);

/* Creates an empty list (with nothing to undo). *id gets its id. An existing
 * name is an error. NULL union_name, handler or purpose are stored as "". */
int store_list_create(struct store *st, const struct plist_info *info, int64_t *id, char **cause);
/* Loads a list by id, or by name when id is 0. Returns 1 when there is no such
 * list. */
int store_list_load(struct store *st, int64_t id, const char *name, struct plist *out,
                    char **cause);
void plist_finish(struct plist *l);
/* The list's edit_order as stored now (see struct plist), a single-row read:
 * when it differs from the loaded list's, the list was edited since (by
 * another program on the same database). Returns 1 when there is no such
 * list (deleted). */
int store_list_stamp(struct store *st, int64_t list_id, int64_t *stamp, char **cause);
void plist_info_finish(struct plist_info *info);
/* A copy of info. */
void plist_info_copy(struct plist_info *dst, const struct plist_info *src);

/* Import (import-order): a new list and all its lines in one transaction,
 * so that a killed import leaves the whole list or nothing, and fast (no
 * commit, no undo step per line). begin creates the list (an existing name
 * is an error) and holds the database's write lock until commit or abort;
 * the list as committed is its first undo state. find looks an item up in
 * the catalogue: 0 and the line it would make (*min_order, and the
 * supplier's short name or its name in *supplier_short, caller frees), 1
 * when the id is not there. add inserts a line as given (quantity
 * 1..PLIST_QUANTITY_MAX, price 0..MONEY_MAX). commit and abort end it and
 * free im; after a failed add or find, abort. */
struct plist_import;
int store_list_import_begin(struct store *st, const struct plist_info *info,
                            struct plist_import **im, char **cause);
int store_list_import_find(struct plist_import *im, const char *product_id, struct plist_line *line,
                           int64_t *min_order, char **supplier_short, char **cause);
int store_list_import_add(struct plist_import *im, const struct plist_line *line, char **cause);
/* Says how many finds will follow: when they are many (1,000 and more, and at
 * least an eighth of the catalogue) the catalogue's items are read once into
 * memory and found there (a look-up by SQL per row was 40% of an import of
 * 100,000 rows). */
int store_list_import_expect(struct plist_import *im, size_t lookups, char **cause);
int store_list_import_commit(struct plist_import *im, int64_t *id, char **cause);
void store_list_import_abort(struct plist_import *im);
/* Frees a line's strings, as store_list_import_find fills them. */
void plist_line_finish(struct plist_line *line);

/* Edits; each is committed (and recorded for undo) before it returns 0. An
 * edit that leaves the list as it was returns 0 and records no undo step. A
 * list_id or line_id that is not there (or a line of another list) is an
 * error. set_info may rename the list, but not to another list's name. */
int store_list_set_info(struct store *st, int64_t list_id, const struct plist_info *info,
                        char **cause);
/* Adds a catalogue product or service with its name, price and supplier of
 * now. A product already in the list gets quantity more instead of a second
 * line (the line keeps its own name and price). quantity 0 means the
 * product's min_order. When the line's quantity would be below min_order it
 * is raised to it (*raised_to, when not NULL, gets the quantity used, else
 * 0). In a pack the minimum is per member: min_order / headcount, rounded
 * up, since the order multiplies by the headcount. An id that is not in the
 * catalogue is an error naming it. */
int store_list_add_item(struct store *st, int64_t list_id, const char *product_id, int64_t quantity,
                        int64_t *raised_to, char **cause);
/* Adds a line that is not in the catalogue (status PLIST_LINE_CUSTOM). name
 * and unit must not be blank; 0 < price <= MONEY_MAX; quantity >= 1; NULL
 * supplier or spec is "". */
int store_list_add_custom(struct store *st, int64_t list_id, const char *supplier, const char *name,
                          const char *spec, const char *unit, money_t price, int64_t quantity,
                          char **cause);
int store_list_set_quantity(struct store *st, int64_t list_id, int64_t line_id, int64_t quantity,
                            char **cause);
/* Adds delta (negative: takes away) to the quantity of a line as stored
 * now, not as the caller last loaded it, so that two programs pressing +
 * on one list lose nothing. Returns 1, changing nothing, when the quantity
 * would go below 1, or above max when delta > 0; *quantity (when not NULL) gets the
 * quantity stored after the call. */
int store_list_change_quantity(struct store *st, int64_t list_id, int64_t line_id, int64_t delta,
                               int64_t max, int64_t *quantity, char **cause);
int store_list_remove_line(struct store *st, int64_t list_id, int64_t line_id, char **cause);
/* Takes a line's price to the catalogue's current price (the clerk's choice
 * after seeing it changed). An error for a line added by hand or whose product
 * left the catalogue. */
int store_list_update_price(struct store *st, int64_t list_id, int64_t line_id, char **cause);
/* Undo and redo of the edits above (not of create and delete). Return 1 when
 * there is nothing to undo or redo. The list gets back its settings and lines
 * as they were, each line under its old id; an error (changing nothing) when
 * the name it would get back now belongs to another list. */
int store_list_undo(struct store *st, int64_t list_id, char **cause);
int store_list_redo(struct store *st, int64_t list_id, char **cause);
/* Deletes the list with its lines and history; its recorded orders stay
 * (their list_id becomes 0). */
int store_list_delete(struct store *st, int64_t list_id, char **cause);

/* The order history. */
struct order_record {
	int64_t id;
	int64_t list_id;  /* 0 when the list was deleted since */
	char *list_name;  /* the list's name when written */
	char *number;     /* e.g. "AXG-20261128-001" */
	char *written_at; /* UTC "YYYY-MM-DD HH:MM:SS" */
	char *files;      /* the files written, separated by newlines */
	money_t total;
};

/* The next order number for a local date "YYYYMMDD": "AXG-YYYYMMDD-NNN",
 * NNN being 1 + the orders recorded with that date (zero-padded to 3 digits;
 * a number already taken is skipped). Caller frees. It is not reserved: the
 * order is only counted once store_record_order has recorded it. */
int store_next_order_number(struct store *st, const char *yyyymmdd, char **number, char **cause);
/* Records an order written now: list_id 0 when it belongs to no saved list;
 * files separated by newlines; total in fen (0..MONEY_MAX). A number already
 * recorded is an error. */
int store_record_order(struct store *st, int64_t list_id, const char *list_name, const char *number,
                       const char *files, money_t total, char **cause);

/* ---- Writing an order: one number per written order ------------------------
 *
 * The number is taken in the transaction that records the order, and each
 * file is recorded as pending (its path, the digest of its bytes, the pid of
 * the writer) before it is renamed into place:
 *
 *   store_order_reserve   one transaction: reuse the number of the list's
 *                         last order when the list is unchanged (same digest),
 *                         else take the next number and record the order;
 *                         render the files with that number; record each
 *                         file as pending.
 *   (write the files)     order_write_file, temporary file then rename.
 *   store_order_finish    one transaction: the files written join the order's
 *                         files, the others are dropped; an order left with
 *                         no file is removed (its number was never printed).
 *
 * A writer killed between the two leaves pending rows: store_orders_reconcile
 * (at every start that opens the store for orders) settles them once their
 * process is gone. A file at the path with the recorded digest was written:
 * it joins the order. Otherwise the row is dropped (and an order left with no
 * file), and the writer's temporary files (ORDER_TMP_PREFIX, its pid, "-")
 * beside the path are removed. So every order file in place is in the
 * history, and a number is never on two orders. */

/* The temporary files of order_write_file: ".aixingou-PID-XXXXXX". */
#define ORDER_TMP_PREFIX ".aixingou-"

struct store_order_file {
	char *path; /* absolute; set by the caller */
	char *data; /* set by render */
	size_t len;
};

struct store_order_plan {
	int64_t list_id; /* 0: no saved list */
	const char *list_name;
	money_t total;
	const char *digest;   /* the list's order without number and date */
	const char *yyyymmdd; /* today, local */
	struct store_order_file *files;
	size_t nfiles;
	/* Called inside the transaction with the order's number and its date
	 * ("YYYY-MM-DD", today's or a reused order's): fills files[].data and
	 * *text (the UTF-8 text order kept in the history). -1 with *cause
	 * ends the transaction with nothing recorded. */
	int (*render)(void *ctx, const char *number, const char *date,
	              struct store_order_plan *plan, char **text, char **cause);
	void *ctx;
	/* Out. */
	int64_t order_id;
	char *number; /* caller frees */
	bool reused;  /* the list was unchanged: the number of its last order */
};
int store_order_reserve(struct store *st, struct store_order_plan *plan, char **cause);
/* The number store_order_reserve would give now, for a preview: the list's
 * last order's when its digest is digest (*reused true), else the next
 * free one. Provisional: another program may take it first. */
int store_order_provisional(struct store *st, int64_t list_id, const char *digest,
                            const char *yyyymmdd, char **number, bool *reused, char **cause);
/* written[i] says whether files[i] is in place. */
int store_order_finish(struct store *st, const struct store_order_plan *plan, const bool *written,
                       char **cause);
/* Settles the pending files of writers that are gone (see above). *settled
 * (may be NULL) gets how many rows were settled. */
int store_orders_reconcile(struct store *st, size_t *settled, char **cause);
/* The text kept of an order as written; *text NULL when none was kept (an
 * order recorded by an older version). */
int store_order_text(struct store *st, int64_t order_id, char **text, char **cause);
/* FNV-1a, 64 bits, as 16 hex digits and the length: "HEX:LEN". Caller
 * frees. */
char *store_content_digest(const char *data, size_t len);

/* A supplier's contact as the catalogue gives it; NULL where it has none
 * (the order then leaves a blank to fill in). */
struct order_contact {
	char *supplier_id;
	char *person;
	char *phone;
	char *address;
};
/* The contacts of the list's suppliers that are in the catalogue, one per
 * supplier id. */
int store_order_contacts(struct store *st, const struct plist *l, struct order_contact **out,
                         size_t *count, char **cause);
void order_contacts_free(struct order_contact *c, size_t count);

/* The orders of one list (list_id > 0) or of all lists (0), newest first;
 * orders still being written (no file in place yet) are left out. */
int store_orders(struct store *st, int64_t list_id, struct order_record **out, size_t *count,
                 char **cause);
void order_records_free(struct order_record *list, size_t count);

#endif
