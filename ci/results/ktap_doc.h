/* SPDX-License-Identifier: MIT */
/*
 * The KTAP document in a log (a kernel log with timestamps, a guest console
 * with other output around it): found, kept as a clean .ktap file, and each
 * top-level result turned into a JUnit test case.
 */
#ifndef CI_KTAP_DOC_H
#define CI_KTAP_DOC_H

#include <stdbool.h>
#include <stdio.h>

#include "ci/results/junit.h"

struct ktap_doc {
	bool found; /* a version line was seen */
	int planned; /* top-level plan, -1 if none */
	bool bail_out; /* "Bail out!" */
	unsigned int passed, failed, skipped;
};

/**
 * ktap_doc_read - extract the first KTAP document of a log
 * @in: the log
 * @ktap: where the document's lines go (prefixes stripped), or NULL
 * @js: the suite that gets one case per top-level result, or NULL
 * @doc: counts and state
 *
 * Log prefixes are removed first: a syslog level ("<6>") and a printk
 * timestamp ("[   12.345678] "). Lines that are not KTAP (other kernel or
 * console output between results) are left out of @ktap. Diagnostic and
 * nested lines between two top-level results become the output of the
 * second, and its failure message when it fails.
 *
 * Return: 0, or -ENOMEM.
 */
int ktap_doc_read(FILE *in, FILE *ktap, struct junit_suite *js, struct ktap_doc *doc);

/**
 * ktap_doc_ok - whether a document passed
 * @doc: state after ktap_doc_read()
 *
 * Return: true if a document was found, its plan was met, nothing failed
 * and it did not bail out.
 */
bool ktap_doc_ok(const struct ktap_doc *doc);

#endif
