/* The SQLite store: the imported catalogue (and, later, saved purchase lists
 * and order history) in one database file. Holds no curses, parses no YAML:
 * it imports a struct catalogue that the loader built.
 *
 * Every function that can fail returns -1 and sets *cause to a translated
 * message (caller frees); nothing here prints. */
#ifndef AIX_STORE_H
#define AIX_STORE_H

#include "catalogue/catalogue.h"
#include "core/diag.h"
#include "core/money.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* Opens (creating when missing, with its parent folders) the database at path:
 * WAL journal, foreign keys on, schema created or checked. NULL and *cause on
 * failure. A damaged file, or one that is not an aixingou database, is an
 * error here and stays as it is (see store_open_ex). A statement waits up to
 * 3 s for another program holding the database, or as many milliseconds as
 * the environment variable AIXINGOU_BUSY_TIMEOUT_MS says (0 to 600000). */
struct store *store_open(const char *path, char **cause);

enum store_open_flag {
	/* A damaged database (garbage, truncated, pages broken, or another
	 * program's database) is moved aside to PATH.corrupt-YYYYMMDD-HHMMSS
	 * (never deleted), a new one is made at path, and the saved purchase
	 * lists, their lines and the order history are recovered into it as far
	 * as the old file can still be read (the undo history is not). A
	 * database made by a newer aixingou is never moved. */
	STORE_OPEN_REPAIR = 1 << 0,
};

/* store_open with flags (enum store_open_flag). When a repair happened,
 * *notice (when notice is not NULL) gets a translated message for the user
 * naming both paths and what was recovered (caller frees); otherwise NULL.
 * The new database holds no catalogue yet: store_sync imports it. */
struct store *store_open_ex(const char *path, unsigned flags, char **notice, char **cause);
void store_close(struct store *st);

/* Replaces the imported catalogue with cat in one transaction (all or nothing:
 * on failure the previous import stays). */
int store_import(struct store *st, const struct catalogue *cat, const char *catalogue_dir,
                 char **cause);

enum store_sync_result {
	STORE_SYNC_ERROR = -1,       /* nothing usable: see cause / diags */
	STORE_SYNC_UNCHANGED = 0,    /* the store already holds this catalogue */
	STORE_SYNC_IMPORTED = 1,     /* the catalogue changed and was imported */
	STORE_SYNC_KEPT_OLD = 2,     /* the catalogue has errors (in diags); the last
	                                good import is still there and is used */
	STORE_SYNC_NOT_IMPORTED = 3, /* the catalogue changed but could not be
	                                imported (a full disk, a lock held by
	                                another program: see cause); the last
	                                import is still there and is used */
};

/* Brings the store up to date with the catalogue in dir: hashes the files and
 * compares with the last import; only when they differ (or the program's
 * search keys changed) parses, validates and imports. Errors of the YAML go
 * to diags and never touch the last good import. */
enum store_sync_result store_sync(struct store *st, const char *catalogue_dir,
                                  struct diag_list *diags, char **cause);
/* store_sync, calling reading(arg) (when not NULL) once the files are known
 * to have changed, before they are parsed and imported: a catalogue of
 * 200,000 products takes seconds, and a program may say so meanwhile. */
enum store_sync_result store_sync_ex(struct store *st, const char *catalogue_dir,
                                     struct diag_list *diags, char **cause,
                                     void (*reading)(void *arg), void *arg);

/* What the header of a screen or an order needs. Strings owned by the struct. */
struct store_info {
	char *title;         /* catalogue title */
	char *publisher;     /* catalogue publisher */
	char *region_name;   /* NULL when none */
	bool sample;         /* illustrative data */
	int latest_edition;  /* highest edition number, 0 when none */
	char *imported_at;   /* UTC time of the import, "YYYY-MM-DD HH:MM:SS" */
	char *catalogue_dir; /* the folder imported */
	struct cat_rules rules;
	int64_t nenterprises;
	int64_t nproducts;
	int64_t nservices;
};
int store_get_info(struct store *st, struct store_info *info, char **cause);
void store_info_finish(struct store_info *info);
/* True when another program imported the catalogue into the file since the
 * last call: what the caller holds (positions, the search index, counts) no
 * longer agrees with the store. The first call only takes note. Cheap enough
 * for every key: it reads the import's stamp only after SQLite says another
 * connection committed. False on a read error (the next query reports it). */
bool store_reimported(struct store *st);
/* SQLite's data_version of the connection: it moves only when another
 * connection (another aixingou) commits to the file, so a caller that keeps
 * the last value sees cheaply that something may have changed (the
 * connection's own commits leave it). -1 on a read error. */
int64_t store_data_version(struct store *st);

enum store_sort {
	STORE_SORT_CATALOGUE = 0, /* catalogue order: enterprise file, then item order */
	STORE_SORT_NAME,
	STORE_SORT_PRICE,
	STORE_SORT_UNIT_PRICE, /* price per 500 g; items without a weight last */
	STORE_SORT_ENTERPRISE,
	STORE_SORT_CATEGORY,
};

/* Which products a list shows. Zero-initialise, then set what applies. */
struct store_filter {
	const char *search; /* search text (see searchkey.h); NULL for none */
	/* The item's category is one of these ids; ncategories 0 for any. */
	const char *const *categories;
	size_t ncategories;
	/* Its enterprise's township is one of these (names or codes);
	 * ntownships 0 for any. */
	const char *const *townships;
	size_t ntownships;
	unsigned kinds;         /* enterprise must have one of these kinds; 0 for any */
	int edition;            /* enterprise's edition; 0 for any */
	unsigned platforms;     /* enterprise must be on one of these; 0 for any */
	const char *enterprise; /* enterprise id; NULL for any */
	bool certified_only;    /* only certified_832 products */
	money_t min_price;      /* fen; 0 for no minimum */
	money_t max_price;      /* fen; 0 for no maximum */
	bool with_services;     /* also list tourism services */
	bool services_only;     /* only services */
	enum store_sort sort;
	bool descending;
};

/* One product as lists and screens show it. Strings owned by the row. */
struct store_product {
	int64_t rowid; /* stable within one import */
	char *id;
	char *name;
	char *enterprise_id;
	char *enterprise;       /* registered name */
	char *enterprise_short; /* short name, or the registered name when none */
	char *category_id;
	char *category; /* category name */
	int64_t township_code;
	char *township; /* township name */
	char *spec;     /* "" when none */
	char *unit;
	money_t price;
	int64_t net_weight_g; /* 0 when none */
	money_t per_500g;     /* -1 when no weight */
	int64_t min_order;
	bool certified_832;
	bool selenium_rich;
	bool is_service;
};

struct store_products {
	struct store_product *items;
	size_t count;
};

/* Runs the filter. Returns 0 and fills *out (free with store_products_finish). */
int store_query_products(struct store *st, const struct store_filter *filter,
                         struct store_products *out, char **cause);
/* Runs the filter and calls each(row, arg) for every row as SQLite steps to
 * it, holding one row at a time (a listing of 200,000 products in 8 MB, not
 * 159). The row is freed after each returns; each may take its strings, and
 * then zeroes *row. Returns 0, or -1 with *cause. */
int store_each_product(struct store *st, const struct store_filter *filter,
                       void (*each)(struct store_product *row, void *arg), void *arg, char **cause);
void store_products_finish(struct store_products *list);

/* The products a filter lists as their positions (store_product.rowid), in
 * list order: what a screen needs to count and scroll without holding every
 * row's texts (200,000 rows of ten strings are a hundred megabytes and most of
 * a keystroke's time). It fetches the rows it shows with store_get_products. */
struct store_positions {
	int64_t *items;
	size_t count;
};

/* Runs the filter as store_query_products does, giving positions only.
 * Returns 0 and fills *out (free with store_positions_finish). */
int store_query_positions(struct store *st, const struct store_filter *filter,
                          struct store_positions *out, char **cause);
void store_positions_finish(struct store_positions *list);

/* The products of within (a list store_query_positions gave) that the search
 * text matches, in within's order. When within is the list of the same
 * filter with a search that search extends (typed on: "zyf" after "zy"), this
 * is the list store_query_positions would give, at the cost of a lookup per
 * product of within instead of a scan of the catalogue. The caller decides
 * when that holds (searchkey.h: a longer term matches fewer products, except
 * after a term of digits only, which the initials do not search). */
int store_narrow_positions(struct store *st, const char *search,
                           const struct store_positions *within, struct store_positions *out,
                           char **cause);

/* Puts the positions of a search's list in the order a search lists in
 * catalogue order (no sort chosen): the products whose names match first,
 * then by enterprise, category, other texts (search_query_rank), each group
 * in catalogue order. The same order store_query_positions gives. */
int store_rank_positions(struct store *st, const char *search, struct store_positions *list,
                         char **cause);
/* Sorts list by rank[i] (one per item), then by position. */
void store_rank_sort(const unsigned *rank, struct store_positions *list);

/* The rows at these positions, in the order given: *out gets count rows (free
 * with store_products_finish). -1 when one of them is no longer in the store
 * (a new import since the positions were read) or on error. */
int store_get_products(struct store *st, const int64_t *positions, size_t count,
                       struct store_products *out, char **cause);

/* Everything the catalogue says about one product or service and its
 * enterprise, for a detail pane and the compare screen. Strings owned by the
 * struct; optional texts are NULL when not given. */
struct store_item_detail {
	struct store_product product; /* the same fields a list row has */
	char *description;            /* the item's description */
	char **tags;                  /* ntags tags, in catalogue order */
	size_t ntags;
	int64_t shelf_life_days; /* 0 when not given */
	unsigned kinds;          /* the enterprise's enum cat_kind bits */
	unsigned platforms;      /* the enterprise's enum cat_platform bits */
	int edition;             /* the enterprise's edition, 0 when not given */
	char *edition_title;     /* e.g. "第二期"; NULL when no edition */
	bool recuperation_base;  /* the enterprise is a recuperation base */
	char *enterprise_description;
	char *contact_person;
	char *contact_phone;
	char *contact_address;
};

/* Looks up the item with this id. Returns 0 and fills *out (free with
 * store_item_detail_finish), 1 when there is no such item, -1 on error; after
 * 1 or -1 *out holds nothing (finishing it is harmless). */
int store_get_item(struct store *st, const char *id, struct store_item_detail *out, char **cause);
void store_item_detail_finish(struct store_item_detail *detail);

/* The dimensions a filter panel offers, with counts. */
enum store_group {
	STORE_GROUP_CATEGORY, /* key: category id */
	STORE_GROUP_TOWNSHIP, /* key: township code as decimal text */
	STORE_GROUP_KIND,     /* key: cat_kind_name() of each kind bit */
	STORE_GROUP_EDITION,  /* key: edition number as decimal text */
	STORE_GROUP_PLATFORM, /* key: cat_platform_name() of each platform bit */
};

struct store_count {
	char *key;     /* what the filter takes, see enum store_group */
	char *name;    /* what people read: 茶叶, 毛坝镇, 第二期; for kinds and
	                  platforms the key (the UI translates it) */
	int64_t count; /* items that the filter would list with this choice */
};

struct store_counts {
	struct store_count *items;
	size_t count;
};

/* Every value of the group in catalogue order (categories and townships as
 * listed in catalogue.yaml, editions by number, kinds and platforms in bit
 * order), each with the number of items the filter would list if that group's
 * own filter were set to that value (the other filters and the search stay),
 * so a panel can show what each choice gives. Values with a count of 0 are
 * included. Free with store_counts_finish. */
int store_count_by(struct store *st, const struct store_filter *filter, enum store_group group,
                   struct store_counts *out, char **cause);
void store_counts_finish(struct store_counts *counts);
/* f with group's own choice taken out: what store_count_by counts each of
 * the group's values within. */
struct store_filter store_filter_without_group(const struct store_filter *f,
                                               enum store_group group);
/* The values of a group as store_count_by lists them (keys, names, order),
 * every count 0: no item is read. Free with store_counts_finish. */
int store_group_values(struct store *st, enum store_group group, struct store_counts *out,
                       char **cause);

/* The search keys of every item in memory (search-index.c): a search over
 * them costs what matching the keys costs, without a scan of the items
 * table. Made by each import; about 100 bytes per item. */
struct store_search_index;
/* Reads the index. 0 with *out NULL when the database has none (or one this
 * version cannot use): search with the queries above then. -1 with *cause
 * when the file cannot be read. */
int store_search_index_load(struct store *st, struct store_search_index **out, char **cause);
/* The positions of within that the search text matches, in within's order:
 * what store_narrow_positions gives, from memory. *out is the caller's to
 * free with store_positions_finish. */
void store_search_index_narrow(const struct store_search_index *idx, const char *search,
                               const struct store_positions *within, struct store_positions *out);
/* store_rank_positions from memory. */
void store_search_index_rank(const struct store_search_index *idx, const char *search,
                             struct store_positions *list);
/* What store_count_by counts, over the positions within: the list of the
 * filter without the group's own choice (and with its search) gives what
 * store_count_by gives for the filter. From the index's memory; the group's
 * values come from the store. Free with store_counts_finish. */
int store_search_index_count(struct store *st, const struct store_search_index *idx,
                             const struct store_positions *within, enum store_group group,
                             struct store_counts *out, char **cause);
/* The number of items the index holds (positions 1 to that). */
size_t store_search_index_size(const struct store_search_index *idx);
void store_search_index_free(struct store_search_index *idx);

/* One enterprise as the enterprises view shows it. */
struct store_enterprise {
	char *id;
	char *name;
	char *short_name; /* the name when none is given */
	int64_t township_code;
	char *township;
	unsigned kinds;
	unsigned platforms;
	int edition; /* 0 when not given */
	bool recuperation_base;
	int64_t nproducts;
	int64_t nservices;
};

struct store_enterprises {
	struct store_enterprise *items;
	size_t count;
};

/* All enterprises in catalogue order (by file). */
int store_query_enterprises(struct store *st, struct store_enterprises *out, char **cause);
void store_enterprises_finish(struct store_enterprises *list);

/* True when code_or_name names a township of the imported catalogue. */
bool store_township_exists(struct store *st, const char *code_or_name);
/* True when id is a category of the imported catalogue. */
bool store_category_exists(struct store *st, const char *id);

/* The default database path: $XDG_DATA_HOME/aixingou/aixingou.db, or
 * ~/.local/share/aixingou/aixingou.db. Caller frees; NULL when neither
 * XDG_DATA_HOME nor HOME is set. */
char *store_default_path(void);

#endif
