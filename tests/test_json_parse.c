/* test_json_parse.c - the bounded JSON reader: grammar, unescaping, lookups,
 * and clean rejection of malformed, too deep and hostile input. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json_parse.h"
#include "tap.h"

static struct json_doc *parse(const char *text)
{
	struct json_doc *d = NULL;
	json_parse(text, strlen(text), &d);
	return d;
}

static int parse_err(const char *text)
{
	struct json_doc *d = (struct json_doc *)1;
	int r = json_parse(text, strlen(text), &d);
	if (r == 0)
		json_free(d);
	else if (d)
		return -9999; /* *out must be NULL on error */
	return r;
}

/* The unescaped value of a one-string document, in a static buffer. */
static const char *unescape(const char *json)
{
	static char buf[256];
	struct json_doc *d = parse(json);
	const struct json_value *v = json_root(d);
	snprintf(buf, sizeof(buf), "%s", v && v->type == JSON_STRING ? v->str : "(error)");
	json_free(d);
	return buf;
}

static void test_values(void)
{
	struct json_doc *d =
	    parse(" {\"Name\":\"/web\",\"Config\":{\"Image\":\"busybox\",\"Labels\":null},"
		  "\"n\":-12.5e1,\"t\":true,\"f\":false,\"a\":[1,\"two\",[],{}],\"Name\":\"dup\"}\n");
	const struct json_value *r = json_root(d);
	ok(r && r->type == JSON_OBJECT, "object parsed");
	is_u64(r ? r->len : 0, 7, "seven members");
	is_str(json_get_str(r, "Name"), "/web", "first of repeated members wins");
	is_str(json_get_str(json_get(r, "Config"), "Image"), "busybox", "nested lookup");
	ok(json_get(json_get(r, "Config"), "Labels")->type == JSON_NULL, "null");
	ok(json_get_str(json_get(r, "Config"), "Labels") == NULL, "null is not a string");
	is_near(json_get(r, "n")->num, -125.0, 1e-9, "number with fraction and exponent");
	ok(json_get(r, "t")->type == JSON_TRUE && json_get(r, "f")->type == JSON_FALSE, "true and false");
	const struct json_value *a = json_get(r, "a");
	is_u64(a->len, 4, "array length");
	is_str(json_at(a, 1)->str, "two", "json_at");
	ok(json_at(a, 4) == NULL, "json_at past the end");
	ok(json_at(a, 2)->type == JSON_ARRAY && json_at(a, 2)->len == 0, "empty array");
	ok(json_at(a, 3)->type == JSON_OBJECT && json_at(a, 3)->child == NULL, "empty object");
	ok(json_get(r, "missing") == NULL && json_get(NULL, "x") == NULL && json_get(a, "x") == NULL,
	   "lookups on missing, NULL and non-objects");
	is_str(json_get(r, "n")->key, "n", "member keys kept");
	json_free(d);

	d = parse("1795477365");
	is_near(json_root(d)->num, 1795477365.0, 0, "integers are exact");
	json_free(d);
	d = parse("\"\"");
	ok(json_root(d)->type == JSON_STRING && json_root(d)->len == 0, "empty string");
	json_free(d);
	json_free(NULL);
	ok(json_root(NULL) == NULL, "json_root(NULL)");
}

static void test_unescape(void)
{
	is_str(unescape("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""), "a\"b\\c/d\b\f\n\r\t", "simple escapes");
	is_str(unescape("\"\\u00e9\\u20ac\""), "\xc3\xa9\xe2\x82\xac", "\\u to UTF-8 (2 and 3 bytes)");
	is_str(unescape("\"\\ud83d\\ude00\""), "\xf0\x9f\x98\x80", "surrogate pair to 4 bytes");
	is_str(unescape("\"x\\u0000y\""), "x\xef\xbf\xbdy", "\\u0000 becomes U+FFFD, never a NUL");
	is_str(unescape("\"\\ud800x\""), "\xef\xbf\xbdx", "lone high surrogate becomes U+FFFD");
	is_str(unescape("\"\\udc00\""), "\xef\xbf\xbd", "lone low surrogate becomes U+FFFD");
	is_str(unescape("\"\\ud800\\u0041\""),
	       "\xef\xbf\xbd"
	       "A",
	       "high surrogate then a non-surrogate");
	is_str(unescape("\"caf\xc3\xa9\""), "caf\xc3\xa9", "raw UTF-8 kept");
	/* podman keeps JSON inside a JSON string */
	struct json_doc *d =
	    parse("{\"metadata\":\"{\\\"image-name\\\":\\\"localhost/boxtop/busybox:latest\\\"}\"}");
	const char *md = json_get_str(json_root(d), "metadata");
	struct json_doc *inner = NULL;
	ok(md && json_parse(md, strlen(md), &inner) == 0, "nested JSON text parses");
	is_str(json_get_str(json_root(inner), "image-name"), "localhost/boxtop/busybox:latest",
	       "nested value");
	json_free(inner);
	json_free(d);
}

static void test_malformed(void)
{
	static const char *const bad[] = {
	    "",
	    " ",
	    "{",
	    "}",
	    "[",
	    "[1,]",
	    "[,1]",
	    "{\"a\"}",
	    "{\"a\":}",
	    "{\"a\":1,}",
	    "{a:1}",
	    "{'a':1}",
	    "[1 2]",
	    "01",
	    "-",
	    "1.",
	    ".5",
	    "1e",
	    "1e+",
	    "+1",
	    "tru",
	    "nul",
	    "falsey",
	    "\"abc",
	    "\"\\x41\"",
	    "\"\\u12\"",
	    "\"\\u12g4\"",
	    "\"tab\there\"",
	    "\"nl\nhere\"",
	    "[1]x",
	    "{} {}",
	    "\xef\xbb\xbf{}",
	    "\"\xc3\"",
	    "\"\xc0\xaf\"",
	    "\"\xed\xa0\x80\"",
	    "\"\xf4\x90\x80\x80\"",
	    "\"\xff\"",
	    "NaN",
	    "[Infinity]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_u64((unsigned long long)(long long)parse_err(bad[i]),
		       (unsigned long long)(long long)-EINVAL, "malformed input %zu rejected with -EINVAL",
		       i);
	const char nul_inside[] = "[1,\0 2]";
	struct json_doc *d = NULL;
	ok(json_parse(nul_inside, sizeof(nul_inside) - 1, &d) == -EINVAL && !d,
	   "a NUL byte in the text is rejected");
	ok(json_parse("[1,2]", 3, &d) == -EINVAL && !d, "LEN is honoured (no read past it)");
}

static void test_bounds(void)
{
	char deep[2 * JSON_MAX_DEPTH + 4];
	size_t n = 0;
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		deep[n++] = '[';
	deep[n++] = '1';
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	struct json_doc *d = NULL;
	ok(json_parse(deep, n, &d) == 0, "%d nested arrays around a value accepted", JSON_MAX_DEPTH);
	json_free(d);
	n = 0;
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		deep[n++] = '[';
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	ok(json_parse(deep, n, &d) == -EINVAL && !d, "%d nested arrays rejected", JSON_MAX_DEPTH + 1);

	/* a million-deep bracket run must not recurse a million times */
	size_t big = 1000000;
	char *s = malloc(big + 1);
	memset(s, '[', big);
	s[big] = '\0';
	ok(json_parse(s, big, &d) == -EINVAL, "a million '[' rejected without deep recursion");
	free(s);

	size_t count = JSON_MAX_NODES + 1;
	s = malloc(2 * count + 2);
	n = 0;
	s[n++] = '[';
	for (size_t i = 0; i < count; i++) {
		s[n++] = '0';
		s[n++] = ',';
	}
	s[n - 1] = ']';
	ok(json_parse(s, n, &d) == -E2BIG && !d, "more than JSON_MAX_NODES values rejected with -E2BIG");
	free(s);
}

int main(void)
{
	test_values();
	test_unescape();
	test_malformed();
	test_bounds();
	return tap_done();
}
