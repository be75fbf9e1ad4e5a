// SPDX-License-Identifier: MIT
/*
 * udev rule ACTION matching (see host_udev.h), as udev(7) matches it: the
 * value is a shell glob, "|" separates alternatives, "!=" inverts.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "host/host_udev.h"

/* Whether udev's pattern (fnmatch, "|" between alternatives) matches @word. */
static bool pattern(const char *pat, size_t len, const char *word)
{
	for (size_t i = 0; i <= len;) {
		size_t n = strcspn(pat + i, "|\"");
		char alt[128];

		if (i + n > len)
			n = len - i;
		snprintf(alt, sizeof(alt), "%.*s", (int)n, pat + i);
		if (!fnmatch(alt, word, 0))
			return true;
		i += n + 1;
	}
	return false;
}

bool host_udev_action(const char *line, const char *action)
{
	bool pass = true;

	for (const char *a = strstr(line, "ACTION"); a && pass; a = strstr(a + 1, "ACTION")) {
		bool neg = a[6] == '!';
		const char *v = a + 8;
		size_t len;

		if ((a[6] != '=' && a[6] != '!') || a[7] != '=' || *v != '"')
			continue;
		v++;
		len = strcspn(v, "\"");
		pass = pattern(v, len, action) != neg;
	}
	return pass;
}

void host_udev_boot_events(const char *line, struct host_udev_boot *ev)
{
	ev->on_add = host_udev_action(line, "add");
	ev->on_bind = host_udev_action(line, "bind");
}
