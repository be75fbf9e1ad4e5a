/* SPDX-License-Identifier: MIT */
/* Small helpers the report's files share: JSON fields, HTML text, files. */
#ifndef REPORT_UTIL_H
#define REPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct json_object;

/**
 * report_str - a string member of a JSON object
 * @o: object (may be NULL)
 * @key: member name
 *
 * Return: the string, or NULL when it is missing or not a string.
 */
const char *report_str(struct json_object *o, const char *key);

/**
 * report_num - a number member of a JSON object
 * @o: object (may be NULL)
 * @key: member name
 * @out: the number
 *
 * Return: true if it is there and a finite number.
 */
bool report_num(struct json_object *o, const char *key, double *out);

/**
 * report_figure_ratio - a figure's value against its reference
 * @fig: figure object
 * @out: the ratio: "ratio", else value / "reference_value"
 *
 * Return: true if the figure states one.
 */
bool report_figure_ratio(struct json_object *fig, double *out);

/**
 * report_find_figure - the figure of a benchmark by name
 * @figures: the report's "figures" array (each with "bench" and "name")
 * @bench: benchmark name
 * @name: figure name (NULL, like a NULL @bench, finds nothing)
 *
 * Return: the figure (borrowed) or NULL.
 */
struct json_object *report_find_figure(struct json_object *figures, const char *bench,
				       const char *name);

/**
 * report_escape - write text HTML-escaped
 * @f: output
 * @s: text (NULL writes nothing)
 */
void report_escape(FILE *f, const char *s);

/**
 * report_unit - the unit as a person reads it ("us" is written µs)
 * @unit: unit of a figure (may be NULL)
 *
 * Return: a static string or @unit.
 */
const char *report_unit(const char *unit);

/**
 * report_write_file - replace a file atomically
 * @path: destination; a symlink planted there is replaced, never followed
 * @buf: contents
 * @len: bytes
 *
 * Writes a new file next to @path and renames it over @path.
 *
 * Return: 0 or a negative errno.
 */
int report_write_file(const char *path, const char *buf, size_t len);

#endif
