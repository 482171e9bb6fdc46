/* The corpus replayer: a main() for a fuzz target built without libFuzzer, as
 * dav1d does it. Each argument is a file or a folder; every file of a folder
 * (hidden ones left out, in name order) is read whole into a buffer of its
 * exact size, so that a sanitizer sees any read beyond it, and passed to
 * LLVMFuzzerTestOneInput. A broken promise aborts the target, so reaching
 * the end means every input passed. A folder that holds no input is a
 * failure: an empty corpus would test nothing.
 *
 * Usage: replay-NAME [-v] CORPUS-FOLDER-OR-FILE... */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The sanitizers' hook for their last words, when a sanitizer runtime is
 * linked in; it tells which input the report is about. */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static const char *current_input;

static void name_current_input(void)
{
	if (current_input != NULL)
		fprintf(stderr, "replay: the input above is %s\n", current_input);
}

/* Names the input on a crash, then crashes as the signal would have, so
 * that the test fails with the signal's status. Only async-signal-safe calls
 * here. */
static void name_input_on_signal(int sig)
{
	const char *path = current_input;

	if (path != NULL) {
		static const char head[] = "replay: crashed on ";
		ssize_t ignored = write(STDERR_FILENO, head, sizeof head - 1);
		ignored = write(STDERR_FILENO, path, strlen(path));
		ignored = write(STDERR_FILENO, "\n", 1);
		(void)ignored;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads path whole into a new buffer of exactly its size (one byte, not
 * NULL, for an empty file, as libFuzzer passes it). Returns -1 with errno
 * when it cannot be read. */
static int read_input(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL)
		return -1;
	for (;;) {
		uint8_t chunk[65536];
		size_t n = fread(chunk, 1, sizeof chunk, f);

		if (n == 0)
			break;
		if (len + n > cap) {
			cap = len + n;
			buf = realloc(buf, cap);
			if (buf == NULL) {
				fclose(f);
				errno = ENOMEM;
				return -1;
			}
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	if (ferror(f)) {
		int saved = errno;
		free(buf);
		fclose(f);
		errno = saved;
		return -1;
	}
	fclose(f);
	if (buf == NULL && (buf = malloc(1)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	*data = buf;
	*size = len;
	return 0;
}

static int run_input(const char *path, bool verbose)
{
	uint8_t *data = NULL;
	size_t size = 0;

	if (read_input(path, &data, &size) != 0) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
	current_input = path;
	LLVMFuzzerTestOneInput(data, size);
	current_input = NULL;
	free(data);
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every input of folder; counts them in *passed and the files that
 * could not be read in *failed. */
static void run_folder(const char *folder, bool verbose, size_t *passed, size_t *failed)
{
	DIR *d = opendir(folder);
	struct dirent *e;
	char **names = NULL;
	size_t count = 0, inputs = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: cannot open %s: %s\n", folder, strerror(errno));
		(*failed)++;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char **grown = realloc(names, (count + 1) * sizeof *names);
		char *name = strdup(e->d_name);
		if (grown == NULL || name == NULL) {
			fprintf(stderr, "replay: out of memory\n");
			exit(2);
		}
		names = grown;
		names[count++] = name;
	}
	closedir(d);
	if (count > 0)
		qsort(names, count, sizeof *names, compare_names);

	for (size_t i = 0; i < count; i++) {
		size_t len = strlen(folder) + 1 + strlen(names[i]) + 1;
		char *path = malloc(len);
		struct stat sb;

		if (path == NULL) {
			fprintf(stderr, "replay: out of memory\n");
			exit(2);
		}
		snprintf(path, len, "%s/%s", folder, names[i]);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			if (run_input(path, verbose) == 0)
				(*passed)++;
			else
				(*failed)++;
			inputs++;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	if (inputs == 0) {
		fprintf(stderr, "replay: %s holds no input\n", folder);
		(*failed)++;
	}
}

int main(int argc, char **argv)
{
	size_t passed = 0, failed = 0;
	bool verbose = false;
	int first = 1;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = true;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: %s [-v] CORPUS-FOLDER-OR-FILE...\n", argv[0]);
		return 2;
	}
	/* A broken promise aborts, which the sanitizers leave alone; the
	 * faults they report themselves and name the input through the
	 * callback, so their handlers must stay. */
	signal(SIGABRT, name_input_on_signal);
	if (__sanitizer_set_death_callback != NULL) {
		__sanitizer_set_death_callback(name_current_input);
	} else {
		const int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
		for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
			signal(faults[i], name_input_on_signal);
	}

	for (int i = first; i < argc; i++) {
		struct stat sb;

		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			run_folder(argv[i], verbose, &passed, &failed);
		} else if (run_input(argv[i], verbose) == 0) {
			passed++;
		} else {
			failed++;
		}
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
