// SPDX-License-Identifier: MIT
/*
 * Shared helpers of the vfctl subcommands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common_file.h"
#include "host/host_atomic.h"
#include "tools/vfctl/vfctl.h"

int vfctl_read_file(const char *path, uint8_t **buf, size_t *len)
{
	char *p;
	int ret = common_read_file(path, VFCTL_READ_MAX, COMMON_READ_REGULAR | COMMON_READ_STABLE,
				   &p, len);

	if (!ret)
		*buf = (uint8_t *)p;
	return ret;
}

int vfctl_write_file(const char *path, const uint8_t *buf, size_t len)
{
	/* Atomic, never through a symlink (host_atomic.h); a GOP, ROM or
	 * domain file is not a secret: readable by all, as cp would leave it.
	 */
	return host_write_atomic(path, buf, len, 0644);
}

bool vfctl_parse_u16(const char *s, uint16_t *val)
{
	unsigned long v;
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > 0xFFFF)
		return false;
	*val = (uint16_t)v;
	return true;
}

/* Decimal or 0x-hex, at most 64 bits, no sign; returns the end or NULL. */
static const char *parse_number(const char *s, uint64_t *val)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return NULL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return NULL;
	*val = v;
	return end;
}

bool vfctl_parse_size(const char *s, uint64_t *val)
{
	const char *end = parse_number(s, val);
	unsigned int shift = 0;

	if (!end)
		return false;
	switch (*end) {
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	case '\0':
		return true;
	default:
		return false;
	}
	if (end[1] || *val > (UINT64_MAX >> shift))
		return false;
	*val <<= shift;
	return true;
}

bool vfctl_parse_size_plain(const char *s, uint64_t *val)
{
	const char *end = parse_number(s, val);

	return end && !*end;
}
