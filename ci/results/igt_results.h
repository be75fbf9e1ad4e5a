/* SPDX-License-Identifier: MIT */
/*
 * IGT's results.json (igt_runner, piglit format, results_version 10) as a
 * verdict: igt_runner exits 0 when tests fail, so CI must read this file.
 */
#ifndef CI_IGT_RESULTS_H
#define CI_IGT_RESULTS_H

#include <stdbool.h>
#include <stdio.h>

#include "ci/results/junit.h"

/**
 * igt_result_status - how a piglit result string counts
 * @result: "pass", "skip", "fail", "dmesg-warn", ...
 *
 * Return: JUNIT_PASS for pass, JUNIT_SKIP for skip and notrun, JUNIT_FAIL for
 * everything else (fail, crash, timeout, incomplete, abort, warn,
 * dmesg-warn, dmesg-fail and anything unknown).
 */
enum junit_status igt_result_status(const char *result);

/**
 * igt_results_read - read a results.json into a JUnit suite
 * @path: the file
 * @js: gets one case per entry of "tests" (class igt@BINARY, name the rest)
 *
 * Return: 0; -ENOENT or another errno when the file cannot be read;
 * -EBADMSG when it is not a results.json (no "tests" object); -ENODATA
 * when it holds no test at all (a run that ran nothing has not passed).
 */
int igt_results_read(const char *path, struct junit_suite *js);

/**
 * igt_results_print_failed - one line per failed case, as "  RESULT NAME"
 * @js: a suite igt_results_read() filled
 * @f: the output
 *
 * RESULT is the piglit result (fail, dmesg-warn, ...), NAME the whole
 * igt@binary@subtest.
 */
void igt_results_print_failed(const struct junit_suite *js, FILE *f);

#endif
