/* Getting an order out of the program: GB18030 for Windows users, a safe
 * write to disk, and the printer. */
#include "order/order.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <locale.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- GB18030 ------------------------------------------------------------- */

char *order_to_gb18030(const char *utf8, size_t len, size_t *out_len, char **cause)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");

	if (cd == (iconv_t)-1) {
		*cause = xasprintf(_("Cannot convert to GB18030: %s"), strerror(errno));
		return NULL;
	}
	/* Hanzi shrink from three bytes to two; a few characters (¥ among
	 * them) grow to four, and then the buffer grows. */
	size_t cap = len + 16;
	char *out = xmalloc(cap + 1);
	char *in = (char *)utf8, *op = out;
	size_t in_left = len, out_left = cap;
	bool flushing = false;

	for (;;) {
		size_t r = flushing ? iconv(cd, NULL, NULL, &op, &out_left)
		                    : iconv(cd, &in, &in_left, &op, &out_left);
		if (r != (size_t)-1) {
			if (flushing)
				break;
			flushing = true;
			continue;
		}
		if (errno == E2BIG) {
			size_t used = (size_t)(op - out);
			cap *= 2;
			out = xrealloc(out, cap + 1);
			op = out + used;
			out_left = cap - used;
			continue;
		}
		if (errno == EILSEQ)
			*cause =
			    xasprintf(_("Cannot convert to GB18030: the text is not valid UTF-8 "
			                "at byte %zu"),
			              (size_t)(in - utf8));
		else if (errno == EINVAL)
			*cause = xstrdup(_("Cannot convert to GB18030: the text ends inside a "
			                   "character"));
		else
			*cause = xasprintf(_("Cannot convert to GB18030: %s"), strerror(errno));
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*op = '\0';
	*out_len = (size_t)(op - out);
	return out;
}

/* Windows: CRLF line ends, GB18030. */
char *order_for_windows(const char *utf8, size_t len, size_t *out_len, char **cause)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		if (utf8[i] == '\n' && (i == 0 || utf8[i - 1] != '\r'))
			buf_addc(&b, '\r');
		buf_addc(&b, utf8[i]);
	}
	char *gb = order_to_gb18030(buf_str(&b), b.len, out_len, cause);
	buf_finish(&b);
	return gb;
}

char *order_list_digest(const struct plist *l, const struct order_meta *base, char **cause)
{
	struct order_meta meta = *base;
	meta.number = "";
	meta.date = "";
	meta.draft = false;
	char *text = order_text(l, &meta, ORDER_DEFAULT_WIDTH, cause);
	if (text == NULL)
		return NULL;
	size_t len = 0;
	char *csv = order_csv(l, &len, cause);
	if (csv == NULL) {
		free(text);
		return NULL;
	}
	char *both = xasprintf("%s\f%s", text, csv);
	char *digest = store_content_digest(both, strlen(both));
	free(both);
	free(text);
	free(csv);
	return digest;
}

/* ---- The document's language -------------------------------------------- */

/* glibc's counter of loaded catalogues: raising it makes gettext look up
 * LANGUAGE again rather than answer from its cache. */
extern int _nl_msg_cat_cntr;

struct order_lang_saved {
	char *language; /* LANGUAGE before, NULL when unset */
	char *messages; /* LC_MESSAGES before */
};

void *order_lang_begin(const char *lang)
{
	struct order_lang_saved *saved = xcalloc(1, sizeof *saved);
	const char *language = getenv("LANGUAGE");
	saved->language = language != NULL ? xstrdup(language) : NULL;
	const char *messages = setlocale(LC_MESSAGES, NULL);
	saved->messages = xstrdup(messages != NULL ? messages : "C");
	setenv("LANGUAGE", lang != NULL && *lang != '\0' ? lang : ORDER_LANG_DEFAULT, 1);
	/* gettext ignores LANGUAGE in the "C" locale, but not in C.UTF-8. */
	if (strcmp(saved->messages, "C") == 0 || strcmp(saved->messages, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	++_nl_msg_cat_cntr;
	return saved;
}

void order_lang_end(void *token)
{
	struct order_lang_saved *saved = token;
	if (saved == NULL)
		return;
	if (saved->language != NULL)
		setenv("LANGUAGE", saved->language, 1);
	else
		unsetenv("LANGUAGE");
	setlocale(LC_MESSAGES, saved->messages);
	++_nl_msg_cat_cntr;
	free(saved->language);
	free(saved->messages);
	free(saved);
}

static const char *document_language = ORDER_LANG_DEFAULT;

const char *order_document_language(void)
{
	return document_language;
}

void order_set_document_language(const char *lang)
{
	document_language = lang != NULL && strncmp(lang, "en", 2) == 0 ? "en" : ORDER_LANG_DEFAULT;
}

/* ---- Writing a file ------------------------------------------------------ */

/* The temporary file being written, for order_remove_temporary in a signal
 * handler: set only while the file exists under that name. */
static char tmp_in_progress[4096];
static volatile sig_atomic_t tmp_set;

void order_remove_temporary(void)
{
	if (tmp_set) {
		tmp_set = 0;
		unlink(tmp_in_progress);
	}
}

/* Why an existing path may not be replaced: NULL when it is a plain file.
 * rename() would put a plain file in place of a device, a named pipe or a
 * socket (as root, over /dev/null), and cannot replace a folder. */
static char *not_replaceable(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0 || S_ISREG(sb.st_mode))
		return NULL;
	const char *what = S_ISDIR(sb.st_mode)                          ? _("it is a folder")
	                   : S_ISFIFO(sb.st_mode)                       ? _("it is a named pipe")
	                   : S_ISSOCK(sb.st_mode)                       ? _("it is a socket")
	                   : S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? _("it is a device")
	                   : S_ISLNK(sb.st_mode)                        ? _("it is a symbolic link")
	                                         : _("it is not a plain file");
	char *p = text_sanitize(path);
	/* TRANSLATORS: the path, then why (e.g. "it is a named pipe") */
	char *msg =
	    xasprintf(_("Cannot write %s: %s; only a plain file is ever replaced"), p, what);
	free(p);
	return msg;
}

/* Why path could not be written, for people. */
static char *write_error(const char *path, const char *folder, int err)
{
	char *p = text_sanitize(path), *f = text_sanitize(folder), *msg;

	switch (err) {
	case ENOENT:
		msg = xasprintf(_("Cannot write %s: the folder %s does not exist"), p, f);
		break;
	case ENOTDIR:
		msg = xasprintf(_("Cannot write %s: %s is not a folder"), p, f);
		break;
	case EACCES:
	case EPERM:
		msg = xasprintf(_("Cannot write %s: permission denied"), p);
		break;
	case ENOSPC:
	case EDQUOT:
		msg = xasprintf(_("Cannot write %s: the disk is full"), p);
		break;
	case EROFS:
		msg = xasprintf(_("Cannot write %s: the disk is read-only"), p);
		break;
	case EEXIST:
		msg = xasprintf(_("%s already exists"), p);
		break;
	case EISDIR:
		msg = xasprintf(_("Cannot write %s: it is a folder"), p);
		break;
	default:
		msg = xasprintf(_("Cannot write %s: %s"), p, strerror(err));
		break;
	}
	free(p);
	free(f);
	return msg;
}

/* Gives the finished temporary file the name path unless path exists, in a
 * way that cannot replace a file that appears meanwhile: renameat2 with
 * RENAME_NOREPLACE, else a hard link, else (file systems without either,
 * such as FAT on a USB stick) a look before the rename, the best they allow.
 * Returns -1 with errno on failure; tmp is gone only on success. */
static int publish_new(const char *tmp, const char *path)
{
	struct stat st;

#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EOPNOTSUPP)
		return -1;
#endif
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS &&
	    errno != EMLINK)
		return -1;
	if (lstat(path, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	if (errno != ENOENT)
		return -1;
	return rename(tmp, path);
}

/* Writes all of data to fd. Returns -1 with errno on failure. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int order_write_file(const char *path, const char *data, size_t len, bool overwrite, char **cause)
{
	const char *slash = strrchr(path, '/');
	char *folder, *tmp = NULL;
	int fd = -1, err = 0;

	if (slash == NULL)
		folder = xstrdup(".");
	else if (slash == path)
		folder = xstrdup("/");
	else
		folder = xstrndup(path, (size_t)(slash - path));
	if (path[0] == '\0' || (slash != NULL && slash[1] == '\0')) {
		err = EISDIR;
		goto fail;
	}

	char *refused = not_replaceable(path);
	if (refused != NULL) {
		free(folder);
		*cause = refused;
		errno = EINVAL;
		return -1;
	}

	/* In the target's folder, so that the rename stays on one file system;
	 * named with the pid, so that store_orders_reconcile can tell a killed
	 * writer's leftovers. */
	tmp = xasprintf("%s/" ORDER_TMP_PREFIX "%lld-XXXXXX", folder, (long long)getpid());
	/* Signals are held while the name is made and noted, so that a handler
	 * never sees a file without its name nor a name without its file. */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd >= 0 && strlen(tmp) < sizeof tmp_in_progress) {
		memcpy(tmp_in_progress, tmp, strlen(tmp) + 1);
		tmp_set = 1;
	}
	err = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		free(tmp);
		tmp = NULL;
		goto fail;
	}
	err = 0;
	/* mkstemp makes 0600; an order is an ordinary document. umask is read
	 * by setting it, harmless in this single-threaded program. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0644 & ~mask) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		err = errno;
		goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		err = errno;
		goto fail;
	}
	fd = -1;
	/* A test hook: stops here (SIGSTOP) with the temporary file complete,
	 * so that a test can send a signal at this moment for certain. */
	const char *stop = getenv("AIXINGOU_TEST_STOP");
	if (stop != NULL && strcmp(stop, "before-rename") == 0)
		raise(SIGSTOP);
	if ((overwrite ? rename(tmp, path) : publish_new(tmp, path)) != 0) {
		err = errno;
		goto fail;
	}
	tmp_set = 0;

	/* The new name lasts a power cut only once the folder is on disk too.
	 * The file is in place by now: a folder that cannot be synced (some
	 * file systems refuse) is not reported as a failure to write. */
	int dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(tmp);
	free(folder);
	return 0;

fail:
	if (fd >= 0)
		close(fd);
	tmp_set = 0;
	if (tmp != NULL)
		unlink(tmp);
	*cause = write_error(path, folder, err);
	free(tmp);
	free(folder);
	errno = err;
	return -1;
}

/* ---- Printing ------------------------------------------------------------ */

/* The full name of program in a folder of PATH, or NULL. Empty entries,
 * which would mean the current folder, are skipped: nothing is run from
 * wherever the order happens to be saved. Caller frees. */
static char *find_program(const char *program)
{
	const char *path = getenv("PATH");
	char *fallback = NULL, *found = NULL;

	if (path == NULL) {
		size_t n = confstr(_CS_PATH, NULL, 0);
		fallback = xmalloc(n > 0 ? n : 1);
		fallback[0] = '\0';
		if (n > 0)
			confstr(_CS_PATH, fallback, n);
		path = fallback;
	}
	while (found == NULL && *path != '\0') {
		size_t n = strcspn(path, ":");
		if (n > 0) {
			char *candidate = xasprintf("%.*s/%s", (int)n, path, program);
			struct stat st;
			if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode) &&
			    access(candidate, X_OK) == 0)
				found = candidate;
			else
				free(candidate);
		}
		path += n;
		if (*path == ':')
			path++;
	}
	free(fallback);
	return found;
}

/* Reads what fd gives until its end; keeps the first line (at most a few
 * hundred bytes) for a message. Caller frees. */
static char *read_first_line(int fd)
{
	struct buf b = BUF_INIT;
	char chunk[512];

	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (b.len < 1024)
			buf_add(&b, chunk, (size_t)n);
	}
	char *all = buf_steal(&b);
	all[strcspn(all, "\r\n")] = '\0';
	char *line = text_truncate(all, 200);
	free(all);
	return line;
}

int order_print(const char *path, char **cause)
{
	static const char *const programs[] = {"lp", "lpr"};
	const char *name = NULL;
	char *program = NULL;

	for (size_t i = 0; program == NULL && i < sizeof programs / sizeof programs[0]; i++) {
		name = programs[i];
		program = find_program(name);
	}
	if (program == NULL)
		return 1;

	/* A file name starting with '-' would be read as an option. */
	char *file = path[0] == '-' ? xasprintf("./%s", path) : xstrdup(path);
	char *argv[] = {(char *)name, file, NULL};
	posix_spawn_file_actions_t actions;
	int errors[2], rc, status = 0;
	pid_t pid;

	if (pipe2(errors, O_CLOEXEC) != 0) {
		*cause = xasprintf(_("Cannot run %s: %s"), program, strerror(errno));
		free(file);
		free(program);
		return -1;
	}
	/* lp says "request id is …" on its standard output, which would land
	 * on the screen; its complaints are kept for the message. */
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&actions, errors[1], 2);
	rc = posix_spawn(&pid, program, &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	close(errors[1]);
	if (rc != 0) {
		close(errors[0]);
		*cause = xasprintf(_("Cannot run %s: %s"), program, strerror(rc));
		free(file);
		free(program);
		return -1;
	}
	char *complaint = read_first_line(errors[0]);
	close(errors[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			*cause = xasprintf(_("Cannot run %s: %s"), program, strerror(errno));
			rc = -1;
			goto done;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		rc = 0;
	} else {
		if (WIFEXITED(status) && complaint[0] != '\0')
			/* TRANSLATORS: command, exit status, what it said. */
			*cause = xasprintf(_("%s failed with exit status %d: %s"), name,
			                   WEXITSTATUS(status), complaint);
		else if (WIFEXITED(status))
			*cause = xasprintf(_("%s failed with exit status %d"), name,
			                   WEXITSTATUS(status));
		else
			*cause = xasprintf(_("%s was stopped by signal %d"), name,
			                   WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		rc = -1;
	}
done:
	free(complaint);
	free(file);
	free(program);
	return rc;
}
