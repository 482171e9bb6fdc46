/* The catalogue loader. Each file is read whole, checked for UTF-8, turned
 * into a small tree by libyaml's event parser (no anchors, aliases or tags,
 * bounded depth), then checked against the schema tables at the end of this
 * file, which say for every kind of mapping which keys it has, their types,
 * whether they are required and where their values go in the model. Every
 * mistake becomes one diag with file:line:column, and loading goes on after a
 * mistake so that one run shows the maintainer all of them. References
 * (category, township, edition) and uniqueness across files are checked with
 * a table of the names defined so far. */
#include "catalogue/catalogue.h"
#include "catalogue/files.h"

#include "core/buf.h"
#include "core/diag.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/array.h"
#include "core/strmap.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH  64 /* nesting of lists and mappings; the format needs 4 */
#define MAX_FIELDS 16 /* keys in one kind of mapping */
#define ID_MAX     64 /* characters in an id */
#define SHOWN_MAX  40 /* characters of a value quoted in a message */

/* ---- The tree of one YAML file ---- */

enum node_type { NODE_SCALAR, NODE_SEQUENCE, NODE_MAPPING };

struct node {
	enum node_type type;
	bool plain;         /* a scalar written without quotes or block indicator */
	int line, col;      /* 1-based start, column in characters */
	char *text;         /* scalar value, NUL-terminated (escapes may add NULs inside) */
	size_t len;         /* bytes in text */
	struct node **kids; /* sequence items; mapping keys and values, alternating */
	size_t nkids;
};

static void node_free(struct node *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

/* A file of the catalogue, as named in messages. */
struct source {
	char *path; /* as opened: the caller's dir + "/" + rel */
	char *rel;  /* relative to the catalogue folder, e.g. "enterprises/01-tea.yaml" */
};

struct reader {
	yaml_parser_t parser;
	const struct source *src;
	const char *data; /* the file, for turning byte offsets into positions */
	size_t len;
	struct diag_list *diags;
	yaml_mark_t open_quote; /* start of the last event read */
	size_t open_quote_end;  /* its last line (0-based) if a quoted scalar over lines, else 0 */
	size_t *values;         /* values read in the whole catalogue so far */
	size_t file_values;     /* values read in this file */
};

static int clamp_int(size_t v)
{
	return v >= INT_MAX ? INT_MAX : (int)v;
}

/* The 1-based line and column (in characters) of byte offset off in data,
 * counted as libyaml counts its marks: the byte-order mark takes no column,
 * and CR LF, CR, LF, NEL, LS and PS each end a line. */
static void offset_position(const char *data, size_t len, size_t off, int *line, int *col)
{
	size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	size_t l = 1, c = 1;
	while (i < off && i < len) {
		uint32_t cp;
		int n = utf8_decode(data + i, len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = 0xFFFD;
		}
		if (cp == '\r' && i + 1 < len && data[i + 1] == '\n')
			n = 2;
		i += (size_t)n;
		if (cp == '\r' || cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = clamp_int(l);
	*col = clamp_int(c);
}

static void reader_error(struct reader *r, yaml_mark_t mark, const char *msg)
{
	diag_add(r->diags, r->src->path, clamp_int(mark.line + 1), clamp_int(mark.column + 1), "%s",
	         msg);
}

/* libyaml's words for what went wrong and what it was reading (as its 0.2.5
 * writes them), listed so that xgettext finds them: a clerk who edits a
 * catalogue in Chinese reads them in Chinese. The ones a hand-written
 * catalogue can meet; the others stay in English. */
static const char *const libyaml_words[] = {
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected <document start>"),
    N_("did not find expected comment or line break"),
    N_("did not find expected whitespace or line break"),
    N_("did not find expected whitespace"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected hexdecimal number"),
    N_("could not find expected ':'"),
    N_("found character that cannot start any token"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found unexpected end of stream"),
    N_("found unexpected ':'"),
    N_("found unexpected document indicator"),
    N_("found unknown escape character"),
    N_("found invalid Unicode character escape code"),
    N_("found an indentation indicator equal to 0"),
    N_("mapping values are not allowed in this context"),
    N_("mapping keys are not allowed in this context"),
    N_("block sequence entries are not allowed in this context"),
    N_("control characters are not allowed"),
    N_("invalid leading UTF-8 octet"),
    N_("invalid trailing UTF-8 octet"),
    N_("incomplete UTF-8 octet sequence"),
    N_("invalid length of a UTF-8 sequence"),
    N_("invalid Unicode character"),
    N_("while scanning a simple key"),
    N_("while scanning a plain scalar"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a block scalar"),
    N_("while scanning for the next token"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow sequence"),
    N_("while parsing a block node"),
    N_("while parsing a flow node"),
    N_("while parsing a node"),
};

/* libyaml's text in the UI language when it is one of libyaml_words. */
static const char *libyaml_text(const char *s)
{
	for (size_t i = 0; i < sizeof libyaml_words / sizeof libyaml_words[0]; i++)
		if (strcmp(s, libyaml_words[i]) == 0)
			return _(libyaml_words[i]);
	return s;
}

/* Reports libyaml's error, placed at the problem, with the construct it was
 * reading and where that began; its words translated where we know them. */
static void report_yaml_error(struct reader *r)
{
	const yaml_parser_t *p = &r->parser;
	const char *problem = libyaml_text(p->problem ? p->problem : "unknown problem");
	int line, col;
	if (p->error == YAML_MEMORY_ERROR) {
		diag_add(r->diags, r->src->path, 0, 0, "%s", _("out of memory reading YAML"));
	} else if (p->error == YAML_READER_ERROR) {
		offset_position(r->data, r->len, p->problem_offset, &line, &col);
		if (p->problem_value >= 0)
			diag_add(r->diags, r->src->path, line, col,
			         _("YAML syntax error: %s (U+%04X)"), problem,
			         (unsigned)p->problem_value);
		else
			diag_add(r->diags, r->src->path, line, col, _("YAML syntax error: %s"),
			         problem);
	} else if (p->context != NULL &&
	           strcmp(p->context, "while scanning a quoted scalar") == 0 &&
	           p->problem != NULL &&
	           strcmp(p->problem, "found unexpected end of stream") == 0) {
		/* libyaml stops at the end of the file; the mistake is the quote. */
		reader_error(r, p->context_mark,
		             _("the quoted text that starts here has no closing quote"));
	} else if (r->open_quote_end > 0) {
		/* A quote left open runs on to the next quote, lines later, where
		 * libyaml stumbles: the mistake is where the quoted text starts. */
		/* TRANSLATORS: %d is a line number, %s libyaml's problem */
		char *msg =
		    xasprintf(_("the quoted text that starts here runs on to line %d, where "
		                "YAML finds an error (%s): is its closing quote missing?"),
		              clamp_int(r->open_quote_end + 1), problem);
		reader_error(r, r->open_quote, msg);
		free(msg);
	} else if (p->context != NULL) {
		/* TRANSLATORS: the first %s is libyaml's problem, the second the
		 * construct it was reading, e.g. "while scanning a quoted scalar". */
		char *msg =
		    xasprintf(_("YAML syntax error: %s (%s at line %d)"), problem,
		              libyaml_text(p->context), clamp_int(p->context_mark.line + 1));
		reader_error(r, p->problem_mark, msg);
		free(msg);
	} else {
		char *msg = xasprintf(_("YAML syntax error: %s"), problem);
		reader_error(r, p->problem_mark, msg);
		free(msg);
	}
}

/* The next event, or false once a syntax error is reported. */
static bool next_event(struct reader *r, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&r->parser, ev)) {
		report_yaml_error(r);
		return false;
	}
	bool quoted = ev->type == YAML_SCALAR_EVENT &&
	              (ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	               ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	r->open_quote = ev->start_mark;
	r->open_quote_end =
	    quoted && ev->end_mark.line > ev->start_mark.line ? ev->end_mark.line : 0;
	return true;
}

/* How a tag was written: "!!float" for the expanded "tag:yaml.org,2002:float". */
static char *tag_as_written(const yaml_char_t *tag)
{
	static const char core[] = "tag:yaml.org,2002:";
	const char *t = (const char *)tag;
	if (strncmp(t, core, sizeof core - 1) == 0)
		return xasprintf("!!%s", t + sizeof core - 1);
	return xstrdup(t);
}

/* Builds the node that starts with ev (consumed here) and, for a list or a
 * mapping, everything up to its end. Returns NULL after reporting a syntax
 * error, an anchor, alias or tag, nesting deeper than MAX_DEPTH, a scalar
 * longer than CAT_TEXT_MAX, or the catalogue's CAT_VALUES_MAX-th value: the
 * tree costs about 100 bytes a value, so its memory stays bounded. */
static struct node *build_node(struct reader *r, yaml_event_t *ev, int depth)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	yaml_event_type_t end = YAML_NO_EVENT;
	struct node *n = xcalloc(1, sizeof *n);
	n->line = clamp_int(ev->start_mark.line + 1);
	n->col = clamp_int(ev->start_mark.column + 1);
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		n->type = NODE_SCALAR;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->len = ev->data.scalar.length;
		n->text = xmalloc(n->len + 1);
		memcpy(n->text, ev->data.scalar.value, n->len);
		n->text[n->len] = '\0';
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		n->type = NODE_SEQUENCE;
		end = YAML_SEQUENCE_END_EVENT;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		n->type = NODE_MAPPING;
		end = YAML_MAPPING_END_EVENT;
		break;
	case YAML_ALIAS_EVENT:
		anchor = ev->data.alias.anchor;
		break;
	default: /* libyaml's grammar allows nothing else here */
		reader_error(r, ev->start_mark, _("YAML syntax error: unexpected event"));
		goto fail;
	}
	if (anchor != NULL) {
		reader_error(r, ev->start_mark, _("anchors and aliases are not allowed"));
		goto fail;
	}
	if (tag != NULL) {
		char *written = tag_as_written(tag);
		char *msg = xasprintf(_("the YAML tag \"%s\" is not allowed; remove it"), written);
		reader_error(r, ev->start_mark, msg);
		free(msg);
		free(written);
		goto fail;
	}
	if (n->type == NODE_SCALAR && n->len > CAT_TEXT_MAX) {
		/* TRANSLATORS: the first %zu is a size in KiB, e.g. 64; the
		 * second the value's length in bytes */
		char *msg = xasprintf(_("this value is longer than %zu KiB (%zu bytes); a "
		                        "catalogue value should be far shorter"),
		                      CAT_TEXT_MAX >> 10, n->len);
		reader_error(r, ev->start_mark, msg);
		free(msg);
		goto fail;
	}
	if (++r->file_values > CAT_FILE_VALUES_MAX) {
		char *msg = xasprintf(_("this file holds more than %d YAML values (keys, texts, "
		                        "numbers, lists and mappings); split the enterprise "
		                        "into smaller files or shorten it"),
		                      CAT_FILE_VALUES_MAX);
		reader_error(r, ev->start_mark, msg);
		free(msg);
		goto fail;
	}
	if (++*r->values > CAT_VALUES_MAX) {
		char *msg =
		    xasprintf(_("the catalogue holds more than %d YAML values (keys, texts, "
		                "numbers, lists and mappings, in all its files together); "
		                "stopped reading here"),
		              CAT_VALUES_MAX);
		reader_error(r, ev->start_mark, msg);
		free(msg);
		goto fail;
	}
	if (end != YAML_NO_EVENT && depth >= MAX_DEPTH) {
		char *msg = xasprintf(_("lists and mappings are nested more than %d levels deep"),
		                      MAX_DEPTH);
		reader_error(r, ev->start_mark, msg);
		free(msg);
		goto fail;
	}
	yaml_event_delete(ev);
	while (end != YAML_NO_EVENT) {
		yaml_event_t child;
		if (!next_event(r, &child))
			goto fail_deleted;
		if (child.type == end) {
			yaml_event_delete(&child);
			break;
		}
		struct node *kid = build_node(r, &child, depth + 1);
		if (kid == NULL)
			goto fail_deleted;
		*ARRAY_PUSH_POW2(n->kids, n->nkids) = kid;
	}
	return n;

fail:
	yaml_event_delete(ev);
fail_deleted:
	node_free(n);
	return NULL;
}

/* Builds the tree of the one YAML document in data. Returns 0 with *root
 * (NULL when the file holds no document at all, e.g. only comments), or -1
 * after reporting the first syntax error, anchor, alias, tag, excess
 * nesting, value too long or too many, or a second document. *values counts
 * the values of the whole catalogue. */
static int parse_yaml(const struct source *src, const char *data, size_t len,
                      struct diag_list *diags, size_t *values, struct node **root)
{
	struct reader r = {.src = src, .data = data, .len = len, .diags = diags, .values = values};
	yaml_event_t ev;
	int rc = -1;
	*root = NULL;
	if (!yaml_parser_initialize(&r.parser)) {
		diag_add(diags, src->path, 0, 0, "%s", _("out of memory reading YAML"));
		return -1;
	}
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)data, len);
	/* STREAM-START, then DOCUMENT-START or STREAM-END. */
	for (int i = 0; i < 2; i++) {
		if (!next_event(&r, &ev))
			goto done;
		yaml_event_type_t type = ev.type;
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT) {
			rc = 0;
			goto done;
		}
	}
	if (!next_event(&r, &ev) || (*root = build_node(&r, &ev, 0)) == NULL)
		goto done;
	if (!next_event(&r, &ev)) /* DOCUMENT-END */
		goto done;
	yaml_event_delete(&ev);
	if (!next_event(&r, &ev))
		goto done;
	if (ev.type == YAML_DOCUMENT_START_EVENT)
		reader_error(&r, ev.start_mark,
		             _("a second YAML document starts here; a file holds only one"));
	else
		rc = 0;
	yaml_event_delete(&ev);
done:
	if (rc != 0) {
		node_free(*root);
		*root = NULL;
	}
	yaml_parser_delete(&r.parser);
	return rc;
}

/* ---- Names defined so far: ids, numbers, township names ---- */

/* What must be unique, each in its own namespace. */
enum unique {
	UNIQ_NONE,
	UNIQ_ENTERPRISE,
	UNIQ_ITEM, /* products and services share one namespace */
	UNIQ_CATEGORY,
	UNIQ_EDITION,
	UNIQ_TOWNSHIP_CODE,
	UNIQ_TOWNSHIP_NAME,
};

/* The message for a second definition. */
static const char *const defined_twice[] = {
    [UNIQ_ENTERPRISE] = N_("duplicate enterprise id \"%s\"; first defined at %s:%d:%d"),
    [UNIQ_ITEM] = NULL, /* see item_twice */
    [UNIQ_CATEGORY] = N_("duplicate category id \"%s\"; first defined at %s:%d:%d"),
    [UNIQ_EDITION] = N_("duplicate edition number %s; first defined at %s:%d:%d"),
    [UNIQ_TOWNSHIP_CODE] = N_("duplicate township code %s; first defined at %s:%d:%d"),
    [UNIQ_TOWNSHIP_NAME] = N_("duplicate township name \"%s\"; first defined at %s:%d:%d"),
};

/* Indexed [the new one is a service][the first one is a service]. */
static const char *const item_twice[2][2] = {
    {N_("duplicate product id \"%s\"; first defined at %s:%d:%d"),
     N_("product id \"%s\" is already the id of a service at %s:%d:%d; products and services "
        "need different ids")},
    {N_("service id \"%s\" is already the id of a product at %s:%d:%d; products and services "
        "need different ids"),
     N_("duplicate service id \"%s\"; first defined at %s:%d:%d")},
};

struct definition {
	const struct source *src; /* where it was first defined */
	int line, col;
	size_t index;    /* the element's index in its array of the model */
	bool is_service; /* an item id defined under services */
};

/* The definitions so far, found by '0' + namespace, then the value. */
struct registry {
	struct strmap keys; /* key -> index into defs */
	struct definition *defs;
	size_t ndefs;
};

/* The definition of value in namespace ns; when there is none, a new zeroed
 * one if add, else NULL. The pointer holds until the next one is added. */
static struct definition *registry_get(struct registry *reg, enum unique ns, const char *value,
                                       bool add)
{
	char *key = xasprintf("%c%s", '0' + ns, value);
	size_t i = strmap_get(&reg->keys, key);
	if (i == STRMAP_NONE && add) {
		i = reg->ndefs;
		ARRAY_PUSH_POW2(reg->defs, reg->ndefs);
		strmap_put(&reg->keys, key, i);
	}
	free(key);
	return i == STRMAP_NONE ? NULL : &reg->defs[i];
}

static void registry_finish(struct registry *reg)
{
	strmap_finish(&reg->keys);
	free(reg->defs);
}

/* ---- References into catalogue.yaml, checked once everything is read ---- */

/* The lists of catalogue.yaml that references point into. */
enum table { TABLE_NONE, TABLE_EDITIONS, TABLE_CATEGORIES, TABLE_TOWNSHIPS, TABLE_COUNT };

enum ref_kind { REF_NONE, REF_CATEGORY, REF_EDITION, REF_TOWNSHIP, REF_TOWNSHIP_NAME };

static const struct {
	enum unique target;  /* the namespace the value must be defined in */
	enum table table;    /* the list that defines it */
	const char *missing; /* the message when it is not */
} ref_info[] = {
    [REF_CATEGORY] = {UNIQ_CATEGORY, TABLE_CATEGORIES,
                      N_("category \"%s\" is not defined in catalogue.yaml")},
    [REF_EDITION] = {UNIQ_EDITION, TABLE_EDITIONS,
                     N_("edition %s is not an edition of catalogue.yaml")},
    [REF_TOWNSHIP] = {UNIQ_TOWNSHIP_CODE, TABLE_TOWNSHIPS,
                      N_("township %s is not a township of catalogue.yaml")},
    [REF_TOWNSHIP_NAME] = {UNIQ_TOWNSHIP_NAME, TABLE_TOWNSHIPS,
                           N_("township \"%s\" is not a township of catalogue.yaml")},
};

struct reference {
	enum ref_kind kind;
	char *value;  /* as the key of its definition: an id, a name, a number */
	size_t index; /* the referring enterprise or item */
	const struct source *src;
	int line, col;
};

/* ---- Checking a tree against the schema ---- */

struct load {
	const char *dir; /* the catalogue folder */
	struct catalogue *cat;
	struct diag_list *diags;
	const struct source *src; /* the file being checked */
	size_t enterprise;        /* index of the enterprise being checked */
	struct source **sources;  /* every file so far: definitions and references point here */
	size_t nsources;
	struct registry names;  /* what has been defined so far */
	struct reference *refs; /* references to check at the end */
	size_t nrefs;
	bool sound[TABLE_COUNT]; /* read without error: references into it can be checked */
	size_t bytes;            /* bytes of the files read so far, for CAT_TOTAL_MAX */
	size_t values;           /* YAML values read so far, for CAT_VALUES_MAX */
	bool stopped;            /* a limit of the whole catalogue was reached: read no more */
};

enum field_type {
	T_STRING,   /* one line of text */
	T_TEXT,     /* text that may span lines (description) */
	T_ID,       /* [a-z0-9-]+ */
	T_DATE,     /* YYYY-MM-DD */
	T_INT,      /* a plain whole number in [min, max]; stored as int or int64_t */
	T_CODE,     /* a T_INT that may be quoted too ("610924100"), as region.code */
	T_BOOL,     /* plain true or false */
	T_MONEY,    /* a plain amount in yuan, > 0; stored in fen */
	T_WORDS,    /* a list of words, stored as a bit set */
	T_TAGS,     /* a list of strings */
	T_TOWNSHIP, /* a township name, or its code as a plain number */
	T_MAP,      /* a nested mapping whose values go into the same element */
	T_LIST,     /* a list of mappings, each a new element */
};

enum { REQUIRED = 1 << 0, NONEMPTY = 1 << 1 };

/* The words allowed in a T_WORDS list. */
struct word_set {
	unsigned (*parse)(const char *word); /* its bit, 0 when unknown */
	const char *(*name)(unsigned bit);   /* NULL past the last bit */
};

struct schema;

/* One key of a mapping. */
struct field {
	const char *key;
	enum field_type type;
	unsigned flags;               /* REQUIRED, NONEMPTY */
	size_t offset;                /* where the value goes in the element */
	size_t size;                  /* the size stored there */
	int64_t min, max;             /* T_INT, T_TOWNSHIP codes: the allowed range */
	const struct schema *sub;     /* T_MAP, T_LIST: the mapping's keys */
	const struct word_set *words; /* T_WORDS */
	size_t count_offset;          /* T_TAGS: where the number of tags goes */
	enum unique unique;           /* must be unique in this namespace */
	enum ref_kind ref;            /* names something defined in catalogue.yaml */
};

/* One kind of mapping. */
struct schema {
	const char *what; /* names it in messages, e.g. N_("a product") */
	const struct field *fields;
	size_t nfields;
	/* A new zeroed element of the model for each mapping, and its index;
	 * NULL for catalogue.yaml's top level and nested maps. */
	void *(*add)(struct load *ld, size_t *index);
	enum table table; /* the catalogue list these elements make up */
};

static void error_at(struct load *ld, const struct node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void error_at(struct load *ld, const struct node *n, const char *fmt, ...)
{
	/* Past the cap an error is only counted: spare the formatting, which
	 * a file of a million mistakes would otherwise pay a million times. */
	if (diag_full(ld->diags)) {
		diag_add(ld->diags, NULL, 0, 0, "%s", "");
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_add(ld->diags, ld->src->path, n->line, n->col, "%s", msg);
	free(msg);
}

#define FIELD_AT(base, f, type) ((type *)(void *)((char *)(base) + (f)->offset))

/* At most SHOWN_MAX characters of s, for quoting in a message. Caller frees. */
static char *shown(const char *s, size_t len)
{
	size_t i = 0;
	for (int chars = 0; i < len && s[i] != '\0' && chars < SHOWN_MAX; chars++) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
	}
	if (i < len && s[i] != '\0')
		return xasprintf("%.*s…", (int)i, s);
	return xstrndup(s, i);
}

static bool is_null(const struct node *v)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	if (v->type != NODE_SCALAR || !v->plain)
		return false;
	for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++)
		if (strcmp(v->text, nulls[i]) == 0)
			return true;
	return false;
}

/* Reports "expected <expected>, found <what v is>". */
static void mismatch(struct load *ld, const struct node *v, const char *expected)
{
	char *found;
	if (v->type == NODE_SEQUENCE) {
		found = xstrdup(_("a list"));
	} else if (v->type == NODE_MAPPING) {
		found = xstrdup(_("a mapping"));
	} else {
		char *s = shown(v->text, v->len);
		if (v->len == 0 && v->plain)
			found = xstrdup(_("an empty value"));
		else if (is_null(v))
			found = xasprintf(_("\"%s\" (an empty value)"), s);
		else if (v->plain)
			found = xasprintf("\"%s\"", s);
		else
			found = xasprintf(_("the quoted text \"%s\""), s);
		free(s);
	}
	/* TRANSLATORS: e.g. "expected true or false, found "yes"" */
	error_at(ld, v, _("expected %s, found %s"), expected, found);
	free(found);
}

/* The scalar v, or NULL after reporting that v is a list, a mapping or empty. */
static const struct node *want_scalar(struct load *ld, const struct node *v, const char *expected)
{
	if (v->type == NODE_SCALAR && !is_null(v))
		return v;
	mismatch(ld, v, expected);
	return NULL;
}

/* Checks that a string holds no control characters (tab and newline only
 * when multiline); reports the first one. */
static bool check_characters(struct load *ld, const char *key, const struct node *v, bool multiline)
{
	for (size_t i = 0; i < v->len;) {
		uint32_t cp;
		int n = utf8_decode(v->text + i, v->len - i, &cp);
		if (n == 0) { /* the file was valid, but be safe */
			error_at(ld, v,
			         _("invalid UTF-8 (byte 0x%02X); the file must be saved as UTF-8"),
			         (unsigned char)v->text[i]);
			return false;
		}
		if (cp_unsafe(cp) && !(multiline && (cp == '\n' || cp == '\t'))) {
			if (cp == '\n')
				error_at(ld, v,
				         _("%s must be a single line; only a description may "
				           "span lines"),
				         key);
			else
				error_at(ld, v,
				         _("%s contains the control character U+%04X; remove it"),
				         key, (unsigned)cp);
			return false;
		}
		i += (size_t)n;
	}
	return true;
}

/* Reads the string value of key into *out (caller frees). An empty or
 * blank string is an error when required, else "not given" (*out NULL).
 * Returns false after reporting an error. */
static bool get_string(struct load *ld, const char *key, const struct node *v, bool required,
                       bool multiline, char **out)
{
	*out = NULL;
	if (want_scalar(ld, v, _("a string")) == NULL || !check_characters(ld, key, v, multiline))
		return false;
	if (strspn(v->text, " \t\n") == v->len) {
		if (required)
			/* TRANSLATORS: %s is a YAML key such as "name"; keep it as is */
			error_at(ld, v, _("%s must not be empty"), key);
		return !required;
	}
	size_t len = v->len;
	while (multiline && len > 0 && v->text[len - 1] == '\n')
		len--; /* what "|" keeps after the last line is not content */
	*out = xstrndup(v->text, len);
	return true;
}

/* Reads a plain whole number within the field's range. */
/* Reports a plain number written with a leading zero ("010", "-07.5"):
 * YAML 1.1 tools read 010 as the octal number 8, this loader would read 10. */
static bool leading_zero(struct load *ld, const struct field *f, const struct node *v)
{
	const char *s = v->text + (v->text[0] == '-');
	if (!v->plain || s[0] != '0' || s[1] < '0' || s[1] > '9')
		return false;
	char *text = shown(v->text, v->len);
	error_at(ld, v,
	         _("%s %s starts with a zero, which other YAML tools read as an octal number; "
	           "write it without the leading zero"),
	         f->key, text);
	free(text);
	return true;
}

static bool get_whole(struct load *ld, const struct field *f, const struct node *v, int64_t *out)
{
	if (want_scalar(ld, v, _("a whole number")) == NULL)
		return false;
	const char *s = v->text;
	bool minus = s[0] == '-';
	size_t digits = strspn(s + minus, "0123456789");
	if (!v->plain || digits == 0 || minus + digits != v->len) {
		mismatch(ld, v, _("a whole number"));
		return false;
	}
	if (leading_zero(ld, f, v))
		return false;
	int64_t n = 0;
	bool in_range = true;
	for (size_t i = minus; i < v->len && in_range; i++) {
		int d = s[i] - '0';
		in_range = n <= (INT64_MAX - d) / 10;
		n = in_range ? n * 10 + d : n;
	}
	n = minus ? -n : n;
	if (!in_range || n < f->min || n > f->max) {
		char *text = shown(s, v->len);
		if (f->min == f->max)
			error_at(ld, v, _("%s must be %" PRId64 ", found %s"), f->key, f->min,
			         text);
		else
			error_at(ld, v,
			         _("%s %s is out of range; expected a whole number from %" PRId64
			           " to %" PRId64),
			         f->key, text, f->min, f->max);
		free(text);
		return false;
	}
	*out = n;
	return true;
}

static void store_int64(void *base, const struct field *f, int64_t n)
{
	if (f->size == sizeof(int))
		*FIELD_AT(base, f, int) = (int)n; /* the field's range fits an int */
	else
		*FIELD_AT(base, f, int64_t) = n;
}

static int64_t load_int64(const void *base, const struct field *f)
{
	if (f->size == sizeof(int))
		return *FIELD_AT(base, f, const int);
	return *FIELD_AT(base, f, const int64_t);
}

/* Each store_* function checks a value of its type and stores it in the
 * element at base; it returns true when a value was stored (so that its
 * uniqueness and references can be checked), false after reporting an error
 * or for an optional string left empty. Their messages start with the YAML
 * key (f->key), which translations keep as it is written in the files. */

static bool store_string(struct load *ld, const struct field *f, const struct node *v, void *base,
                         size_t index)
{
	(void)index;
	char *s;
	if (!get_string(ld, f->key, v, f->flags & REQUIRED, f->type == T_TEXT, &s) || s == NULL)
		return false;
	*FIELD_AT(base, f, char *) = s;
	return true;
}

static bool store_id(struct load *ld, const struct field *f, const struct node *v, void *base,
                     size_t index)
{
	(void)index;
	char *id;
	if (!get_string(ld, f->key, v, true, false, &id))
		return false;
	size_t len = strlen(id);
	char *text = shown(id, len);
	bool ok = false;
	if (strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
		error_at(ld, v, _("%s \"%s\" may only use a-z, 0-9 and '-'"), f->key, text);
	else if (len > ID_MAX)
		error_at(ld, v, _("%s \"%s\" is too long (at most %d characters)"), f->key, text,
		         ID_MAX);
	else
		ok = true;
	free(text);
	if (ok)
		*FIELD_AT(base, f, char *) = id;
	else
		free(id);
	return ok;
}

/* True when s is written YYYY-MM-DD and nothing more. */
static bool is_date_shaped(const char *s)
{
	static const char shape[] = "0000-00-00";
	for (size_t i = 0; i < sizeof shape; i++) /* the NUL too */
		if (shape[i] == '0' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	return true;
}

static int decimal(const char *s, int digits)
{
	int n = 0;
	while (digits-- > 0)
		n = n * 10 + (*s++ - '0');
	return n;
}

/* True for a YYYY-MM-DD date that exists in the Gregorian calendar. */
static bool is_real_date(const char *s)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = decimal(s, 4), m = decimal(s + 5, 2), d = decimal(s + 8, 2);
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] + (m == 2 && leap);
}

static bool store_date(struct load *ld, const struct field *f, const struct node *v, void *base,
                       size_t index)
{
	(void)index;
	char *s;
	if (!get_string(ld, f->key, v, true, false, &s))
		return false;
	bool shaped = is_date_shaped(s), real = shaped && is_real_date(s);
	if (!real) {
		char *text = shown(s, strlen(s));
		if (!shaped)
			error_at(
			    ld, v,
			    _("%s \"%s\" is not a date; expected YYYY-MM-DD such as 2020-06-01"),
			    f->key, text);
		else
			error_at(ld, v, _("%s \"%s\" is not a real calendar date"), f->key, text);
		free(text);
		free(s);
		return false;
	}
	*FIELD_AT(base, f, char *) = s;
	return true;
}

static bool store_int(struct load *ld, const struct field *f, const struct node *v, void *base,
                      size_t index)
{
	(void)index;
	int64_t n;
	if (!get_whole(ld, f, v, &n))
		return false;
	store_int64(base, f, n);
	return true;
}

/* A code: a whole number, plain (610924100) or quoted ("610924100"), the
 * way region.code is written; stored as T_INT. */
static bool store_code(struct load *ld, const struct field *f, const struct node *v, void *base,
                       size_t index)
{
	if (v->type == NODE_SCALAR && !v->plain && v->len > 0 &&
	    strspn(v->text, "0123456789") == v->len) {
		struct node digits = *v;
		digits.plain = true;
		return store_int(ld, f, &digits, base, index);
	}
	return store_int(ld, f, v, base, index);
}

static bool store_bool(struct load *ld, const struct field *f, const struct node *v, void *base,
                       size_t index)
{
	(void)index;
	bool yes = v->type == NODE_SCALAR && v->plain && strcmp(v->text, "true") == 0;
	bool no = v->type == NODE_SCALAR && v->plain && strcmp(v->text, "false") == 0;
	if (!yes && !no) {
		mismatch(ld, v, _("true or false"));
		return false;
	}
	*FIELD_AT(base, f, bool) = yes;
	return true;
}

static bool store_money(struct load *ld, const struct field *f, const struct node *v, void *base,
                        size_t index)
{
	static const char *const problems[] = {
	    [MONEY_SYNTAX] = N_("%s \"%s\" is not an amount; expected yuan such as 168.00"),
	    [MONEY_DECIMALS] = N_("%s \"%s\" has more than two decimals; expected yuan such "
	                          "as 168.00"),
	    [MONEY_OVERFLOW] = N_("%s \"%s\" is too large (at most 999,999,999,999.99 yuan)"),
	    [MONEY_NOT_POSITIVE] = N_("%s \"%s\" must be more than zero"),
	};
	(void)index;
	const char *expected = _("an amount in yuan such as 168.00");
	if (want_scalar(ld, v, expected) == NULL)
		return false;
	if (!v->plain) {
		mismatch(ld, v, expected);
		return false;
	}
	if (leading_zero(ld, f, v))
		return false;
	money_t fen;
	enum money_status status = money_parse_positive(v->text, &fen);
	if (status == MONEY_SYNTAX && v->text[0] == '-' &&
	    money_parse(v->text + 1, &fen) == MONEY_OK)
		status = MONEY_NOT_POSITIVE;
	if (status != MONEY_OK) {
		const char *problem =
		    (size_t)status < sizeof problems / sizeof *problems ? problems[status] : NULL;
		char *text = shown(v->text, v->len);
		error_at(ld, v, _(problem ? problem : problems[MONEY_SYNTAX]), f->key, text);
		free(text);
		return false;
	}
	*FIELD_AT(base, f, money_t) = fen;
	return true;
}

/* "farm, tourism, hardship": every word of a set. Caller frees. */
static char *word_list(const struct word_set *words)
{
	struct buf b = BUF_INIT;
	for (unsigned bit = 1; bit != 0 && words->name(bit) != NULL; bit <<= 1)
		buf_addf(&b, "%s%s", bit > 1 ? ", " : "", words->name(bit));
	return buf_steal(&b);
}

static bool store_words(struct load *ld, const struct field *f, const struct node *v, void *base,
                        size_t index)
{
	(void)index;
	if (v->type != NODE_SEQUENCE) {
		mismatch(ld, v, _("a list"));
		return false;
	}
	unsigned bits = 0;
	bool ok = true;
	for (size_t i = 0; i < v->nkids; i++) {
		const struct node *w = want_scalar(ld, v->kids[i], _("a word"));
		if (w == NULL) {
			ok = false;
			continue;
		}
		unsigned bit = strlen(w->text) == w->len ? f->words->parse(w->text) : 0;
		char *text = shown(w->text, w->len);
		if (bit == 0) {
			char *all = word_list(f->words);
			error_at(ld, w, _("unknown value \"%s\" in %s; expected one of: %s"), text,
			         f->key, all);
			free(all);
			ok = false;
		} else if (bits & bit) {
			error_at(ld, w, _("\"%s\" is listed twice in %s"), text, f->key);
			ok = false;
		}
		free(text);
		bits |= bit;
	}
	*FIELD_AT(base, f, unsigned) = bits;
	return ok;
}

static bool store_tags(struct load *ld, const struct field *f, const struct node *v, void *base,
                       size_t index)
{
	(void)index;
	if (v->type != NODE_SEQUENCE) {
		mismatch(ld, v, _("a list"));
		return false;
	}
	char ***tags = FIELD_AT(base, f, char **);
	size_t *ntags = (size_t *)(void *)((char *)base + f->count_offset);
	bool ok = true;
	for (size_t i = 0; i < v->nkids; i++) {
		char *tag;
		/* TRANSLATORS: as in "a tag must not be empty" */
		if (get_string(ld, _("a tag"), v->kids[i], true, false, &tag))
			*ARRAY_PUSH_POW2(*tags, *ntags) = tag;
		else
			ok = false;
	}
	return ok;
}

static bool store_township(struct load *ld, const struct field *f, const struct node *v, void *base,
                           size_t index)
{
	(void)index;
	if (v->type == NODE_SCALAR && v->plain && v->len > 0 &&
	    strspn(v->text, "0123456789") == v->len) {
		int64_t code;
		if (!get_whole(ld, f, v, &code))
			return false;
		*FIELD_AT(base, f, int64_t) = code;
		return true;
	}
	char *name;
	if (want_scalar(ld, v, _("a township name or code")) == NULL ||
	    !get_string(ld, f->key, v, true, false, &name))
		return false;
	free(name); /* resolved to its code once catalogue.yaml is known */
	return true;
}

static void check_mapping(struct load *ld, const struct schema *s, const struct node *map,
                          void *base, size_t index);

static bool store_map(struct load *ld, const struct field *f, const struct node *v, void *base,
                      size_t index)
{
	if (v->type != NODE_MAPPING) {
		mismatch(ld, v, _("a mapping"));
		return false;
	}
	check_mapping(ld, f->sub, v, base, index);
	return true;
}

static bool store_list(struct load *ld, const struct field *f, const struct node *v, void *base,
                       size_t index)
{
	(void)base;
	(void)index;
	if (v->type != NODE_SEQUENCE) {
		mismatch(ld, v, _("a list"));
		return false;
	}
	size_t errors = diag_total(ld->diags);
	if (v->nkids == 0 && (f->flags & NONEMPTY))
		error_at(ld, v, _("%s must list at least one entry"), f->key);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct node *elem = v->kids[i];
		if (elem->type != NODE_MAPPING) {
			mismatch(ld, elem, _("a mapping"));
			continue;
		}
		size_t at;
		void *element = f->sub->add(ld, &at);
		check_mapping(ld, f->sub, elem, element, at);
	}
	ld->sound[f->sub->table] = diag_total(ld->diags) == errors;
	return true;
}

static bool (*const store[])(struct load *ld, const struct field *f, const struct node *v,
                             void *base, size_t index) = {
    [T_STRING] = store_string, [T_TEXT] = store_string,       [T_ID] = store_id,
    [T_DATE] = store_date,     [T_INT] = store_int,           [T_CODE] = store_code,
    [T_BOOL] = store_bool,     [T_MONEY] = store_money,       [T_WORDS] = store_words,
    [T_TAGS] = store_tags,     [T_TOWNSHIP] = store_township, [T_MAP] = store_map,
    [T_LIST] = store_list,
};

/* The stored value of a unique or referring field, as text for the
 * registry: ids and names as they are, numbers in decimal. Caller frees. */
static char *registry_value(const struct field *f, const struct node *v, const void *base)
{
	if (f->type == T_INT || f->type == T_CODE)
		return xasprintf("%" PRId64, load_int64(base, f));
	if (f->type == T_TOWNSHIP) {
		int64_t code = *FIELD_AT(base, f, const int64_t);
		return code != 0 ? xasprintf("%" PRId64, code) : xstrdup(v->text);
	}
	return xstrdup(*FIELD_AT(base, f, char *const));
}

/* Records the definition of a unique value, or reports where it was first
 * defined. */
static void define(struct load *ld, const struct field *f, const struct node *v, const void *base,
                   size_t index)
{
	char *value = registry_value(f, v, base);
	bool service = f->unique == UNIQ_ITEM && ((const struct cat_item *)base)->is_service;
	struct definition *d = registry_get(&ld->names, f->unique, value, false);
	if (d != NULL) {
		const char *twice = f->unique == UNIQ_ITEM ? item_twice[service][d->is_service]
		                                           : defined_twice[f->unique];
		error_at(ld, v, _(twice), value, d->src->rel, d->line, d->col);
	} else {
		d = registry_get(&ld->names, f->unique, value, true);
		d->src = ld->src;
		d->line = v->line;
		d->col = v->col;
		d->index = index;
		d->is_service = service;
	}
	free(value);
}

static void add_reference(struct load *ld, const struct field *f, const struct node *v,
                          const void *base, size_t index)
{
	struct reference *r = ARRAY_PUSH_POW2(ld->refs, ld->nrefs);
	r->kind = f->ref;
	if (f->ref == REF_TOWNSHIP && *FIELD_AT(base, f, const int64_t) == 0)
		r->kind = REF_TOWNSHIP_NAME;
	r->value = registry_value(f, v, base);
	r->index = index;
	r->src = ld->src;
	r->line = v->line;
	r->col = v->col;
}

/* "id, name, category": the keys of s (only the required ones if
 * required_only). Caller frees. */
static char *key_list(const struct schema *s, bool required_only)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < s->nfields; i++)
		if (!required_only || (s->fields[i].flags & REQUIRED))
			buf_addf(&b, "%s%s", b.len ? ", " : "", s->fields[i].key);
	return buf_steal(&b);
}

static const struct field *find_field(const struct schema *s, const struct node *key)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (strlen(s->fields[i].key) == key->len &&
		    memcmp(s->fields[i].key, key->text, key->len) == 0)
			return &s->fields[i];
	return NULL;
}

/* Checks every key of the mapping against s, storing the values in the
 * element at base (index: its place in its array), and reports unknown,
 * duplicate and missing keys. */
static void check_mapping(struct load *ld, const struct schema *s, const struct node *map,
                          void *base, size_t index)
{
	int first_line[MAX_FIELDS] = {0};
	assert(s->nfields <= MAX_FIELDS);
	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const struct node *key = map->kids[i], *value = map->kids[i + 1];
		if (key->type != NODE_SCALAR) {
			mismatch(ld, key, _("a key name"));
			continue;
		}
		const struct field *f = find_field(s, key);
		char *name = shown(key->text, key->len);
		if (f == NULL && diag_full(ld->diags)) {
			error_at(ld, key, "%s", ""); /* counted only */
		} else if (f == NULL) {
			char *keys = key_list(s, false);
			/* TRANSLATORS: the second %s is e.g. "a product" or
			 * "catalogue.yaml"; the third the list of keys. */
			error_at(ld, key, _("unknown key \"%s\" in %s; expected one of: %s"), name,
			         _(s->what), keys);
			free(keys);
		} else if (first_line[f - s->fields] != 0) {
			error_at(ld, key, _("duplicate key \"%s\" (first at line %d)"), name,
			         first_line[f - s->fields]);
		} else {
			first_line[f - s->fields] = key->line;
			if (store[f->type](ld, f, value, base, index)) {
				if (f->unique != UNIQ_NONE)
					define(ld, f, value, base, index);
				if (f->ref != REF_NONE)
					add_reference(ld, f, value, base, index);
			}
		}
		free(name);
	}
	for (size_t i = 0; i < s->nfields; i++)
		if ((s->fields[i].flags & REQUIRED) && first_line[i] == 0)
			/* TRANSLATORS: the second %s is e.g. "a product" */
			error_at(ld, map, _("missing required key \"%s\" in %s"), s->fields[i].key,
			         _(s->what));
}

/* What the maintainer probably meant by a reference that names nothing:
 * a category id or township name that one of them begins (毛坝 for 毛坝镇,
 * teas for tea), or NULL. */
static const char *near_miss(const struct load *ld, const struct reference *r)
{
	const struct catalogue *cat = ld->cat;
	size_t n = r->kind == REF_CATEGORY        ? cat->ncategories
	           : r->kind == REF_TOWNSHIP_NAME ? cat->ntownships
	                                          : 0;
	size_t len = strlen(r->value);
	for (size_t i = 0; i < n; i++) {
		const char *name =
		    r->kind == REF_CATEGORY ? cat->categories[i].id : cat->townships[i].name;
		size_t common = name == NULL ? 0 : strlen(name) < len ? strlen(name) : len;
		if (common > 0 && strncmp(name, r->value, common) == 0)
			return name;
	}
	return NULL;
}

/* Reports every reference to something catalogue.yaml does not define, and
 * resolves township names to codes. A list of catalogue.yaml that had errors
 * is not trusted: its references are left alone rather than reported twice. */
static void resolve_references(struct load *ld)
{
	for (size_t i = 0; i < ld->nrefs; i++) {
		const struct reference *r = &ld->refs[i];
		if (!ld->sound[ref_info[r->kind].table])
			continue;
		const struct definition *d =
		    registry_get(&ld->names, ref_info[r->kind].target, r->value, false);
		if (d != NULL) {
			if (r->kind == REF_TOWNSHIP_NAME)
				ld->cat->enterprises[r->index].township =
				    ld->cat->townships[d->index].code;
			continue;
		}
		struct buf msg = BUF_INIT;
		/* Past the cap the message is only counted: spare the search. */
		const char *guess = diag_full(ld->diags) ? NULL : near_miss(ld, r);
		buf_addf(&msg, _(ref_info[r->kind].missing), r->value);
		if (r->kind == REF_TOWNSHIP_NAME &&
		    registry_get(&ld->names, UNIQ_TOWNSHIP_CODE, r->value, false) != NULL)
			buf_adds(&msg, _("; a code is written without quotes"));
		else if (guess != NULL)
			buf_addf(&msg, _("; did you mean \"%s\"?"), guess);
		diag_add(ld->diags, r->src->path, r->line, r->col, "%s", buf_str(&msg));
		buf_finish(&msg);
	}
}

/* ---- The format: one table per kind of mapping ---- */

static void *add_edition(struct load *ld, size_t *index)
{
	*index = ld->cat->neditions;
	return ARRAY_PUSH_POW2(ld->cat->editions, ld->cat->neditions);
}

static void *add_category(struct load *ld, size_t *index)
{
	*index = ld->cat->ncategories;
	return ARRAY_PUSH_POW2(ld->cat->categories, ld->cat->ncategories);
}

static void *add_township(struct load *ld, size_t *index)
{
	*index = ld->cat->ntownships;
	return ARRAY_PUSH_POW2(ld->cat->townships, ld->cat->ntownships);
}

static void *add_enterprise(struct load *ld, size_t *index)
{
	*index = ld->enterprise = ld->cat->nenterprises;
	struct cat_enterprise *e = ARRAY_PUSH_POW2(ld->cat->enterprises, ld->cat->nenterprises);
	e->file = xstrdup(ld->src->path);
	return e;
}

static struct cat_item *add_item(struct load *ld, size_t *index, bool is_service)
{
	*index = ld->cat->nitems;
	struct cat_item *it = ARRAY_PUSH_POW2(ld->cat->items, ld->cat->nitems);
	it->enterprise = ld->enterprise;
	it->is_service = is_service;
	it->min_order = 1;
	if (is_service)
		ld->cat->nservices++;
	else
		ld->cat->nproducts++;
	return it;
}

static void *add_product(struct load *ld, size_t *index)
{
	return add_item(ld, index, false);
}

static void *add_service(struct load *ld, size_t *index)
{
	return add_item(ld, index, true);
}

static const struct word_set kind_words = {cat_kind_parse, cat_kind_name};
static const struct word_set platform_words = {cat_platform_parse, cat_platform_name};

/* Where a field's value goes: a member of an element of the model. */
#define AT(type, member) .offset = offsetof(type, member), .size = sizeof(((type *)0)->member)
#define RANGE(low, high) .min = (low), .max = (high)
#define FIELDS(array)    array, sizeof array / sizeof *array

#define EDITION_MAX 999
#define CODE_MAX    INT64_C(999999999999) /* a 12-digit division code */

static const struct field edition_fields[] = {
    {"no", T_INT, REQUIRED, AT(struct cat_edition, no), RANGE(1, EDITION_MAX),
     .unique = UNIQ_EDITION},
    {"title", T_STRING, REQUIRED, AT(struct cat_edition, title)},
    {"published", T_DATE, REQUIRED, AT(struct cat_edition, published)},
};

static const struct field category_fields[] = {
    {"id", T_ID, REQUIRED, AT(struct cat_category, id), .unique = UNIQ_CATEGORY},
    {"name", T_STRING, REQUIRED, AT(struct cat_category, name)},
};

static const struct field township_fields[] = {
    {"code", T_CODE, REQUIRED, AT(struct cat_township, code), RANGE(1, CODE_MAX),
     .unique = UNIQ_TOWNSHIP_CODE},
    {"name", T_STRING, REQUIRED, AT(struct cat_township, name), .unique = UNIQ_TOWNSHIP_NAME},
};

static const struct field region_fields[] = {
    {"code", T_STRING, 0, AT(struct catalogue, region_code)},
    {"name", T_STRING, 0, AT(struct catalogue, region_name)},
};

static const struct field rules_fields[] = {
    {"per_member_budget", T_MONEY, REQUIRED, AT(struct catalogue, rules.per_member_budget)},
    {"yearly_gift_cap_per_member", T_MONEY, REQUIRED,
     AT(struct catalogue, rules.yearly_gift_cap_per_member)},
    {"poverty_share_min_percent", T_INT, REQUIRED,
     AT(struct catalogue, rules.poverty_share_min_percent), RANGE(0, 100)},
    {"contract_threshold", T_MONEY, REQUIRED, AT(struct catalogue, rules.contract_threshold)},
};

/* TRANSLATORS: the names of mappings complete messages such as
 * "unknown key "x" in a product" and "missing required key "x" in the rules". */
static const struct schema edition_schema = {N_("an edition"), FIELDS(edition_fields), add_edition,
                                             TABLE_EDITIONS};
static const struct schema category_schema = {N_("a category"), FIELDS(category_fields),
                                              add_category, TABLE_CATEGORIES};
static const struct schema township_schema = {N_("a township"), FIELDS(township_fields),
                                              add_township, TABLE_TOWNSHIPS};
static const struct schema region_schema = {N_("the region"), FIELDS(region_fields), NULL,
                                            TABLE_NONE};
static const struct schema rules_schema = {N_("the rules"), FIELDS(rules_fields), NULL, TABLE_NONE};

static const struct field catalogue_fields[] = {
    {"schema", T_INT, REQUIRED, AT(struct catalogue, schema), RANGE(1, 1)},
    {"title", T_STRING, REQUIRED, AT(struct catalogue, title)},
    {"publisher", T_STRING, REQUIRED, AT(struct catalogue, publisher)},
    {"region", T_MAP, 0, .sub = &region_schema},
    {"sample", T_BOOL, 0, AT(struct catalogue, sample)},
    {"editions", T_LIST, REQUIRED | NONEMPTY, .sub = &edition_schema},
    {"categories", T_LIST, REQUIRED | NONEMPTY, .sub = &category_schema},
    {"townships", T_LIST, REQUIRED | NONEMPTY, .sub = &township_schema},
    {"rules", T_MAP, REQUIRED, .sub = &rules_schema},
};

static const struct schema catalogue_schema = {N_("catalogue.yaml"), FIELDS(catalogue_fields), NULL,
                                               TABLE_NONE};

static const struct field item_fields[] = {
    {"id", T_ID, REQUIRED, AT(struct cat_item, id), .unique = UNIQ_ITEM},
    {"name", T_STRING, REQUIRED, AT(struct cat_item, name)},
    {"category", T_STRING, REQUIRED, AT(struct cat_item, category), .ref = REF_CATEGORY},
    {"spec", T_STRING, 0, AT(struct cat_item, spec)},
    {"unit", T_STRING, REQUIRED, AT(struct cat_item, unit)},
    {"price", T_MONEY, REQUIRED, AT(struct cat_item, price)},
    {"net_weight_g", T_INT, 0, AT(struct cat_item, net_weight_g), RANGE(1, 100000000)},
    {"min_order", T_INT, 0, AT(struct cat_item, min_order), RANGE(1, 1000000)},
    {"certified_832", T_BOOL, 0, AT(struct cat_item, certified_832)},
    {"selenium_rich", T_BOOL, 0, AT(struct cat_item, selenium_rich)},
    {"shelf_life_days", T_INT, 0, AT(struct cat_item, shelf_life_days), RANGE(1, 36500)},
    {"tags", T_TAGS, 0, AT(struct cat_item, tags),
     .count_offset = offsetof(struct cat_item, ntags)},
    {"description", T_TEXT, 0, AT(struct cat_item, description)},
};

static const struct field contact_fields[] = {
    {"person", T_STRING, 0, AT(struct cat_enterprise, contact_person)},
    {"phone", T_STRING, 0, AT(struct cat_enterprise, contact_phone)},
    {"address", T_STRING, 0, AT(struct cat_enterprise, contact_address)},
};

static const struct schema product_schema = {N_("a product"), FIELDS(item_fields), add_product,
                                             TABLE_NONE};
static const struct schema service_schema = {N_("a service"), FIELDS(item_fields), add_service,
                                             TABLE_NONE};
static const struct schema contact_schema = {N_("the contact"), FIELDS(contact_fields), NULL,
                                             TABLE_NONE};

static const struct field enterprise_fields[] = {
    {"id", T_ID, REQUIRED, AT(struct cat_enterprise, id), .unique = UNIQ_ENTERPRISE},
    {"name", T_STRING, REQUIRED, AT(struct cat_enterprise, name)},
    {"short_name", T_STRING, 0, AT(struct cat_enterprise, short_name)},
    {"kinds", T_WORDS, 0, AT(struct cat_enterprise, kinds), .words = &kind_words},
    {"township", T_TOWNSHIP, REQUIRED, AT(struct cat_enterprise, township), RANGE(1, CODE_MAX),
     .ref = REF_TOWNSHIP},
    {"edition", T_INT, 0, AT(struct cat_enterprise, edition), RANGE(1, EDITION_MAX),
     .ref = REF_EDITION},
    {"platforms", T_WORDS, 0, AT(struct cat_enterprise, platforms), .words = &platform_words},
    {"recuperation_base", T_BOOL, 0, AT(struct cat_enterprise, recuperation_base)},
    {"contact", T_MAP, 0, .sub = &contact_schema},
    {"description", T_TEXT, 0, AT(struct cat_enterprise, description)},
    {"products", T_LIST, 0, .sub = &product_schema},
    {"services", T_LIST, 0, .sub = &service_schema},
};

static const struct schema enterprise_schema = {N_("an enterprise"), FIELDS(enterprise_fields),
                                                add_enterprise, TABLE_NONE};

/* ---- Files ---- */

/* Reads, parses and checks one file of the catalogue folder (rel: its name
 * relative to the folder) against the schema of its top-level mapping, and
 * adds it to the content hash. */
static void load_file(struct load *ld, struct source *src, const struct schema *s, uint64_t *hash)
{
	char *data, *cause;
	size_t len, bad;
	if (cat_read_file(ld->dir, src->path, &ld->bytes, &data, &len, &cause) != 0) {
		ld->stopped = errno == E2BIG;
		if (errno == ENOENT && s == &catalogue_schema)
			diag_add(ld->diags, src->path, 0, 0, "%s",
			         _("file not found; a catalogue folder holds catalogue.yaml and an "
			           "enterprises folder"));
		else
			diag_add(ld->diags, src->path, 0, 0, "%s", cause);
		free(cause);
		return;
	}
	*hash = cat_hash_file(*hash, src->rel, data, len);
	ld->src = src;
	struct node *root = NULL;
	if (!utf8_valid(data, len, &bad)) {
		int line, col;
		offset_position(data, len, bad, &line, &col);
		diag_add(ld->diags, src->path, line, col,
		         _("invalid UTF-8 (byte 0x%02X); the file must be saved as UTF-8"),
		         (unsigned char)data[bad]);
	} else if (parse_yaml(src, data, len, ld->diags, &ld->values, &root) != 0) {
		/* A catalogue over the limit stops here (reported); a file over
		 * its own limit only stops that file. */
		ld->stopped = ld->values > CAT_VALUES_MAX;
	} else if (root == NULL) {
		char *keys = key_list(s, true);
		diag_add(ld->diags, src->path, 0, 0,
		         _("the file is empty; expected a mapping with the keys %s"), keys);
		free(keys);
	} else if (root->type == NODE_SCALAR) {
		/* A file that is one text is no YAML of ours (a key file, a note):
		 * nothing of it is quoted. */
		char *keys = key_list(s, true);
		error_at(ld, root,
		         _("the file is one text of %zu bytes, not a mapping; expected a mapping "
		           "with the keys %s"),
		         root->len, keys);
		free(keys);
	} else if (root->type != NODE_MAPPING) {
		mismatch(ld, root, _("a mapping"));
	} else {
		size_t index = 0;
		void *base = s->add != NULL ? s->add(ld, &index) : ld->cat;
		check_mapping(ld, s, root, base, index);
	}
	node_free(root);
	free(data);
}

static struct source *add_source(struct load *ld, const char *dir, const char *rel)
{
	struct source *src = xmalloc(sizeof *src);
	src->path = xasprintf("%s/%s", dir, rel);
	src->rel = xstrdup(rel);
	return *ARRAY_PUSH_POW2(ld->sources, ld->nsources) = src;
}

/* Frees what only the loading needed. */
static void load_finish(struct load *ld)
{
	for (size_t i = 0; i < ld->nrefs; i++)
		free(ld->refs[i].value);
	free(ld->refs);
	registry_finish(&ld->names);
	for (size_t i = 0; i < ld->nsources; i++) {
		free(ld->sources[i]->path);
		free(ld->sources[i]->rel);
		free(ld->sources[i]);
	}
	free(ld->sources);
}

struct catalogue *catalogue_load(const char *dir, struct diag_list *diags)
{
	struct load ld = {.dir = dir, .cat = xcalloc(1, sizeof *ld.cat), .diags = diags};
	size_t errors = diag_total(diags);
	uint64_t hash = cat_hash_begin();
	char **names = NULL, *cause;
	size_t count = 0;

	if (cat_check_folder(dir, &cause) != 0) {
		diag_add(diags, dir, 0, 0, "%s", cause);
		free(cause);
		catalogue_free(ld.cat);
		return NULL;
	}
	load_file(&ld, add_source(&ld, dir, "catalogue.yaml"), &catalogue_schema, &hash);
	if (ld.stopped) {
		/* catalogue.yaml alone reached a limit: the rest is not read */
	} else if (cat_list_enterprise_files(dir, &names, &count, &cause) != 0) {
		char *path = xasprintf("%s/enterprises", dir);
		diag_add(diags, path, 0, 0, "%s", cause);
		free(path);
		free(cause);
	} else if (count == 0) {
		char *path = xasprintf("%s/enterprises", dir);
		diag_add(diags, path, 0, 0, "%s",
		         _("no enterprise files in this folder; expected one NAME.yaml file per "
		           "enterprise"));
		free(path);
	}
	for (size_t i = 0; i < count; i++) {
		if (!diag_full(diags) && !ld.stopped) {
			char *rel = xasprintf("enterprises/%s", names[i]);
			load_file(&ld, add_source(&ld, dir, rel), &enterprise_schema, &hash);
			free(rel);
		}
		free(names[i]);
	}
	free(names);
	if (!diag_full(diags))
		resolve_references(&ld);
	load_finish(&ld);

	if (diag_total(diags) > errors) {
		catalogue_free(ld.cat);
		return NULL;
	}
	cat_hash_hex(hash, ld.cat->hash);
	return ld.cat;
}
