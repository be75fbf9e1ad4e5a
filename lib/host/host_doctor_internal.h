/* SPDX-License-Identifier: MIT */
/*
 * Helpers the doctor's check files share; not part of the lib/ API.
 */
#ifndef HOST_DOCTOR_INTERNAL_H
#define HOST_DOCTOR_INTERNAL_H

#include "host/host_doctor.h"

/**
 * doctor_hint_cmdline_add - hint that adds a kernel parameter with the
 * host's own boot loader (host_distro)
 * @d: context
 * @f: finding
 * @param: "intel_iommu=on"
 */
void doctor_hint_cmdline_add(const struct host_doctor *d, struct host_finding *f,
			     const char *param);

/**
 * doctor_hint_cmdline_replace - hint that replaces a kernel parameter
 * @d: context
 * @f: finding
 * @from: "i915.enable_guc=7" as it is on the command line
 * @to: "i915.enable_guc=3"
 */
void doctor_hint_cmdline_replace(const struct host_doctor *d, struct host_finding *f,
				 const char *from, const char *to);

/**
 * doctor_nomodeset - the nomodeset word that keeps the PF driver from loading
 * @d: context
 *
 * i915_check_nomodeset() and xe_check_nomodeset(), the drivers' first init
 * steps, fail with -ENODEV under nomodeset (host_cmdline_nomodeset()), so
 * the module does not stay loaded; i915 alone goes on when i915.modeset is
 * set to another value than 0 or -1 (it calls that deprecated).
 *
 * Return: the word, or NULL when there is none or it keeps nothing off.
 */
const struct host_cmdline_param *doctor_nomodeset(const struct host_doctor *d);

/**
 * doctor_initcall_blacklisted - the initcall_blacklist word that lists the
 * PF driver's init function (i915_init, xe_init: what their module_init()
 * names), so that its module never loads (host_cmdline_initcall_blacklisted())
 * @d: context
 * @fn: set to the function's name
 * @size: size of @fn
 *
 * Return: the word, or NULL.
 */
const struct host_cmdline_param *doctor_initcall_blacklisted(const struct host_doctor *d, char *fn,
							     size_t size);

/**
 * doctor_guc_submission - the log line saying i915 turned GuC submission on
 * @d: context (its log loaded)
 *
 * i915 prints "GT0: GUC: submission enabled"; its releases of the 6.2
 * era printed "GT0: GuC submission enabled".
 *
 * Return: the line's index, or -1.
 */
long doctor_guc_submission(const struct host_doctor *d);

/**
 * doctor_hint_install - hint that installs a package with the host's manager
 * @d: context
 * @f: finding
 * @p: what is needed
 * @then: a command to run after it ("" for none)
 */
void doctor_hint_install(const struct host_doctor *d, struct host_finding *f, enum host_pkg p,
			 const char *then);

/**
 * doctor_pf_attr - read a PF sysfs attribute's first line
 * @d: context
 * @attr: "sriov_totalvfs"
 * @buf: result
 * @size: size of @buf
 *
 * Return: 0 or a negative errno.
 */
int doctor_pf_attr(const struct host_doctor *d, const char *attr, char *buf, size_t size);

/**
 * doctor_log_evidence - add a log line (or its absence) to the evidence
 * @d: context
 * @f: finding
 * @idx: host_klog_find() result
 * @what: what was searched for, for the "not found" case
 */
void doctor_log_evidence(const struct host_doctor *d, struct host_finding *f, long idx,
			 const char *what);

/**
 * doctor_skip_no_log - add a skip finding because the kernel log is unreadable
 * @d: context
 * @r: findings
 * @id: finding id
 */
void doctor_skip_no_log(const struct host_doctor *d, struct host_report *r, const char *id);

/**
 * doctor_gid - a group's gid from <root>/etc/group (not the host's NSS)
 * @root: prefix
 * @name: group name
 *
 * Return: the gid, or -1 when the group does not exist.
 */
long doctor_gid(const char *root, const char *name);

/**
 * doctor_db_id - the id (third field) of an entry of <root>/etc/group or
 * <root>/etc/passwd, read as files, not through the host's NSS
 * @root: prefix
 * @db: "/etc/group" or "/etc/passwd"
 * @name: the group's or user's name
 *
 * Return: the id, or -1 when the entry or the file is missing or malformed.
 */
long doctor_db_id(const char *root, const char *db, const char *name);

/**
 * doctor_dkms_loaded - whether the loaded PF driver is the DKMS build
 * @d: context
 * @known: set when the module is loaded at all
 *
 * Return: true for the DKMS build.
 */
bool doctor_dkms_loaded(const struct host_doctor *d, bool *known);

/**
 * doctor_stock_xe_pf - the xe variant runs on the kernel's own xe, and that
 * xe is an SR-IOV PF (VFs exist, or the log says PF mode)
 * @d: context
 *
 * Return: true when no DKMS build is needed.
 */
bool doctor_stock_xe_pf(const struct host_doctor *d);

/**
 * doctor_dkms_excluded - every registered release of i915-sriov-dkms has a
 * BUILD_EXCLUSIVE_KERNEL range without the running kernel
 * @d: context
 *
 * Return: true when releases are registered and none would build for it.
 */
bool doctor_dkms_excluded(const struct host_doctor *d);

/**
 * doctor_dkms_build_failed - a registered release ran make for the running
 * kernel and did not build (its make.log names the kernel)
 * @d: context
 * @log: the make.log's path, relative to the root
 * @lsize: size of @log
 * @err: the log's first line that says what went wrong, or ""
 * @esize: size of @err
 *
 * Return: true when such a failed build is found.
 */
bool doctor_dkms_build_failed(const struct host_doctor *d, char *log, size_t lsize, char *err,
			      size_t esize);

#endif
