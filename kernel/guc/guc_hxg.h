/* SPDX-License-Identifier: MIT */
/*
 * Building and reading HXG message headers (abi/guc_messages_abi.h).
 */
#ifndef GUC_HXG_H
#define GUC_HXG_H

#include "compat.h"
#include "abi/guc_messages_abi.h"

static inline u32 guc_hxg_origin(u32 hxg0)
{
	return FIELD_GET(GUC_HXG_MSG_0_ORIGIN, hxg0);
}

static inline u32 guc_hxg_type(u32 hxg0)
{
	return FIELD_GET(GUC_HXG_MSG_0_TYPE, hxg0);
}

static inline u32 guc_hxg_action(u32 hxg0)
{
	return FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, hxg0);
}

static inline u32 guc_hxg_request_data0(u32 hxg0)
{
	return FIELD_GET(GUC_HXG_REQUEST_MSG_0_DATA0, hxg0);
}

static inline u32 guc_hxg_response_data0(u32 hxg0)
{
	return FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, hxg0);
}

static inline bool guc_hxg_is_response(u32 hxg0)
{
	switch (guc_hxg_type(hxg0)) {
	case GUC_HXG_TYPE_NO_RESPONSE_BUSY:
	case GUC_HXG_TYPE_NO_RESPONSE_RETRY:
	case GUC_HXG_TYPE_RESPONSE_FAILURE:
	case GUC_HXG_TYPE_RESPONSE_SUCCESS:
		return true;
	default:
		return false;
	}
}

/* A host-originated header of @type (REQUEST, EVENT or FAST_REQUEST). */
static inline u32 guc_hxg_host_header(u32 type, u32 action, u32 data0)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_HOST) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, type) |
	       FIELD_PREP(GUC_HXG_REQUEST_MSG_0_DATA0, data0) |
	       FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION, action);
}

static inline u32 guc_hxg_request(u32 action, u32 data0)
{
	return guc_hxg_host_header(GUC_HXG_TYPE_REQUEST, action, data0);
}

static inline u32 guc_hxg_fast_request(u32 action, u32 data0)
{
	return guc_hxg_host_header(GUC_HXG_TYPE_FAST_REQUEST, action, data0);
}

/* GuC-originated headers, as the firmware (and the mock GuC) builds them. */
static inline u32 guc_hxg_guc_event(u32 action, u32 data0)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_EVENT) |
	       FIELD_PREP(GUC_HXG_EVENT_MSG_0_DATA0, data0) |
	       FIELD_PREP(GUC_HXG_EVENT_MSG_0_ACTION, action);
}

static inline u32 guc_hxg_guc_success(u32 data0)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_RESPONSE_SUCCESS) |
	       FIELD_PREP(GUC_HXG_RESPONSE_MSG_0_DATA0, data0);
}

static inline u32 guc_hxg_guc_failure(u32 error, u32 hint)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_RESPONSE_FAILURE) |
	       FIELD_PREP(GUC_HXG_FAILURE_MSG_0_HINT, hint) |
	       FIELD_PREP(GUC_HXG_FAILURE_MSG_0_ERROR, error);
}

static inline u32 guc_hxg_guc_busy(u32 counter)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_NO_RESPONSE_BUSY) |
	       FIELD_PREP(GUC_HXG_BUSY_MSG_0_COUNTER, counter);
}

static inline u32 guc_hxg_guc_retry(u32 reason)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_NO_RESPONSE_RETRY) |
	       FIELD_PREP(GUC_HXG_RETRY_MSG_0_REASON, reason);
}

const char *guc_hxg_type_name(u32 type);

#endif
