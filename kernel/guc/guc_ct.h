/* SPDX-License-Identifier: MIT */
/*
 * The CT channel: how the PF sends requests to the GuC and receives its
 * replies and events.
 */
#ifndef GUC_CT_H
#define GUC_CT_H

#include "guc/guc_ct_types.h"

/*
 * What a RESPONSE_FAILURE becomes, whatever the GuC's error code, as i915
 * reports it: -EIO from a CT request (ct_send()), -ENXIO from an MMIO one
 * (intel_guc_send_mmio()). The code and hint stay in ct->last_failure and
 * the log. (VF_MIGRATED, which i915's MMIO path hands to its VF migration
 * handler, is answered to VFs only: a FAILURE like any other here.)
 */
#define GUC_CT_FAILURE_ERRNO EIO
#define GUC_MMIO_FAILURE_ERRNO ENXIO

void guc_ct_init(struct guc_ct *ct, const struct guc_ct_ops *ops, void *priv, void *blob,
		 u32 blob_ggtt);
void guc_ct_set_event_handlers(struct guc_ct *ct, const struct guc_ct_event_handler *handlers,
			       u32 count);
int guc_ct_enable(struct guc_ct *ct);
void guc_ct_disable(struct guc_ct *ct);

int guc_ct_send(struct guc_ct *ct, const u32 *msg, u32 len);
int guc_ct_send_recv(struct guc_ct *ct, const u32 *msg, u32 len, u32 *response, u32 response_size);
int guc_ct_process_g2h(struct guc_ct *ct);

int guc_mmio_send_recv(struct guc_ct *ct, const u32 *msg, u32 len, u32 *response,
		       u32 response_size);

const char *guc_ct_state_name(enum guc_ct_state state);
u64 guc_ct_now(struct guc_ct *ct);
void guc_ct_sleep(struct guc_ct *ct, u64 timeout_ns);

static inline bool guc_ct_enabled(const struct guc_ct *ct)
{
	return ct->state == GUC_CT_ENABLED;
}

/* Either ring broken (i915's ctbs.send.broken, ctbs.recv.broken). */
static inline bool guc_ct_broken(const struct guc_ct *ct)
{
	return READ_ONCE(ct->h2g.broken) || READ_ONCE(ct->g2h.broken);
}

#endif
