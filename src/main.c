/* aixingou: arguments, locale and the subcommands. */
#include "cmd.h"
#include "config.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "order/order.h"
#include "paths.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cmd_entry *const commands[] = {
#ifdef AIX_HAVE_UI
    &cmd_browse_entry,
#endif
    &cmd_check_entry,  &cmd_list_entry,         &cmd_lists_entry,
    &cmd_order_entry,  &cmd_import_order_entry, &cmd_merge_entry,
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* With no command: the browser, or the list where it was built without one. */
#ifdef AIX_HAVE_UI
static const struct cmd_entry *const default_command = &cmd_browse_entry;
#else
static const struct cmd_entry *const default_command = &cmd_list_entry;
#endif

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);
	char *safe = text_sanitize(msg);
	fprintf(stderr, "aixingou: %s%s\n", prefix, safe);
	free(safe);
	free(msg);
}

void cmd_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

void cmd_warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* TRANSLATORS: prefix of a warning line */
	vmessage(_("warning: "), fmt, ap);
	va_end(ap);
}

int cmd_usage_error(const struct cmd_entry *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, _("Try 'aixingou %s --help' for more information.\n"), cmd->name);
	else
		fprintf(stderr, _("Try 'aixingou --help' for more information.\n"));
	return EXIT_USAGE;
}

int cmd_option_error(const struct cmd_entry *cmd, char **argv, int opt)
{
	const char *word = argv[optind - 1];
	if (opt == ':')
		return cmd_usage_error(cmd, _("option '%s' needs a value"), word);
	return cmd_usage_error(cmd, _("unknown option '%s'"), word);
}

static void print_main_help(void)
{
	printf(_("Usage: aixingou [OPTION]... [COMMAND] [ARG]...\n"
	         "Browse a union's poverty-alleviation purchase catalogue.\n"));
	printf("\n%s\n", _("Commands:"));
	/* The summaries in one column, two spaces after the longest name. */
	int width = 0;
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (text_width(commands[i]->name) > width)
			width = text_width(commands[i]->name);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char *name = text_fit(commands[i]->name, width, false);
		printf("  %s  %s\n", name, _(commands[i]->summary));
		free(name);
	}
#ifdef AIX_HAVE_UI
	printf(_("\nWith no command, aixingou opens the browser.\n"));
#else
	printf(_("\nWith no command, aixingou lists the catalogue.\n"));
#endif
	printf("\n%s\n", _("Options for every command:"));
	printf(_("  --catalogue DIR  the catalogue folder (default: the shipped catalogue)\n"
	         "  --db PATH        the database file (default: under $XDG_DATA_HOME)\n"
	         "  --lang LANG      the language of messages, e.g. zh_CN or en\n"
	         "  --help           show this help and exit\n"
	         "  --version        show the version and exit\n"));
	printf(_("\nShipped catalogue: %s\n"), paths_default_catalogue());
}

bool cmd_common_option(struct app *app, const struct cmd_entry *cmd, int opt, const char *arg,
                       int *exit_status)
{
	switch (opt) {
	case OPT_CATALOGUE:
		app->catalogue_dir = arg;
		return true;
	case OPT_DB:
		app->db_path = arg;
		return true;
	case OPT_LANG: /* already applied by setup_locale() */
		return true;
	case OPT_HELP:
		if (cmd) {
			/* A usage text that names its own arguments starts with its
			 * own "Usage:" line: that line, then the summary, then the
			 * rest. */
			const char *usage = _(cmd->usage);
			if (strncmp(cmd->usage, "Usage:", 6) == 0) {
				size_t first = strcspn(usage, "\n");
				printf("%.*s\n", (int)first, usage);
				usage += first + (usage[first] == '\n');
			} else {
				printf(_("Usage: aixingou %s [OPTION]...\n"), cmd->name);
			}
			printf("%s\n", _(cmd->summary));
			if (*usage != '\n')
				putchar('\n');
			fputs(usage, stdout);
		} else {
			print_main_help();
		}
		*exit_status = EXIT_OK;
		return true;
	case OPT_VERSION:
		printf("aixingou %s\n", AIX_VERSION);
		*exit_status = EXIT_OK;
		return true;
	default:
		return false;
	}
}

/* The language asked for with --lang (LANG or --lang=LANG), looked up before
 * anything is translated; NULL when not given. */
static const char *find_lang_option(int argc, char **argv)
{
	const char *lang = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			lang = argv[++i];
		else if (strncmp(argv[i], "--lang=", 7) == 0)
			lang = argv[i] + 7;
	}
	return lang;
}

/* The language part ("zh_CN") of the locale the environment asks for, as
 * setlocale would pick it: LC_ALL, then LC_MESSAGES, then LANG. */
static const char *environment_language(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

/* Sets up the locale so that the program speaks the user's language even on a
 * machine without that locale installed: output is always UTF-8 (the catalogue
 * is), and messages follow --lang, then LANGUAGE, then the locale variables. */
static void setup_locale(const char *lang)
{
	char *wanted = NULL;
	const char *env = environment_language();

	if (setlocale(LC_ALL, "") == NULL) {
		/* The asked-for locale is not installed (e.g. zh_CN.UTF-8 on a
		 * minimal machine): keep its language for the messages. */
		if (env && !lang && !getenv("LANGUAGE"))
			wanted = xstrndup(env, strcspn(env, ".@"));
		setlocale(LC_ALL, "C.UTF-8");
	}
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	if (lang) {
		free(wanted);
		wanted = xstrdup(lang);
	}
	if (wanted) {
		setenv("LANGUAGE", wanted, 1);
		/* gettext ignores LANGUAGE in the "C" locale, but not in C.UTF-8. */
		const char *messages = setlocale(LC_MESSAGES, NULL);
		if (messages && (strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0))
			setlocale(LC_MESSAGES, "C.UTF-8");
		free(wanted);
	}
	/* Money and numbers are parsed and printed by our own code; keep the C
	 * rules for anything else that might read LC_NUMERIC. */
	setlocale(LC_NUMERIC, "C");

	bindtextdomain(AIX_TEXTDOMAIN, paths_localedir());
	bind_textdomain_codeset(AIX_TEXTDOMAIN, "UTF-8");
	textdomain(AIX_TEXTDOMAIN);
}

static const struct cmd_entry *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	/* Past a size limit of the session (ulimit -f) a write must fail with
	 * EFBIG and a message, not kill the program halfway: SQLite and the
	 * order writer then undo what they began. Every command writes. */
	signal(SIGXFSZ, SIG_IGN);

	const char *lang = find_lang_option(argc, argv);
	setup_locale(lang);
	/* Orders are Chinese documents; English only when asked for. */
	if (lang != NULL)
		order_set_document_language(lang);

	struct app app = {
	    .catalogue_dir = paths_default_catalogue(),
	    .db_path = NULL,
	};

	/* Options before the command: only the common ones. '+' stops at the
	 * first word that is not an option, the command's name. */
	static const struct option options[] = {CMD_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	int opt, status = -1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:", options, NULL)) != -1) {
		if (!cmd_common_option(&app, NULL, opt, optarg, &status))
			return cmd_option_error(NULL, argv, opt);
		if (status >= 0)
			return status;
	}

	const struct cmd_entry *cmd = default_command;
	if (optind < argc) {
		cmd = find_command(argv[optind]);
		if (cmd == NULL)
			return cmd_usage_error(NULL, _("unknown command '%s'"), argv[optind]);
	} else {
		optind--; /* the command sees argv[0] as its name */
	}
	int cmd_argc = argc - optind;
	char **cmd_argv = argv + optind;
	optind = 0; /* getopt_long starts over for the command's own options */
	return cmd->run(&app, cmd_argc, cmd_argv);
}
