/* The subcommands: one file each (cmd-*.c), one table entry each (main.c). */
#ifndef AIX_CMD_H
#define AIX_CMD_H

#include <getopt.h>
#include <stdbool.h>

/* What every command may be told, from the options that work everywhere. */
struct buf;

struct app {
	const char *catalogue_dir; /* --catalogue, or the shipped catalogue */
	const char *db_path;       /* --db, or NULL for the default under XDG */
	/* When not NULL, cmd_open_store also adds its warnings here, each
	 * followed by a blank line: the browser shows them, since its screen
	 * covers what went to stderr. */
	struct buf *notices;
};

/* Exit statuses of every command. */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1, /* the work failed: an invalid catalogue, an unwritable file */
	EXIT_USAGE = 2,  /* the command line is wrong */
};

struct cmd_entry {
	const char *name;
	const char *summary; /* N_() text for the command list in --help */
	const char *usage;   /* N_() text: the synopsis and options */
	int (*run)(struct app *app, int argc, char **argv);
};

extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_browse_entry;
extern const struct cmd_entry cmd_lists_entry;
extern const struct cmd_entry cmd_order_entry;
extern const struct cmd_entry cmd_import_order_entry;
extern const struct cmd_entry cmd_merge_entry;

struct store;
/* Opens the database (--db or the default), brings it up to date with the
 * catalogue and reports what went wrong on stderr: a broken catalogue over an
 * earlier good import is a warning, the last good import is used. Returns
 * EXIT_OK with *out open (caller closes), or the exit status to leave with. */
int cmd_open_store(struct app *app, struct store **out);

/* From now on SIGTERM, SIGINT and SIGHUP remove the temporary file of an
 * order_write_file under way before they end the program (a signal ignored
 * at start stays ignored). */
void cmd_catch_signals(void);

/* The long options every command accepts, and their codes. A command's own
 * option table starts with CMD_COMMON_OPTIONS. */
enum {
	OPT_CATALOGUE = 0x100,
	OPT_DB,
	OPT_LANG,
	OPT_HELP,
	OPT_VERSION,
	OPT_COMMAND_BASE = 0x200, /* commands number their own options from here */
};

#define CMD_COMMON_OPTIONS                                                                         \
	{"catalogue", required_argument, NULL, OPT_CATALOGUE},                                     \
	    {"db", required_argument, NULL, OPT_DB}, {"lang", required_argument, NULL, OPT_LANG},  \
	    {"help", no_argument, NULL, OPT_HELP},                                                 \
	{                                                                                          \
		"version", no_argument, NULL, OPT_VERSION                                          \
	}

/* Handles opt when it is one of CMD_COMMON_OPTIONS, for cmd (NULL before a
 * command is named); returns false when it is not. --help and --version end
 * the command: they print and set *exit_status (otherwise left alone). */
bool cmd_common_option(struct app *app, const struct cmd_entry *cmd, int opt, const char *arg,
                       int *exit_status);

/* Prints "aixingou: MESSAGE" and the hint to try --help, on stderr; returns
 * EXIT_USAGE. */
int cmd_usage_error(const struct cmd_entry *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports what getopt_long (run with opterr = 0 and an optstring starting
 * with "+:" or ":") found wrong when it returned '?' or ':'; returns
 * EXIT_USAGE. */
int cmd_option_error(const struct cmd_entry *cmd, char **argv, int opt);

/* Prints a message to stderr as "aixingou: MESSAGE"; text from data is
 * sanitised. */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cmd_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
