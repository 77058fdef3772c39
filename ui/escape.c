/* escape.c - see escape.h. The decoder is strict (RFC 3629): overlong
 * forms, surrogates, code points above U+10FFFF and truncated sequences are
 * invalid, and only the first byte of an invalid sequence is consumed so the
 * rest resynchronises on the next byte, as terminals do. */
#include "config.h"

#include "escape.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "util.h"

static void esc_byte(unsigned char b, struct esc_unit *u)
{
	snprintf(u->bytes, sizeof(u->bytes), "\\x%02x", b);
	u->width = 4;
	u->escaped = true;
}

void esc_next(const char **s, const char *end, bool utf8, struct esc_unit *u)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t len = (size_t)(end - *s);

	u->escaped = false;
	if (p[0] < 0x20 || p[0] == 0x7f || (p[0] >= 0x80 && !utf8)) {
		esc_byte(p[0], u);
		*s += 1;
		return;
	}
	if (p[0] < 0x80) {
		u->bytes[0] = (char)p[0];
		u->bytes[1] = '\0';
		u->width = 1;
		*s += 1;
		return;
	}
	int n;
	int32_t cp = utf8_decode(p, len, &n);
	if (cp < 0) {
		esc_byte(p[0], u);
		*s += 1;
		return;
	}
	*s += n;
	/* Zero-width and unprintable code points (C1 controls, bidi overrides,
	 * combining marks with nothing safe to combine with) are shown by
	 * number: a cell grid cannot place them without ambiguity. */
	int w = wcwidth((wchar_t)cp);
	if (w < 1 || w > 2) {
		snprintf(u->bytes, sizeof(u->bytes), cp > 0xffff ? "\\U%08x" : "\\u%04x", (unsigned)cp);
		u->width = (int)strlen(u->bytes);
		u->escaped = true;
		return;
	}
	memcpy(u->bytes, p, (size_t)n);
	u->bytes[n] = '\0';
	u->width = w;
}

int esc_width(const char *s, bool utf8)
{
	const char *end = s + strlen(s);
	struct esc_unit u;
	int w = 0;

	while (s < end) {
		esc_next(&s, end, utf8, &u);
		w += u.width;
	}
	return w;
}

char *esc_string(const char *s, bool utf8)
{
	const char *end = s + strlen(s);
	struct strbuf sb;
	struct esc_unit u;

	strbuf_init(&sb);
	while (s < end) {
		esc_next(&s, end, utf8, &u);
		strbuf_puts(&sb, u.bytes);
	}
	return strbuf_detach(&sb);
}
