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
 * Envelopes i915 drops (too long, MBZ set, from VFID 0), FAST_REQUESTs
 * (which i915 does not serve) and messages beyond the queue are dropped and
 * counted: no reply, the VF times out.
 *
 * The MMIO relay (GUC2PF_MMIO_RELAY_SERVICE, for a VF that has no CT channel
 * yet) is served like i915's intel_iov_service_process_mmio_relay(): a
 * handshake, UPDATE_GGTT (not on these platforms) and GET_RUNTIME, answered
 * with PF2GUC_MMIO_RELAY_SUCCESS or _FAILURE whose FAULT is the errno.
 */
#include "iov/pf_relay.h"
#include "abi/iov_relay_abi.h"
#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"

static int pf_ct_relay_process(struct pf *pf);

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
 * -EPFNOSUPPORT for a non-zero MBZ, -EPROTO for VFID 0; then -ENOBUFS when
 * the queue is full. Any other VFID is served, whatever the number of VFs
 * enabled: the GuC, not the VF, writes it (the VF that sent the message),
 * and i915 checks nothing more.
 *
 * Return: 0 when queued, or the errno of the drop.
 */
int pf_relay_handle_event(void *data, const u32 *msg, u32 len)
{
	struct pf *pf = data;
	struct pf_relay_msg *m;
	unsigned long flags;
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
	spin_lock_irqsave(&pf->relay_lock, flags);
	if (pf->relay_count == PF_RELAY_QUEUE) {
		pf->stats.relay_dropped++;
		spin_unlock_irqrestore(&pf->relay_lock, flags);
		return -ENOBUFS;
	}

	m = &pf->relay_queue[(pf->relay_head + pf->relay_count) % PF_RELAY_QUEUE];
	n = len - GUC2PF_RELAY_FROM_VF_EVENT_MSG_MIN_LEN;
	m->vfid = vfid;
	m->relay_id = msg[2];
	m->len = n;
	memcpy(m->msg, &msg[3], n * sizeof(u32));
	pf->relay_count++;
	spin_unlock_irqrestore(&pf->relay_lock, flags);
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
 * those too), -ENOBUFS when the queue is full.
 */
int pf_relay_handle_mmio_event(void *data, const u32 *msg, u32 len)
{
	struct pf *pf = data;
	struct pf_mmio_relay_msg *m;
	unsigned long flags;

	if (len != GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_LEN || msg[1] == GUC_PF_VFID) {
		pf->stats.relay_dropped++;
		return -EPROTO;
	}
	spin_lock_irqsave(&pf->relay_lock, flags);
	if (pf->mmio_count == PF_RELAY_QUEUE) {
		pf->stats.relay_dropped++;
		spin_unlock_irqrestore(&pf->relay_lock, flags);
		return -ENOBUFS;
	}
	m = &pf->mmio_queue[(pf->mmio_head + pf->mmio_count) % PF_RELAY_QUEUE];
	m->vfid = msg[1];
	m->dw2 = msg[2];
	m->magic = FIELD_GET(GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_2_MAGIC, msg[2]);
	m->opcode = FIELD_GET(GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_2_OPCODE, msg[2]);
	memcpy(m->data, &msg[3], sizeof(m->data));
	pf->mmio_count++;
	spin_unlock_irqrestore(&pf->relay_lock, flags);
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
	return ret < 0 ? ret : 0;
}

/* Drain the MMIO-relay queue; returns how many were answered, or an errno. */
static int pf_mmio_relay_process(struct pf *pf)
{
	u32 data[GUC_MMIO_RELAY_NUM_DATA + 1];
	struct pf_mmio_relay_msg m;
	unsigned long flags;
	int served = 0, err;

	for (;;) {
		spin_lock_irqsave(&pf->relay_lock, flags);
		if (!pf->mmio_count) {
			spin_unlock_irqrestore(&pf->relay_lock, flags);
			break;
		}
		m = pf->mmio_queue[pf->mmio_head];
		pf->mmio_head = (pf->mmio_head + 1) % PF_RELAY_QUEUE;
		pf->mmio_count--;
		spin_unlock_irqrestore(&pf->relay_lock, flags);

		pf->stats.mmio_relay_requests++;
		err = pf_relay_serve_mmio(pf, &m, data);
		/* a SUCCESS the GuC refuses is followed by a FAILURE, as on i915 */
		if (!err)
			err = pf_mmio_relay_reply(pf, &m, 0, data);
		if (err) {
			pf->stats.relay_errors++;
			pf->stats.relay_last_error = err;
			err = pf_mmio_relay_reply(pf, &m, err, data);
		}
		if (err)
			return err;
		served++;
	}
	return served;
}

static int pf_relay_reply(struct pf *pf, const struct pf_relay_msg *m, const u32 *reply, u32 n)
{
	u32 out[PF2GUC_RELAY_TO_VF_REQUEST_MSG_MIN_LEN + PF_RELAY_MAX_MSG];

	out[0] = guc_hxg_fast_request(GUC_ACTION_PF2GUC_RELAY_TO_VF, 0);
	out[1] = m->vfid;
	out[2] = m->relay_id;
	memcpy(&out[3], reply, n * sizeof(u32));
	return guc_ct_send(pf->ct, out, PF2GUC_RELAY_TO_VF_REQUEST_MSG_MIN_LEN + n);
}

/**
 * pf_relay_process - the worker: answer every queued VF message
 * @pf: the PF
 *
 * MMIO-relay requests first (their VFs are still probing), then relayed
 * messages.
 *
 * Return: the number of messages answered, or the first errno of a send.
 */
int pf_relay_process(struct pf *pf)
{
	int mmio = pf_mmio_relay_process(pf), ct;

	if (mmio < 0)
		return mmio;
	ct = pf_ct_relay_process(pf);
	return ct < 0 ? ct : mmio + ct;
}
EXPORT_SYMBOL_GPL(pf_relay_process);

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

static int pf_ct_relay_process(struct pf *pf)
{
	u32 reply[PF_RELAY_MAX_MSG];
	struct pf_relay_msg *m = &pf->relay_cur;
	unsigned long flags;
	int served = 0, n, err, unserved;

	for (;;) {
		/* take the message out of the queue: the G2H path refills it */
		spin_lock_irqsave(&pf->relay_lock, flags);
		if (!pf->relay_count) {
			spin_unlock_irqrestore(&pf->relay_lock, flags);
			break;
		}
		*m = pf->relay_queue[pf->relay_head];
		pf->relay_head = (pf->relay_head + 1) % PF_RELAY_QUEUE;
		pf->relay_count--;
		spin_unlock_irqrestore(&pf->relay_lock, flags);

		pf->stats.relay_requests++;
		unserved = relay_unserved(m->msg, m->len);
		if (unserved)
			n = unserved;
		else
			n = pf_relay_serve(pf, m->vfid, m->msg, m->len, reply, ARRAY_SIZE(reply));
		if (n < 0) {
			pf->stats.relay_errors++;
			pf->stats.relay_last_error = n;
			reply[0] = relay_failure();
			/* only a REQUEST is answered, with a FAILURE */
			n = unserved ? 0 : 1;
		}
		err = n ? pf_relay_reply(pf, m, reply, n) : 0;
		if (err)
			return err;
		served++;
	}
	return served;
}
