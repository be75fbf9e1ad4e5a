// SPDX-License-Identifier: MIT
/*
 * HXG helpers that are more than a field access.
 */
#include "guc/guc_hxg.h"

/**
 * guc_hxg_failure_to_errno - the errno a RESPONSE_FAILURE error code stands for
 * @error: the ERROR field of a RESPONSE_FAILURE message
 *
 * The GuC's codes are not errno values. The few with a known meaning get the
 * errno a caller can act on; everything else is a plain I/O error, and the raw
 * code and hint stay available to the caller for the log (see guc_ct).
 *
 * Return: a negative errno.
 */
int guc_hxg_failure_to_errno(u32 error)
{
	switch (error) {
	case GUC_ERROR_NOT_SUPPORTED:
	case GUC_ERROR_UNKNOWN_ACTION:
		return -EOPNOTSUPP;
	case GUC_ERROR_VF_MIGRATED:
		return -EREMCHG;
	case GUC_ERROR_NO_ATTRIBUTE_TABLE:
		return -ENODATA;
	default:
		return -EIO;
	}
}

/**
 * guc_hxg_type_name - a printable name for an HXG message type
 * @type: the TYPE field
 *
 * Return: a static string; "unknown" for the reserved value 4 and above 7.
 */
const char *guc_hxg_type_name(u32 type)
{
	static const char *const names[] = {
		[GUC_HXG_TYPE_REQUEST] = "request",
		[GUC_HXG_TYPE_EVENT] = "event",
		[GUC_HXG_TYPE_FAST_REQUEST] = "fast-request",
		[GUC_HXG_TYPE_NO_RESPONSE_BUSY] = "busy",
		[4] = NULL,
		[GUC_HXG_TYPE_NO_RESPONSE_RETRY] = "retry",
		[GUC_HXG_TYPE_RESPONSE_FAILURE] = "failure",
		[GUC_HXG_TYPE_RESPONSE_SUCCESS] = "success",
	};

	if (type < ARRAY_SIZE(names) && names[type])
		return names[type];
	return "unknown";
}
