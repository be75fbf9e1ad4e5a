/* SPDX-License-Identifier: MIT */
/*
 * What the i915 SR-IOV PF tests share: finding the PF, reading its
 * provisioning through lib/iovcheck, putting it back in its default state,
 * and asserting on a check's report.
 */
#ifndef I915_SRIOV_PF_COMMON_H
#define I915_SRIOV_PF_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "iovcheck/iov_check.h"
#include "iovcheck/iov_dev.h"
#include "iovcheck/iov_types.h"

/**
 * struct sriov_pf - the PF under test
 * @fd: its DRM fd
 * @dev: its SR-IOV files (lib/iovcheck)
 * @total_vfs: sriov_totalvfs (i915.max_vfs)
 * @autoprobe: sriov_drivers_autoprobe when the test started
 */
struct sriov_pf {
	int fd;
	struct iov_dev dev;
	unsigned int total_vfs;
	bool autoprobe;
};

/**
 * sriov_pf_open - open the i915 PF or skip every subtest, saying why
 * @pf: filled in
 *
 * Skips without an Intel GPU, when it is not an SR-IOV PF (i915.max_vfs=0),
 * without the DKMS driver's prelim_iov tree, without debugfs, or when VFs
 * are already enabled. Call it from the first igt_fixture.
 */
void sriov_pf_open(struct sriov_pf *pf);

/**
 * sriov_pf_close - disable VFs, restore autoprobe, close; abort on failure
 * @pf: the PF
 */
void sriov_pf_close(struct sriov_pf *pf);

/**
 * sriov_pf_snapshot - read all of gt0's provisioning, asserting it parses
 * @pf: the PF
 * @s: the snapshot
 */
void sriov_pf_snapshot(struct sriov_pf *pf, struct iov_snapshot *s);

/**
 * sriov_pf_default - disable VFs, clear every VF config, auto-provisioning
 * on; asserts the PF then shows no VF range and no quota
 * @pf: the PF
 */
void sriov_pf_default(struct sriov_pf *pf);

/**
 * sriov_pf_is_default - whether no VF has a config and auto-provisioning
 * is on (what a freshly loaded i915 shows)
 * @pf: the PF
 *
 * Return: true when the PF is in that state.
 */
bool sriov_pf_is_default(struct sriov_pf *pf);

/**
 * sriov_pf_no_vfs - disable VFs a failed subtest may have left enabled
 * @pf: the PF
 */
void sriov_pf_no_vfs(struct sriov_pf *pf);

/**
 * sriov_pf_write - write a number under cardN, asserting the driver takes it
 * @pf: the PF
 * @rel: e.g. "prelim_iov/vf1/gt0/exec_quantum_ms"
 * @val: the number
 */
void sriov_pf_write(struct sriov_pf *pf, const char *rel, uint64_t val);

/**
 * sriov_pf_read - read a number under cardN, asserting it is one
 * @pf: the PF
 * @rel: path below cardN
 *
 * Return: the number.
 */
uint64_t sriov_pf_read(struct sriov_pf *pf, const char *rel);

/**
 * sriov_assert_report - fail with the check's report unless @err is 0
 * @err: what the check returned
 * @r: its report
 * @what: which check, for the message
 */
void sriov_assert_report(int err, const struct iov_report *r, const char *what);

/**
 * sriov_nop_batch - execute one MI_BATCH_BUFFER_END on @fd and wait for it
 * @fd: an i915 DRM fd (PF or VF)
 */
void sriov_nop_batch(int fd);

#endif
