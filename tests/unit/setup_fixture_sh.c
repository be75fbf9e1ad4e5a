// SPDX-License-Identifier: MIT
/*
 * Shell commands for the tests (see setup_fixture_sh.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "setup_fixture_sh.h"

void sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd))
		fail_msg("failed: %s", cmd);
}

char *sh_out(const char *fmt, ...)
{
	char cmd[4096], *buf = NULL;
	size_t len = 0, cap = 0;
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	f = popen(cmd, "r");
	assert_non_null(f);
	do {
		if (cap - len < 4096) {
			cap += 8192;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		len += fread(buf + len, 1, cap - len - 1, f);
	} while (!feof(f) && !ferror(f));
	buf[len] = '\0';
	if (pclose(f))
		fail_msg("failed: %s", cmd);
	return buf;
}
