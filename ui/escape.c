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

/* Returns the code point of the sequence at P (LEN bytes available) and
 * its length in *N, or -1 if the sequence is invalid. */
static int32_t utf8_decode(const unsigned char *p, size_t len, int *n)
{
	unsigned char b = p[0];
	int need;
	uint32_t cp, min;

	if (b < 0x80) {
		*n = 1;
		return b;
	} else if (b >= 0xc2 && b <= 0xdf) {
		need = 1, cp = b & 0x1f, min = 0x80;
	} else if (b >= 0xe0 && b <= 0xef) {
		need = 2, cp = b & 0x0f, min = 0x800;
	} else if (b >= 0xf0 && b <= 0xf4) {
		need = 3, cp = b & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if ((size_t)need >= len)
		return -1;
	for (int i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*n = need + 1;
	return (int32_t)cp;
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
