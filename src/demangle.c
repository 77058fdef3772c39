/* demangle.c - sym_demangle (symbols.h) over libiberty's demangler. Apart
 * from symbols.c because libiberty's headers define names of their own
 * (ARRAY_SIZE) that util.h defines too. */
#include "config.h"

#include <string.h>

#include "symbols.h"

#ifdef HAVE_DEMANGLE
#include <libiberty/demangle.h>
#endif

char *sym_demangle(const char *name)
{
#ifdef HAVE_DEMANGLE
	/* The demangler recurses on what untrusted binaries name: it has a
	 * depth limit of its own, and the length is bounded here. */
	if (!name || (strncmp(name, "_Z", 2) != 0 && strncmp(name, "_R", 2) != 0) ||
	    strnlen(name, SYM_DEMANGLE_MAX + 1) > SYM_DEMANGLE_MAX)
		return NULL;
	return cplus_demangle(name, DMGL_PARAMS | DMGL_ANSI | DMGL_AUTO);
#else
	(void)name;
	return NULL;
#endif
}
