/* SPDX-License-Identifier: MIT */
/*
 * Structures of the CT (command transport) channel between the PF and the GuC.
 */
#ifndef GUC_CT_TYPES_H
#define GUC_CT_TYPES_H

#include "compat.h"
#include "abi/guc_communication_ctb_abi.h"

/* Layout of the CT blob: both descriptors first, in 2 KiB slots, as i915. */
#define GUC_CT_BLOB_H2G_DESC 0u
#define GUC_CT_BLOB_G2H_DESC GUC_CTB_DESC_SLOT_SIZE
#define GUC_CT_BLOB_H2G_CMDS (2 * GUC_CTB_DESC_SLOT_SIZE)
#define GUC_CT_BLOB_G2H_CMDS (GUC_CT_BLOB_H2G_CMDS + GUC_CTB_H2G_BUFFER_SIZE)
#define GUC_CT_BLOB_SIZE (GUC_CT_BLOB_G2H_CMDS + GUC_CTB_G2H_BUFFER_SIZE)

/* Requests that may wait for a reply at once (one per sending thread). */
#define GUC_CT_MAX_PENDING 16u
/* Fast requests remembered so that a late FAILURE can name its action. */
#define GUC_CT_FAST_REQ_TRACK 8u

/**
 * struct guc_ct_ops - what the CT channel needs from its environment
 *
 * This is the seam between the channel logic and the place it runs. No
 * driver implements it yet: the module is the PF core and its self-test,
 * which implements it with the GuC model and a virtual clock, as the unit
 * tests do. Binding the core into i915 means implementing it with i915's
 * facilities (README, "Binding the core into i915"): the GuC's MMIO scratch
 * registers (intel_guc_send_mmio()), the host-to-GuC interrupt register,
 * ktime_get() and a wait queue woken by the G2H interrupt.
 */
struct guc_ct_ops {
	/**
	 * @mmio_send: send an HXG request of @len dwords through the scratch
	 * registers and store the GuC's final reply (the transport waits out
	 * BUSY) in @reply. Returns the reply length in dwords or a negative
	 * errno. Used before the CT buffers exist.
	 */
	int (*mmio_send)(void *priv, const u32 *msg, u32 len, u32 *reply, u32 reply_size);
	/** @notify: ring the GuC doorbell: new H2G messages are in the ring. */
	void (*notify)(void *priv);
	/** @now_ns: a monotonic clock, in nanoseconds. */
	u64 (*now_ns)(void *priv);
	/**
	 * @wait: sleep until the GuC may have written G2H messages, at most
	 * @timeout_ns. Waking early is always allowed.
	 */
	void (*wait)(void *priv, u64 timeout_ns);
};

/**
 * struct guc_ctb - one ring and its descriptor
 * @desc: the shared descriptor
 * @cmds: the shared ring
 * @size: ring size in dwords
 * @head: our copy of the head (the G2H receiver owns it)
 * @tail: our copy of the tail (the H2G sender owns it)
 * @status: the GUC_CTB_STATUS_* bits that broke this ring, 0 if fine
 */
struct guc_ctb {
	struct guc_ct_buffer_desc *desc;
	u32 *cmds;
	u32 size;
	u32 head;
	u32 tail;
	u32 status;
};

/**
 * struct guc_ct_request - a request waiting for its reply
 * @in_use: the slot is taken
 * @done: a final reply (SUCCESS, FAILURE or RETRY) arrived
 * @retry: the final reply was RETRY: send again
 * @fence: the fence the request went out with
 * @action: its action, for the log
 * @status: 0 on SUCCESS, a negative errno on FAILURE
 * @data0: DATA0 of the SUCCESS reply
 * @response: where the whole reply is copied, or NULL
 * @response_size: its size in dwords
 * @response_len: length of the reply copied there
 */
struct guc_ct_request {
	bool in_use;
	bool done;
	bool retry;
	u16 fence;
	u32 action;
	int status;
	u32 data0;
	u32 *response;
	u32 response_size;
	u32 response_len;
};

/**
 * struct guc_ct_event_handler - a G2H event the PF handles
 * @action: the event's action code
 * @handle: called with the whole HXG message (DW0 is the header); called in
 *	the receive path under the G2H lock, so it must not sleep or send a
 *	blocking request: it records or queues work. Its return value is
 *	logged when negative.
 * @data: passed to @handle
 */
struct guc_ct_event_handler {
	u32 action;
	int (*handle)(void *data, const u32 *msg, u32 len);
	void *data;
};

/**
 * struct guc_ct_timeouts - how long the channel waits
 * @response_ns: for a reply to a request
 * @h2g_space_ns: longest wait for room in a full H2G ring before -EBUSY
 * @max_retries: resends after RETRY before giving up with -EAGAIN
 * @retry_backoff_ns: the pause before the n-th resend is n times this
 */
struct guc_ct_timeouts {
	u64 response_ns;
	u64 h2g_space_ns;
	u32 max_retries;
	u64 retry_backoff_ns;
};

/**
 * struct guc_ct_stats - counters, for debugfs and for the tests
 */
struct guc_ct_stats {
	u64 h2g_messages;
	u64 h2g_dwords;
	u64 g2h_messages;
	u64 responses;
	u64 events;
	u64 retries;
	u64 failures;
	u64 timeouts;
	u64 unexpected_responses;
	u64 unhandled_events;
	u64 malformed;
	u64 h2g_full;
	u64 fast_req_failures;
};

/**
 * struct guc_ct_failure - the last RESPONSE_FAILURE, as the GuC sent it
 */
struct guc_ct_failure {
	u32 action;
	u32 error;
	u32 hint;
};

enum guc_ct_state {
	GUC_CT_DISABLED = 0,
	GUC_CT_ENABLED,
	GUC_CT_BROKEN,
};

/**
 * struct guc_ct - the CT channel
 */
struct guc_ct {
	const struct guc_ct_ops *ops;
	void *priv;
	void *blob;
	u32 blob_ggtt;
	enum guc_ct_state state;
	struct guc_ctb h2g;
	struct guc_ctb g2h;
	/*
	 * protects h2g, next_fence, pending, fast_req. Taken with interrupts
	 * off: the G2H interrupt path completes requests under it.
	 */
	spinlock_t lock;
	/* serialises G2H processing (interrupt or waiter); taken before @lock */
	spinlock_t g2h_lock;
	/* G2H is being dispatched: a send from a handler must not drain it again */
	bool in_g2h;
	u16 next_fence;
	struct guc_ct_request pending[GUC_CT_MAX_PENDING];
	struct {
		u16 fence;
		u32 action;
	} fast_req[GUC_CT_FAST_REQ_TRACK];
	u32 fast_req_next;
	const struct guc_ct_event_handler *handlers;
	u32 num_handlers;
	struct guc_ct_timeouts timeouts;
	struct guc_ct_failure last_failure;
	struct guc_ct_stats stats;
	u32 g2h_msg[GUC_CTB_MSG_MAX_LEN];
};

#endif
