// SPDX-License-Identifier: MIT
/*
 * Kernel configuration parsing and loading (see host_kconfig.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/common_file.h"
#include "host/host_fs.h"
#include "host/host_kconfig.h"

static bool sym_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

static struct host_kconfig_entry *find(const struct host_kconfig *k, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strlen(k->e[i].name) == n && !memcmp(k->e[i].name, name, n))
			return &k->e[i];
	return NULL;
}

static int set(struct host_kconfig *k, const char *name, size_t nlen, const char *val, size_t vlen,
	       bool has_val)
{
	struct host_kconfig_entry *e = find(k, name, nlen);
	char *v = NULL;

	if (has_val) {
		v = strndup(val, vlen);
		if (!v)
			return -ENOMEM;
	}
	if (!e) {
		e = realloc(k->e, (k->n + 1) * sizeof(*e));
		if (!e) {
			free(v);
			return -ENOMEM;
		}
		k->e = e;
		e = &k->e[k->n];
		e->name = strndup(name, nlen);
		if (!e->name) {
			free(v);
			return -ENOMEM;
		}
		e->value = NULL;
		k->n++;
	}
	free(e->value);
	e->value = v;
	return 0;
}

/* One line, without its newline. */
static int parse_line(struct host_kconfig *k, const char *s, size_t n)
{
	static const char not_set[] = " is not set";
	size_t i = 0, name;

	if (n && s[0] == '#') {
		/* "# CONFIG_FOO is not set" */
		if (n < 9 || memcmp(s, "# CONFIG_", 9))
			return 0;
		s += 2, n -= 2;
		while (i < n && sym_char(s[i]))
			i++;
		if (i <= 7 || n - i != sizeof(not_set) - 1 || memcmp(s + i, not_set, n - i))
			return 0;
		return set(k, s, i, NULL, 0, false);
	}
	if (n < 8 || memcmp(s, "CONFIG_", 7))
		return 0;
	while (i < n && sym_char(s[i]))
		i++;
	name = i;
	/* "CONFIG_" alone names no symbol */
	if (i <= 7 || i >= n || s[i] != '=')
		return 0;
	i++;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return set(k, s, name, s + i, n - i, true);
}

int host_kconfig_parse(const char *text, size_t len, struct host_kconfig *k)
{
	size_t pos = 0;
	int ret;

	memset(k, 0, sizeof(*k));
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		ret = parse_line(k, text + pos, n);
		if (ret) {
			host_kconfig_free(k);
			return ret;
		}
		pos += n + 1;
	}
	return 0;
}

static ssize_t gz_read(void *ctx, void *dst, size_t n)
{
	int r = gzread(ctx, dst, n > 1u << 30 ? 1u << 30 : (unsigned int)n);

	return r < 0 ? -EIO : r;
}

/* /proc/config.gz through zlib; gzread() also passes plain text through. */
static int read_gz(const char *path, char **text, size_t *len)
{
	gzFile gz = gzopen(path, "rb");
	int ret;

	if (!gz)
		return errno ? -errno : -ENOMEM;
	ret = common_read_stream(gz_read, gz, HOST_READ_MAX, text, len);
	gzclose(gz);
	return ret;
}

int host_kconfig_load(const char *root, const char *release, struct host_kconfig *k)
{
	char rel[256], rpath[300], path[HOST_PATH_MAX], *text = NULL;
	size_t len = 0;
	int ret;

	memset(k, 0, sizeof(*k));
	if (!release) {
		ret = host_release(root, rel, sizeof(rel));
		release = ret ? NULL : rel;
	}
	if (release) {
		snprintf(rpath, sizeof(rpath), "/boot/config-%s", release);
		ret = host_read(root, rpath, &text, &len);
		if (!ret) {
			ret = host_kconfig_parse(text, len, k);
			free(text);
			snprintf(k->source, sizeof(k->source), "%s", rpath);
			return ret;
		}
	}
	ret = host_path(root, "/proc/config.gz", path, sizeof(path));
	if (ret)
		return ret;
	if (!host_exists(root, "/proc/config.gz"))
		return -ENOENT;
	ret = read_gz(path, &text, &len);
	if (ret)
		return ret;
	ret = host_kconfig_parse(text, len, k);
	free(text);
	snprintf(k->source, sizeof(k->source), "/proc/config.gz");
	return ret;
}

const char *host_kconfig_get(const struct host_kconfig *k, const char *name, bool *listed)
{
	struct host_kconfig_entry *e = find(k, name, strlen(name));

	if (listed)
		*listed = e != NULL;
	return e ? e->value : NULL;
}

void host_kconfig_free(struct host_kconfig *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		free(k->e[i].name);
		free(k->e[i].value);
	}
	free(k->e);
	k->e = NULL;
	k->n = 0;
}
