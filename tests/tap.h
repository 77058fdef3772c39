/* tap.h - a minimal TAP producer for the C unit tests (automake's
 * tap-driver.sh reads it). Header-only: each test binary includes it once. */
#ifndef BOXTOP_TAP_H
#define BOXTOP_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

static inline __attribute__((format(printf, 2, 3))) int ok(int cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

/* Numeric equality with an absolute tolerance; prints both on failure. */
#define is_near(got, want, tol, ...)                                                        \
	do {                                                                                \
		double g_ = (got), w_ = (want);                                             \
		if (!ok(fabs(g_ - w_) <= (tol), __VA_ARGS__))                               \
			printf("#   got %.6g, want %.6g (+-%g)\n", g_, w_, (double)(tol));      \
	} while (0)

#define is_u64(got, want, ...)                                                              \
	do {                                                                                \
		unsigned long long g_ = (got), w_ = (want);                                 \
		if (!ok(g_ == w_, __VA_ARGS__))                                             \
			printf("#   got %llu, want %llu\n", g_, w_);                            \
	} while (0)

#define is_str(got, want, ...)                                                              \
	do {                                                                                \
		const char *g_ = (got), *w_ = (want);                                       \
		if (!ok(g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_, __VA_ARGS__))            \
			printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
	} while (0)

static inline void tap_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
