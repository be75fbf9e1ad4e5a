// SPDX-License-Identifier: MIT
/*
 * dkms.conf as plain assignments (see dkms_conf.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkms/dkms_conf.h"
#include "dkms/dkms_fs.h"

static __attribute__((format(printf, 3, 4))) void say(char *err, size_t errlen, const char *fmt,
						      ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int put(char *out, size_t size, size_t *o, char ch)
{
	if (*o + 1 >= size)
		return -ENAMETOOLONG;
	out[(*o)++] = ch;
	return 0;
}

int dkms_conf_value(const char *in, size_t n, char *out, size_t size)
{
	size_t i = 0, o = 0;
	int ret = 0;

	if (!size)
		return -ENAMETOOLONG;
	while (i < n && !ret) {
		char ch = in[i];

		if (ch == ' ' || ch == '\t' || ch == '#' || ch == ';' || ch == '\r')
			break;
		if (ch == '"') {
			for (i++; i < n && in[i] != '"' && !ret; i++) {
				/* In double quotes a backslash only escapes these. */
				if (in[i] == '\\' && i + 1 < n && strchr("$`\"\\", in[i + 1]))
					i++;
				ret = put(out, size, &o, in[i]);
			}
			if (i >= n)
				ret = ret ? ret : -EINVAL;
			i++;
		} else if (ch == '\'') {
			for (i++; i < n && in[i] != '\'' && !ret; i++)
				ret = put(out, size, &o, in[i]);
			if (i >= n)
				ret = ret ? ret : -EINVAL;
			i++;
		} else if (ch == '\\' && i + 1 < n) {
			ret = put(out, size, &o, in[i + 1]);
			i += 2;
		} else {
			ret = put(out, size, &o, ch);
			i++;
		}
	}
	out[o] = '\0';
	return ret;
}

/* The name of an assignment at @p (NAME= or NAME[idx]=), or 0. */
static size_t assign_name(const char *p, size_t n, long *idx)
{
	size_t i = 0;

	*idx = -1;
	while (i < n && (p[i] == '_' || (p[i] >= 'A' && p[i] <= 'Z') ||
			 (p[i] >= 'a' && p[i] <= 'z') || (i && p[i] >= '0' && p[i] <= '9')))
		i++;
	if (!i || i >= n)
		return 0;
	if (p[i] == '=')
		return i;
	if (p[i] != '[')
		return 0;
	{
		size_t j = i + 1;
		long v = 0;

		if (j >= n || p[j] < '0' || p[j] > '9')
			return 0;
		for (; j < n && p[j] >= '0' && p[j] <= '9'; j++) {
			v = v * 10 + (p[j] - '0');
			if (v > 1000000)
				return 0;
		}
		if (j + 1 >= n || p[j] != ']' || p[j + 1] != '=')
			return 0;
		*idx = v;
	}
	return i;
}

static bool key_is(const char *p, size_t klen, const char *key)
{
	return strlen(key) == klen && !memcmp(p, key, klen);
}

static int scan(const char *text, size_t len, struct dkms_conf *c, bool strict, char *err,
		size_t errlen)
{
	bool seen[DKMS_MAX_MODULES] = { 0 };
	size_t pos = 0, lineno = 0, i;

	memset(c, 0, sizeof(*c));
	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos, klen, skip = 0;
		char *dst = NULL;
		size_t dsize = 0;
		long idx;
		int ret;

		pos += n + (nl ? 1 : 0);
		lineno++;
		while (skip < n && (line[skip] == ' ' || line[skip] == '\t'))
			skip++;
		line += skip;
		n -= skip;
		klen = assign_name(line, n, &idx);
		if (!klen)
			continue; /* comments, blank lines, anything but assignments */
		if (idx < 0 && key_is(line, klen, "PACKAGE_NAME")) {
			dst = c->name;
			dsize = sizeof(c->name);
		} else if (idx < 0 && key_is(line, klen, "PACKAGE_VERSION")) {
			dst = c->version;
			dsize = sizeof(c->version);
		} else if (idx < 0 && key_is(line, klen, "BUILD_EXCLUSIVE_KERNEL")) {
			dst = c->excl_kernel;
			dsize = sizeof(c->excl_kernel);
		} else if (idx < 0 && key_is(line, klen, "BUILD_EXCLUSIVE_ARCH")) {
			dst = c->excl_arch;
			dsize = sizeof(c->excl_arch);
		} else if (idx >= 0 && key_is(line, klen, "BUILT_MODULE_NAME")) {
			if (idx >= DKMS_MAX_MODULES) {
				say(err, errlen,
				    "line %zu: BUILT_MODULE_NAME[%ld]: at most %d modules", lineno,
				    idx, DKMS_MAX_MODULES);
				return -EINVAL;
			}
			dst = c->modules[idx];
			dsize = sizeof(c->modules[idx]);
			seen[idx] = true;
		} else {
			continue;
		}
		/* Skip "NAME=" or "NAME[N]=". */
		{
			const char *eq = memchr(line, '=', n);
			size_t off = (size_t)(eq - line) + 1;

			ret = dkms_conf_value(line + off, n - off, dst, dsize);
		}
		if (ret == -ENAMETOOLONG) {
			say(err, errlen, "line %zu: %.*s: value longer than %zu bytes", lineno,
			    (int)klen, line, dsize - 1);
			return -EINVAL;
		}
		if (ret) {
			say(err, errlen, "line %zu: %.*s: unterminated quote", lineno, (int)klen,
			    line);
			return -EINVAL;
		}
	}
	if (!c->name[0] && strict) {
		say(err, errlen, "no PACKAGE_NAME");
		return -EINVAL;
	}
	if (!c->version[0] && strict) {
		say(err, errlen, "no PACKAGE_VERSION");
		return -EINVAL;
	}
	/* dkms walks the array from 0 to its length: keep that order, drop gaps. */
	for (i = 0; i < DKMS_MAX_MODULES; i++) {
		if (!seen[i] || !c->modules[i][0])
			continue;
		if (i != c->n_modules)
			memcpy(c->modules[c->n_modules], c->modules[i], sizeof(c->modules[i]));
		c->n_modules++;
	}
	if ((!seen[0] || !c->n_modules) && strict) {
		say(err, errlen, "no BUILT_MODULE_NAME[0]");
		return -EINVAL;
	}
	return 0;
}

int dkms_conf_parse(const char *text, size_t len, struct dkms_conf *c, char *err, size_t errlen)
{
	return scan(text, len, c, true, err, errlen);
}

int dkms_conf_load_registered(const char *root, const char *path, const char *name,
			      const char *version, struct dkms_conf *c, char *err, size_t errlen)
{
	char *text;
	size_t len;
	int ret;

	ret = host_read_max(root, path, DKMS_READ_MAX, &text, &len);
	if (ret) {
		say(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	ret = scan(text, len, c, false, err, errlen);
	free(text);
	if (ret)
		return ret;
	if (!c->name[0])
		snprintf(c->name, sizeof(c->name), "%s", name);
	if (!c->version[0])
		snprintf(c->version, sizeof(c->version), "%s", version);
	return 0;
}

int dkms_conf_load(const char *root, const char *path, struct dkms_conf *c, char *err,
		   size_t errlen)
{
	char *text;
	size_t len;
	int ret;

	ret = host_read_max(root, path, DKMS_READ_MAX, &text, &len);
	if (ret) {
		say(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	ret = dkms_conf_parse(text, len, c, err, errlen);
	free(text);
	return ret;
}

static bool same_module(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
	}
	return !*a && !*b;
}

bool dkms_conf_has_module(const struct dkms_conf *c, const char *m)
{
	size_t i;

	for (i = 0; i < c->n_modules; i++)
		if (same_module(c->modules[i], m))
			return true;
	return false;
}
