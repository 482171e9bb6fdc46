/* Translation: every user-visible string goes through _() (or N_() where it is
 * translated later, e.g. in a table). The text domain is "aixingou". */
#ifndef AIX_I18N_H
#define AIX_I18N_H

#include <libintl.h>

#define AIX_TEXTDOMAIN "aixingou"
#define _(s)           dgettext(AIX_TEXTDOMAIN, s)
#define N_(s)          (s)
#define P_(s, p, n)    dngettext(AIX_TEXTDOMAIN, s, p, n)
/* A message whose translation depends on where it stands: "Name" is 品名 as
 * an order's column and 名称 as a form's field. ctx must be a literal. */
#define C_(ctx, s) aix_pgettext(ctx "\004" s, s)

/* The translation of ctx_and_s ("context\004message"), or s when there is
 * none. */
static inline const char *aix_pgettext(const char *ctx_and_s, const char *s)
{
	const char *t = dgettext(AIX_TEXTDOMAIN, ctx_and_s);
	return t == ctx_and_s ? s : t;
}

#endif
