/* libfuzzer.c - entry point for long libFuzzer runs of one target:
 *   make fuzz; BOXTOP_FUZZ_TARGET=cpu.stat ./fuzz-readers corpus/ */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

char *fuzz_cstr(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);
	if (!s)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const struct fuzz_target *target;
	if (!target) {
		const char *want = getenv("BOXTOP_FUZZ_TARGET");
		for (size_t i = 0; i < fuzz_ntargets; i++)
			if (!want || strcmp(want, fuzz_targets[i].name) == 0)
				target = &fuzz_targets[i];
		if (!target) {
			fprintf(stderr, "no fuzz target %s\n", want);
			abort();
		}
	}
	target->run(data, len);
	return 0;
}
