/* SPDX-License-Identifier: MIT */
/*
 * A JUnit XML writer: one <testsuite> of <testcase>s, the shape GitHub,
 * GitLab and Jenkins read. Every string is escaped; characters XML 1.0
 * cannot carry are dropped.
 */
#ifndef CI_JUNIT_H
#define CI_JUNIT_H

#include <stddef.h>
#include <stdio.h>

enum junit_status {
	JUNIT_PASS,
	JUNIT_FAIL,
	JUNIT_SKIP,
};

struct junit_case {
	char *classname;
	char *name;
	enum junit_status status;
	char *message; /* why it failed or skipped, may be NULL */
	char *output; /* what the test printed, may be NULL */
	double seconds;
};

struct junit_suite {
	char *name;
	struct junit_case *cases;
	size_t n, cap;
	unsigned int passed, failed, skipped;
};

/**
 * junit_init - start an empty suite
 * @s: the suite
 * @name: its name (copied)
 *
 * Return: 0, or -ENOMEM.
 */
int junit_init(struct junit_suite *s, const char *name);

/**
 * junit_add - append a test case and count it
 * @s: the suite
 * @classname: group of the case (the suite's name when NULL)
 * @name: the case's name
 * @status: pass, fail or skip
 * @message: reason for a failure or skip, or NULL
 * @output: captured output, or NULL
 * @seconds: duration
 *
 * Return: 0, or -ENOMEM.
 */
int junit_add(struct junit_suite *s, const char *classname, const char *name,
	      enum junit_status status, const char *message, const char *output, double seconds);

/**
 * junit_write - write the suite as a JUnit XML document
 * @s: the suite
 * @f: where to
 *
 * Return: 0, or -EIO when the stream failed.
 */
int junit_write(const struct junit_suite *s, FILE *f);

/**
 * junit_write_file - junit_write() to a new file at @path
 * @s: the suite
 * @path: the file
 *
 * Return: 0, or a negative errno.
 */
int junit_write_file(const struct junit_suite *s, const char *path);

/**
 * junit_escape - write @str as XML character data or attribute value
 * @f: the stream
 * @str: the text
 */
void junit_escape(FILE *f, const char *str);

/**
 * junit_free - release what the suite holds
 * @s: the suite
 */
void junit_free(struct junit_suite *s);

#endif
