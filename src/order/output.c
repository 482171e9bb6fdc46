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

/* ---- Writing a file ------------------------------------------------------ */

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

	/* In the target's folder, so that the rename stays on one file system. */
	tmp = xasprintf("%s/.aixingou-XXXXXX", folder);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		free(tmp);
		tmp = NULL;
		goto fail;
	}
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
	if ((overwrite ? rename(tmp, path) : publish_new(tmp, path)) != 0) {
		err = errno;
		goto fail;
	}

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
