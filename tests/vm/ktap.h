/* SPDX-License-Identifier: MIT */
/* Counting KTAP results read line by line from a guest console. */
#ifndef VM_KTAP_H
#define VM_KTAP_H

#include <stdbool.h>

struct ktap {
	bool version_seen;
	int planned; /* from "1..N", -1 until seen */
	int passed, failed, skipped;
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
 * ktap_complete - whether the plan was seen and fully reported
 * @k: state
 *
 * Return: true if every planned test has a result.
 */
bool ktap_complete(const struct ktap *k);

#endif
