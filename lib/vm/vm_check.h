/* SPDX-License-Identifier: MIT */
/*
 * `vfctl vm check`: read an existing libvirt domain and report what is
 * wrong against the guide, each finding with an exact fix.
 */
#ifndef VM_CHECK_H
#define VM_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm/vm_domain_types.h"

enum vm_severity {
	VM_SEV_ERROR, /* the VM fails: Code 43, black Looking Glass, no start */
	VM_SEV_WARNING, /* works, but against the guide or fragile */
	VM_SEV_INFO, /* something could not be checked */
};

struct vm_finding {
	const char *id; /* stable identifier, e.g. "romfile-missing" */
	enum vm_severity severity;
	char message[768];
	char hint[768];
};

/* /etc/looking-glass-client.ini, ~/.looking-glass-client.ini, client.ini */
#define VM_CHECK_CLIENT_MAX 3

struct vm_check_opts {
	const char *root; /* prefix for the romfile and qemu.conf; "/" if NULL */
	bool have_mode; /* check the memory against @mode instead of the
			 * modes in the domain's vfctl metadata */
	struct vm_resolution mode;
	bool hdr;
	/* also put the domain through this host's libvirt (its test driver,
	 * in process) and report settings it drops */
	bool libvirt;
	/* the guest's IddSampleDriver option.txt (untrusted bytes), or NULL:
	 * its largest mode sizes the memory unless @have_mode is set */
	const char *idd_text;
	size_t idd_len;
	const char *idd_name; /* how to name it in messages */
	/* the Looking Glass client's ini files in the order it reads them
	 * (untrusted bytes); a later file's value wins */
	const char *client_text[VM_CHECK_CLIENT_MAX];
	size_t client_len[VM_CHECK_CLIENT_MAX];
	const char *client_name[VM_CHECK_CLIENT_MAX];
	size_t n_client;
	/* the guest's looking-glass-host.ini (untrusted bytes), or NULL */
	const char *host_ini_text;
	size_t host_ini_len;
	const char *host_ini_name;
};

struct vm_check_report {
	struct vm_finding *f;
	size_t n;
	size_t cap;
	/* what the size check used */
	struct vm_resolution mode;
	bool hdr;
	const char *mode_source; /* "option", "option.txt", "metadata" or "assumed" */
	uint64_t shm_bytes; /* 0 when no IVSHMEM was found */
	const char *shm_path; /* static: "/dev/kvmfrN" copy below, or NULL */
	char shm_path_buf[600];
};

/**
 * vm_check_xml - check a domain definition
 * @xml: its text (untrusted; need not be NUL-terminated)
 * @len: its length
 * @o: options, or NULL for the defaults
 * @r: report; release with vm_check_report_free()
 *
 * Return: 0 with @r filled (it may hold findings of any severity),
 * -EINVAL when @xml is not XML or not a <domain>, -ENOMEM.
 */
int vm_check_xml(const char *xml, size_t len, const struct vm_check_opts *o,
		 struct vm_check_report *r);

/**
 * vm_check_count - number of findings of one severity
 * @r: report
 * @sev: severity
 *
 * Return: the count.
 */
size_t vm_check_count(const struct vm_check_report *r, enum vm_severity sev);

/**
 * vm_check_find - the first finding with an identifier
 * @r: report
 * @id: identifier
 *
 * Return: the finding or NULL.
 */
const struct vm_finding *vm_check_find(const struct vm_check_report *r, const char *id);

/**
 * vm_severity_name - "error", "warning" or "info"
 * @sev: severity
 *
 * Return: a static string.
 */
const char *vm_severity_name(enum vm_severity sev);

/**
 * vm_check_report_free - release a report
 * @r: report; reset to empty
 */
void vm_check_report_free(struct vm_check_report *r);

#endif
