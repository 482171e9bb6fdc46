/* The helpers of fuzz.h. */
#include "fuzz.h"

#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void fuzz_fail(const char *file, int line, const char *what, const char *text)
{
	fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
	if (text != NULL) {
		fputs("  text: \"", stderr);
		for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
			if (*p >= 0x20 && *p < 0x7F && *p != '\\' && *p != '"')
				fputc(*p, stderr);
			else
				fprintf(stderr, "\\x%02X", *p);
		}
		fputs("\"\n", stderr);
	}
	fflush(stderr);
	abort();
}

static char *private_dir;

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_private_dir(void)
{
	if (private_dir != NULL)
		nftw(private_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* /dev/shm when it is a folder we may write in, else $TMPDIR, else /tmp. */
static const char *temp_root(void)
{
	const char *tmp = getenv("TMPDIR");
	struct stat sb;

	if (stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) && access("/dev/shm", W_OK) == 0)
		return "/dev/shm";
	return tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp";
}

const char *fuzz_private_dir(void)
{
	if (private_dir != NULL)
		return private_dir;
	char *dir = xasprintf("%s/aix-fuzz-XXXXXX", temp_root());
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "cannot create a folder like %s: %s\n", dir, strerror(errno));
		abort();
	}
	private_dir = dir;
	atexit(remove_private_dir);
	return private_dir;
}

void fuzz_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	const char *p = data;

	if (fd < 0) {
		fprintf(stderr, "cannot create %s: %s\n", path, strerror(errno));
		abort();
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
			abort();
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) != 0) {
		fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
		abort();
	}
}

char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

bool fuzz_printable(const char *s, const char *allowed)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);

		if (n == 0)
			return false;
		if (cp_unsafe(cp) &&
		    (allowed == NULL || cp >= 0x80 || cp == 0 || strchr(allowed, (int)cp) == NULL))
			return false;
		i += (size_t)n;
	}
	return true;
}
