// SPDX-License-Identifier: MIT
/*
 * printk and the string helpers for the user-space build of the PF core.
 * See compat/user.h.
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

unsigned int compat_kmalloc_failures;

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

/*
 * kstrtoull(): an optional '+', then base 0 picks 16 for "0x" followed by a
 * hex digit, 8 for a leading 0, else 10; at least one digit; one newline may
 * end it. -ERANGE on overflow (checked before what follows the digits),
 * -EINVAL for anything else.
 */
static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 16;
}

int kstrtou64(const char *s, unsigned int base, u64 *res)
{
	bool overflow = false;
	u64 v = 0;
	size_t n = 0;
	int d;

	if (*s == '+')
		s++;
	if (!base) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16)
			base = 16;
		else
			base = s[0] == '0' ? 8 : 10;
	}
	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; (d = digit_value(*s)) < (int)base; s++, n++) {
		if (v > (U64_MAX - (u64)d) / base)
			overflow = true;
		v = v * base + (u64)d;
	}
	if (overflow)
		return -ERANGE;
	if (!n)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtou32(const char *s, unsigned int base, u32 *res)
{
	u64 v;
	int err = kstrtou64(s, base, &v);

	if (err)
		return err;
	if (v > U32_MAX)
		return -ERANGE;
	*res = (u32)v;
	return 0;
}

int kstrtou16(const char *s, unsigned int base, u16 *res)
{
	u64 v;
	int err = kstrtou64(s, base, &v);

	if (err)
		return err;
	if (v > U16_MAX)
		return -ERANGE;
	*res = (u16)v;
	return 0;
}

/* Only the first characters count: y/t/1/e, n/f/0/d, or "on"/"of". */
int kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y':
	case 'Y':
	case 't':
	case 'T':
	case '1':
	case 'e':
	case 'E':
		*res = true;
		return 0;
	case 'n':
	case 'N':
	case 'f':
	case 'F':
	case '0':
	case 'd':
	case 'D':
		*res = false;
		return 0;
	case 'o':
	case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

/* Equal, but for one newline at the end of either. */
bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	return *s1 == '\n' && !s1[1] && !*s2;
}

/* snprintf(), but the length it returns is what it wrote. */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n >= size ? (int)size - 1 : n;
}
