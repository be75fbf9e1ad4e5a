// SPDX-License-Identifier: MIT
/*
 * The CT channel between the PF and the GuC.
 *
 * Two rings live in one blob the GuC can reach through the GGTT: H2G (host to
 * GuC, 4 KiB) and G2H (GuC to host, 16 KiB). The host registers them with
 * HOST2GUC_SELF_CFG over MMIO, then enables them with HOST2GUC_CONTROL_CTB.
 *
 * A request goes out with a fence and waits for the G2H reply that carries
 * the same fence. While waiting, the sender processes G2H itself, so the
 * channel works the same whether G2H is also drained from an interrupt (a
 * driver that binds the core) or only by waiters (the unit tests, where the
 * mock GuC runs inside ops->wait()). Both locks are taken with interrupts
 * off, as i915's intel_guc_ct.c takes its send, receive and request locks,
 * so the G2H path may run from the interrupt handler.
 *
 * The replies a request can get over CT are those i915's ct_handle_hxg()
 * and xe's parse_g2h_response() accept: SUCCESS, FAILURE and RETRY. BUSY is
 * a reply of the MMIO path only; one arriving over CT is dropped as
 * malformed and the request keeps waiting for its real reply until its
 * normal timeout. RETRY resends at once with a new fence, as i915's
 * ct_send(), but at most 50 times (timeouts.max_retries), then -EAGAIN:
 * i915 resends without a limit, a deliberate difference named in the
 * README's table (a GuC that answers RETRY forever must not hold the
 * caller forever; xe's guc_ct_send_recv() bounds it too).
 *
 * The GuC is trusted to follow the protocol, but not to be bug free: every
 * head, tail and length read from shared memory is checked, and a violation
 * breaks that ring instead of reading outside it. As i915's ctbs.send.broken
 * and ctbs.recv.broken, each ring breaks alone: a broken H2G ring fails every
 * send with -EPIPE while G2H is still read (events keep coming); a broken
 * G2H ring is no longer read (guc_ct_process_g2h() is -EPIPE) while sends
 * still go out, a request then getting no reply (-ETIMEDOUT). Enabling the
 * channel again (after a GuC reset) mends both.
 */
#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"
#include "abi/guc_actions_abi.h"
#include "abi/guc_klvs_abi.h"

#define CT_NSEC_PER_USEC 1000ULL
#define CT_NSEC_PER_MSEC 1000000ULL
#define CT_BACKOFF_MAX_NS (1 * CT_NSEC_PER_MSEC)

static const struct guc_ct_timeouts guc_ct_default_timeouts = {
	/* i915 and xe wait up to 1 s (HZ) for a reply */
	.response_ns = 1000 * CT_NSEC_PER_MSEC,
	/* i915's GUC_CTB_TIMEOUT_MS: a full H2G ring stalled longer is a dead GuC */
	.h2g_stall_ns = 1500 * CT_NSEC_PER_MSEC,
	/*
	 * i915 resends after RETRY at once and without a limit (ct_send(),
	 * intel_guc_send_mmio()); the bound only ends a GuC that never stops
	 */
	.max_retries = 50,
	/*
	 * i915's intel_guc_send_mmio(): 10 ms for the GuC to take the request
	 * ("no GuC command should ever take longer than 10ms"), then, after a
	 * BUSY, 1000 ms for the final reply (one round on the PF; a VF waits
	 * 20 rounds)
	 */
	.mmio_reply_ns = 10 * CT_NSEC_PER_MSEC,
	.mmio_busy_ns = 1000 * CT_NSEC_PER_MSEC,
};

/* i915's wait_for(): the pause between two reads starts at 10 us, doubles up to 1 ms */
#define CT_MMIO_POLL_MIN_NS (10 * CT_NSEC_PER_USEC)
#define CT_MMIO_POLL_MAX_NS (1 * CT_NSEC_PER_MSEC)

static u64 ct_now(struct guc_ct *ct)
{
	return ct->ops->now_ns(ct->priv);
}

static void ctb_init(struct guc_ctb *ctb, u8 *blob, u32 desc_offset, u32 cmds_offset,
		     u32 size_bytes)
{
	ctb->desc = (struct guc_ct_buffer_desc *)(blob + desc_offset);
	ctb->cmds = (u32 *)(blob + cmds_offset);
	ctb->size = size_bytes / sizeof(u32);
	ctb->head = 0;
	ctb->tail = 0;
	ctb->status = 0;
	ctb->broken = false;
}

/**
 * guc_ct_init - set up a CT channel over a blob of shared memory
 * @ct: the channel
 * @ops: the environment (MMIO, doorbell, clock, wait)
 * @priv: passed to @ops
 * @blob: GUC_CT_BLOB_SIZE bytes the GuC can reach, 4 KiB aligned
 * @blob_ggtt: the GGTT address of @blob
 *
 * The channel starts disabled; guc_ct_enable() registers it with the GuC.
 */
void guc_ct_init(struct guc_ct *ct, const struct guc_ct_ops *ops, void *priv, void *blob,
		 u32 blob_ggtt)
{
	memset(ct, 0, sizeof(*ct));
	ct->ops = ops;
	ct->priv = priv;
	ct->blob = blob;
	ct->blob_ggtt = blob_ggtt;
	ct->state = GUC_CT_DISABLED;
	ct->timeouts = guc_ct_default_timeouts;
	ct->next_fence = 1;
	spin_lock_init(&ct->lock);
	spin_lock_init(&ct->g2h_lock);
	ctb_init(&ct->h2g, blob, GUC_CT_BLOB_H2G_DESC, GUC_CT_BLOB_H2G_CMDS,
		 GUC_CTB_H2G_BUFFER_SIZE);
	ctb_init(&ct->g2h, blob, GUC_CT_BLOB_G2H_DESC, GUC_CT_BLOB_G2H_CMDS,
		 GUC_CTB_G2H_BUFFER_SIZE);
}
EXPORT_SYMBOL_GPL(guc_ct_init);

/**
 * guc_ct_set_event_handlers - say which G2H events the PF handles
 * @ct: the channel
 * @handlers: a table that outlives the channel
 * @count: its number of entries
 */
void guc_ct_set_event_handlers(struct guc_ct *ct, const struct guc_ct_event_handler *handlers,
			       u32 count)
{
	ct->handlers = handlers;
	ct->num_handlers = count;
}
EXPORT_SYMBOL_GPL(guc_ct_set_event_handlers);

/**
 * guc_ct_state_name - printable name of a channel state
 * @state: the state
 *
 * Return: a static string.
 */
const char *guc_ct_state_name(enum guc_ct_state state)
{
	switch (state) {
	case GUC_CT_DISABLED:
		return "disabled";
	case GUC_CT_ENABLED:
		return "enabled";
	}
	return "unknown";
}
EXPORT_SYMBOL_GPL(guc_ct_state_name);

/**
 * guc_ct_now - the channel's monotonic clock
 * @ct: the channel
 *
 * Return: nanoseconds, from ops->now_ns().
 */
u64 guc_ct_now(struct guc_ct *ct)
{
	return ct_now(ct);
}
EXPORT_SYMBOL_GPL(guc_ct_now);

/**
 * guc_ct_sleep - wait for G2H activity, at most @timeout_ns
 * @ct: the channel
 * @timeout_ns: the longest wait
 *
 * For layers above that wait for an event (PAUSE_DONE, FLR_DONE) with the
 * same clock and wake-up as the channel.
 */
void guc_ct_sleep(struct guc_ct *ct, u64 timeout_ns)
{
	ct->ops->wait(ct->priv, timeout_ns);
}
EXPORT_SYMBOL_GPL(guc_ct_sleep);

/* ------------------------------------------------------------------------
 * MMIO: the path used before the CT buffers exist
 */

/* The GuC took the request: it wrote its origin into scratch register 0. */
static bool mmio_replied(u32 header)
{
	return guc_hxg_origin(header) == GUC_HXG_ORIGIN_GUC;
}

/* The GuC replaced its BUSY with the final reply (or with anything else). */
static bool mmio_not_busy(u32 header)
{
	return !mmio_replied(header) || guc_hxg_type(header) != GUC_HXG_TYPE_NO_RESPONSE_BUSY;
}

/*
 * Read scratch register 0 until @done holds or @timeout_ns has passed, as
 * i915's register waits do. Returns 0 or -ETIMEDOUT; *header is the last
 * value read either way.
 */
static int mmio_wait(struct guc_ct *ct, bool (*done)(u32 header), u64 timeout_ns, u32 *header)
{
	u64 end = ct_now(ct) + timeout_ns, pause = CT_MMIO_POLL_MIN_NS, now;

	for (;;) {
		*header = ct->ops->mmio_read(ct->priv, 0);
		if (done(*header))
			return 0;
		now = ct_now(ct);
		if (now >= end)
			return -ETIMEDOUT;
		ct->ops->wait(ct->priv, min_t(u64, pause, end - now));
		pause = min_t(u64, 2 * pause, CT_MMIO_POLL_MAX_NS);
	}
}

/**
 * guc_mmio_send_recv - send a request through the MMIO scratch registers
 * @ct: the channel (for its ops, timeouts and failure record)
 * @msg: an HXG REQUEST of at most GUC_MAX_MMIO_MSG_LEN dwords
 * @len: its length in dwords
 * @response: where the SUCCESS reply's registers are copied, or NULL
 * @response_size: size of @response in dwords
 *
 * As i915's intel_guc_send_mmio(): the request goes into the scratch
 * registers, the GuC is notified, and register 0 is read until the GuC's
 * origin shows there (timeouts.mmio_reply_ns). A BUSY reply means the GuC
 * is still working on it: register 0 is read on until the BUSY is gone
 * (timeouts.mmio_busy_ns), and what replaced it is the reply. RETRY resends
 * the request, up to timeouts.max_retries times (i915: without a limit).
 *
 * Return: with @response, the number of registers copied there
 * (min(@response_size, GUC_MAX_MMIO_MSG_LEN)); without, DATA0 of the
 * SUCCESS reply. Or a negative errno: -EINVAL for a malformed request,
 * -ETIMEDOUT when the GuC did not reply, or stayed BUSY, in time, -EPROTO
 * for a reply that is no HXG response, -EAGAIN after too many RETRY,
 * -ENXIO (GUC_MMIO_FAILURE_ERRNO) for a FAILURE.
 */
int guc_mmio_send_recv(struct guc_ct *ct, const u32 *msg, u32 len, u32 *response, u32 response_size)
{
	u32 action, header, count, i, retries = 0;
	int err;

	if (!len || len > GUC_MAX_MMIO_MSG_LEN || guc_hxg_origin(msg[0]) != GUC_HXG_ORIGIN_HOST ||
	    guc_hxg_type(msg[0]) != GUC_HXG_TYPE_REQUEST)
		return -EINVAL;
	action = guc_hxg_action(msg[0]);

again:
	for (i = 0; i < len; i++)
		ct->ops->mmio_write(ct->priv, i, msg[i]);
	ct->ops->notify(ct->priv);

	err = mmio_wait(ct, mmio_replied, ct->timeouts.mmio_reply_ns, &header);
	if (!err && guc_hxg_type(header) == GUC_HXG_TYPE_NO_RESPONSE_BUSY) {
		err = mmio_wait(ct, mmio_not_busy, ct->timeouts.mmio_busy_ns, &header);
		if (!err && !mmio_replied(header)) {
			pr_err("guc: MMIO action %#x: reply %#x after BUSY is not the GuC's\n",
			       action, header);
			return -EPROTO;
		}
	}
	if (err) {
		ct->stats.timeouts++;
		pr_err("guc: MMIO action %#x: no reply (%#x)\n", action, header);
		return err;
	}

	switch (guc_hxg_type(header)) {
	case GUC_HXG_TYPE_RESPONSE_SUCCESS:
		if (!response)
			return guc_hxg_response_data0(header);
		count = min_t(u32, response_size, GUC_MAX_MMIO_MSG_LEN);
		if (!count)
			return -EINVAL;
		response[0] = header;
		for (i = 1; i < count; i++)
			response[i] = ct->ops->mmio_read(ct->priv, i);
		return count;
	case GUC_HXG_TYPE_RESPONSE_FAILURE:
		ct->last_failure.action = action;
		ct->last_failure.error = FIELD_GET(GUC_HXG_FAILURE_MSG_0_ERROR, header);
		ct->last_failure.hint = FIELD_GET(GUC_HXG_FAILURE_MSG_0_HINT, header);
		ct->stats.failures++;
		pr_err("guc: MMIO action %#x failed: error %#x hint %#x\n", action,
		       ct->last_failure.error, ct->last_failure.hint);
		return -GUC_MMIO_FAILURE_ERRNO;
	case GUC_HXG_TYPE_NO_RESPONSE_RETRY:
		ct->stats.retries++;
		if (retries++ < ct->timeouts.max_retries)
			goto again;
		pr_err("guc: MMIO action %#x: still RETRY after %u resends\n", action,
		       ct->timeouts.max_retries);
		return -EAGAIN;
	default:
		pr_err("guc: MMIO action %#x: unexpected reply %#x\n", action, header);
		return -EPROTO;
	}
}
EXPORT_SYMBOL_GPL(guc_mmio_send_recv);

static int guc_ct_self_cfg(struct guc_ct *ct, u16 key, u16 len, u64 value)
{
	u32 msg[HOST2GUC_SELF_CFG_REQUEST_MSG_LEN] = {
		guc_hxg_request(GUC_ACTION_HOST2GUC_SELF_CFG, 0),
		FIELD_PREP(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_KEY, key) |
			FIELD_PREP(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_LEN, len),
		lower_32_bits(value),
		upper_32_bits(value),
	};
	int ret;

	ret = guc_mmio_send_recv(ct, msg, ARRAY_SIZE(msg), NULL, 0);
	if (ret < 0)
		return ret;
	/* DATA0 is the number of KLVs the GuC accepted: exactly ours */
	if (ret == 1)
		return 0;
	pr_err("guc: self-config key %#x: GuC accepted %d KLVs\n", key, ret);
	return ret == 0 ? -ENOKEY : -EPROTO;
}

static int guc_ct_control(struct guc_ct *ct, u32 control)
{
	u32 msg[HOST2GUC_CONTROL_CTB_REQUEST_MSG_LEN] = {
		guc_hxg_request(GUC_ACTION_HOST2GUC_CONTROL_CTB, 0),
		control,
	};
	int ret;

	ret = guc_mmio_send_recv(ct, msg, ARRAY_SIZE(msg), NULL, 0);
	/* as i915's guc_action_control_ctb(): a reply with data is -EPROTO */
	return ret > 0 ? -EPROTO : ret;
}

/*
 * In i915's order (intel_guc_ct_enable()): the G2H ring first, then H2G,
 * each as its ct_register_buffer(): descriptor, ring, size in bytes.
 */
static int guc_ct_register(struct guc_ct *ct)
{
	const struct {
		u16 key;
		u16 len;
		u64 value;
	} cfg[] = {
		{ GUC_KLV_SELF_CFG_G2H_CTB_DESCRIPTOR_ADDR_KEY,
		  GUC_KLV_SELF_CFG_G2H_CTB_DESCRIPTOR_ADDR_LEN,
		  (u64)ct->blob_ggtt + GUC_CT_BLOB_G2H_DESC },
		{ GUC_KLV_SELF_CFG_G2H_CTB_ADDR_KEY, GUC_KLV_SELF_CFG_G2H_CTB_ADDR_LEN,
		  (u64)ct->blob_ggtt + GUC_CT_BLOB_G2H_CMDS },
		{ GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY, GUC_KLV_SELF_CFG_G2H_CTB_SIZE_LEN,
		  GUC_CTB_G2H_BUFFER_SIZE },
		{ GUC_KLV_SELF_CFG_H2G_CTB_DESCRIPTOR_ADDR_KEY,
		  GUC_KLV_SELF_CFG_H2G_CTB_DESCRIPTOR_ADDR_LEN,
		  (u64)ct->blob_ggtt + GUC_CT_BLOB_H2G_DESC },
		{ GUC_KLV_SELF_CFG_H2G_CTB_ADDR_KEY, GUC_KLV_SELF_CFG_H2G_CTB_ADDR_LEN,
		  (u64)ct->blob_ggtt + GUC_CT_BLOB_H2G_CMDS },
		{ GUC_KLV_SELF_CFG_H2G_CTB_SIZE_KEY, GUC_KLV_SELF_CFG_H2G_CTB_SIZE_LEN,
		  GUC_CTB_H2G_BUFFER_SIZE },
	};
	u32 i;
	int err;

	for (i = 0; i < ARRAY_SIZE(cfg); i++) {
		err = guc_ct_self_cfg(ct, cfg[i].key, cfg[i].len, cfg[i].value);
		if (err)
			return err;
	}
	return guc_ct_control(ct, GUC_CTB_CONTROL_ENABLE);
}

/**
 * guc_ct_enable - register the CT buffers with the GuC and enable them
 * @ct: the channel
 *
 * Clears both rings, sends the six CTB self-config KLVs over MMIO (G2H's,
 * then H2G's), then HOST2GUC_CONTROL_CTB(enable). Also the way back from a
 * broken ring after a GuC reset (i915's guc_ct_buffer_reset() clears
 * ctb->broken).
 *
 * Return: 0, or the negative errno of the MMIO step that failed (the channel
 * then stays disabled).
 */
int guc_ct_enable(struct guc_ct *ct)
{
	u32 i;
	int err;

	if (READ_ONCE(ct->state) == GUC_CT_ENABLED && !guc_ct_broken(ct))
		return 0;

	memset(ct->blob, 0, GUC_CT_BLOB_SIZE);
	ctb_init(&ct->h2g, ct->blob, GUC_CT_BLOB_H2G_DESC, GUC_CT_BLOB_H2G_CMDS,
		 GUC_CTB_H2G_BUFFER_SIZE);
	ctb_init(&ct->g2h, ct->blob, GUC_CT_BLOB_G2H_DESC, GUC_CT_BLOB_G2H_CMDS,
		 GUC_CTB_G2H_BUFFER_SIZE);
	for (i = 0; i < GUC_CT_MAX_PENDING; i++)
		ct->pending[i].in_use = false;

	err = guc_ct_register(ct);
	if (err) {
		pr_err("guc: CT registration failed (%d)\n", err);
		WRITE_ONCE(ct->state, GUC_CT_DISABLED);
		return err;
	}
	WRITE_ONCE(ct->state, GUC_CT_ENABLED);
	return 0;
}
EXPORT_SYMBOL_GPL(guc_ct_enable);

/**
 * guc_ct_disable - stop using the CT buffers
 * @ct: the channel
 *
 * Tells the GuC to stop (a failure is only logged: the channel is unusable
 * either way) and completes every waiting request with -ENODEV, as i915's
 * ct_send() returns for a request whose channel went away.
 */
void guc_ct_disable(struct guc_ct *ct)
{
	u32 i;
	int err;

	unsigned long flags;

	if (READ_ONCE(ct->state) == GUC_CT_DISABLED)
		return;

	spin_lock_irqsave(&ct->lock, flags);
	WRITE_ONCE(ct->state, GUC_CT_DISABLED);
	for (i = 0; i < GUC_CT_MAX_PENDING; i++) {
		if (ct->pending[i].in_use && !ct->pending[i].done) {
			ct->pending[i].status = -ENODEV;
			smp_store_release(&ct->pending[i].done, true);
		}
	}
	spin_unlock_irqrestore(&ct->lock, flags);

	err = guc_ct_control(ct, GUC_CTB_CONTROL_DISABLE);
	if (err)
		pr_warn("guc: CT disable not acknowledged (%d)\n", err);
}
EXPORT_SYMBOL_GPL(guc_ct_disable);

/* ------------------------------------------------------------------------
 * Rings
 */

/* Free dwords in a ring; one dword stays unused so that full != empty. */
static u32 ctb_space(u32 head, u32 tail, u32 size)
{
	return (size + head - tail - 1) % size;
}

static u32 ctb_used(u32 head, u32 tail, u32 size)
{
	return (size + tail - head) % size;
}

static void ct_break(struct guc_ct *ct, struct guc_ctb *ctb, u32 status, const char *why)
{
	const char *ring = ctb == &ct->h2g ? "H2G" : "G2H";

	ctb->status |= status;
	/* Tell the GuC too, as the descriptor's STATUS field is meant for. */
	WRITE_ONCE(ctb->desc->status, READ_ONCE(ctb->desc->status) | status);
	if (!READ_ONCE(ctb->broken))
		pr_err("guc: CT %s ring broken: %s (status %#x)\n", ring, why, status);
	/* this ring only, as i915's ctb->broken: the other one goes on */
	WRITE_ONCE(ctb->broken, true);
}

/* Returns 0, -ENOSPC, or -EPIPE. */
static int h2g_check_room(struct guc_ct *ct, u32 needed)
{
	struct guc_ctb *h2g = &ct->h2g;
	u32 status = READ_ONCE(h2g->desc->status);
	u32 head = READ_ONCE(h2g->desc->head);

	lockdep_assert_held(&ct->lock);

	if (status) {
		ct_break(ct, h2g, status, "GuC reported an error");
		return -EPIPE;
	}
	if (head >= h2g->size) {
		ct_break(ct, h2g, GUC_CTB_STATUS_OVERFLOW, "head beyond the ring");
		return -EPIPE;
	}
	if (READ_ONCE(h2g->desc->tail) != h2g->tail) {
		ct_break(ct, h2g, GUC_CTB_STATUS_MISMATCH, "tail changed behind our back");
		return -EPIPE;
	}
	return ctb_space(head, h2g->tail, h2g->size) >= needed ? 0 : -ENOSPC;
}

/* After h2g_check_room() said yes. */
static void h2g_write(struct guc_ct *ct, u16 fence, const u32 *msg, u32 len)
{
	struct guc_ctb *h2g = &ct->h2g;
	u32 tail = h2g->tail;
	u32 first;

	lockdep_assert_held(&ct->lock);

	h2g->cmds[tail] = FIELD_PREP(GUC_CTB_MSG_0_FENCE, fence) |
			  FIELD_PREP(GUC_CTB_MSG_0_FORMAT, GUC_CTB_FORMAT_HXG) |
			  FIELD_PREP(GUC_CTB_MSG_0_NUM_DWORDS, len);
	tail = (tail + 1) % h2g->size;
	/* at most two pieces: up to the end of the ring, then from its start */
	first = min(len, h2g->size - tail);
	memcpy(&h2g->cmds[tail], msg, first * sizeof(u32));
	memcpy(h2g->cmds, msg + first, (len - first) * sizeof(u32));
	tail = (tail + len) % h2g->size;
	/* the message must be in memory before the GuC can see the new tail */
	wmb();
	WRITE_ONCE(h2g->desc->tail, tail);
	h2g->tail = tail;
	ct->stats.h2g_messages++;
	ct->stats.h2g_dwords += len + GUC_CTB_HDR_LEN;
}

/* intel_guc_ct_send(): -ENODEV when disabled, -EPIPE when H2G is broken */
static int ct_send_errno(const struct guc_ct *ct)
{
	if (READ_ONCE(ct->state) != GUC_CT_ENABLED)
		return -ENODEV;
	return READ_ONCE(ct->h2g.broken) ? -EPIPE : 0;
}

/*
 * Put one message into the H2G ring. When the ring is full, keep draining
 * G2H (the GuC may be blocked on it) and back off exponentially. As i915's
 * ct_send() and has_room_nb() (whose callers, the relay included, retry
 * until then): once the ring has been full for more than
 * timeouts.h2g_stall_ns since a sender first found it so (ct_deadlocked()),
 * the GuC counts as dead: the H2G ring breaks (ct_deadlocked() sets
 * ctbs.send.broken) and every sender gets -EPIPE.
 */
static int ct_write(struct guc_ct *ct, u16 fence, const u32 *msg, u32 len)
{
	u64 backoff = CT_NSEC_PER_USEC, stalled_since;
	unsigned long flags;
	bool counted = false;
	int err;

	for (;;) {
		spin_lock_irqsave(&ct->lock, flags);
		err = ct_send_errno(ct);
		if (err) {
			spin_unlock_irqrestore(&ct->lock, flags);
			return err;
		}
		err = h2g_check_room(ct, len + GUC_CTB_HDR_LEN);
		if (!err) {
			h2g_write(ct, fence, msg, len);
			ct->h2g_stalled = false;
		} else if (err == -ENOSPC && !ct->h2g_stalled) {
			ct->h2g_stalled = true;
			ct->h2g_stalled_since = ct_now(ct);
		}
		stalled_since = ct->h2g_stalled_since;
		if (err == -ENOSPC && ct_now(ct) - stalled_since > ct->timeouts.h2g_stall_ns) {
			pr_err("guc: H2G ring full for %llu ms, action %#x not sent\n",
			       (unsigned long long)((ct_now(ct) - stalled_since) /
						    CT_NSEC_PER_MSEC),
			       guc_hxg_action(msg[0]));
			ct_break(ct, &ct->h2g, 0, "the GuC stopped reading it");
			err = -EPIPE;
		}
		spin_unlock_irqrestore(&ct->lock, flags);

		if (!err) {
			ct->ops->notify(ct->priv);
			return 0;
		}
		if (err != -ENOSPC)
			return err;
		if (!counted) {
			ct->stats.h2g_full++;
			counted = true;
		}
		guc_ct_process_g2h(ct);
		ct->ops->wait(ct->priv, backoff);
		backoff = min_t(u64, backoff * 2, CT_BACKOFF_MAX_NS);
	}
}

/* A fence no waiting request uses. */
static u16 ct_next_fence(struct guc_ct *ct)
{
	u16 fence;
	u32 i;

	lockdep_assert_held(&ct->lock);
again:
	fence = ct->next_fence++;
	for (i = 0; i < GUC_CT_MAX_PENDING; i++)
		if (ct->pending[i].in_use && ct->pending[i].fence == fence)
			goto again;
	return fence;
}

static bool ct_valid_h2g(const u32 *msg, u32 len, u32 type)
{
	return len >= GUC_HXG_MSG_MIN_LEN && len <= GUC_CTB_MAX_DWORDS &&
	       guc_hxg_origin(msg[0]) == GUC_HXG_ORIGIN_HOST && guc_hxg_type(msg[0]) == type;
}

/**
 * guc_ct_send - send a message that gets no reply
 * @ct: the channel
 * @msg: an HXG FAST_REQUEST (DW0 is its header)
 * @len: its length in dwords, at most GUC_CTB_MAX_DWORDS
 *
 * The GuC answers a FAST_REQUEST only if it fails; such a FAILURE is logged
 * with the action it belongs to and counted in stats.fast_req_failures.
 *
 * Return: 0 once the message is in the ring, -EINVAL for a malformed
 * message, -ENODEV if the channel is disabled, -EPIPE if its H2G ring is broken (or
 * breaks because the ring stayed full too long).
 */
int guc_ct_send(struct guc_ct *ct, const u32 *msg, u32 len)
{
	unsigned long flags;
	u16 fence;

	if (!ct_valid_h2g(msg, len, GUC_HXG_TYPE_FAST_REQUEST))
		return -EINVAL;

	spin_lock_irqsave(&ct->lock, flags);
	fence = ct_next_fence(ct);
	ct->fast_req[ct->fast_req_next].fence = fence;
	ct->fast_req[ct->fast_req_next].action = guc_hxg_action(msg[0]);
	ct->fast_req_next = (ct->fast_req_next + 1) % GUC_CT_FAST_REQ_TRACK;
	spin_unlock_irqrestore(&ct->lock, flags);

	return ct_write(ct, fence, msg, len);
}
EXPORT_SYMBOL_GPL(guc_ct_send);

static struct guc_ct_request *ct_request_alloc(struct guc_ct *ct)
{
	struct guc_ct_request *req = NULL;
	unsigned long flags;
	u32 i;

	spin_lock_irqsave(&ct->lock, flags);
	for (i = 0; i < GUC_CT_MAX_PENDING; i++) {
		if (!ct->pending[i].in_use) {
			req = &ct->pending[i];
			memset(req, 0, sizeof(*req));
			req->in_use = true;
			req->fence = ct_next_fence(ct);
			break;
		}
	}
	spin_unlock_irqrestore(&ct->lock, flags);
	return req;
}

static void ct_request_free(struct guc_ct *ct, struct guc_ct_request *req)
{
	unsigned long flags;

	spin_lock_irqsave(&ct->lock, flags);
	req->in_use = false;
	spin_unlock_irqrestore(&ct->lock, flags);
}

/*
 * As i915's wait_for_ct_request_update(): only the reply or a disabled
 * channel ends the wait early. A ring that breaks meanwhile does not (the
 * next send finds a broken H2G ring, ct_write() a flagged one): with G2H
 * broken the reply is never read, and the request times out.
 */
static int ct_wait_reply(struct guc_ct *ct, struct guc_ct_request *req)
{
	u64 start = ct_now(ct), now, deadline = start + ct->timeouts.response_ns;

	for (;;) {
		guc_ct_process_g2h(ct);
		/* pairs with the release in ct_handle_response(): status is set */
		if (smp_load_acquire(&req->done))
			return 0;
		if (READ_ONCE(ct->state) != GUC_CT_ENABLED)
			return -ENODEV;

		now = ct_now(ct);
		if (now >= deadline) {
			ct->stats.timeouts++;
			pr_err("guc: action %#x fence %u: no reply after %llu ms\n", req->action,
			       req->fence, (unsigned long long)((now - start) / CT_NSEC_PER_MSEC));
			return -ETIMEDOUT;
		}
		ct->ops->wait(ct->priv, deadline - now);
	}
}

/**
 * guc_ct_send_recv - send a request and wait for its reply
 * @ct: the channel
 * @msg: an HXG REQUEST (DW0 is its header)
 * @len: its length in dwords, at most GUC_CTB_MAX_DWORDS
 * @response: where the payload of the SUCCESS reply (the dwords after its
 *	HXG header) is copied, or NULL
 * @response_size: size of @response in dwords
 *
 * A RETRY reply resends it at once with a new fence, as i915's ct_send()
 * (which starts the request over), up to timeouts.max_retries times; a
 * FAILURE is recorded in ct->last_failure. A
 * BUSY reply (which the firmware does not send on CT) is dropped and does
 * not extend the wait.
 *
 * Return: with @response, the number of payload dwords copied there;
 * without, DATA0 of the SUCCESS reply (>= 0). Or a negative errno: -EINVAL
 * (malformed request), -ENODEV (disabled), -EPIPE (H2G ring broken, also by
 * an H2G ring full too long), -EBUSY (no free request slot), -ETIMEDOUT (no
 * reply), -EAGAIN (too many RETRY), -ENODEV also when the channel is
 * disabled while it waits, or -EIO (GUC_CT_FAILURE_ERRNO) for a FAILURE.
 */
int guc_ct_send_recv(struct guc_ct *ct, const u32 *msg, u32 len, u32 *response, u32 response_size)
{
	struct guc_ct_request *req;
	unsigned long flags;
	u32 retries = 0;
	int ret;

	if (!ct_valid_h2g(msg, len, GUC_HXG_TYPE_REQUEST))
		return -EINVAL;
	ret = ct_send_errno(ct);
	if (ret)
		return ret;

	req = ct_request_alloc(ct);
	if (!req)
		return -EBUSY;
	req->action = guc_hxg_action(msg[0]);
	req->response = response;
	req->response_size = response ? response_size : 0;

resend:
	WRITE_ONCE(req->done, false);
	req->retry = false;
	ret = ct_write(ct, req->fence, msg, len);
	if (ret)
		goto out;
	ret = ct_wait_reply(ct, req);
	if (ret)
		goto out;
	if (req->retry) {
		if (retries++ < ct->timeouts.max_retries) {
			spin_lock_irqsave(&ct->lock, flags);
			req->fence = ct_next_fence(ct);
			spin_unlock_irqrestore(&ct->lock, flags);
			goto resend;
		}
		pr_err("guc: action %#x: still RETRY after %u resends\n", req->action,
		       ct->timeouts.max_retries);
		ret = -EAGAIN;
		goto out;
	}
	/* i915's ct_send(): the payload's length with a buffer, else DATA0 */
	if (req->status)
		ret = req->status;
	else
		ret = req->response ? (int)req->response_len : (int)req->data0;
out:
	ct_request_free(ct, req);
	return ret;
}
EXPORT_SYMBOL_GPL(guc_ct_send_recv);

/* ------------------------------------------------------------------------
 * G2H
 */

/*
 * Copy the next G2H message out of the ring into @msg (GUC_CTB_MSG_MAX_LEN
 * dwords), leaving it there until g2h_consume(). Returns its length in
 * dwords, 0 if the ring is empty, or -EPIPE if the descriptor or the message
 * framing is corrupt.
 */
static int g2h_read(struct guc_ct *ct, u32 *msg)
{
	struct guc_ctb *g2h = &ct->g2h;
	u32 status = READ_ONCE(g2h->desc->status);
	u32 head = g2h->head;
	u32 tail, avail, len, first;

	lockdep_assert_held(&ct->g2h_lock);
	/*
	 * ct_read(): DISABLED (i915's UNUSED) only says the GuC wrote after it
	 * stopped; logged with each message read, it breaks nothing
	 */
	if (status & ~GUC_CTB_STATUS_DISABLED) {
		ct_break(ct, g2h, status & ~GUC_CTB_STATUS_DISABLED, "GuC reported an error");
		return -EPIPE;
	}
	tail = READ_ONCE(g2h->desc->tail);
	if (tail >= g2h->size) {
		ct_break(ct, g2h, GUC_CTB_STATUS_OVERFLOW, "tail beyond the ring");
		return -EPIPE;
	}
	if (READ_ONCE(g2h->desc->head) != head) {
		ct_break(ct, g2h, GUC_CTB_STATUS_MISMATCH, "head changed behind our back");
		return -EPIPE;
	}
	avail = ctb_used(head, tail, g2h->size);
	if (!avail)
		return 0;
	if (status)
		pr_err("guc: Unexpected G2H after GuC has stopped!\n");
	/* read the message only after the tail that covers it */
	rmb();

	len = FIELD_GET(GUC_CTB_MSG_0_NUM_DWORDS, g2h->cmds[head]) + GUC_CTB_HDR_LEN;
	if (len > avail) {
		ct_break(ct, g2h, GUC_CTB_STATUS_UNDERFLOW, "message longer than the data");
		return -EPIPE;
	}
	first = min(len, g2h->size - head);
	memcpy(msg, &g2h->cmds[head], first * sizeof(u32));
	memcpy(msg + first, g2h->cmds, (len - first) * sizeof(u32));
	return len;
}

/* Give the @len dwords of the message g2h_read() copied back to the GuC. */
static void g2h_consume(struct guc_ct *ct, u32 len)
{
	struct guc_ctb *g2h = &ct->g2h;
	u32 head = (g2h->head + len) % g2h->size;

	lockdep_assert_held(&ct->g2h_lock);
	/* the copy must be complete before the GuC may overwrite the space */
	mb();
	g2h->head = head;
	WRITE_ONCE(g2h->desc->head, head);
	ct->stats.g2h_messages++;
}

static void ct_handle_response(struct guc_ct *ct, u16 fence, const u32 *hxg, u32 len)
{
	u32 type = guc_hxg_type(hxg[0]), datalen = 0;
	struct guc_ct_request *req = NULL;
	bool too_long = false;
	unsigned long flags;
	u32 i;

	if (type == GUC_HXG_TYPE_NO_RESPONSE_BUSY) {
		/* i915 and xe refuse it too: BUSY belongs to the MMIO path */
		ct->stats.malformed++;
		pr_warn("guc: dropped BUSY reply with fence %u: not a CT reply\n", fence);
		return;
	}

	spin_lock_irqsave(&ct->lock, flags);
	for (i = 0; i < GUC_CT_MAX_PENDING; i++) {
		if (ct->pending[i].in_use && !ct->pending[i].done &&
		    ct->pending[i].fence == fence) {
			req = &ct->pending[i];
			break;
		}
	}

	if (!req) {
		for (i = 0; type == GUC_HXG_TYPE_RESPONSE_FAILURE && i < GUC_CT_FAST_REQ_TRACK;
		     i++) {
			if (ct->fast_req[i].fence == fence && ct->fast_req[i].action) {
				ct->stats.fast_req_failures++;
				ct->last_failure.action = ct->fast_req[i].action;
				ct->last_failure.error =
					FIELD_GET(GUC_HXG_FAILURE_MSG_0_ERROR, hxg[0]);
				ct->last_failure.hint =
					FIELD_GET(GUC_HXG_FAILURE_MSG_0_HINT, hxg[0]);
				spin_unlock_irqrestore(&ct->lock, flags);
				pr_err("guc: fast request %#x (fence %u) failed: error %#x hint %#x\n",
				       ct->last_failure.action, fence, ct->last_failure.error,
				       ct->last_failure.hint);
				return;
			}
		}
		ct->stats.unexpected_responses++;
		spin_unlock_irqrestore(&ct->lock, flags);
		pr_warn("guc: dropped %s reply with fence %u: no request waits for it\n",
			guc_hxg_type_name(type), fence);
		return;
	}

	switch (type) {
	case GUC_HXG_TYPE_NO_RESPONSE_RETRY:
		ct->stats.retries++;
		req->retry = true;
		smp_store_release(&req->done, true);
		break;
	case GUC_HXG_TYPE_RESPONSE_FAILURE:
		ct->stats.failures++;
		ct->last_failure.action = req->action;
		ct->last_failure.error = FIELD_GET(GUC_HXG_FAILURE_MSG_0_ERROR, hxg[0]);
		ct->last_failure.hint = FIELD_GET(GUC_HXG_FAILURE_MSG_0_HINT, hxg[0]);
		req->status = -GUC_CT_FAILURE_ERRNO;
		smp_store_release(&req->done, true);
		break;
	case GUC_HXG_TYPE_RESPONSE_SUCCESS:
		ct->stats.responses++;
		req->data0 = guc_hxg_response_data0(hxg[0]);
		if (req->response) {
			/* i915's ct_handle_response(): the payload, cut to fit */
			datalen = len - GUC_HXG_MSG_MIN_LEN;
			too_long = datalen > req->response_size;
			if (too_long)
				datalen = req->response_size;
			memcpy(req->response, hxg + GUC_HXG_MSG_MIN_LEN, datalen * sizeof(u32));
			req->response_len = datalen;
		}
		smp_store_release(&req->done, true);
		break;
	}
	spin_unlock_irqrestore(&ct->lock, flags);

	if (too_long)
		pr_err("guc: reply to fence %u too long: %u dwords for %u\n", fence,
		       len - GUC_HXG_MSG_MIN_LEN, datalen);

	if (type == GUC_HXG_TYPE_RESPONSE_FAILURE)
		pr_err("guc: action %#x failed: error %#x hint %#x\n", ct->last_failure.action,
		       ct->last_failure.error, ct->last_failure.hint);
}

/*
 * Returns false when the handler had no memory for the event (-ENOMEM): as
 * i915's ct_read() when ct_alloc_msg() fails, the message is then left in
 * the ring, its head unmoved, to be read again on the next run.
 */
static bool ct_handle_event(struct guc_ct *ct, const u32 *hxg, u32 len)
{
	u32 action = guc_hxg_action(hxg[0]);
	u32 i;
	int err;

	for (i = 0; i < ct->num_handlers; i++) {
		if (ct->handlers[i].action != action)
			continue;
		err = ct->handlers[i].handle(ct->handlers[i].data, hxg, len);
		if (err == -ENOMEM) {
			ct->stats.g2h_no_memory++;
			pr_err("guc: no memory for G2H event %#x: left in the ring\n", action);
			return false;
		}
		ct->stats.events++;
		if (err < 0)
			pr_err("guc: event %#x not handled (%d)\n", action, err);
		return true;
	}
	ct->stats.events++;
	ct->stats.unhandled_events++;
	pr_warn("guc: no handler for event %#x (%u dwords)\n", action, len);
	return true;
}

/* Returns false when the message is to stay in the ring (ct_handle_event()). */
static bool ct_handle_g2h(struct guc_ct *ct, const u32 *msg, u32 len)
{
	u32 hdr = msg[0];
	const u32 *hxg = msg + GUC_CTB_HDR_LEN;
	u32 hxg_len = len - GUC_CTB_HDR_LEN;
	u32 type;

	lockdep_assert_held(&ct->g2h_lock);
	if (FIELD_GET(GUC_CTB_MSG_0_FORMAT, hdr) != GUC_CTB_FORMAT_HXG ||
	    FIELD_GET(GUC_CTB_MSG_0_RESERVED, hdr) || hxg_len < GUC_HXG_MSG_MIN_LEN ||
	    guc_hxg_origin(hxg[0]) != GUC_HXG_ORIGIN_GUC) {
		ct->stats.malformed++;
		pr_warn("guc: dropped malformed G2H message %#x (%u dwords)\n", hdr, len);
		return true;
	}

	type = guc_hxg_type(hxg[0]);
	if (type == GUC_HXG_TYPE_EVENT) {
		return ct_handle_event(ct, hxg, hxg_len);
	} else if (guc_hxg_is_response(hxg[0])) {
		ct_handle_response(ct, FIELD_GET(GUC_CTB_MSG_0_FENCE, hdr), hxg, hxg_len);
	} else {
		ct->stats.malformed++;
		pr_warn("guc: dropped G2H %s: the PF serves no GuC requests\n",
			guc_hxg_type_name(type));
	}
	return true;
}

/**
 * guc_ct_process_g2h - receive and dispatch what the GuC has written
 * @ct: the channel
 *
 * Replies complete their waiting requests; events go to the handler table.
 * Called by waiting senders, and by the G2H interrupt in the module. At most
 * one ring's worth of messages is handled per call, so a GuC that never stops
 * writing cannot hold the caller forever. A call made from inside an event
 * handler (a handler that sends, and backs off on a full ring) returns 0 at
 * once instead of dispatching the same ring again underneath itself.
 *
 * Return: the number of messages handled, or -EPIPE if the G2H ring is
 * broken (a broken H2G ring does not stop it: i915's ct_read() looks at
 * ctbs.recv.broken only).
 */
int guc_ct_process_g2h(struct guc_ct *ct)
{
	u32 budget = ct->g2h.size;
	unsigned long flags;
	int n = 0, len;

	/* called again from a handler (through a send's back-off): not now */
	if (READ_ONCE(ct->in_g2h))
		return 0;
	spin_lock_irqsave(&ct->g2h_lock, flags);
	WRITE_ONCE(ct->in_g2h, true);
	while (READ_ONCE(ct->state) == GUC_CT_ENABLED && !READ_ONCE(ct->g2h.broken) && budget--) {
		len = g2h_read(ct, ct->g2h_msg);
		if (len <= 0)
			break;
		/* no memory for it: read it again on the next run */
		if (!ct_handle_g2h(ct, ct->g2h_msg, len))
			break;
		g2h_consume(ct, len);
		n++;
	}
	WRITE_ONCE(ct->in_g2h, false);
	spin_unlock_irqrestore(&ct->g2h_lock, flags);
	return READ_ONCE(ct->g2h.broken) ? -EPIPE : n;
}
EXPORT_SYMBOL_GPL(guc_ct_process_g2h);
