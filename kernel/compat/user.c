// SPDX-License-Identifier: MIT
/*
 * printk for the user-space build of the PF core. See compat/user.h.
 */
#include <stdarg.h>
#include <stdio.h>

#include "compat.h"

static void compat_log_stderr(int level, const char *msg)
{
	if (level <= COMPAT_LOGLEVEL_WARNING)
		fprintf(stderr, "%s", msg);
}

void (*compat_log_sink)(int level, const char *msg) = compat_log_stderr;

void compat_log_discard(int level, const char *msg)
{
	(void)level;
	(void)msg;
}

void compat_printk(int level, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	compat_log_sink(level, buf);
}
