// SPDX-License-Identifier: MIT
/* KTAP v1 top-level results: "ok N name", "not ok N name", "# SKIP". */
#include "tests/vm/ktap.h"

#include <stdio.h>
#include <string.h>

void ktap_init(struct ktap *k)
{
	memset(k, 0, sizeof(*k));
	k->planned = -1;
}

void ktap_line(struct ktap *k, const char *line)
{
	int a, b;

	if (!strncmp(line, "KTAP version ", 13)) {
		k->version_seen = true;
		return;
	}
	if (!k->version_seen)
		return;
	if (sscanf(line, "%d..%d", &a, &b) == 2 && a == 1) {
		k->planned = b;
	} else if (!strncmp(line, "ok ", 3)) {
		if (strstr(line, "# SKIP"))
			k->skipped++;
		else
			k->passed++;
	} else if (!strncmp(line, "not ok ", 7)) {
		k->failed++;
	}
}

bool ktap_complete(const struct ktap *k)
{
	return k->planned >= 0 &&
	       k->passed + k->failed + k->skipped == k->planned;
}
