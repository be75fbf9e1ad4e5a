/* SPDX-License-Identifier: MIT */
/*
 * The host section of the bench report: what `vfctl doctor --json` found on
 * the machine the figures come from ($(O)/bench/host/doctor.json).
 */
#ifndef REPORT_HOST_H
#define REPORT_HOST_H

#include <stdio.h>

struct json_object;

/**
 * report_host_load - read the doctor's findings saved next to the fragments
 * @dir: the bench directory
 *
 * Return: the doctor's JSON object, or NULL when there is none (or it is not
 * an object with a "findings" array: a report never fails on it).
 */
struct json_object *report_host_load(const char *dir);

/**
 * report_host_html - the host section: the summary, then one row per finding
 * @f: the HTML file
 * @doctor: what report_host_load() returned
 * @escape: writes text HTML-escaped
 */
void report_host_html(FILE *f, struct json_object *doctor, void (*escape)(FILE *f, const char *s));

#endif
