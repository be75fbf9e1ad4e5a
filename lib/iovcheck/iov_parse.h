/* SPDX-License-Identifier: MIT */
/*
 * Parsers of the i915 PF debugfs files under gt0/iov/ and of sysfs values.
 * They take bytes and a length (no NUL needed), accept nothing but the
 * driver's formats, and never read past the length.
 */
#ifndef IOV_PARSE_H
#define IOV_PARSE_H

#include <stddef.h>

#include "iovcheck/iov_types.h"

/**
 * iov_parse_provisioning - parse a *_provisioning file
 * @res: which file: GGTT lines are "VFn:\t0xSTART-0xEND\t(SIZEK)", context
 *       and doorbell lines "VFn:\tBEGIN-END\t(COUNT)"; ends are inclusive
 * @text: the file's bytes
 * @len: their number
 * @out: the ranges, in file order (GGTT counts in bytes)
 *
 * The bracketed figure must agree with the range, an end must not be below
 * its start. An empty file is an empty list.
 *
 * Return: 0; -EBADMSG for a line that is not in the format or disagrees with
 * itself, -ERANGE for a number that does not fit (an end of 2^64 - 1
 * included, so start + count never wraps) or a VF number of 0 or above
 * IOV_MAX_VF_ID, -E2BIG for more than IOV_MAX_LINES lines, -EINVAL for a bad
 * @res.
 */
int iov_parse_provisioning(enum iov_res res, const char *text, size_t len, struct iov_ranges *out);

/**
 * iov_parse_ggtt_available - parse the ggtt_available file
 * @text: the file's bytes: "range:\t0xSTART-0xEND\t(SIZEK)" lines, then
 *        "total:\tBYTES\t(KK)" and "avail:\tBYTES\t(KK)"
 * @len: their number
 * @out: the holes, their total and what is available beyond the spare
 *
 * Holes must be in ascending order and not overlap; total must be their sum
 * and avail must not exceed it.
 *
 * Return: 0, -EBADMSG, -ERANGE or -E2BIG as iov_parse_provisioning().
 */
int iov_parse_ggtt_available(const char *text, size_t len, struct iov_holes *out);

/**
 * iov_res_name - the debugfs name of a resource's range list
 * @res: the resource
 *
 * Return: "ggtt_provisioning", "contexts_provisioning",
 * "doorbells_provisioning", or NULL.
 */
const char *iov_res_name(enum iov_res res);

#endif
