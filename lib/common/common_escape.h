/* SPDX-License-Identifier: MIT */
/*
 * Text into markup: the one escaper of the HTML report (bench/report) and
 * of the JUnit XML files (ci/results).
 */
#ifndef COMMON_ESCAPE_H
#define COMMON_ESCAPE_H

#include <stdio.h>

/**
 * enum common_escape_mode - what the text goes into
 * @COMMON_ESCAPE_HTML: HTML text or a double-quoted attribute: & < > " become
 *	entities, every other byte is written as it is
 * @COMMON_ESCAPE_XML: XML 1.0 text or attribute, either quote: also ' becomes
 *	&apos; and CR &#13; (kept through attribute normalisation); the other
 *	C0 controls but tab and newline, which XML 1.0 cannot hold, are dropped
 */
enum common_escape_mode {
	COMMON_ESCAPE_HTML,
	COMMON_ESCAPE_XML,
};

/**
 * common_escape - write text escaped for markup
 * @f: the output
 * @s: the text; NULL writes nothing
 * @mode: HTML or XML
 */
void common_escape(FILE *f, const char *s, enum common_escape_mode mode);

#endif
