/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the lib/vm tests: a domain like the guide's, and XPath
 * queries on generated XML with the qemu and vfctl namespaces registered.
 */
#ifndef VM_DEF_UTIL_H
#define VM_DEF_UTIL_H

#include <libxml/parser.h>
#include <stddef.h>

#include "vm/vm_check.h"
#include "vm/vm_domain_types.h"

/* A valid domain: VF 0000:00:02.1, romfile, 1920x1080, OVMF from "/". */
void t_vm_domain(struct vm_domain *d);
/* Parse XML text; fails the test on a parse error. */
xmlDocPtr t_vm_parse(const char *xml);
/* Number of nodes an XPath selects (prefixes: qemu, vfctl). */
int t_vm_count(xmlDocPtr doc, const char *xpath);
/* String value of an XPath expression, malloc'ed ("" when nothing). */
char *t_vm_str(xmlDocPtr doc, const char *xpath);
/* Write a file (test fails on error). */
void t_vm_write(const char *path, const void *buf, size_t len);

/* vm check of tests/fixtures/vm/@domain with @o; its return value. */
int t_vm_check_fixture(const char *domain, const struct vm_check_opts *o,
		       struct vm_check_report *r);
/* Findings of @r whose id starts with @prefix. */
size_t t_vm_count_findings(const struct vm_check_report *r, const char *prefix);

#endif
