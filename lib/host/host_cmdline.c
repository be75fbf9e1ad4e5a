// SPDX-License-Identifier: MIT
/*
 * Kernel command line parsing (see host_cmdline.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_cmdline.h"
#include "host/host_fs.h"

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* The kernel's parameq(): dashes and underscores are interchangeable. */
static bool name_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];

		if (x != y)
			return false;
	}
	return true;
}

static int add(struct host_cmdline *c, const char *tok, size_t len)
{
	struct host_cmdline_param *p;
	char *s, *d, *eq;
	size_t i;

	p = realloc(c->p, (c->n + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	c->p = p;
	s = malloc(len + 1);
	if (!s)
		return -ENOMEM;
	/* Quotes group words; the kernel drops them from key and value. */
	for (i = 0, d = s; i < len; i++)
		if (tok[i] != '"')
			*d++ = tok[i];
	*d = '\0';
	eq = strchr(s, '=');
	if (eq)
		*eq = '\0';
	p[c->n].key = s;
	p[c->n].value = eq ? eq + 1 : NULL;
	c->n++;
	return 0;
}

int host_cmdline_parse(const char *text, size_t len, struct host_cmdline *c)
{
	size_t i = 0;
	int ret;

	c->p = NULL;
	c->n = 0;
	while (i < len) {
		size_t start;
		bool quoted = false;

		while (i < len && (is_space(text[i]) || !text[i]))
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && text[i] && (quoted || !is_space(text[i]))) {
			if (text[i] == '"')
				quoted = !quoted;
			i++;
		}
		if (i - start == 2 && text[start] == '-' && text[start + 1] == '-')
			break;
		ret = add(c, text + start, i - start);
		if (ret) {
			host_cmdline_free(c);
			return ret;
		}
	}
	return 0;
}

int host_cmdline_load(const char *root, struct host_cmdline *c)
{
	char *text;
	size_t len;
	int ret = host_read(root, "/proc/cmdline", &text, &len);

	if (ret)
		return ret;
	ret = host_cmdline_parse(text, len, c);
	free(text);
	return ret;
}

const struct host_cmdline_param *host_cmdline_find(const struct host_cmdline *c, const char *key)
{
	size_t i = c->n;

	while (i--)
		if (name_eq(c->p[i].key, strlen(c->p[i].key), key, strlen(key)))
			return &c->p[i];
	return NULL;
}

bool host_cmdline_list_has(const char *list, const char *word)
{
	const char *s = list;

	while (s && *s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (name_eq(s, n, word, strlen(word)))
			return true;
		s = e ? e + 1 : NULL;
	}
	return false;
}

void host_cmdline_free(struct host_cmdline *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->p[i].key);
	free(c->p);
	c->p = NULL;
	c->n = 0;
}
