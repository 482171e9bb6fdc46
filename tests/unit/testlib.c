/* What the unit tests share: see testlib.h. */
#include "testlib.h"

#include "core/buf.h"
#include "core/xalloc.h"

#include <errno.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *scratch_make(const char *name)
{
	const char *tmp = getenv("TMPDIR");
	char *dir =
	    xasprintf("%s/aix-%s-XXXXXX", tmp != NULL && tmp[0] == '/' ? tmp : "/tmp", name);
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "mkdtemp %s: %s\n", dir, strerror(errno));
		exit(2);
	}
	return dir;
}

static int make_writable(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR || (sb != NULL && S_ISDIR(sb->st_mode)))
		(void)chmod(path, 0700);
	return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void scratch_remove(char *dir)
{
	(void)chmod(dir, 0700);
	nftw(dir, make_writable, 16, FTW_PHYS);
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

char *file_read(const char *path, size_t *len)
{
	if (len != NULL)
		*len = 0;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (len != NULL)
		*len = b.len;
	return buf_steal(&b);
}

void file_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
		exit(2);
	}
}

void file_copy(const char *from, const char *to)
{
	size_t len;
	char *data = file_read(from, &len);
	if (data == NULL) {
		fprintf(stderr, "cannot read %s: %s\n", from, strerror(errno));
		exit(2);
	}
	file_write(to, data, len);
	free(data);
}

bool contains(const char *haystack, const char *needle)
{
	return haystack != NULL && strstr(haystack, needle) != NULL;
}

char *raw_text(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	char *out;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		out = xasprintf("(error: %s)", sqlite3_errmsg(db));
	} else {
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			out = xstrdup(sqlite3_column_text(stmt, 0) != NULL
			                  ? (const char *)sqlite3_column_text(stmt, 0)
			                  : "(null)");
		else if (rc == SQLITE_DONE)
			out = xstrdup("(none)");
		else
			out = xasprintf("(error: %s)", sqlite3_errmsg(db));
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return out;
}

void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "raw sql on %s failed: %s\n", path, err ? err : sqlite3_errmsg(db));
		exit(2);
	}
	sqlite3_close(db);
}
