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
 * registers (intel_uncore_write/read of guc_send_reg()), the host-to-GuC
 * interrupt register (intel_guc_notify(), for MMIO and CT alike),
 * ktime_get() and a wait queue woken by the G2H interrupt.
 */
struct guc_ct_ops {
	/**
	 * @mmio_write: write @value into GuC scratch register @index
	 * (0..GUC_MAX_MMIO_MSG_LEN - 1), where a request goes before the CT
	 * buffers exist; @notify then tells the GuC.
	 */
	void (*mmio_write)(void *priv, u32 index, u32 value);
	/** @mmio_read: read GuC scratch register @index, where the GuC replies. */
	u32 (*mmio_read)(void *priv, u32 index);
	/**
	 * @notify: ring the GuC doorbell (the host-to-GuC interrupt): a
	 * request is in the scratch registers, or new H2G messages are in the
	 * ring.
	 */
	void (*notify)(void *priv);
	/** @now_ns: a monotonic clock, in nanoseconds. */
	u64 (*now_ns)(void *priv);
	/**
	 * @wait: sleep until the GuC may have written G2H messages, at most
	 * @timeout_ns; also the pause between two reads of a scratch register.
	 * Waking early is always allowed.
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
 * @broken: this ring is no longer used until the channel is enabled again
 *	(i915's ctb->broken): a broken H2G ring fails every send with -EPIPE,
 *	a broken G2H ring is no longer read; the other ring goes on
 */
struct guc_ctb {
	struct guc_ct_buffer_desc *desc;
	u32 *cmds;
	u32 size;
	u32 head;
	u32 tail;
	u32 status;
	bool broken;
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
 * @response: where the reply's payload is copied, or NULL
 * @response_size: its size in dwords
 * @response_len: dwords copied there (a longer payload is cut, as i915)
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
 *	logged when negative; -ENOMEM (no memory to queue it) leaves the
 *	message in the ring, to be handed over again on the next run, so a
 *	handler returning it must have changed nothing.
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
 * @h2g_stall_ns: how long the H2G ring may stay full before the channel
 *	breaks (-EPIPE)
 * @max_retries: resends after RETRY before giving up with -EAGAIN
 * @mmio_reply_ns: for the GuC to take an MMIO request (its origin in
 *	scratch register 0)
 * @mmio_busy_ns: for the final reply to an MMIO request answered BUSY
 */
struct guc_ct_timeouts {
	u64 response_ns;
	u64 h2g_stall_ns;
	u32 max_retries;
	u64 mmio_reply_ns;
	u64 mmio_busy_ns;
};

/**
 * struct guc_ct_stats - counters, for debugfs and for the tests
 * @h2g_messages: messages written to the H2G ring
 * @h2g_dwords: dwords written to it, CTB headers included
 * @g2h_messages: messages read from the G2H ring
 * @responses: replies matched to a waiting request
 * @events: G2H events (requests and events from the GuC) dispatched
 * @retries: RETRY replies (CT and MMIO), each followed by a resend
 * @failures: RESPONSE_FAILURE replies to a waiting request (CT and MMIO)
 * @timeouts: requests that got no reply in time (CT and MMIO)
 * @unexpected_responses: replies that matched no pending request
 * @unhandled_events: events no handler was registered for
 * @malformed: G2H messages that could not be parsed and were dropped
 * @h2g_full: times a send found the H2G ring full
 * @fast_req_failures: FAILURE replies to a FAST_REQUEST (sent unawaited)
 * @g2h_no_memory: times an event was left in the G2H ring, its handler
 *	having no memory for it (-ENOMEM), to be read again on the next run
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
	u64 g2h_no_memory;
};

/**
 * struct guc_ct_failure - the last RESPONSE_FAILURE, as the GuC sent it
 * @action: the action of the request it answered
 * @error: its ERROR field
 * @hint: its HINT field
 */
struct guc_ct_failure {
	u32 action;
	u32 error;
	u32 hint;
};

/*
 * i915's ct->enabled: whether the rings are registered. A corrupt ring does
 * not change it; it marks that ring broken (struct guc_ctb).
 */
enum guc_ct_state {
	GUC_CT_DISABLED = 0,
	GUC_CT_ENABLED,
};

/**
 * struct guc_ct - the CT channel
 * @ops: the platform's MMIO, clock and wait hooks
 * @priv: passed to @ops
 * @blob: the memory of both descriptors and rings (GUC_CT_BLOB_*)
 * @blob_ggtt: its GGTT address, as the GuC sees it
 * @state: disabled or enabled (read with READ_ONCE())
 * @h2g: the host-to-GuC ring
 * @g2h: the GuC-to-host ring
 * @lock: protects @h2g, @h2g_stalled, @next_fence, @pending and @fast_req. Taken with
 *	interrupts off: the G2H interrupt path completes requests under it.
 * @g2h_lock: serialises G2H processing (interrupt or waiter); taken before
 *	@lock
 * @in_g2h: G2H is being dispatched: a send from a handler must not drain
 *	it again
 * @h2g_stalled: a sender found the H2G ring full, and none has written since
 * @h2g_stalled_since: when (ops->now_ns())
 * @next_fence: the fence of the next request
 * @pending: requests waiting for their reply
 * @fast_req: fence and action of the last FAST_REQUESTs, so that a FAILURE
 *	the GuC sends for one can be told from an unexpected reply
 * @fast_req_next: the @fast_req slot the next one takes
 * @handlers: the G2H events the PF handles
 * @num_handlers: how many
 * @timeouts: how long the channel waits
 * @last_failure: the last RESPONSE_FAILURE
 * @stats: counters
 * @g2h_msg: where a G2H message is copied out of the ring to be handled
 */
struct guc_ct {
	const struct guc_ct_ops *ops;
	void *priv;
	void *blob;
	u32 blob_ggtt;
	enum guc_ct_state state;
	struct guc_ctb h2g;
	struct guc_ctb g2h;
	spinlock_t lock;
	spinlock_t g2h_lock;
	bool in_g2h;
	bool h2g_stalled;
	u64 h2g_stalled_since;
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
