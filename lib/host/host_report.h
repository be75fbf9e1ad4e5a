/* SPDX-License-Identifier: MIT */
/*
 * Findings of the host checks: one per check, with its status, the
 * evidence it read and the exact fix. The CLI prints them; IGT and VM
 * tests assert on them.
 */
#ifndef HOST_REPORT_H
#define HOST_REPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

enum host_status {
	HOST_PASS,
	HOST_WARN, /* works, but against the guide or fragile */
	HOST_FAIL, /* this step of the setup is broken */
	HOST_SKIP, /* could not be checked (missing input, earlier failure) */
};

struct host_finding {
	char id[48]; /* stable, e.g. "cmdline.enable_guc" */
	enum host_status status;
	char message[512]; /* one sentence: what is right or wrong */
	char evidence[1024]; /* what was read, "file: value; ..." */
	char hint[1024]; /* the exact command or file edit; "" when none */
};

struct host_report {
	struct host_finding *f;
	size_t n;
	size_t cap;
	/* no supported Intel iGPU: the CLI exits 3 */
	bool unsupported;
};

/**
 * host_report_add - append a finding
 * @r: report
 * @id: its stable identifier
 * @status: pass, warn, fail or skip
 * @fmt: printf format of the message
 *
 * Return: the finding (for host_finding_evidence() and host_finding_hint()),
 * or a static scratch finding when out of memory, so callers need no checks.
 */
__attribute__((format(printf, 4, 5))) struct host_finding *host_report_add(struct host_report *r,
									   const char *id,
									   enum host_status status,
									   const char *fmt, ...);

/**
 * host_finding_evidence - append to a finding's evidence ("; " between parts)
 * @f: finding
 * @fmt: printf format
 */
__attribute__((format(printf, 2, 3))) void host_finding_evidence(struct host_finding *f,
								 const char *fmt, ...);

/**
 * host_finding_hint - append to a finding's fix hint (new line between parts)
 * @f: finding
 * @fmt: printf format
 */
__attribute__((format(printf, 2, 3))) void host_finding_hint(struct host_finding *f,
							     const char *fmt, ...);

/**
 * host_report_get - the finding with an identifier
 * @r: report
 * @id: identifier
 *
 * Return: the finding, or NULL.
 */
const struct host_finding *host_report_get(const struct host_report *r, const char *id);

/**
 * host_report_count - number of findings with a status
 * @r: report
 * @status: status
 *
 * Return: the count.
 */
size_t host_report_count(const struct host_report *r, enum host_status status);

/**
 * host_status_name - "pass", "warn", "fail" or "skip"
 * @s: status
 *
 * Return: the name.
 */
const char *host_status_name(enum host_status s);

/**
 * host_report_free - release a report's findings
 * @r: report; may be zeroed
 */
void host_report_free(struct host_report *r);

#endif
