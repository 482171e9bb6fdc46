/* Where the program finds its own files: in the source and build trees when it
 * runs from the build tree (./run.sh, the tests), else where it was installed. */
#ifndef AIX_PATHS_H
#define AIX_PATHS_H

#include <stdbool.h>

/* True when the running executable lies inside the build tree it was built in. */
bool paths_in_build_tree(void);
/* The shipped catalogue folder. */
const char *paths_default_catalogue(void);
/* The folder holding LANG/LC_MESSAGES/aixingou.mo. */
const char *paths_localedir(void);

#endif
