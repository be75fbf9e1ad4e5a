// SPDX-License-Identifier: MIT
/*
 * The shared argument grammar (see args.h). Every sentence ends with the
 * accepted forms or range: the user's next attempt should be the right one.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "args/args.h"

#define RES_FORMS "write WIDTHxHEIGHT or WIDTHxHEIGHT@HZ, e.g. 2560x1440@60"

static int fail(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (err && n) {
		va_start(ap, fmt);
		vsnprintf(err, n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* 1 to @max hexadecimal digits; returns the first character after them. */
static const char *hex(const char *s, unsigned int max, unsigned long *v)
{
	unsigned int i = 0;

	*v = 0;
	while (i < max && isxdigit((unsigned char)s[i])) {
		int c = tolower((unsigned char)s[i]);

		*v = *v * 16 + (unsigned long)(isdigit(c) ? c - '0' : c - 'a' + 10);
		i++;
	}
	return i ? s + i : NULL;
}

/* A field of at most @max hex digits followed by @sep (or the end for '\0'). */
static const char *field(const char *s, unsigned int max, char sep, unsigned long *v)
{
	const char *p = s ? hex(s, max, v) : NULL;

	if (!p || *p != sep)
		return NULL;
	return sep ? p + 1 : p;
}

int args_pci_parse(const char *s, struct args_pci *out, char *err, size_t n)
{
	unsigned long dom = 0, bus, slot, func;
	const char *p, *colon2;

	if (!s || !*s)
		return fail(err, n, "an empty PCI address: write it as " ARGS_PCI_FORMS);
	/* Two colons: the domain leads (lspci -D, sysfs); one: lspci's short form. */
	colon2 = strchr(s, ':');
	colon2 = colon2 ? strchr(colon2 + 1, ':') : NULL;
	p = colon2 ? field(s, 8, ':', &dom) : s;
	p = field(p, 2, ':', &bus);
	p = field(p, 2, '.', &slot);
	p = field(p, 1, '\0', &func);
	if (!p)
		return fail(err, n, "'%s' is not a PCI address: write it as " ARGS_PCI_FORMS, s);
	if (slot > 0x1f)
		return fail(
			err, n,
			"'%s' is not a PCI address: slot %02lx is above 1f; write it as " ARGS_PCI_FORMS,
			s, slot);
	if (func > 7)
		return fail(
			err, n,
			"'%s' is not a PCI address: function %lx is above 7; write it as " ARGS_PCI_FORMS,
			s, func);
	out->domain = (uint32_t)dom;
	out->bus = (uint8_t)bus;
	out->slot = (uint8_t)slot;
	out->func = (uint8_t)func;
	return 0;
}

void args_pci_format(const struct args_pci *a, char *buf, size_t n)
{
	snprintf(buf, n, "%04x:%02x:%02x.%x", a->domain, a->bus, a->slot, a->func);
}

int args_pci_canonical(const char *s, char *buf, size_t n, char *err, size_t en)
{
	struct args_pci a;
	int ret = args_pci_parse(s, &a, err, en);

	if (!ret)
		args_pci_format(&a, buf, n);
	return ret;
}

/* Decimal digits only, at most 100000; returns the character after them. */
static const char *dec(const char *s, unsigned int *v)
{
	unsigned long x = 0;
	unsigned int i = 0;

	while (isdigit((unsigned char)s[i])) {
		if (x <= 100000)
			x = x * 10 + (unsigned long)(s[i] - '0');
		i++;
	}
	if (!i)
		return NULL;
	*v = x > 100000 ? 100001 : (unsigned int)x;
	return s + i;
}

#define RES_RANGE                                                                       \
	"width %u to %u, height %u to %u, %u to %u Hz", ARGS_RES_MIN_W, ARGS_RES_MAX_W, \
		ARGS_RES_MIN_H, ARGS_RES_MAX_H, ARGS_RES_MIN_HZ, ARGS_RES_MAX_HZ

int args_res_parse(const char *s, struct args_res *out, char *err, size_t n)
{
	struct args_res r = { .refresh = ARGS_RES_DEFAULT_HZ };
	const char *p = s && *s ? dec(s, &r.width) : NULL;
	char range[128];

	snprintf(range, sizeof(range), RES_RANGE);
	if (p && (*p == 'x' || *p == 'X'))
		p = dec(p + 1, &r.height);
	else
		p = NULL;
	if (p && *p == '@') {
		p = dec(p + 1, &r.refresh);
		r.refresh_given = true;
	}
	if (!p || *p)
		return fail(err, n, "'%s' is not a resolution: " RES_FORMS " (%s)", s ? s : "",
			    range);
	/* values above 100000 were capped while reading: say "too large", not a number */
	if (r.width < ARGS_RES_MIN_W || r.width > ARGS_RES_MAX_W)
		return fail(err, n, "'%s': the width is out of range (accepted: %s)", s, range);
	if (r.height < ARGS_RES_MIN_H || r.height > ARGS_RES_MAX_H)
		return fail(err, n, "'%s': the height is out of range (accepted: %s)", s, range);
	if (r.refresh < ARGS_RES_MIN_HZ || r.refresh > ARGS_RES_MAX_HZ)
		return fail(err, n, "'%s': the refresh rate is out of range (accepted: %s)", s,
			    range);
	*out = r;
	return 0;
}

bool args_res_larger(const struct args_res *a, const struct args_res *b)
{
	uint64_t fa = (uint64_t)a->width * a->height, fb = (uint64_t)b->width * b->height;

	return fa > fb || (fa == fb && a->refresh > b->refresh);
}

#define DEVID_FORMS "write it as a7a0, 0xa7a0, or as lspci -nn prints it, 8086:a7a0 or [8086:a7a0]"

/* A 16-bit hex ID with an optional 0x, up to @end. */
static const char *id16(const char *s, char end, uint16_t *v)
{
	unsigned long x;
	const char *p;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	p = hex(s, 4, &x);
	if (!p || *p != end)
		return NULL;
	*v = (uint16_t)x;
	return p;
}

int args_devid_parse(const char *s, struct args_devid *out, char *err, size_t n)
{
	struct args_devid d = { 0 };
	const char *p = s, *colon;
	bool bracket;

	if (!s || !*s)
		return fail(err, n, "an empty device ID: " DEVID_FORMS);
	bracket = *p == '[';
	p += bracket;
	colon = strchr(p, ':');
	if (colon) {
		p = id16(p, ':', &d.vendor);
		d.vendor_given = true;
		p = p ? p + 1 : NULL;
	}
	p = p ? id16(p, bracket ? ']' : '\0', &d.device) : NULL;
	if (p && bracket)
		p = p[1] ? NULL : p + 1;
	if (!p)
		return fail(err, n, "'%s' is not a PCI device ID: " DEVID_FORMS, s);
	*out = d;
	return 0;
}

int args_uint_parse(const char *s, const char *what, unsigned long min, unsigned long max,
		    unsigned long *out, char *err, size_t n)
{
	unsigned long v = 0;
	size_t i;

	if (!s || !*s)
		return fail(err, n, "%s is empty: give a number from %lu to %lu", what, min, max);
	for (i = 0; s[i]; i++) {
		if (!isdigit((unsigned char)s[i]))
			return fail(err, n, "'%s' is not %s: give a number from %lu to %lu", s,
				    what, min, max);
		if (v <= max)
			v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < min || v > max)
		return fail(err, n, "%s: %s is outside %lu to %lu", what, s, min, max);
	*out = v;
	return 0;
}
