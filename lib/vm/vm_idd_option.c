// SPDX-License-Identifier: MIT
/*
 * IddSampleDriver's option.txt, read by the driver's rules (see
 * vm_idd_option.h): lines end at '\n' (Windows' text mode drops the '\r'
 * of a CRLF), fields end at ',' and a trailing ',' adds no empty field.
 */
#include <limits.h>
#include <string.h>

#include "vm/vm_idd_option.h"

/* The C locale's isspace(), which std::stoi's strtol uses. */
static bool stoi_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/*
 * std::stoi on @s[0..@n): 0 with *@v set, -1 when there is no digit (it
 * throws invalid_argument), -2 when the value does not fit an int (it
 * throws out_of_range; Windows' long is 32 bits, so strtol's own range is
 * the same).
 */
static int stoi_like(const char *s, size_t n, long long *v)
{
	size_t i = 0;
	long long x = 0;
	bool neg = false, big = false;

	while (i < n && stoi_space(s[i]))
		i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i == n || s[i] < '0' || s[i] > '9')
		return -1;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		x = x * 10 + (s[i] - '0');
		if (x > (long long)INT_MAX + 1) {
			big = true;
			x = (long long)INT_MAX + 1;
		}
	}
	if (neg)
		x = -x;
	if (big || x > INT_MAX || x < INT_MIN)
		return -2;
	*v = x;
	return 0;
}

static void set_fatal(struct vm_idd_options *o, enum vm_idd_fatal f, unsigned int line,
		      unsigned int field)
{
	if (o->fatal != VM_IDD_OK)
		return;
	o->fatal = f;
	o->fatal_line = line;
	o->fatal_field = field;
}

/* A line the driver skips although the user probably meant a mode. */
static bool looks_like_mode(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && stoi_space(s[i]))
		i++;
	if (i == n || s[i] == '#')
		return false;
	for (; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return true;
	return false;
}

static size_t count_fields(const char *s, size_t n)
{
	size_t i, commas = 0;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		commas += s[i] == ',';
	return commas + (s[n - 1] != ',');
}

static void mode_line(struct vm_idd_options *o, const char *s, size_t n, unsigned int line)
{
	long long v[3];
	size_t start = 0, i, f = 0;
	int ret;

	if (count_fields(s, n) != 3 || (n && s[0] == '#')) {
		if (count_fields(s, n) != 3 && looks_like_mode(s, n) && !o->n_skipped++)
			o->first_skipped = line;
		return;
	}
	for (i = 0; i <= n && f < 3; i++) {
		if (i < n && s[i] != ',')
			continue;
		ret = stoi_like(s + start, i - start, &v[f]);
		if (ret) {
			set_fatal(o, ret == -1 ? VM_IDD_MODE_NAN : VM_IDD_MODE_RANGE, line,
				  (unsigned int)f + 1);
			return;
		}
		f++;
		start = i + 1;
	}
	o->n_modes++;
	if (v[0] < 1 || v[1] < 1 || v[2] < 1) {
		if (!o->n_unusable++)
			o->first_unusable = line;
		return;
	}
	if ((unsigned long long)v[0] * (unsigned long long)v[1] >
	    (unsigned long long)o->largest.width * o->largest.height)
		o->largest = (struct vm_resolution){ (unsigned int)v[0], (unsigned int)v[1],
						     (unsigned int)v[2] };
}

void vm_idd_option_parse(const char *text, size_t len, struct vm_idd_options *o)
{
	size_t pos = 0;
	unsigned int line = 0;
	int ret;

	memset(o, 0, sizeof(*o));
	if (!len) {
		/* what the driver reads from an empty or a missing file */
		set_fatal(o, VM_IDD_COUNT_NAN, 1, 0);
		o->n_lines = 1;
		return;
	}
	if (len >= 2 && ((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE)) {
		set_fatal(o, VM_IDD_UTF16, 1, 0);
		return;
	}
	if (len >= 2 && ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF)) {
		set_fatal(o, VM_IDD_UTF16, 1, 0);
		return;
	}
	do {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		pos += n + (nl != NULL);
		line++;
		if (n && s[n - 1] == '\r' && nl)
			n--;
		if (line > 1) {
			mode_line(o, s, n, line);
			continue;
		}
		if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
			set_fatal(o, VM_IDD_BOM, 1, 0);
			continue;
		}
		ret = stoi_like(s, n, &o->monitors);
		if (ret)
			set_fatal(o, ret == -1 ? VM_IDD_COUNT_NAN : VM_IDD_COUNT_RANGE, 1, 0);
	} while (pos < len);
	o->n_lines = line;
}
