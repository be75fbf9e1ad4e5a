// SPDX-License-Identifier: MIT
/*
 * HXG helpers that are more than a field access.
 */
#include "guc/guc_hxg.h"

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
EXPORT_SYMBOL_GPL(guc_hxg_type_name);
