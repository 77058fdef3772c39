/* driver.c - runs every fuzz target of one area over its seeds and a fixed
 * number of deterministic mutations (truncation, byte flips, insertions of
 * separators and digits, splices), reporting one TAP line per target. A
 * crash or sanitizer report fails the test. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "fuzz.h"

char *fuzz_cstr(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);
	if (!s)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static const char interesting[] = " \n\t:=-()[]/,.\0\xff" "0123456789max";

static size_t mutate(uint8_t *buf, size_t len, size_t cap)
{
	int edits = 1 + (int)(rng() % 8);
	for (int e = 0; e < edits; e++) {
		switch (rng() % 6) {
		case 0: /* truncate */
			if (len)
				len = rng() % len;
			break;
		case 1: /* flip a byte */
			if (len)
				buf[rng() % len] ^= (uint8_t)(1u << (rng() % 8));
			break;
		case 2: /* insert an interesting byte */
			if (len < cap) {
				size_t at = len ? rng() % len : 0;
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = (uint8_t)interesting[rng() % (sizeof(interesting) - 1)];
				len++;
			}
			break;
		case 3: /* duplicate a run (long lines, repeated keys) */
			if (len && len < cap) {
				size_t at = rng() % len, n = 1 + rng() % 64;
				if (n > len - at)
					n = len - at;
				if (n > cap - len)
					n = cap - len;
				memmove(buf + at + n, buf + at, len - at);
				len += n;
			}
			break;
		case 4: /* huge number */
			if (len + 24 < cap) {
				size_t at = len ? rng() % len : 0;
				memmove(buf + at + 24, buf + at, len - at);
				memcpy(buf + at, "184467440737095516169999", 24);
				len += 24;
			}
			break;
		default: /* overwrite with a random byte */
			if (len)
				buf[rng() % len] = (uint8_t)rng();
			break;
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 3000;
	const char *env = getenv("BOXTOP_FUZZ_ITERATIONS");
	if (env)
		iterations = atol(env);
	enum { CAP = 16384 };
	uint8_t *buf = malloc(CAP);
	if (!buf)
		return 99;
	for (size_t t = 0; t < fuzz_ntargets; t++) {
		const struct fuzz_target *ft = &fuzz_targets[t];
		size_t nseeds = 0;
		while (ft->seeds && ft->seeds[nseeds])
			nseeds++;
		long runs = 0;
		ft->run((const uint8_t *)"", 0);
		for (size_t s = 0; s < nseeds; s++, runs++)
			ft->run((const uint8_t *)ft->seeds[s], strlen(ft->seeds[s]));
		for (long i = 0; i < iterations; i++, runs++) {
			size_t len = 0;
			if (nseeds) {
				const char *seed = ft->seeds[rng() % nseeds];
				len = strlen(seed);
				if (len > CAP / 2)
					len = CAP / 2;
				memcpy(buf, seed, len);
			}
			len = mutate(buf, len, CAP);
			ft->run(buf, len);
		}
		ok(1, "fuzz %s: %ld inputs without a crash", ft->name, runs);
	}
	free(buf);
	return tap_done();
}
