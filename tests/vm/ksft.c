// SPDX-License-Identifier: MIT
/* kselftest.h's KTAP output, re-implemented for static guest programs. */
#include "tests/vm/ksft.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned int plan, pass, fail, skip;

void ksft_print_header(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");
}

void ksft_set_plan(unsigned int n)
{
	plan = n;
	printf("1..%u\n", n);
}

void ksft_print_msg(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void result(const char *what, const char *directive, const char *fmt, va_list ap)
{
	printf("%s %u ", what, pass + fail + skip);
	vprintf(fmt, ap);
	printf("%s\n", directive);
}

void ksft_test_result(bool cond, const char *fmt, ...)
{
	va_list ap;

	(cond ? pass++ : fail++);
	va_start(ap, fmt);
	result(cond ? "ok" : "not ok", "", fmt, ap);
	va_end(ap);
}

void ksft_test_result_skip(const char *fmt, ...)
{
	va_list ap;

	skip++;
	va_start(ap, fmt);
	result("ok", " # SKIP", fmt, ap);
	va_end(ap);
}

void ksft_finished(void)
{
	unsigned int run = pass + fail + skip;

	if (run != plan)
		printf("# Planned tests != run tests (%u != %u)\n", plan, run);
	printf("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:%u error:0\n", pass, fail, skip);
	exit(!fail && run == plan ? KSFT_PASS : KSFT_FAIL);
}
