/* json_parse.h - a small bounded JSON reader for the runtimes' files on disk
 * (docker config.v2.json, podman containers.json, OCI config.json). Those
 * files are written by daemons but carry strings chosen by whoever named a
 * container or built an image, so the parser treats its input as hostile:
 * strict RFC 8259 grammar, UTF-8 validated, nesting depth and node count
 * bounded, and any malformed input rejected as a whole with -EINVAL.
 *
 * Ownership: json_parse() returns a document that owns every value and
 * string reachable from json_root(); all of them live until json_free(). */
#ifndef BOXTOP_JSON_PARSE_H
#define BOXTOP_JSON_PARSE_H

#include <stddef.h>

/* More arrays and objects nested in each other is rejected: it bounds the
 * parser's recursion. */
#define JSON_MAX_DEPTH 64
/* More values than this in one document is rejected (-E2BIG). */
#define JSON_MAX_NODES (1u << 20)

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_value {
	enum json_type type;
	const char *key;		/* the member name inside an object, else NULL */
	const char *str;		/* JSON_STRING: unescaped, NUL-terminated */
	size_t len;			/* JSON_STRING: bytes; array/object: number of children */
	double num;			/* JSON_NUMBER */
	const struct json_value *child; /* first element or member */
	const struct json_value *next;	/* next sibling in the parent array/object */
};

struct json_doc;

/* Parses TEXT[0..LEN) (need not be NUL-terminated). Escapes are decoded to
 * UTF-8; \u0000 and lone surrogates become U+FFFD so that every string is a
 * C string without embedded NULs. Returns 0 and *OUT, or -EINVAL (malformed,
 * too deep) or -E2BIG (too many values); *OUT is NULL on error. */
int json_parse(const char *text, size_t len, struct json_doc **out);
void json_free(struct json_doc *doc);
const struct json_value *json_root(const struct json_doc *doc);

/* The member KEY of object OBJ (the first one if repeated), or NULL when OBJ
 * is NULL, not an object, or has no such member. */
const struct json_value *json_get(const struct json_value *obj, const char *key);
/* The string value of member KEY, or NULL when absent or not a string. */
const char *json_get_str(const struct json_value *obj, const char *key);
/* Element I of array ARR, or NULL. */
const struct json_value *json_at(const struct json_value *arr, size_t i);

#endif
