#include "paths.h"

#include "config.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

bool paths_in_build_tree(void)
{
	static int answer = -1;
	if (answer >= 0)
		return answer;

	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	size_t root = strlen(AIX_BUILD_ROOT);
	answer = 0;
	if (len > 0) {
		exe[len] = '\0';
		answer = strncmp(exe, AIX_BUILD_ROOT, root) == 0 && exe[root] == '/';
	}
	return answer;
}

const char *paths_default_catalogue(void)
{
	return paths_in_build_tree() ? AIX_SOURCE_ROOT "/catalogue" : AIX_PKGDATADIR "/catalogue";
}

const char *paths_localedir(void)
{
	/* meson's i18n module compiles po/LANG.po to po/LANG/LC_MESSAGES/ in the build tree. */
	return paths_in_build_tree() ? AIX_BUILD_ROOT "/po" : AIX_LOCALEDIR;
}
