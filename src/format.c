/* format.c - see format.h. Short forms keep columns narrow: at most 5
 * characters for any value a column shows. */
#include "config.h"

#include "format.h"

#include <math.h>
#include <stdio.h>

static char *absent(char *buf, size_t n)
{
	snprintf(buf, n, "-");
	return buf;
}

/* Scales V by 1024 (or 1000) steps and prints 2-3 significant digits. */
static char *format_scaled(double v, double step, const char *units, char *buf, size_t n)
{
	if (isnan(v))
		return absent(buf, n);
	if (v < 0)
		v = 0;
	int u = 0;
	while (v >= 999.5 && units[u + 1]) {
		v /= step;
		u++;
	}
	const char suffix[2] = {u ? units[u] : '\0', '\0'};
	if (v == 0)
		snprintf(buf, n, "0");
	else if (u == 0 && v >= 9.95)
		snprintf(buf, n, "%.0f", v);
	else if (u == 0)
		snprintf(buf, n, "%.1f", v);
	else if (v < 9.995)
		snprintf(buf, n, "%.2f%s", v, suffix);
	else if (v < 99.95)
		snprintf(buf, n, "%.1f%s", v, suffix);
	else
		snprintf(buf, n, "%.0f%s", v, suffix);
	return buf;
}

char *format_bytes(double bytes, char *buf, size_t n)
{
	if (!isnan(bytes) && bytes > 0 && bytes < 1024) {
		snprintf(buf, n, "%.0fB", bytes);
		return buf;
	}
	return format_scaled(bytes, 1024, " KMGTPE", buf, n);
}

char *format_rate(double per_s, char *buf, size_t n)
{
	return format_bytes(per_s, buf, n);
}

char *format_count(double v, char *buf, size_t n)
{
	if (!isnan(v) && v >= 0 && v < 999.5 && v == floor(v)) {
		snprintf(buf, n, "%.0f", v);
		return buf;
	}
	return format_scaled(v, 1000, " kMGTPE", buf, n);
}

char *format_pct(double pct, char *buf, size_t n)
{
	if (isnan(pct))
		return absent(buf, n);
	if (pct < 0.05)
		snprintf(buf, n, "0");
	else if (pct < 9.95)
		snprintf(buf, n, "%.1f", pct);
	else
		snprintf(buf, n, "%.0f", pct);
	return buf;
}

char *format_cores(double cores, char *buf, size_t n)
{
	if (isnan(cores))
		return absent(buf, n);
	if (cores < 9.995)
		snprintf(buf, n, "%.2f", cores);
	else if (cores < 99.95)
		snprintf(buf, n, "%.1f", cores);
	else
		snprintf(buf, n, "%.0f", cores);
	return buf;
}

char *format_psi(double avg10, char *buf, size_t n)
{
	return format_pct(avg10, buf, n);
}
