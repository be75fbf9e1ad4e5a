/* SPDX-License-Identifier: MIT */
/* Counting KTAP results read line by line from a guest console. */
#ifndef VM_KTAP_H
#define VM_KTAP_H

#include <stdbool.h>

struct ktap {
	bool version_seen;
	int planned; /* from "1..N", -1 until seen */
	int passed, failed, skipped;
	int last; /* number of the last result line */
	bool bad_order; /* a result number was not last + 1 */
};

/**
 * ktap_init - reset counters
 * @k: state
 */
void ktap_init(struct ktap *k);

/**
 * ktap_line - account one console line (non-KTAP lines are ignored)
 * @k: state
 * @line: the line
 */
void ktap_line(struct ktap *k, const char *line);

/**
 * ktap_strip_timestamp - skip a printk time stamp ("[   12.345678] ")
 * @line: a console line
 *
 * Return: @line past the stamp, or @line itself when it has none.
 */
const char *ktap_strip_timestamp(const char *line);

/**
 * ktap_complete - whether the plan was seen and fully reported
 * @k: state
 *
 * Return: true if every planned test has a result.
 */
bool ktap_complete(const struct ktap *k);

#endif
