// SPDX-License-Identifier: MIT
/* KTAP v1 top-level results: "ok N name", "not ok N name", "# SKIP". */
#include "tests/vm/ktap.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void ktap_init(struct ktap *k)
{
	memset(k, 0, sizeof(*k));
	k->planned = -1;
}

static void check_order(struct ktap *k, const char *num)
{
	int n;

	if (sscanf(num, "%d", &n) != 1 || n != k->last + 1)
		k->bad_order = true;
	k->last = n;
}

const char *ktap_strip_timestamp(const char *line)
{
	const char *p = line;

	if (*p++ != '[')
		return line;
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return line;
	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	if (p[0] != ']')
		return line;
	return p[1] == ' ' ? p + 2 : p + 1;
}

void ktap_line(struct ktap *k, const char *line)
{
	int a, b;

	/* KTAP v1, and the TAP 13/14 headers kselftest programs print */
	if (!strncmp(line, "KTAP version ", 13) || !strncmp(line, "TAP version ", 12)) {
		k->version_seen = true;
		return;
	}
	if (!k->version_seen)
		return;
	if (sscanf(line, "%d..%d", &a, &b) == 2 && a == 1) {
		k->planned = b;
	} else if (!strncmp(line, "ok ", 3)) {
		check_order(k, line + 3);
		if (strstr(line, "# SKIP"))
			k->skipped++;
		else
			k->passed++;
	} else if (!strncmp(line, "not ok ", 7)) {
		check_order(k, line + 7);
		k->failed++;
	}
}

bool ktap_complete(const struct ktap *k)
{
	return k->planned >= 0 && k->passed + k->failed + k->skipped == k->planned;
}
