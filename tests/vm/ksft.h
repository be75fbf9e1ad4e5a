/* SPDX-License-Identifier: MIT */
/*
 * A KTAP writer with the interface and output of the kernel's
 * tools/testing/selftests/kselftest.h (ksft_print_header, ksft_set_plan,
 * ksft_test_result_*, ksft_finished), for guest programs built without a
 * kernel source tree. Exit codes are kselftest's.
 */
#ifndef VM_KSFT_H
#define VM_KSFT_H

#include <stdbool.h>

#define KSFT_PASS 0
#define KSFT_FAIL 1
#define KSFT_SKIP 4

/**
 * ksft_print_header - "TAP version 13" (KTAP v1 accepts it), line-buffered
 */
void ksft_print_header(void);

/**
 * ksft_set_plan - print the plan line "1..N"
 * @n: number of tests that will be reported
 */
void ksft_set_plan(unsigned int n);

/**
 * ksft_print_msg - a diagnostic line ("# ...")
 * @fmt: printf format
 */
void ksft_print_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * ksft_test_result - "ok N name" or "not ok N name"
 * @cond: passed
 * @fmt: printf format of the name
 */
void ksft_test_result(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * ksft_test_result_skip - "ok N name # SKIP"
 * @fmt: printf format of the name (and reason)
 */
void ksft_test_result_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * ksft_finished - print the totals line and exit
 *
 * Exits KSFT_PASS when every planned test passed or was skipped,
 * KSFT_FAIL otherwise (including a count that does not match the plan).
 */
void ksft_finished(void) __attribute__((noreturn));

#endif
