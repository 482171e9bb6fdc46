/* Translation: every user-visible string goes through _() (or N_() where it is
 * translated later, e.g. in a table). The text domain is "aixingou". */
#ifndef AIX_I18N_H
#define AIX_I18N_H

#include <libintl.h>

#define AIX_TEXTDOMAIN "aixingou"
#define _(s)           dgettext(AIX_TEXTDOMAIN, s)
#define N_(s)          (s)
#define P_(s, p, n)    dngettext(AIX_TEXTDOMAIN, s, p, n)

#endif
