// SPDX-License-Identifier: MIT
/*
 * Escaping text for HTML and XML (see common_escape.h).
 */
#include "common/common_escape.h"

/* What @c becomes: an entity, "" (dropped), or NULL (itself). */
static const char *replacement(unsigned char c, enum common_escape_mode mode)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	}
	if (mode != COMMON_ESCAPE_XML)
		return NULL;
	if (c == '\'')
		return "&apos;";
	if (c == '\r')
		return "&#13;";
	if (c < 0x20 && c != '\t' && c != '\n')
		return "";
	return NULL;
}

void common_escape(FILE *f, const char *s, enum common_escape_mode mode)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; p && *p; p++) {
		const char *r = replacement(*p, mode);

		if (r)
			fputs(r, f);
		else
			fputc(*p, f);
	}
}
