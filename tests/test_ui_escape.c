/* test_ui_escape.c - untrusted text on the screen: control characters,
 * invalid and overlong UTF-8, surrogates, bidi overrides, wide characters,
 * and the grid's clipping, wide-character pairing and middle shortening;
 * and the same text in batch text and JSON output. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "escape.h"
#include "json_out.h"
#include "grid.h"
#include "tap.h"

static void esc_is(const char *in, bool utf8, const char *want, int want_w, const char *what)
{
	char *got = esc_string(in, utf8);
	is_str(got, want, "%s: escaped form", what);
	if (want_w >= 0)
		is_u64((unsigned)esc_width(in, utf8), (unsigned)want_w, "%s: width", what);
	free(got);
}

/* Row Y of G as text (trailing blanks kept off). */
static char *row_text(const struct grid *g, int y)
{
	char *all = grid_dump(g), *p = all;
	for (int i = 0; i < y && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	char *nl = p ? strchr(p, '\n') : NULL;
	char *out = strndup(p ? p : "", nl ? (size_t)(nl - p) : strlen(p ? p : ""));
	free(all);
	return out;
}

static void test_escape(void)
{
	esc_is("web-1", true, "web-1", 5, "plain ASCII");
	esc_is("a\x1b]0;pwned\x07z", true, "a\\x1b]0;pwned\\x07z", 18, "OSC title sequence");
	esc_is("\x1b[2J\x1b[H", true, "\\x1b[2J\\x1b[H", 13, "clear screen + home");
	esc_is("tab\there\nnl\r", true, "tab\\x09here\\x0anl\\x0d", 21, "tab, newline, CR");
	esc_is("del\x7f", true, "del\\x7f", 7, "DEL");
	esc_is("bad\xff\xfe", true, "bad\\xff\\xfe", 11, "invalid bytes");
	esc_is("\xc0\xaf", true, "\\xc0\\xaf", 8, "overlong '/'");
	esc_is("\xe0\x80\xaf", true, "\\xe0\\x80\\xaf", 12, "overlong 3-byte");
	esc_is("\xed\xa0\x80", true, "\\xed\\xa0\\x80", 12, "surrogate");
	esc_is("\xf4\x90\x80\x80", true, "\\xf4\\x90\\x80\\x80", 16, "above U+10FFFF");
	esc_is("cut\xe6\x97", true, "cut\\xe6\\x97", 11, "truncated sequence at the end");
	esc_is("\xe6\x97x", true, "\\xe6\\x97x", 9, "truncated sequence resynchronises");
	esc_is("\xc2\x9b"
	       "31m",
	       true, "\\u009b31m", 9, "C1 CSI");
	esc_is("evil\xe2\x80\xae"
	       "txt",
	       true, "evil\\u202etxt", 13, "bidi override");
	esc_is("\xe5\x90\x8d\xe5\x89\x8d", true, "\xe5\x90\x8d\xe5\x89\x8d", 4, "CJK is two columns each");
	esc_is("caf\xc3\xa9", true, "caf\xc3\xa9", 4, "precomposed accent");
	esc_is("caf\xc3\xa9", false, "caf\\xc3\\xa9", 11, "ASCII locale escapes every high byte");
	esc_is("", true, "", 0, "empty");
}

static void test_grid(void)
{
	struct grid *g = grid_new(10, 3, true);
	char *t;

	is_u64((unsigned)grid_text(g, 0, 0, 10, STYLE_NORMAL, "0123456789abc"), 10, "text clipped to MAXW");
	t = row_text(g, 0);
	is_str(t, "0123456789", "clipped row");
	free(t);

	grid_text(g, 1, 0, 10, STYLE_NORMAL, "\xe5\x90\x8d\xe5\x90\x8d\xe5\x90\x8d");
	grid_text(g, 1, 1, 1, STYLE_WARN, "x");
	t = row_text(g, 1);
	is_str(t, " x\xe5\x90\x8d\xe5\x90\x8d", "overwriting half of a wide character blanks the other half");
	free(t);
	ok(grid_at(g, 1, 3)->width == 0, "a wide character's right half is a continuation cell");

	/* A wide character that does not fit in the last column is left out. */
	grid_text(g, 2, 9, 1, STYLE_NORMAL, "\xe5\x90\x8d");
	t = row_text(g, 2);
	is_str(t, "", "wide character never split at the edge");
	free(t);

	/* Nothing outside the grid is touched. */
	grid_text(g, -1, 0, 10, STYLE_NORMAL, "x");
	grid_text(g, 3, 0, 10, STYLE_NORMAL, "x");
	grid_text(g, 2, -3, 10, STYLE_NORMAL, "abcdef");
	t = row_text(g, 2);
	is_str(t, "def", "writes left of column 0 are clipped");
	free(t);
	grid_free(g);

	g = grid_new(40, 2, true);
	grid_text_mid(g, 0, 0, 9, STYLE_NORMAL, "web-throttled-long");
	t = row_text(g, 0);
	is_str(t, "web-\xe2\x80\xa6long", "middle shortening keeps both ends");
	free(t);
	grid_text_mid(g, 1, 0, 20, STYLE_NORMAL, "short");
	t = row_text(g, 1);
	is_str(t, "short", "a name that fits is not shortened");
	free(t);
	grid_free(g);

	g = grid_new(8, 1, false);
	grid_text_mid(g, 0, 0, 8, STYLE_NORMAL, "abcdefghijkl");
	t = row_text(g, 0);
	is_str(t, "abcd~jkl", "ASCII ellipsis");
	free(t);
	grid_free(g);

	g = grid_new(12, 1, true);
	grid_text_mid(g, 0, 0, 12, STYLE_NORMAL, "a\x1b[2Jbcdefghij");
	t = row_text(g, 0);
	ok(strstr(t, "\x1b") == NULL, "shortened hostile name still has no raw ESC (%s)", t);
	free(t);
	grid_free(g);

	g = grid_new(6, 2, true);
	grid_text(g, 0, 0, 6, STYLE_CRIT, "oom");
	grid_select_row(g, 1);
	grid_text(g, 1, 0, 6, STYLE_WARN, "ab");
	t = grid_dump_styles(g);
	is_str(t, "ccc\nWW====\n", "style dump: letters, upper case when selected");
	free(t);
	grid_free(g);

	g = grid_new(0, -5, true);
	ok(grid_width(g) == 1 && grid_height(g) == 1, "degenerate sizes clamp to 1x1");
	grid_free(g);
	grid_free(NULL);
	ok(1, "grid_free(NULL) is a no-op");
}

static void out_is(bool json, const char *in, const char *want, const char *what)
{
	struct strbuf sb;
	strbuf_init(&sb);
	if (json)
		json_out_string(&sb, in);
	else
		batch_escape(&sb, in);
	is_str(sb.buf ? sb.buf : "", want, "%s %s", json ? "JSON:" : "batch:", what);
	strbuf_free(&sb);
}

/* Batch text and JSON reach terminals too (boxtop -b, jq): nothing a
 * container chose may reorder, hide or control what is printed. */
static void test_outputs(void)
{
	out_is(false, "evil\xe2\x80\xaetxt", "evil\\u202etxt", "bidi override shown by number");
	out_is(false, "a\xe2\x80\x8b" "b", "a\\u200bb", "zero-width space shown by number");
	out_is(false, "\xc2\x9b" "2J", "\\u009b2J", "C1 CSI shown by number");
	out_is(false, "\xc0\xaf", "\\xc0\\xaf", "overlong form escaped byte by byte");
	out_is(false, "\xed\xa0\x80", "\\xed\\xa0\\x80", "surrogate escaped byte by byte");
	out_is(false, "\x1b]0;t\x07", "\\x1b]0;t\\x07", "control characters escaped");
	out_is(false, "caf\xc3\xa9 \xe6\x97\xa5", "caf\xc3\xa9 \xe6\x97\xa5", "printable UTF-8 kept");
	out_is(true, "evil\xe2\x80\xaetxt", "\"evil\\u202etxt\"", "bidi override as a \\u escape");
	out_is(true, "\xc2\x9b", "\"\\u009b\"", "C1 as a \\u escape");
	out_is(true, "\xff\"", "\"\\ufffd\\\"\"", "invalid byte replaced, quote escaped");
	out_is(true, "caf\xc3\xa9", "\"caf\xc3\xa9\"", "printable UTF-8 kept");
}

int main(void)
{
	test_outputs();
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		tap_skip_all("no C.UTF-8 locale");
	test_escape();
	test_grid();
	return tap_done();
}
