/* SPDX-License-Identifier: MIT */
/*
 * The goals the report's headline holds the figures against (bench/goals):
 * one line per goal, "BENCH/FIGURE >= RATIO what it means" (or <=), on the
 * figure's ratio to the reference measured in the same run. A goal whose
 * figure the run does not have is "not measured", never an error, so a goal
 * can be written before its benchmark exists.
 */
#ifndef REPORT_GOALS_H
#define REPORT_GOALS_H

#include <stddef.h>

struct json_object;

/** struct report_goal - one line of the goals file */
struct report_goal {
	char *bench; /* before the first '/' */
	char *figure; /* the rest of the key; may hold spaces */
	int ge; /* 1: ratio >= target; 0: ratio <= target */
	double target;
	char *what; /* the words after the number */
	unsigned int line;
};

/** struct report_goals - the goals file as read */
struct report_goals {
	struct report_goal *g;
	size_t n;
	size_t bad; /* lines that could not be read (reported on stderr, skipped) */
};

/**
 * report_goals_parse - read goals from text
 * @text: the file's contents
 * @name: file name, for the messages about bad lines
 * @out: the goals (report_goals_free() after)
 *
 * Bad lines are named on stderr and skipped.
 *
 * Return: 0 or -ENOMEM.
 */
int report_goals_parse(const char *text, const char *name, struct report_goals *out);

/**
 * report_goals_load - read the goals file
 * @path: file
 * @out: the goals; empty when the file cannot be read
 *
 * Return: 0 or a negative errno (the file is missing or unreadable).
 */
int report_goals_load(const char *path, struct report_goals *out);

/**
 * report_goals_free - free what report_goals_parse() made
 * @g: goals
 */
void report_goals_free(struct report_goals *g);

/**
 * report_goals_eval - hold each goal against the run's figures
 * @g: goals
 * @figures: the report's "figures" array
 *
 * Return: a new array, one object per goal: "goal", "what", "op", "target",
 * "status" ("pass", "miss" or "not measured"), and when measured "ratio",
 * "value", "unit", "reference"; when not, "why".
 */
struct json_object *report_goals_eval(const struct report_goals *g, struct json_object *figures);

/**
 * report_verdict - the headline's one-line answer
 * @results: what report_goals_eval() returned
 * @machine: the machine description (noise, VM accelerator)
 *
 * Return: a new object: "met", "missed", "not_measured", "good" (boolean:
 * every measured goal met and at least one measured) and "text".
 */
struct json_object *report_verdict(struct json_object *results, struct json_object *machine);

#endif
