/* fuzz.h - parser fuzz targets. Each tests/fuzz/fuzz_<area>.c defines the
 * table below for its parsers; driver.c runs them deterministically in
 * `make check` (seeds plus mutations, under ASan in CI) and libfuzzer.c
 * exposes one of them to libFuzzer for long runs (`make fuzz`). */
#ifndef BOXTOP_FUZZ_H
#define BOXTOP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_target {
	const char *name;
	/* Must not crash, hang or leak on any input (data is not NUL-terminated). */
	void (*run)(const uint8_t *data, size_t len);
	const char *const *seeds; /* NULL-terminated realistic inputs */
};

extern const struct fuzz_target fuzz_targets[];
extern const size_t fuzz_ntargets;

/* Copies DATA into a malloc'd NUL-terminated string for text parsers. */
char *fuzz_cstr(const uint8_t *data, size_t len);

#endif
