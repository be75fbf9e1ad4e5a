// SPDX-License-Identifier: MIT
/*
 * The relay service: what the PF answers when a VF asks.
 *
 * Everything in a relayed message comes from code running in an untrusted
 * guest: lengths, header fields, indexes. The G2H handler only checks the
 * envelope and queues the message; pf_relay_process() (the driver's worker)
 * decodes it and replies with PF2GUC_RELAY_TO_VF under the same relay ID,
 * either a SUCCESS or a FAILURE. The cause of a failure is an errno
 * (i915's: EOPNOTSUPP for an action it does not serve or a service this
 * platform lacks, EMSGSIZE for a message too long, EPROTO for one too short
 * or a malformed header, EINVAL for bad arguments), kept in
 * stats.relay_last_error; the VF gets
 * IOV_ERROR_UNDISCLOSED, as i915's relay_handle_request() sends it
 * (sanitize_iov_error()) outside its self-test builds.
 * Envelopes i915 drops (too long, MBZ set, from VFID 0) and FAST_REQUESTs
 * (which i915 does not serve) are dropped and counted: no reply, the VF
 * times out. Relayed messages and MMIO-relay requests share one queue and
 * are answered in the order they came, as i915's CT worker takes its G2H
 * events; it has no bound, as i915's list has none. A failed allocation
 * drops nothing: the handler returns -ENOMEM, and the CT layer leaves the
 * message in the ring to read it again on its next run, as i915's ct_read()
 * does when ct_alloc_msg() fails.
 *
 * A reply the channel does not take is followed by a FAILURE, as in i915's
 * relay_handle_request() (the service's error is the send's); one that
 * fails too is logged and the message is dropped, and the worker goes on
 * with the next: nothing stays queued for a channel that comes back.
 *
 * The MMIO relay (GUC2PF_MMIO_RELAY_SERVICE, for a VF that has no CT channel
 * yet) is served like i915's intel_iov_service_process_mmio_relay(): a
 * handshake, UPDATE_GGTT (not on these platforms) and GET_RUNTIME, answered
 * with PF2GUC_MMIO_RELAY_SUCCESS or _FAILURE whose FAULT is the errno.
 */
#include "iov/pf_relay.h"
#include "iov/pf_control.h"
#include "abi/iov_relay_abi.h"
#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"

/* Queue @m, newest last: the worker answers in arrival order. */
static void pf_relay_queue(struct pf *pf, struct pf_relay_msg *m)
{
	unsigned long flags;

	m->next = NULL;
	spin_lock_irqsave(&pf->relay_lock, flags);
	if (pf->relay_last)
		pf->relay_last->next = m;
	else
		pf->relay_first = m;
	pf->relay_last = m;
	if (m->kind == PF_QUEUED_MMIO)
		pf->mmio_count++;
	else if (m->kind == PF_QUEUED_RELAY)
		pf->relay_count++;
	spin_unlock_irqrestore(&pf->relay_lock, flags);
}

/* Take the oldest queued message, or NULL. */
static struct pf_relay_msg *pf_relay_take(struct pf *pf)
{
	struct pf_relay_msg *m;
	unsigned long flags;

	spin_lock_irqsave(&pf->relay_lock, flags);
	m = pf->relay_first;
	if (m) {
		pf->relay_first = m->next;
		if (!pf->relay_first)
			pf->relay_last = NULL;
		if (m->kind == PF_QUEUED_MMIO)
			pf->mmio_count--;
		else if (m->kind == PF_QUEUED_RELAY)
			pf->relay_count--;
	}
	spin_unlock_irqrestore(&pf->relay_lock, flags);
	return m;
}

/**
 * pf_relay_queue_event - queue a VF event for the worker, behind the relay
 * @pf: the PF
 * @kind: PF_QUEUED_VF_STATE or PF_QUEUED_ADVERSE
 * @vfid: the VF
 * @what: the state event, or the threshold index
 *
 * For the G2H handlers of pf_control.c, which check the event and leave
 * its handling to pf_relay_process(), in arrival order with the VFs'
 * messages (i915's CT worker).
 *
 * Return: 0, or -ENOMEM (nothing queued: the event stays in the ring).
 */
int pf_relay_queue_event(struct pf *pf, u8 kind, u32 vfid, u32 what)
{
	struct pf_relay_msg *m = kmalloc(sizeof(*m), GFP_ATOMIC);

	if (!m)
		return -ENOMEM;
	m->kind = kind;
	m->vfid = vfid;
	m->relay_id = what;
	m->len = 0;
	pf_relay_queue(pf, m);
	return 0;
}
EXPORT_SYMBOL_GPL(pf_relay_queue_event);

/**
 * pf_relay_set_runtime - the registers VFs may read with QUERY_RUNTIME
 * @pf: the PF
 * @regs: a table that outlives the PF
 * @count: its number of entries
 */
void pf_relay_set_runtime(struct pf *pf, const struct pf_runtime_reg *regs, u32 count)
{
	pf->runtime_regs = regs;
	pf->num_runtime_regs = count;
}
EXPORT_SYMBOL_GPL(pf_relay_set_runtime);

/**
 * pf_relay_handle_event - GUC2PF_RELAY_FROM_VF: queue a VF's message
 * @data: the PF
 * @msg: the HXG event (DW1 VFID, DW2 relay ID, DW3.. the VF's message)
 * @len: its length in dwords
 *
 * As i915's intel_iov_relay_process_guc2pf(), in its order: -EPROTO for a
 * truncated event, -EMSGSIZE for one longer than a relay message may be,
 * -EPFNOSUPPORT for a non-zero MBZ, -EPROTO for VFID 0; then -ENOMEM when
 * there is no memory to queue it (not a drop: the message stays in the
 * ring, guc_ct_process_g2h()). Any other VFID is served, whatever the number of VFs
 * enabled: the GuC, not the VF, writes it (the VF that sent the message),
 * and i915 checks nothing more.
 *
 * Return: 0 when queued, or the errno of the drop.
 */
int pf_relay_handle_event(void *data, const u32 *msg, u32 len)
{
	struct pf *pf = data;
	struct pf_relay_msg *m;
	u32 vfid, n;

	if (len < GUC2PF_RELAY_FROM_VF_EVENT_MSG_MIN_LEN) {
		pf->stats.relay_dropped++;
		return -EPROTO;
	}
	if (len > GUC2PF_RELAY_FROM_VF_EVENT_MSG_MIN_LEN + PF_RELAY_MAX_MSG) {
		pf->stats.relay_dropped++;
		return -EMSGSIZE;
	}
	if (guc_hxg_request_data0(msg[0])) {
		pf->stats.relay_dropped++;
		return -EPFNOSUPPORT;
	}
	vfid = msg[1];
	if (vfid == GUC_PF_VFID) {
		pf->stats.relay_dropped++;
		return -EPROTO;
	}
	n = len - GUC2PF_RELAY_FROM_VF_EVENT_MSG_MIN_LEN;
	m = kmalloc(sizeof(*m) + n * sizeof(u32), GFP_ATOMIC);
	if (!m)
		return -ENOMEM; /* left in the ring, nothing changed */
	m->kind = PF_QUEUED_RELAY;
	m->vfid = vfid;
	m->relay_id = msg[2];
	m->len = n;
	memcpy(m->msg, &msg[3], n * sizeof(u32));
	pf_relay_queue(pf, m);
	return 0;
}
EXPORT_SYMBOL_GPL(pf_relay_handle_event);

static u32 relay_success(u32 data0)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_HOST) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_RESPONSE_SUCCESS) |
	       FIELD_PREP(GUC_HXG_RESPONSE_MSG_0_DATA0, data0);
}

static u32 relay_failure(void)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_HOST) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_RESPONSE_FAILURE) |
	       FIELD_PREP(GUC_HXG_FAILURE_MSG_0_ERROR, IOV_ERROR_UNDISCLOSED);
}

static int relay_handshake(const u32 *msg, u32 len, u32 *reply)
{
	u32 major, minor;

	/* i915's reply_handshake(): the length, then MBZ */
	if (len != VF2PF_HANDSHAKE_REQUEST_MSG_LEN)
		return -EMSGSIZE;
	if (guc_hxg_request_data0(msg[0]))
		return -EINVAL;
	major = FIELD_GET(VF2PF_HANDSHAKE_MSG_1_MAJOR, msg[1]);
	minor = FIELD_GET(VF2PF_HANDSHAKE_MSG_1_MINOR, msg[1]);

	if (!major && minor)
		return -EINVAL; /* "any major" with a minor makes no sense */
	if (!major || major > IOV_VERSION_LATEST_MAJOR) {
		major = IOV_VERSION_LATEST_MAJOR;
		minor = IOV_VERSION_LATEST_MINOR;
	} else if (major < IOV_VERSION_BASE_MAJOR) {
		return -EINVAL;
	} else if (major == IOV_VERSION_LATEST_MAJOR && minor > IOV_VERSION_LATEST_MINOR) {
		minor = IOV_VERSION_LATEST_MINOR;
	}

	reply[0] = relay_success(0);
	reply[1] = FIELD_PREP(VF2PF_HANDSHAKE_MSG_1_MAJOR, major) |
		   FIELD_PREP(VF2PF_HANDSHAKE_MSG_1_MINOR, minor);
	return VF2PF_HANDSHAKE_RESPONSE_MSG_LEN;
}

/*
 * As i915's pf_reply_runtime_query(): -EMSGSIZE too long, -EPROTO too short,
 * and at most what VF2PF_QUERY_RUNTIME_RESPONSE_MSG_MAX_LEN holds per reply.
 */
static int relay_query_runtime(const struct pf *pf, const u32 *msg, u32 len, u32 *reply, u32 size)
{
	u32 limit = guc_hxg_request_data0(msg[0]), start, count, i;
	u32 room = (min_t(u32, size, VF2PF_QUERY_RUNTIME_RESPONSE_MSG_MAX_LEN) -
		    VF2PF_QUERY_RUNTIME_RESPONSE_MSG_MIN_LEN) /
		   2;

	if (len > VF2PF_QUERY_RUNTIME_REQUEST_MSG_LEN)
		return -EMSGSIZE;
	if (len < VF2PF_QUERY_RUNTIME_REQUEST_MSG_LEN)
		return -EPROTO;
	start = msg[1];
	if (start > pf->num_runtime_regs)
		return -EINVAL;

	count = pf->num_runtime_regs - start;
	count = min_t(u32, count, room);
	if (limit)
		count = min_t(u32, count, limit);

	reply[0] = relay_success(count);
	reply[1] = pf->num_runtime_regs - start - count; /* remaining */
	for (i = 0; i < count; i++) {
		reply[2 + 2 * i] = pf->runtime_regs[start + i].offset;
		reply[3 + 2 * i] = pf->runtime_regs[start + i].value;
	}
	return VF2PF_QUERY_RUNTIME_RESPONSE_MSG_MIN_LEN + 2 * count;
}

/**
 * pf_relay_serve - answer one message from a VF
 * @pf: the PF
 * @vfid: who sent it
 * @msg: the relayed HXG message
 * @len: its length in dwords (PF_RELAY_MAX_MSG + 1 marks an oversized one)
 * @reply: where the reply goes
 * @size: its size in dwords (at least 2)
 *
 * Return: the reply length, or a negative errno to be sent back as a
 * FAILURE.
 */
int pf_relay_serve(struct pf *pf, u32 vfid, const u32 *msg, u32 len, u32 *reply, u32 size)
{
	u32 type;

	(void)vfid;
	if (!len || len > PF_RELAY_MAX_MSG)
		return -EMSGSIZE;
	if (guc_hxg_origin(msg[0]) != GUC_HXG_ORIGIN_HOST)
		return -EPROTO;
	type = guc_hxg_type(msg[0]);
	if (type != GUC_HXG_TYPE_REQUEST)
		return -EPROTO;

	switch (guc_hxg_action(msg[0])) {
	case IOV_ACTION_VF2PF_HANDSHAKE:
		return relay_handshake(msg, len, reply);
	case IOV_ACTION_VF2PF_QUERY_RUNTIME:
		return relay_query_runtime(pf, msg, len, reply, size);
	case IOV_ACTION_VF2PF_UPDATE_GGTT32:
		/*
		 * i915's pf_reply_update_ggtt() checks first whether the
		 * platform supports it (media IP 13.0 only): not on ADL/RPL.
		 */
		return -EOPNOTSUPP;
	default:
		return -EOPNOTSUPP; /* intel_iov_service_process_msg() */
	}
}
EXPORT_SYMBOL_GPL(pf_relay_serve);

/* ------------------------------------------------------------------------
 * The MMIO relay
 */

/**
 * pf_relay_handle_mmio_event - GUC2PF_MMIO_RELAY_SERVICE: queue the request
 * @data: the PF
 * @msg: the HXG event
 * @len: its length in dwords
 *
 * Return: 0 when queued; -EPROTO for a wrong length or VFID 0 (i915 drops
 * those too), -ENOMEM when there is no memory to queue it (the message
 * then stays in the ring).
 */
int pf_relay_handle_mmio_event(void *data, const u32 *msg, u32 len)
{
	struct pf *pf = data;
	struct pf_mmio_relay_msg *mm;
	struct pf_relay_msg *m;

	if (len != GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_LEN || msg[1] == GUC_PF_VFID) {
		pf->stats.relay_dropped++;
		return -EPROTO;
	}
	m = kmalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		return -ENOMEM; /* left in the ring, nothing changed */
	m->kind = PF_QUEUED_MMIO;
	m->vfid = msg[1];
	m->relay_id = 0;
	m->len = 0;
	mm = &m->mmio;
	mm->vfid = msg[1];
	mm->dw2 = msg[2];
	mm->magic = FIELD_GET(GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_2_MAGIC, msg[2]);
	mm->opcode = FIELD_GET(GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_2_OPCODE, msg[2]);
	memcpy(mm->data, &msg[3], sizeof(mm->data));
	pf_relay_queue(pf, m);
	return 0;
}

/* As i915's reply_mmio_relay_handshake(). */
static int mmio_handshake(const struct pf_mmio_relay_msg *m, u32 *data)
{
	u32 major = FIELD_GET(VF2PF_MMIO_HANDSHAKE_MSG_1_MAJOR, m->data[0]);
	u32 minor = FIELD_GET(VF2PF_MMIO_HANDSHAKE_MSG_1_MINOR, m->data[0]);

	if ((!major && !minor) || major > IOV_VERSION_LATEST_MAJOR) {
		major = IOV_VERSION_LATEST_MAJOR;
		minor = IOV_VERSION_LATEST_MINOR;
	} else if (major < IOV_VERSION_LATEST_MAJOR) {
		return -ENOPKG;
	} else if (!m->dw2 || m->data[1] || m->data[2]) {
		return -EPROTO;
	} else if (minor > IOV_VERSION_LATEST_MINOR) {
		minor = IOV_VERSION_LATEST_MINOR;
	}
	data[1] = FIELD_PREP(VF2PF_MMIO_HANDSHAKE_MSG_1_MAJOR, major) |
		  FIELD_PREP(VF2PF_MMIO_HANDSHAKE_MSG_1_MINOR, minor);
	return 0;
}

/* As i915's reply_mmio_relay_get_reg(): every offset asked must be shared. */
static int mmio_get_runtime(const struct pf *pf, const struct pf_mmio_relay_msg *m, u32 *data)
{
	u32 i, j;

	if (!m->dw2)
		return -EPROTO;
	if (!m->data[0])
		return -EINVAL;
	for (i = 0; i < GUC_MMIO_RELAY_NUM_DATA; i++) {
		if (!m->data[i])
			continue;
		for (j = 0; j < pf->num_runtime_regs; j++)
			if (pf->runtime_regs[j].offset == m->data[i])
				break;
		if (j == pf->num_runtime_regs)
			return -EACCES;
		data[i + 1] = pf->runtime_regs[j].value;
	}
	return 0;
}

/**
 * pf_relay_serve_mmio - answer one MMIO-relay request
 * @pf: the PF
 * @m: the request
 * @data: out, DATA0..3 of the SUCCESS reply (zeroed first)
 *
 * Return: 0, or the errno to send as the FAILURE's FAULT.
 */
int pf_relay_serve_mmio(struct pf *pf, const struct pf_mmio_relay_msg *m, u32 *data)
{
	memset(data, 0, (GUC_MMIO_RELAY_NUM_DATA + 1) * sizeof(u32));
	switch (m->opcode) {
	case IOV_OPCODE_VF2PF_MMIO_HANDSHAKE:
		return mmio_handshake(m, data);
	case IOV_OPCODE_VF2PF_MMIO_UPDATE_GGTT:
		/* reply_mmio_relay_update_ggtt(): media IP 13.0 only */
		return -EOPNOTSUPP;
	case IOV_OPCODE_VF2PF_MMIO_GET_RUNTIME:
		return mmio_get_runtime(pf, m, data);
	default:
		return -EOPNOTSUPP;
	}
}

static int pf_mmio_relay_reply(struct pf *pf, const struct pf_mmio_relay_msg *m, int err,
			       const u32 *data)
{
	u32 out[PF2GUC_MMIO_RELAY_SUCCESS_REQUEST_MSG_LEN];
	u32 n;
	int ret;

	out[1] = m->vfid;
	if (err) {
		out[0] = guc_hxg_request(GUC_ACTION_PF2GUC_MMIO_RELAY_FAILURE, 0);
		out[2] = FIELD_PREP(PF2GUC_MMIO_RELAY_FAILURE_REQUEST_MSG_2_MAGIC, m->magic) |
			 FIELD_PREP(PF2GUC_MMIO_RELAY_FAILURE_REQUEST_MSG_2_FAULT, -err);
		n = PF2GUC_MMIO_RELAY_FAILURE_REQUEST_MSG_LEN;
	} else {
		out[0] = guc_hxg_request(GUC_ACTION_PF2GUC_MMIO_RELAY_SUCCESS, 0);
		out[2] = FIELD_PREP(PF2GUC_MMIO_RELAY_SUCCESS_REQUEST_MSG_2_MAGIC, m->magic) |
			 FIELD_PREP(PF2GUC_MMIO_RELAY_SUCCESS_REQUEST_MSG_2_DATA0, data[0]);
		memcpy(&out[3], &data[1], GUC_MMIO_RELAY_NUM_DATA * sizeof(u32));
		n = PF2GUC_MMIO_RELAY_SUCCESS_REQUEST_MSG_LEN;
	}
	/* i915 sends these as blocking requests: the worker may sleep */
	ret = guc_ct_send_recv(pf->ct, out, n, NULL, 0);
	if (ret < 0) {
		pf->stats.relay_send_errors++;
		pr_err("IOV: relay: Failed to send MMIO %s to VF%u (%d)\n",
		       err ? "failure" : "success", m->vfid, ret);
		return ret;
	}
	return 0;
}

/*
 * Serve one MMIO-relay request with i915's replies: a SUCCESS the GuC
 * refuses is followed by a FAILURE whose FAULT is that send's errno; so is
 * the FAILURE reply_mmio_relay_handshake() sends for a version it does not
 * serve. The last FAILURE's own result is not looked at.
 */
static void pf_mmio_relay_serve_one(struct pf *pf, const struct pf_mmio_relay_msg *m)
{
	u32 data[GUC_MMIO_RELAY_NUM_DATA + 1];
	int err;

	pf->stats.mmio_relay_requests++;
	err = pf_relay_serve_mmio(pf, m, data);
	if (err) {
		pf->stats.relay_errors++;
		pf->stats.relay_last_error = err;
	}
	if (!err)
		err = pf_mmio_relay_reply(pf, m, 0, data);
	else if (m->opcode == IOV_OPCODE_VF2PF_MMIO_HANDSHAKE)
		err = pf_mmio_relay_reply(pf, m, err, data);
	if (err)
		pf_mmio_relay_reply(pf, m, err, data);
}

/* As i915's relay_send(): a send the channel refuses is logged. */
static int pf_relay_reply(struct pf *pf, const struct pf_relay_msg *m, u32 *out, u32 n)
{
	int err;

	out[0] = guc_hxg_fast_request(GUC_ACTION_PF2GUC_RELAY_TO_VF, 0);
	out[1] = m->vfid;
	out[2] = m->relay_id;
	err = guc_ct_send(pf->ct, out, PF2GUC_RELAY_TO_VF_REQUEST_MSG_MIN_LEN + n);
	if (err) {
		pf->stats.relay_send_errors++;
		pr_err("IOV: relay: Failed to send %s.%u to VF%u (%d)\n",
		       guc_hxg_type_name(guc_hxg_type(out[3])), m->relay_id, m->vfid, err);
	}
	return err;
}

/**
 * pf_relay_flush - free every queued message, unanswered
 * @pf: the PF
 *
 * Return: how many there were.
 */
int pf_relay_flush(struct pf *pf)
{
	struct pf_relay_msg *m;
	int n = 0;

	while ((m = pf_relay_take(pf))) {
		kfree(m);
		n++;
	}
	return n;
}
EXPORT_SYMBOL_GPL(pf_relay_flush);

/*
 * As i915's relay_process_msg(): only a REQUEST from the host side of a VF
 * is served and answered. Anything else is an error that gets no reply at
 * all: a message too short or not from the host is -EPROTO, an EVENT
 * -EOPNOTSUPP (relay_handle_event()), a reply -ESRCH (the PF awaits none
 * from a VF, relay_handle_reply()), a FAST_REQUEST or an unknown type
 * -EBADRQC.
 */
static int relay_unserved(const u32 *msg, u32 len)
{
	if (len < GUC_HXG_MSG_MIN_LEN || guc_hxg_origin(msg[0]) != GUC_HXG_ORIGIN_HOST)
		return -EPROTO;
	switch (guc_hxg_type(msg[0])) {
	case GUC_HXG_TYPE_REQUEST:
		return 0;
	case GUC_HXG_TYPE_EVENT:
		return -EOPNOTSUPP;
	case GUC_HXG_TYPE_RESPONSE_SUCCESS:
	case GUC_HXG_TYPE_NO_RESPONSE_BUSY:
	case GUC_HXG_TYPE_NO_RESPONSE_RETRY:
	case GUC_HXG_TYPE_RESPONSE_FAILURE:
		return -ESRCH;
	default:
		return -EBADRQC;
	}
}

/*
 * Serve one relayed message into @out (the reply after the 3 dwords of
 * PF2GUC_RELAY_TO_VF). As relay_handle_request(): a request the service
 * fails gets a FAILURE, and so does one whose reply the channel refused.
 */
static void pf_ct_relay_serve_one(struct pf *pf, const struct pf_relay_msg *m, u32 *out)
{
	u32 *reply = &out[PF2GUC_RELAY_TO_VF_REQUEST_MSG_MIN_LEN];
	int n, unserved;

	pf->stats.relay_requests++;
	unserved = relay_unserved(m->msg, m->len);
	if (unserved)
		n = unserved;
	else
		n = pf_relay_serve(pf, m->vfid, m->msg, m->len, reply, PF_RELAY_MAX_MSG);
	if (n > 0)
		n = pf_relay_reply(pf, m, out, n);
	if (n < 0) {
		pf->stats.relay_errors++;
		pf->stats.relay_last_error = n;
		/* only a REQUEST is answered, with a FAILURE */
		if (!unserved) {
			reply[0] = relay_failure();
			pf_relay_reply(pf, m, out, 1);
		}
	}
}

/**
 * pf_relay_process - the worker: handle every queued G2H event
 * @pf: the PF
 *
 * As i915's CT worker (ct_incoming_request_worker_func()): in the order
 * they came, relayed messages and MMIO-relay requests are answered as far
 * as the channel lets it, VF state notifications and adverse events are
 * applied (pf_control_apply_event()); each is taken out of the queue and
 * freed.
 *
 * Return: the number of events taken.
 */
int pf_relay_process(struct pf *pf)
{
	u32 out[PF2GUC_RELAY_TO_VF_REQUEST_MSG_MIN_LEN + PF_RELAY_MAX_MSG];
	struct pf_relay_msg *m;
	int taken = 0;

	while ((m = pf_relay_take(pf))) {
		if (m->kind == PF_QUEUED_MMIO)
			pf_mmio_relay_serve_one(pf, &m->mmio);
		else if (m->kind == PF_QUEUED_RELAY)
			pf_ct_relay_serve_one(pf, m, out);
		else
			pf_control_apply_event(pf, m->kind, m->vfid, m->relay_id);
		kfree(m);
		taken++;
	}
	return taken;
}
EXPORT_SYMBOL_GPL(pf_relay_process);
