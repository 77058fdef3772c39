/* escape.h - the one place where text becomes safe to draw. Every string
 * that reaches the screen (container names, commands, paths, and our own
 * labels alike) is cut into display units here: a printable character is
 * kept with its measured width; a control character, an invalid UTF-8 byte
 * or an unprintable code point becomes a visible escape ("\x1b", "\xff",
 * "\u202e"), so nothing a container chose can move the cursor, set the
 * title or change colours. Pure; owned by the ui issue.
 *
 * In UTF-8 mode (the locale's codeset is UTF-8) widths come from wcwidth()
 * of the current locale; in ASCII mode every byte >= 0x80 is escaped. */
#ifndef BOXTOP_ESCAPE_H
#define BOXTOP_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* One display unit of text. */
struct esc_unit {
	char bytes[12]; /* NUL-terminated: the character's own bytes, or its escape */
	int width;	/* columns: 1 or 2 for a character, strlen(bytes) for an escape */
	bool escaped;	/* bytes is an ASCII escape, one column per byte */
};

/* Decodes the unit at *S (never reading at or past END) and advances *S
 * past it. *S must be < END. */
void esc_next(const char **s, const char *end, bool utf8, struct esc_unit *u);

/* Display width of S once escaped. */
int esc_width(const char *s, bool utf8);

/* The escaped form of S as one malloc'd string the caller frees: what the
 * screen shows, for messages and files that hold screen text. */
char *esc_string(const char *s, bool utf8);

#endif
