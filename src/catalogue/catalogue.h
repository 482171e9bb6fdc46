/* The catalogue model: what catalogue/catalogue.yaml and
 * catalogue/enterprises/NN-slug.yaml say, after validation. Built by
 * catalogue_load(); read by the store's import. Holds no curses, no SQLite. */
#ifndef AIX_CATALOGUE_H
#define AIX_CATALOGUE_H

#include "core/diag.h"
#include "core/money.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Enterprise kinds (`kinds` in YAML), a bit set. */
enum cat_kind {
	CAT_KIND_FARM = 1 << 0,     /* farm */
	CAT_KIND_TOURISM = 1 << 1,  /* tourism */
	CAT_KIND_HARDSHIP = 1 << 2, /* hardship: epidemic-hit, 稳岗滞销困难 */
};

/* Sales platforms (`platforms` in YAML), a bit set. */
enum cat_platform {
	CAT_PLATFORM_832 = 1 << 0,           /* "832": national 832 platform */
	CAT_PLATFORM_SHAANXI_UNION = 1 << 1, /* "shaanxi-union": provincial union platform */
};

struct cat_edition {
	int no;          /* edition number (期), >= 1, unique */
	char *title;     /* e.g. "第一期" */
	char *published; /* YYYY-MM-DD */
};

struct cat_category {
	char *id;   /* [a-z0-9-]+, unique */
	char *name; /* e.g. "茶叶" */
};

struct cat_township {
	int64_t code; /* statistical code, e.g. 610924112 */
	char *name;   /* e.g. "毛坝镇", unique */
};

struct cat_rules {
	money_t per_member_budget;          /* default budget per member for one purchase */
	money_t yearly_gift_cap_per_member; /* holiday gifts per member per year */
	int poverty_share_min_percent;      /* minimum share of poverty-area products, 0-100 */
	money_t contract_threshold;         /* at or above this a contract is needed */
};

/* A product or, when is_service, a tourism service. */
struct cat_item {
	char *id;                /* [a-z0-9-]+, unique across the whole catalogue */
	size_t enterprise;       /* index into catalogue.enterprises */
	bool is_service;         /* listed under `services`, not `products` */
	char *name;              /* required */
	char *category;          /* category id, required, must exist */
	char *spec;              /* 规格, free text; NULL when not given */
	char *unit;              /* 盒, 袋, 人, 天…, required */
	money_t price;           /* fen, > 0, required */
	int64_t net_weight_g;    /* grams, 0 when not given */
	int64_t min_order;       /* >= 1, default 1 */
	bool certified_832;      /* certified and listed on the 832 platform */
	bool selenium_rich;      /* 富硒 */
	int64_t shelf_life_days; /* 0 when not given */
	char **tags;             /* ntags strings */
	size_t ntags;
	char *description; /* NULL when not given; may hold newlines */
};

struct cat_enterprise {
	char *id;               /* [a-z0-9-]+, unique */
	char *name;             /* registered name, required */
	char *short_name;       /* NULL when not given */
	unsigned kinds;         /* enum cat_kind bits; 0 when not given */
	int64_t township;       /* township code (resolved from a name or a code) */
	int edition;            /* edition that first recommended it, 0 when not given */
	unsigned platforms;     /* enum cat_platform bits */
	bool recuperation_base; /* labour-model recuperation base (劳模疗休养基地) */
	char *contact_person;   /* NULL when not given */
	char *contact_phone;    /* NULL when not given */
	char *contact_address;  /* NULL when not given */
	char *description;      /* NULL when not given */
	char *file;             /* the YAML file it came from, as opened */
};

struct catalogue {
	int schema;        /* format version, 1 */
	char *title;       /* required */
	char *publisher;   /* required */
	char *region_code; /* e.g. "610924"; NULL when no region */
	char *region_name; /* e.g. "紫阳县"; NULL when no region */
	bool sample;       /* illustrative data: every screen and order says so */
	struct cat_rules rules;

	struct cat_edition *editions;
	size_t neditions;
	struct cat_category *categories; /* in catalogue order */
	size_t ncategories;
	struct cat_township *townships; /* in catalogue order */
	size_t ntownships;
	struct cat_enterprise *enterprises; /* in file-name order */
	size_t nenterprises;
	struct cat_item *items; /* products and services, grouped by enterprise */
	size_t nitems;
	size_t nproducts; /* items with !is_service */
	size_t nservices; /* items with is_service */

	char hash[17]; /* catalogue_hash() of the files loaded, hex */
};

/* Loads and validates the catalogue in dir: dir/catalogue.yaml and every
 * file in dir/enterprises ending .yaml or .yml, in file-name order. On success returns
 * the catalogue (diags untouched). On any error returns NULL with every error
 * found (up to the list's cap) in diags, each naming file:line:column. */
struct catalogue *catalogue_load(const char *dir, struct diag_list *diags);
void catalogue_free(struct catalogue *cat);

/* A content hash (64-bit FNV-1a, 16 hex digits) over the names and contents of
 * the files catalogue_load would read, without parsing them: cheap enough to
 * run at every start to see whether the catalogue changed. Returns 0, or -1 and
 * a translated *cause (caller frees) when the files cannot be read. */
int catalogue_hash(const char *dir, char out[17], char **cause);

/* Names for the YAML words, e.g. cat_kind_name(CAT_KIND_FARM) == "farm". */
const char *cat_kind_name(unsigned kind_bit);
const char *cat_platform_name(unsigned platform_bit);
/* What people read for a kind or a platform, translated: "农产品",
 * "832平台"; NULL for a value that is not a single known bit. */
const char *cat_kind_label(unsigned kind_bit);
const char *cat_platform_label(unsigned platform_bit);
/* The labels of every kind (platform) set in bits, joined with separator;
 * "" when none is set. Caller frees. */
char *cat_kinds_text(unsigned kinds, const char *separator);
char *cat_platforms_text(unsigned platforms, const char *separator);
/* Parses "farm" etc.; 0 when unknown. */
unsigned cat_kind_parse(const char *s);
unsigned cat_platform_parse(const char *s);

#endif
