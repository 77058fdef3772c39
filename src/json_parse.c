/* json_parse.c - see json_parse.h. Owned by discovery and names.
 *
 * One pass of recursive descent (depth-bounded) into a growing array of
 * values linked by index, then one pass turning indices into pointers.
 * Strings are unescaped into a single arena allocated up front: an
 * unescaped string plus its NUL is never longer than its quoted source, so
 * LEN + 1 bytes hold them all and the arena never moves. */
#include "config.h"

#include "json_parse.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct json_doc {
	struct json_value *nodes;
	size_t n;
	char *arena;
};

struct link {
	uint32_t child, last, next; /* indices; 0 = none (node 0 is the root) */
};

struct parser {
	const unsigned char *p, *end;
	struct json_value *nodes;
	struct link *links;
	size_t n, cap;
	char *arena;
	size_t alen;
};

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

/* Returns the index of a new zeroed node, or -E2BIG. */
static long new_node(struct parser *ps, enum json_type type)
{
	if (ps->n >= JSON_MAX_NODES)
		return -E2BIG;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 64;
		ps->nodes = xrealloc(ps->nodes, ps->cap * sizeof(*ps->nodes));
		ps->links = xrealloc(ps->links, ps->cap * sizeof(*ps->links));
	}
	memset(&ps->nodes[ps->n], 0, sizeof(ps->nodes[0]));
	memset(&ps->links[ps->n], 0, sizeof(ps->links[0]));
	ps->nodes[ps->n].type = type;
	return (long)ps->n++;
}

static void add_child(struct parser *ps, size_t parent, size_t child)
{
	struct link *l = &ps->links[parent];
	if (l->last)
		ps->links[l->last].next = (uint32_t)child;
	else
		l->child = (uint32_t)child;
	l->last = (uint32_t)child;
	ps->nodes[parent].len++;
}


/* Reads the 4 hex digits after "\u" at P; -1 if malformed. */
static long read_u4(const unsigned char *p, const unsigned char *end)
{
	if (end - p < 4)
		return -1;
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hex_digit_value(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static void put_utf8(struct parser *ps, uint32_t cp)
{
	char *o = ps->arena + ps->alen;
	if (cp < 0x80) {
		o[0] = (char)cp;
		ps->alen += 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		ps->alen += 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		ps->alen += 3;
	} else {
		o[0] = (char)(0xf0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[3] = (char)(0x80 | (cp & 0x3f));
		ps->alen += 4;
	}
}

/* Length of the valid UTF-8 sequence at P (2-4), or 0 (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF). */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/* Parses the string at ps->p (on the opening quote) into the arena. */
static int parse_string(struct parser *ps, const char **out, size_t *outlen)
{
	ps->p++;
	size_t start = ps->alen;
	for (;;) {
		if (ps->p >= ps->end)
			return -EINVAL;
		unsigned char c = *ps->p;
		if (c == '"') {
			ps->p++;
			break;
		}
		if (c < 0x20)
			return -EINVAL;
		if (c >= 0x80) {
			size_t n = utf8_seq(ps->p, ps->end);
			if (!n)
				return -EINVAL;
			memcpy(ps->arena + ps->alen, ps->p, n);
			ps->alen += n;
			ps->p += n;
			continue;
		}
		if (c != '\\') {
			ps->arena[ps->alen++] = (char)c;
			ps->p++;
			continue;
		}
		if (ps->end - ps->p < 2)
			return -EINVAL;
		unsigned char e = ps->p[1];
		ps->p += 2;
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			static const char map[] = "\"\\/\b\f\n\r\t";
			ps->arena[ps->alen++] = map[simple - "\"\\/bfnrt"];
			continue;
		}
		if (e != 'u')
			return -EINVAL;
		long cp = read_u4(ps->p, ps->end);
		if (cp < 0)
			return -EINVAL;
		ps->p += 4;
		if (cp >= 0xd800 && cp <= 0xdbff && ps->end - ps->p >= 6 && ps->p[0] == '\\' &&
		    ps->p[1] == 'u') {
			long lo = read_u4(ps->p + 2, ps->end);
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				ps->p += 6;
			}
		}
		/* NUL would cut the C string; a lone surrogate is not a character. */
		if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
		put_utf8(ps, (uint32_t)cp);
	}
	ps->arena[ps->alen++] = '\0';
	*out = ps->arena + start;
	*outlen = ps->alen - start - 1;
	return 0;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 8259 number grammar; the value is exact for integers below 2^53, which
 * is all the runtimes' files hold. Avoids strtod: it follows LC_NUMERIC,
 * which the UI sets from the user's locale. */
static int parse_number(struct parser *ps, double *out)
{
	const unsigned char *p = ps->p, *end = ps->end;
	bool neg = false;
	double v = 0;
	long exp10 = 0;
	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	if (p >= end || !is_digit(*p))
		return -EINVAL;
	if (*p == '0')
		p++;
	else
		while (p < end && is_digit(*p))
			v = v * 10 + (*p++ - '0');
	if (p < end && *p == '.') {
		p++;
		if (p >= end || !is_digit(*p))
			return -EINVAL;
		while (p < end && is_digit(*p)) {
			v = v * 10 + (*p++ - '0');
			if (exp10 > -100000)
				exp10--;
		}
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		bool eneg = false;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p >= end || !is_digit(*p))
			return -EINVAL;
		long e = 0;
		while (p < end && is_digit(*p)) {
			if (e < 100000)
				e = e * 10 + (*p - '0');
			p++;
		}
		exp10 += eneg ? -e : e;
	}
	if (exp10)
		v *= pow(10.0, (double)exp10);
	*out = neg ? -v : v;
	ps->p = p;
	return 0;
}

static int literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return -EINVAL;
	ps->p += n;
	return 0;
}

static long parse_value(struct parser *ps, int depth);

static long parse_container(struct parser *ps, int depth, bool is_object)
{
	if (depth >= JSON_MAX_DEPTH)
		return -EINVAL;
	long idx = new_node(ps, is_object ? JSON_OBJECT : JSON_ARRAY);
	if (idx < 0)
		return idx;
	char close = is_object ? '}' : ']';
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return idx;
	}
	for (;;) {
		const char *key = NULL;
		if (is_object) {
			size_t klen;
			if (ps->p >= ps->end || *ps->p != '"')
				return -EINVAL;
			int r = parse_string(ps, &key, &klen);
			if (r < 0)
				return r;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return -EINVAL;
			ps->p++;
		}
		long child = parse_value(ps, depth + 1);
		if (child < 0)
			return child;
		ps->nodes[child].key = key;
		add_child(ps, (size_t)idx, (size_t)child);
		skip_ws(ps);
		if (ps->p >= ps->end)
			return -EINVAL;
		if (*ps->p == close) {
			ps->p++;
			return idx;
		}
		if (*ps->p != ',')
			return -EINVAL;
		ps->p++;
		skip_ws(ps);
	}
}

/* DEPTH: the number of arrays and objects around the value. */
static long parse_value(struct parser *ps, int depth)
{
	skip_ws(ps);
	if (ps->p >= ps->end)
		return -EINVAL;
	long idx;
	int r;
	switch (*ps->p) {
	case '{':
		return parse_container(ps, depth, true);
	case '[':
		return parse_container(ps, depth, false);
	case '"':
		if ((idx = new_node(ps, JSON_STRING)) < 0)
			return idx;
		r = parse_string(ps, &ps->nodes[idx].str, &ps->nodes[idx].len);
		return r < 0 ? r : idx;
	case 't':
		if ((idx = new_node(ps, JSON_TRUE)) < 0)
			return idx;
		r = literal(ps, "true");
		return r < 0 ? r : idx;
	case 'f':
		if ((idx = new_node(ps, JSON_FALSE)) < 0)
			return idx;
		r = literal(ps, "false");
		return r < 0 ? r : idx;
	case 'n':
		if ((idx = new_node(ps, JSON_NULL)) < 0)
			return idx;
		r = literal(ps, "null");
		return r < 0 ? r : idx;
	default:
		if ((idx = new_node(ps, JSON_NUMBER)) < 0)
			return idx;
		r = parse_number(ps, &ps->nodes[idx].num);
		return r < 0 ? r : idx;
	}
}

int json_parse(const char *text, size_t len, struct json_doc **out)
{
	*out = NULL;
	struct parser ps = {
	    .p = (const unsigned char *)text,
	    .end = (const unsigned char *)text + len,
	    .arena = xmalloc(len + 1),
	};
	long root = parse_value(&ps, 0);
	if (root >= 0) {
		skip_ws(&ps);
		if (ps.p != ps.end)
			root = -EINVAL;
	}
	if (root < 0) {
		free(ps.nodes);
		free(ps.links);
		free(ps.arena);
		return (int)root;
	}
	for (size_t i = 0; i < ps.n; i++) {
		ps.nodes[i].child = ps.links[i].child ? &ps.nodes[ps.links[i].child] : NULL;
		ps.nodes[i].next = ps.links[i].next ? &ps.nodes[ps.links[i].next] : NULL;
	}
	free(ps.links);
	struct json_doc *doc = xmalloc(sizeof(*doc));
	doc->nodes = ps.nodes;
	doc->n = ps.n;
	doc->arena = ps.arena;
	*out = doc;
	return 0;
}

void json_free(struct json_doc *doc)
{
	if (!doc)
		return;
	free(doc->nodes);
	free(doc->arena);
	free(doc);
}

const struct json_value *json_root(const struct json_doc *doc)
{
	return doc ? &doc->nodes[0] : NULL;
}

const struct json_value *json_get(const struct json_value *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (const struct json_value *v = obj->child; v; v = v->next)
		if (strcmp(v->key, key) == 0)
			return v;
	return NULL;
}

const char *json_get_str(const struct json_value *obj, const char *key)
{
	const struct json_value *v = json_get(obj, key);
	return v && v->type == JSON_STRING ? v->str : NULL;
}

const struct json_value *json_at(const struct json_value *arr, size_t i)
{
	if (!arr || arr->type != JSON_ARRAY)
		return NULL;
	const struct json_value *v = arr->child;
	while (v && i--)
		v = v->next;
	return v;
}
