/* SPDX-License-Identifier: MIT */
/*
 * The VFs as PCI functions, and the kernel log of the PF while it enables
 * and disables them.
 */
#ifndef IOV_VFS_H
#define IOV_VFS_H

#include <stddef.h>

#include "iovcheck/iov_check.h"
#include "iovcheck/iov_dev.h"

/**
 * iov_check_vf_functions - VFs 1..N are PCI functions with the right IDs,
 * and no other VF is
 * @dev: the PF
 * @num_vfs: N, the VFs that must exist
 * @r: problems are added here
 *
 * For VFn (n <= N): the PF's virtfn(n-1) link names the function at the
 * PF's routing ID + sriov_offset + (n-1) * sriov_stride (same domain), its
 * vendor is the PF's and its device is the PF's sriov_vf_device, and
 * prelim_iov/vfn/device names the same function. For n > N neither link
 * exists.
 *
 * Return: 0; -ESRCH (a VF missing), -ENOTEMPTY (a VF beyond N), -EDOM (a
 * wrong address or ID); or the read error of a PF attribute.
 */
int iov_check_vf_functions(const struct iov_dev *dev, unsigned int num_vfs, struct iov_report *r);

/**
 * iov_klog_scan - find i915 errors in kernel log records
 * @text: /dev/kmsg records ("PRIO,SEQ,USEC,FLAGS;message", one per line;
 *        continuation lines start with a blank) or plain dmesg lines
 * @len: bytes in @text
 * @r: one problem per offending record
 *
 * An offending record is an error or worse (kmsg priority 0..3) that names
 * i915, a kernel warning, oops or BUG, or one of i915's SR-IOV failure
 * messages at any priority ("Failed to enable", "Failed to auto provision",
 * "PF aborted", "Initialization failed", "Can't disable", "wedged").
 *
 * Return: 0, or -EIO when something was found.
 */
int iov_klog_scan(const char *text, size_t len, struct iov_report *r);

#endif
