/* SPDX-License-Identifier: MIT */
/*
 * What every vfctl command prints, in one place: the JSON document of
 * --json, the error sentences and their hints, colour, the summary line
 * and the corrected command lines hints quote.
 *
 * Under --json a run prints exactly one JSON document on stdout and nothing
 * on stderr, whatever happens (doc/vfctl.1, JSON OUTPUT); fd 1 is captured
 * from vfctl_out_start() to vfctl_out_finish(), so that holds by construction:
 *
 *   { "version": 1, "command": "vm check", "exit": 1,
 *     "findings": [ { "id", "status", "message", "evidence", "hint" } ],
 *     "summary": { "pass": n, "warn": n, "fail": n, "skip": n, "failed": [ id ] },
 *     "errors": [ { "message", "hint" } ],
 *     "error": first error's message or null, "hint": its hint or null,
 *     "output": anything else printed on stdout (--help's text) or null,
 *     ...the command's own keys... }
 *
 * status is one of pass, warn, fail, skip. Commands record findings and
 * errors as they go and add their own keys with vfctl_json_print(); main()
 * prints the document once, after the command returned its exit code.
 */
#ifndef VFCTL_OUT_H
#define VFCTL_OUT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#define VFCTL_JSON_VERSION 1

/**
 * vfctl_out_start - take the global options out of the command line
 * @argc: in/out, main()'s
 * @argv: in/out; --color=WHEN is removed, --json is only looked at
 *
 * Return: 0, or VFCTL_USAGE for a bad --color (already reported).
 */
int vfctl_out_start(int *argc, char **argv);

/**
 * vfctl_out_finish - print the JSON document (under --json) and release it
 * @rc: the command's exit code, recorded as "exit"
 *
 * Return: @rc.
 */
int vfctl_out_finish(int rc);

/* The words --color=WHEN takes, NULL-ended. */
extern const char *const vfctl_color_words[];

/* The command's name in the document and in hints, e.g. "vm check". */
void vfctl_out_command(const char *name);

/* Whether --json was given anywhere on the command line. */
bool vfctl_out_json(void);

/**
 * vfctl_finding - record a check's result
 * @id: stable identifier
 * @status: "pass", "warn", "fail" or "skip"
 * @message: one sentence
 * @evidence: what was read, or NULL
 * @hint: the fix, or NULL
 */
void vfctl_finding(const char *id, const char *status, const char *message, const char *evidence,
		   const char *hint);

/**
 * vfctl_summary - print the summary line of the findings recorded so far
 * @out: stream
 * @what: what was checked, or NULL
 *
 * "N passed, N warnings, N failed (id, id), N skipped": the failed checks
 * are named, so the line alone says what to look at.
 */
void vfctl_summary(FILE *out, const char *what);

/**
 * vfctl_paint - the colour escape for a status, or "" without colour
 * @status: "pass", "warn", "fail", "skip", "error" or NULL for the reset
 *
 * Colour is on for a terminal unless NO_COLOR is set or --color=never; off
 * for pipes and files unless --color=always.
 */
const char *vfctl_paint(const char *status);

/**
 * vfctl_fix - the command line as typed, with one argument replaced
 * @bad: the text to replace: an argv element, or a value inside one
 *       (optarg of --opt=VALUE); NULL to change nothing
 * @good: what to write instead; NULL drops the argument (and, for an
 *        option's separate value, the option too)
 * @add: words to append, or NULL
 *
 * Return: "vfctl ..." in a static buffer, shell-quoted where needed.
 */
const char *vfctl_fix(const char *bad, const char *good, const char *add);

/**
 * vfctl_bad_usage - report an unknown option or a missing option value
 * @argc: the command's argc
 * @argv: the command's argv (after getopt_long returned '?' or ':')
 * @usage: prints the command's usage
 *
 * Return: VFCTL_USAGE.
 */
int vfctl_bad_usage(int argc, char **argv, void (*usage)(FILE *out));

#endif
