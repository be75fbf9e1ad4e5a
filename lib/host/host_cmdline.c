// SPDX-License-Identifier: MIT
/*
 * Kernel command line parsing (see host_cmdline.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_cmdline.h"
#include "host/host_fs.h"

/* The kernel's isspace(): its ctype table also marks Latin-1's no-break
 * space (0xa0) as white space. */
static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f' ||
	       (unsigned char)ch == 0xa0;
}

/* The kernel's parameq(): dashes and underscores are interchangeable. */
bool host_cmdline_name_eq(const char *a, size_t alen, const char *b, size_t blen)
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

/*
 * One word as the kernel's next_arg() leaves it: a leading quote is
 * dropped (it quotes the whole word), the first '=' after the first
 * character splits key from value, a quote that opens the value is
 * dropped, and so is the word's last character when it is a quote and
 * either of those quotes opened. Other quotes stay.
 */
static int add(struct host_cmdline *c, const char *tok, size_t len, bool *end)
{
	struct host_cmdline_param *p;
	size_t eq = 0, klen, vstart = 0, vend;
	bool quoted = len && tok[0] == '"', vquoted;
	char *s;

	if (quoted) {
		tok++;
		len--;
	}
	for (size_t i = 1; i < len && !eq; i++)
		if (tok[i] == '=')
			eq = i;
	klen = eq ? eq : len;
	vquoted = eq && eq + 1 < len && tok[eq + 1] == '"';
	vend = len;
	if ((quoted || vquoted) && len && tok[len - 1] == '"')
		vend = len - 1;
	if (!eq && klen > vend)
		klen = vend;
	/* a bare "--" ends the kernel's part: the rest goes to init */
	if (!eq && klen == 2 && tok[0] == '-' && tok[1] == '-') {
		*end = true;
		return 0;
	}
	p = realloc(c->p, (c->n + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	c->p = p;
	s = malloc(len + 2);
	if (!s)
		return -ENOMEM;
	memcpy(s, tok, klen);
	s[klen] = '\0';
	p[c->n].key = s;
	p[c->n].value = NULL;
	if (eq) {
		vstart = eq + 1 + vquoted;
		if (vstart > vend)
			vstart = vend;
		memcpy(s + klen + 1, tok + vstart, vend - vstart);
		s[klen + 1 + vend - vstart] = '\0';
		p[c->n].value = s + klen + 1;
	}
	c->n++;
	return 0;
}

int host_cmdline_parse(const char *text, size_t len, struct host_cmdline *c)
{
	bool end = false;
	size_t i = 0;
	int ret;

	c->p = NULL;
	c->n = 0;
	while (i < len && !end) {
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
		ret = add(c, text + start, i - start, &end);
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
		if (host_cmdline_name_eq(c->p[i].key, strlen(c->p[i].key), key, strlen(key)))
			return &c->p[i];
	return NULL;
}

bool host_cmdline_list_has(const char *list, const char *word)
{
	const char *s = list;

	while (s && *s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == strlen(word) && !memcmp(s, word, n))
			return true;
		s = e ? e + 1 : NULL;
	}
	return false;
}

const struct host_cmdline_param *host_cmdline_nomodeset(const struct host_cmdline *c)
{
	const struct host_cmdline_param *p = NULL;

	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->p[i].key, "nomodeset"))
			p = &c->p[i];
		else if (!strcmp(c->p[i].key, "modeset"))
			p = NULL;
	return p;
}

const struct host_cmdline_param *host_cmdline_initcall_blacklisted(const struct host_cmdline *c,
								   const char *fn)
{
	const struct host_cmdline_param *p = NULL;

	for (size_t i = 0; i < c->n; i++)
		if (c->p[i].value && !strcmp(c->p[i].key, "initcall_blacklist") &&
		    host_cmdline_list_has(c->p[i].value, fn))
			p = &c->p[i];
	return p;
}

int host_cmdline_list_without(const char *list, const char *word, char *buf, size_t size)
{
	size_t used = 0, wlen = strlen(word);
	const char *s = list;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	while (s && *s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n != wlen || memcmp(s, word, n)) {
			if (used + !!used + n + 1 > size)
				return -ENOSPC;
			if (used)
				buf[used++] = ',';
			memcpy(buf + used, s, n);
			used += n;
			buf[used] = '\0';
		}
		s = e ? e + 1 : NULL;
	}
	return 0;
}

const char *host_cmdline_blacklists(const struct host_cmdline *c, const char *module)
{
	const struct host_cmdline_param *p = host_cmdline_find(c, "module_blacklist");

	if (p && host_cmdline_list_has(p->value, module))
		return "module_blacklist";
	for (size_t i = 0; i < c->n; i++)
		if (c->p[i].value && !strcmp(c->p[i].key, "modprobe.blacklist") &&
		    host_cmdline_list_has(c->p[i].value, module))
			return "modprobe.blacklist";
	return NULL;
}

int host_cmdline_intel_iommu_value(const char *v, size_t len, int state)
{
	for (size_t i = 0; i < len;) {
		size_t t = i;

		while (i < len && v[i] != ',')
			i++;
		/* intel_iommu_setup()'s strncmp()s: prefixes */
		if (i - t >= 2 && !strncmp(v + t, "on", 2))
			state = 1;
		else if (i - t >= 3 && !strncmp(v + t, "off", 3))
			state = 0;
		while (i < len && v[i] == ',')
			i++;
	}
	return state;
}

int host_cmdline_intel_iommu(const struct host_cmdline *c)
{
	int state = -1;

	for (size_t i = 0; i < c->n; i++)
		if (c->p[i].value &&
		    host_cmdline_name_eq(c->p[i].key, strlen(c->p[i].key), "intel_iommu", 11))
			state = host_cmdline_intel_iommu_value(c->p[i].value, strlen(c->p[i].value),
							       state);
	return state;
}

bool host_cmdline_list_has_prefix(const char *list, const char *word)
{
	size_t wl = strlen(word);

	for (const char *t = list; t && *t;) {
		size_t len = strcspn(t, ",");

		if (len >= wl && !strncmp(t, word, wl))
			return true;
		t += len + (t[len] == ',');
	}
	return false;
}

const struct host_cmdline_param *host_cmdline_igfx_off(const struct host_cmdline *c)
{
	size_t i = c->n;

	while (i--)
		if (c->p[i].value &&
		    host_cmdline_name_eq(c->p[i].key, strlen(c->p[i].key), "intel_iommu", 11) &&
		    host_cmdline_list_has_prefix(c->p[i].value, "igfx_off"))
			return &c->p[i];
	return NULL;
}

int host_cmdline_iommu_pt_value(const char *v, size_t len, int state)
{
	for (size_t i = 0; i < len;) {
		size_t t = i;

		while (i < len && v[i] != ',')
			i++;
		if (i - t >= 2 && !strncmp(v + t, "pt", 2))
			state = 1;
		else if (i - t >= 4 && !strncmp(v + t, "nopt", 4))
			state = 0;
		/* iommu_setup() returns at "usedac": the rest is not read */
		if (i - t >= 6 && !strncmp(v + t, "usedac", 6))
			break;
		while (i < len && v[i] == ',')
			i++;
	}
	return state;
}

int host_cmdline_bool(const char *v, size_t len)
{
	if (!v || !len)
		return -1;
	switch (v[0]) {
	case 'y':
	case 'Y':
	case '1':
		return 1;
	case 'n':
	case 'N':
	case '0':
		return 0;
	case 'o':
	case 'O':
		if (len > 1 && (v[1] == 'n' || v[1] == 'N'))
			return 1;
		if (len > 1 && (v[1] == 'f' || v[1] == 'F'))
			return 0;
		break;
	}
	return -1;
}

int host_cmdline_iommu_pt(const struct host_cmdline *c, const struct host_cmdline_param **by)
{
	int state = -1;

	if (by)
		*by = NULL;
	for (size_t i = 0; i < c->n; i++) {
		const struct host_cmdline_param *p = &c->p[i];
		size_t kl = strlen(p->key);
		int set = -1;

		if (!p->value)
			continue;
		if (host_cmdline_name_eq(p->key, kl, "iommu", 5))
			set = host_cmdline_iommu_pt_value(p->value, strlen(p->value), -1);
		else if (host_cmdline_name_eq(p->key, kl, "iommu.passthrough", 17))
			set = host_cmdline_bool(p->value, strlen(p->value));
		if (set >= 0) {
			state = set;
			if (by)
				*by = p;
		}
	}
	return state;
}

static int digit_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
		return (ch | 0x20) - 'a' + 10;
	return 99;
}

int host_cmdline_int(const char *v, int *out)
{
	unsigned long long n = 0;
	unsigned int base = 10;
	bool neg = false;
	const char *s = v;
	size_t digits = 0;

	if (!s)
		return -EINVAL;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	/* the kernel's radix fixup: "0x" counts only with a hex digit after it */
	if (s[0] == '0' && (s[1] | 0x20) == 'x' && s[2] && digit_value(s[2]) < 16) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (; *s && digit_value(*s) < (int)base; s++, digits++) {
		n = n * base + (unsigned long long)digit_value(*s);
		if (n > (unsigned long long)INT_MAX + 1)
			return -ERANGE;
	}
	if (*s == '\n')
		s++;
	if (!digits || *s)
		return -EINVAL;
	if (!neg && n > INT_MAX)
		return -ERANGE;
	*out = neg ? (int)-(long long)n : (int)n;
	return 0;
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
