/* SPDX-License-Identifier: MIT */
/*
 * The harness of the end-to-end CLI checks written in C (check_host_cli,
 * check_vfctl_cli); cli_check.sh is the shell scripts' one. Each check
 * prints one line ("ok   ..." or "FAIL ..."); the closing line and the
 * RESULTS_DIR/LABEL.counts file are what scripts/summary.sh adds up.
 */
#ifndef CLI_CHECK_H
#define CLI_CHECK_H

#include <stddef.h>

/**
 * cli_check_start - name the program under test and where results go
 * @tool: the binary the checks run (vfctl)
 * @results: the results directory (also the home of stderr captures)
 */
void cli_check_start(const char *tool, const char *results);

/**
 * cli_check - count one check and print its line
 * @ok: it passed
 * @fmt: what it checks (printf format)
 */
__attribute__((format(printf, 2, 3))) void cli_check(int ok, const char *fmt, ...);

/**
 * cli_run - run the tool and capture its stdout
 * @args: its arguments, as the shell splits them
 * @out: stdout, NUL-terminated (cut at @size - 1 bytes)
 * @size: size of @out
 * @err: stderr, NUL-terminated, or NULL to discard it
 * @esize: size of @err
 *
 * Return: the exit code, or -1 if it could not run or did not exit.
 */
int cli_run(const char *args, char *out, size_t size, char *err, size_t esize);

/**
 * cli_check_finish - print "LABEL: N passed, N failed" and write the counts
 * @label: the suite's name (host-cli, vfctl-cli)
 *
 * Return: the program's exit code: 0, or 1 if a check failed.
 */
int cli_check_finish(const char *label);

#endif
