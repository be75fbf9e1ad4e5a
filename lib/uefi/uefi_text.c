// SPDX-License-Identifier: MIT
/*
 * UTF-16LE helpers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "uefi/uefi_le.h"
#include "uefi/uefi_text.h"

int uefi_utf16_encode(const char *s, uint8_t **out, size_t *out_len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, cap = 2 * strlen(s);
	uint8_t *buf;

	if (!cap)
		return -EINVAL;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	while (*p) {
		uint32_t c;
		int more;

		if (*p < 0x80) {
			c = *p;
			more = 0;
		} else if ((*p & 0xE0) == 0xC0) {
			c = *p & 0x1F;
			more = 1;
		} else if ((*p & 0xF0) == 0xE0) {
			c = *p & 0x0F;
			more = 2;
		} else {
			goto bad; /* 4-byte forms are outside the BMP */
		}
		p++;
		while (more--) {
			if ((*p & 0xC0) != 0x80)
				goto bad;
			c = c << 6 | (*p++ & 0x3F);
		}
		if (c >= 0xD800 && c <= 0xDFFF)
			goto bad;
		uefi_put16(buf + n, (uint16_t)c);
		n += 2;
	}
	*out = buf;
	*out_len = n;
	return 0;
bad:
	free(buf);
	return -EINVAL;
}

char *uefi_utf16_decode(const uint8_t *p, size_t len)
{
	size_t i, n = 0;
	char *s = malloc(len / 2 * 3 + 1);

	if (!s)
		return NULL;
	for (i = 0; i + 1 < len; i += 2) {
		uint16_t c = uefi_le16(p + i);

		if (!c)
			break;
		if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF)) {
			s[n++] = '?';
		} else if (c < 0x80) {
			s[n++] = (char)c;
		} else if (c < 0x800) {
			s[n++] = (char)(0xC0 | c >> 6);
			s[n++] = (char)(0x80 | (c & 0x3F));
		} else {
			s[n++] = (char)(0xE0 | c >> 12);
			s[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
			s[n++] = (char)(0x80 | (c & 0x3F));
		}
	}
	s[n] = 0;
	return s;
}

static uint8_t fold_byte(uint8_t b)
{
	return b >= 'A' && b <= 'Z' ? (uint8_t)(b + 32) : b;
}

bool uefi_utf16_find(const uint8_t *hay, size_t hay_len, const uint8_t *needle, size_t needle_len,
		     bool fold)
{
	size_t i, j;

	if (!needle_len || needle_len > hay_len)
		return false;
	if (!fold)
		return memmem(hay, hay_len, needle, needle_len) != NULL;
	for (i = 0; i + needle_len <= hay_len; i++) {
		for (j = 0; j < needle_len; j++)
			if (fold_byte(hay[i + j]) != fold_byte(needle[j]))
				break;
		if (j == needle_len)
			return true;
	}
	return false;
}
