// SPDX-License-Identifier: MIT
/*
 * sysfs.conf lines as sysfsutils' boot script takes them (see
 * host_sysfs_conf.h): its sed expression first, then the shell's read.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_sysfs_conf.h"

/* [[:space:]] of the sed expression */
static bool sed_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* what read's default IFS splits on */
static bool ifs_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* One run of characters that are neither '=' nor space, from @i. */
static size_t word_end(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != '=' && !sed_space(s[i]))
		i++;
	return i;
}

static size_t skip(const char *s, size_t n, size_t i, bool (*space)(char))
{
	while (i < n && space(s[i]))
		i++;
	return i;
}

static bool copy(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return false;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

/*
 * The sed substitution: "^\s*A\s*B\s*=\s*C" becomes "A B C" (A, B runs of
 * neither '=' nor space, each may be empty). Greedy runs find the match
 * whenever there is one: a third word before the '=' leaves none.
 */
static size_t sed_line(const char *s, size_t n, char *out, size_t size)
{
	size_t a = skip(s, n, 0, sed_space), ae = word_end(s, n, a);
	size_t b = skip(s, n, ae, sed_space), be = word_end(s, n, b);
	size_t eq = skip(s, n, be, sed_space), c;

	if (eq >= n || s[eq] != '=') {
		if (n >= size)
			return (size_t)-1;
		memcpy(out, s, n);
		return n;
	}
	c = skip(s, n, eq + 1, sed_space);
	if ((ae - a) + (be - b) + (n - c) + 2 >= size)
		return (size_t)-1;
	memcpy(out, s + a, ae - a);
	out[ae - a] = ' ';
	memcpy(out + ae - a + 1, s + b, be - b);
	out[ae - a + 1 + be - b] = ' ';
	memcpy(out + ae - a + be - b + 2, s + c, n - c);
	return (ae - a) + (be - b) + (n - c) + 2;
}

enum host_sysfs_conf_kind host_sysfs_conf_line(const char *line, size_t len,
					       struct host_sysfs_conf_line *out)
{
	char buf[1024];
	const char *hash = memchr(line, '#', len);
	size_t n = hash ? (size_t)(hash - line) : len, i, f1, f1e, f2, f2e, f3, f3e;

	memset(out, 0, sizeof(*out));
	/* the sed's first two commands: the comment goes, then a blank line */
	if (memchr(line, '\0', n))
		n = strlen(line);
	if (skip(line, n, 0, sed_space) == n)
		return out->kind = HOST_SYSFS_CONF_NONE;
	n = sed_line(line, n, buf, sizeof(buf));
	if (n == (size_t)-1)
		return out->kind = HOST_SYSFS_CONF_SYNTAX;
	/* read -r f1 f2 f3 */
	f1 = skip(buf, n, 0, ifs_space);
	for (i = f1; i < n && !ifs_space(buf[i]); i++)
		;
	f1e = i;
	f2 = skip(buf, n, f1e, ifs_space);
	for (i = f2; i < n && !ifs_space(buf[i]); i++)
		;
	f2e = i;
	f3 = skip(buf, n, f2e, ifs_space);
	for (f3e = n; f3e > f3 && ifs_space(buf[f3e - 1]); f3e--)
		;
	if (f2e > f2 && f3e > f3 &&
	    ((f1e - f1 == 4 && !memcmp(buf + f1, "mode", 4)) ||
	     (f1e - f1 == 5 && !memcmp(buf + f1, "owner", 5)))) {
		out->kind = buf[f1] == 'm' ? HOST_SYSFS_CONF_MODE : HOST_SYSFS_CONF_OWNER;
		if (copy(out->attr, sizeof(out->attr), buf + f2, f2e - f2) &&
		    copy(out->value, sizeof(out->value), buf + f3, f3e - f3))
			return out->kind;
		/* too long for @out: said to be one, nothing else is kept */
		memset(out, 0, sizeof(*out));
		return out->kind = HOST_SYSFS_CONF_SYNTAX;
	}
	if (f1e > f1 && f2e > f2 && f3e == f3 &&
	    copy(out->attr, sizeof(out->attr), buf + f1, f1e - f1) &&
	    copy(out->value, sizeof(out->value), buf + f2, f2e - f2))
		return out->kind = HOST_SYSFS_CONF_VALUE;
	memset(out, 0, sizeof(*out));
	return out->kind = HOST_SYSFS_CONF_SYNTAX;
}

int host_sysfs_value_u16(const char *v)
{
	unsigned long n = 0;
	unsigned int base = 10, d;
	const char *s = v;

	if (*s == '+')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    ((s[2] >= '0' && s[2] <= '9') || (s[2] >= 'a' && s[2] <= 'f') ||
	     (s[2] >= 'A' && s[2] <= 'F'))) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	if (!*s || *s == '\n')
		return -1;
	for (; *s && *s != '\n'; s++) {
		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			return -1;
		if (d >= base)
			return -1;
		n = n * base + d;
		if (n > 65535)
			return -1;
	}
	/* one trailing newline at most */
	return *s && s[1] ? -1 : (int)n;
}
