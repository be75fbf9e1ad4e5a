// SPDX-License-Identifier: MIT
/*
 * The mock GuC: see mock_guc.h.
 */
#include "selftest/mock_guc.h"

#include "guc/guc_hxg.h"
#include "abi/guc_actions_abi.h"
#include "abi/guc_actions_pf_abi.h"

#define MOCK_NSEC_PER_MSEC 1000000ULL
#define CFG_KEY_FIRST GUC_KLV_SELF_CFG_H2G_CTB_ADDR_KEY
#define CFG_KEY_LAST GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY
#define CFG(key) ((key)-CFG_KEY_FIRST)

/**
 * mock_guc_init - a GuC after firmware load: no CTB, all VFs at defaults
 * @guc: the model
 */
void mock_guc_init(struct mock_guc *guc)
{
	memset(guc, 0, sizeof(*guc));
	guc->max_vfs = MOCK_GUC_MAX_VFS;
	guc->auto_events = true;
	guc->step_ns = MOCK_NSEC_PER_MSEC;
	guc->now_ns = 1000 * MOCK_NSEC_PER_MSEC;
}

/**
 * mock_guc_map - make host memory reachable at a GGTT address
 * @guc: the model
 * @addr: GGTT address
 * @ptr: the memory
 * @size: its size in bytes
 */
void mock_guc_map(struct mock_guc *guc, u32 addr, void *ptr, u32 size)
{
	struct mock_guc_region *r = &guc->regions[guc->num_regions++];

	r->addr = addr;
	r->size = size;
	r->ptr = ptr;
}

/**
 * mock_guc_resolve - the host pointer behind a GGTT range
 * @guc: the model
 * @addr: GGTT address
 * @size: bytes that must be inside one mapped region
 *
 * Return: the pointer, or NULL when any byte of the range is unmapped (the
 * firmware would fault; the model answers FAILURE instead).
 */
void *mock_guc_resolve(struct mock_guc *guc, u64 addr, u64 size)
{
	u32 i;

	for (i = 0; i < guc->num_regions; i++) {
		struct mock_guc_region *r = &guc->regions[i];

		if (addr >= r->addr && size <= r->size && addr - r->addr <= r->size - size)
			return (u8 *)r->ptr + (addr - r->addr);
	}
	return NULL;
}

/**
 * mock_guc_arm - arm a fault for the next matching request(s)
 * @guc: the model
 * @fault: the fault; copied
 */
void mock_guc_arm(struct mock_guc *guc, const struct mock_guc_fault *fault)
{
	u32 i;

	for (i = 0; i < MOCK_GUC_MAX_FAULTS; i++) {
		if (guc->faults[i].kind == MOCK_FAULT_NONE) {
			guc->faults[i] = *fault;
			if (!guc->faults[i].times)
				guc->faults[i].times = 1;
			return;
		}
	}
}

static struct mock_guc_fault mock_take_fault(struct mock_guc *guc, u32 action)
{
	struct mock_guc_fault none = { .kind = MOCK_FAULT_NONE }, hit;
	u32 i;

	for (i = 0; i < MOCK_GUC_MAX_FAULTS; i++) {
		struct mock_guc_fault *f = &guc->faults[i];

		if (f->kind == MOCK_FAULT_NONE || (f->action && f->action != action))
			continue;
		if (f->skip) {
			f->skip--;
			continue;
		}
		hit = *f;
		if (--f->times == 0)
			f->kind = MOCK_FAULT_NONE;
		return hit;
	}
	return none;
}

/* The KLV blob a config request points at: where and how long, or 0. */
static u32 logged_blob(const u32 *hxg, u32 len, u64 *addr)
{
	switch (guc_hxg_action(hxg[0])) {
	case GUC_ACTION_PF2GUC_UPDATE_VF_CFG:
		if (len != PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_LEN)
			return 0;
		*addr = (u64)hxg[3] << 32 | hxg[2];
		return hxg[4];
	case GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY:
		if (len != PF2GUC_UPDATE_VGT_POLICY_REQUEST_MSG_LEN)
			return 0;
		*addr = (u64)hxg[2] << 32 | hxg[1];
		return hxg[3];
	}
	return 0;
}

static void mock_log(struct mock_guc *guc, bool mmio, u16 fence, const u32 *hxg, u32 len)
{
	struct mock_guc_logged *l;
	const u32 *blob;
	u64 addr = 0;
	u32 i, n;

	if (guc->nlog == MOCK_GUC_LOG_LEN)
		return;
	l = &guc->log[guc->nlog++];
	l->mmio = mmio;
	l->fence = fence;
	l->action = guc_hxg_action(hxg[0]);
	l->type = guc_hxg_type(hxg[0]);
	l->len = len;
	l->csum = 0;
	for (i = 0; i < len; i++) {
		if (i < ARRAY_SIZE(l->dw))
			l->dw[i] = hxg[i];
		l->csum += hxg[i];
	}
	/* what the request carried, kept before a later request reuses the buffer */
	n = mmio ? 0 : logged_blob(hxg, len, &addr);
	blob = n ? mock_guc_resolve(guc, addr, (u64)n * 4) : NULL;
	l->nklv = blob ? n : 0;
	if (blob)
		memcpy(l->klv, blob, min_t(u32, n, MOCK_GUC_LOG_KLV_DWORDS) * sizeof(u32));
}

/**
 * mock_guc_count - how many requests with an action the model received
 * @guc: the model
 * @action: the action
 *
 * Return: the count (MMIO and CT together).
 */
u32 mock_guc_count(const struct mock_guc *guc, u32 action)
{
	u32 i, n = 0;

	for (i = 0; i < guc->nlog; i++)
		n += guc->log[i].action == action;
	return n;
}

/**
 * mock_guc_last - the last request with an action the model received
 * @guc: the model
 * @action: the action
 *
 * Return: the log entry, or NULL.
 */
const struct mock_guc_logged *mock_guc_last(const struct mock_guc *guc, u32 action)
{
	u32 i;

	for (i = guc->nlog; i-- > 0;)
		if (guc->log[i].action == action)
			return &guc->log[i];
	return NULL;
}

/* ------------------------------------------------------------------------
 * G2H: what the firmware writes
 */

static u32 g2h_space(const struct mock_guc *guc)
{
	u32 head = guc->g2h_desc->head;

	if (head >= guc->g2h_size)
		return 0;
	return (guc->g2h_size + head - guc->g2h_tail - 1) % guc->g2h_size;
}

static void g2h_put(struct mock_guc *guc, const u32 *msg, u32 len)
{
	u32 first = min(len, guc->g2h_size - guc->g2h_tail);

	memcpy(&guc->g2h[guc->g2h_tail], msg, first * sizeof(u32));
	memcpy(guc->g2h, msg + first, (len - first) * sizeof(u32));
	guc->g2h_tail = (guc->g2h_tail + len) % guc->g2h_size;
	wmb();
	guc->g2h_desc->tail = guc->g2h_tail;
}

static void g2h_flush_backlog(struct mock_guc *guc)
{
	u32 i;

	while (guc->nbacklog && g2h_space(guc) >= guc->backlog[0].len) {
		g2h_put(guc, guc->backlog[0].msg, guc->backlog[0].len);
		for (i = 1; i < guc->nbacklog; i++)
			guc->backlog[i - 1] = guc->backlog[i];
		guc->nbacklog--;
	}
}

/**
 * mock_guc_write_g2h - write one message into the G2H ring
 * @guc: the model
 * @fence: the CTB fence (a request's fence for replies)
 * @hxg: the HXG message
 * @len: its length in dwords (1..255)
 *
 * Like the firmware, the model never overwrites unread data: when the ring
 * is full the message waits in a backlog until the host frees space.
 *
 * Return: 0, or -ENOSPC when even the backlog is full (counted in g2h_dropped).
 */
int mock_guc_write_g2h(struct mock_guc *guc, u16 fence, const u32 *hxg, u32 len)
{
	u32 msg[GUC_CTB_MSG_MAX_LEN];

	if (!guc->ctb_enabled || !len || len > GUC_CTB_MAX_DWORDS)
		return -EINVAL;
	msg[0] = FIELD_PREP(GUC_CTB_MSG_0_FENCE, fence) |
		 FIELD_PREP(GUC_CTB_MSG_0_FORMAT, GUC_CTB_FORMAT_HXG) |
		 FIELD_PREP(GUC_CTB_MSG_0_NUM_DWORDS, len);
	memcpy(&msg[1], hxg, len * sizeof(u32));

	g2h_flush_backlog(guc);
	if (!guc->nbacklog && g2h_space(guc) >= len + 1) {
		g2h_put(guc, msg, len + 1);
		return 0;
	}
	if (guc->nbacklog == MOCK_GUC_BACKLOG) {
		guc->g2h_dropped++;
		return -ENOSPC;
	}
	guc->backlog[guc->nbacklog].len = len + 1;
	memcpy(guc->backlog[guc->nbacklog].msg, msg, (len + 1) * sizeof(u32));
	guc->nbacklog++;
	return 0;
}

/**
 * mock_guc_event - send a G2H event, as the firmware does on its own
 * @guc: the model
 * @action: the event action (e.g. GUC2PF_VF_STATE_NOTIFY)
 * @data: payload dwords after the header
 * @n: their number
 *
 * Return: as mock_guc_write_g2h().
 */
int mock_guc_event(struct mock_guc *guc, u32 action, const u32 *data, u32 n)
{
	u32 msg[GUC_CTB_MAX_DWORDS];

	if (n >= GUC_CTB_MAX_DWORDS)
		return -EINVAL;
	msg[0] = guc_hxg_guc_event(action, 0);
	memcpy(&msg[1], data, n * sizeof(u32));
	return mock_guc_write_g2h(guc, 0, msg, n + 1);
}

/**
 * mock_guc_vf_mmio_relay - a VF's VF2GUC_MMIO_RELAY_SERVICE, forwarded
 * @guc: the model
 * @vfid: the VF (1..)
 * @magic: 4 bits the VF chose, echoed in the PF's reply
 * @opcode: IOV_OPCODE_VF2PF_MMIO_*
 * @data3: DATA1..3 of the VF's request
 *
 * Return: as mock_guc_event().
 */
int mock_guc_vf_mmio_relay(struct mock_guc *guc, u32 vfid, u32 magic, u32 opcode, const u32 *data3)
{
	u32 ev[5] = { vfid, (magic & 0xf) << 24 | (opcode & 0xff) << 16, data3[0], data3[1],
		      data3[2] };

	return mock_guc_event(guc, GUC_ACTION_GUC2PF_MMIO_RELAY_SERVICE, ev, 5);
}

/* ------------------------------------------------------------------------
 * The model: KLVs, decoded here independently of the driver's codec
 */

/*
 * How the firmware takes a KLV blob, as the drivers rely on it (i915's
 * guc_update_vf_klv32() and xe's pf_push_vf_buf_klvs() compare the reply's
 * count with what they sent): a key it does not know is skipped and not
 * counted; a known key with the wrong length, or a blob cut short, fails
 * the whole request with MALFORMED_KLV; a value it cannot take fails it with
 * INVALID_KLV_DATA. Nothing of a failed request is applied. Which of the
 * documented response codes the firmware picks for a bad value is not
 * public; INVALID_KLV_DATA is the one its name fits, and the drivers treat
 * every FAILURE alike.
 *
 * What a request is checked against is each KLV's own value, as the ABI
 * documents it (guc_klvs_abi.h: a 4K-aligned GGTT start and size, context
 * and doorbell IDs and counts inside their spaces), and not the VF's config
 * as a whole. The reply counts "KLVs successfully applied", one by one; and
 * i915, which runs on the real firmware, moves a live VF's GGTT, contexts
 * and doorbells one KLV per request (pf_push_config_ggtt(): size 0, start
 * 0, then the new size and start), so the firmware takes configs that are
 * half old, half new: a GGTT size over a start of 0 (the GuC's own WOPCM),
 * or a range over the one another VF is leaving. The rules a whole config
 * must follow (inside GUC_GGTT_TOP and the ID spaces as a range, above the
 * WOPCM, clear of every other VF and of what the PF mapped for the GuC) are
 * therefore not checked per request: mock_guc_vf_conflict() tells whether
 * the model's state breaks one, and tests ask it once the PF is done.
 */
#define MOCK_GUC_GGTT_TOP 0xfee00000ull
#define MOCK_GUC_MAX_CONTEXT_ID 65535u
#define MOCK_GUC_NUM_DOORBELLS 256u

enum { KLV_APPLIED = 1, KLV_SKIPPED = 0 };

/* Parse one KLV into @vf; >= 0 as above, or a negative GUC_ERROR_*. */
static int vf_take_klv(struct mock_guc_vf *vf, u32 key, u32 len, const u32 *v)
{
	u64 v64 = len == 2 ? ((u64)v[1] << 32 | v[0]) : 0;
	int threshold = guc_klv_threshold_index(key);
	u32 want;

	/* the keys this firmware takes, at the table's lengths */
	/* clang-format off */
	switch (key) {
#define VF_KLV_LEN(id)                            \
	case GUC_KLV_VF_CFG_##id##_KEY:           \
		want = GUC_KLV_VF_CFG_##id##_LEN; \
		break;
	VF_KLV_LEN(GGTT_START)
	VF_KLV_LEN(GGTT_SIZE)
	VF_KLV_LEN(BEGIN_CONTEXT_ID)
	VF_KLV_LEN(NUM_CONTEXTS)
	VF_KLV_LEN(BEGIN_DOORBELL_ID)
	VF_KLV_LEN(NUM_DOORBELLS)
	VF_KLV_LEN(EXEC_QUANTUM)
	VF_KLV_LEN(PREEMPT_TIMEOUT)
	VF_KLV_LEN(SCHED_PRIORITY)
#undef VF_KLV_LEN
	/* clang-format on */
	default:
		if (threshold < 0)
			return KLV_SKIPPED;
		want = GUC_KLV_VF_CFG_THRESHOLD_LEN;
		break;
	}
	if (len != want)
		return -GUC_ERROR_MALFORMED_KLV;

	switch (key) {
	case GUC_KLV_VF_CFG_GGTT_START_KEY:
		if (v64 & 0xfff || v64 >= MOCK_GUC_GGTT_TOP)
			return -GUC_ERROR_INVALID_KLV_DATA;
		vf->ggtt_start = v64;
		break;
	case GUC_KLV_VF_CFG_GGTT_SIZE_KEY:
		if (v64 & 0xfff || v64 > MOCK_GUC_GGTT_TOP)
			return -GUC_ERROR_INVALID_KLV_DATA;
		vf->ggtt_size = v64;
		break;
	case GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY:
		if (v[0] >= MOCK_GUC_MAX_CONTEXT_ID)
			return -GUC_ERROR_INVALID_KLV_DATA;
		vf->begin_ctx = v[0];
		break;
	case GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY:
		if (v[0] > MOCK_GUC_MAX_CONTEXT_ID)
			return -GUC_ERROR_INVALID_KLV_DATA;
		vf->num_ctxs = v[0];
		break;
	case GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY:
		if (v[0] >= MOCK_GUC_NUM_DOORBELLS)
			return -GUC_ERROR_INVALID_KLV_DATA;
		vf->begin_db = v[0];
		break;
	case GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY:
		if (v[0] > MOCK_GUC_NUM_DOORBELLS)
			return -GUC_ERROR_INVALID_KLV_DATA;
		vf->num_dbs = v[0];
		break;
	case GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY:
		vf->exec_quantum = v[0];
		break;
	case GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY:
		vf->preempt_timeout = v[0];
		break;
	case GUC_KLV_VF_CFG_SCHED_PRIORITY_KEY:
		if (v[0] > 2)
			return -GUC_ERROR_INVALID_KLV_DATA;
		vf->sched_priority = v[0];
		break;
	default:
		vf->thresholds[threshold] = v[0];
		break;
	}
	return KLV_APPLIED;
}

static int policy_take_klv(struct mock_guc *guc, u32 key, u32 len, const u32 *v)
{
	switch (key) {
	case GUC_KLV_VGT_POLICY_SCHED_IF_IDLE_KEY:
	case GUC_KLV_VGT_POLICY_ADVERSE_SAMPLE_PERIOD_KEY:
	case GUC_KLV_VGT_POLICY_RESET_AFTER_VF_SWITCH_KEY:
		break;
	default:
		return KLV_SKIPPED;
	}
	if (len != 1)
		return -GUC_ERROR_MALFORMED_KLV;
	switch (key) {
	case GUC_KLV_VGT_POLICY_SCHED_IF_IDLE_KEY:
		if (v[0] > 1)
			return -GUC_ERROR_INVALID_KLV_DATA;
		guc->sched_if_idle = v[0];
		break;
	case GUC_KLV_VGT_POLICY_ADVERSE_SAMPLE_PERIOD_KEY:
		guc->sample_period = v[0];
		break;
	default:
		if (v[0] > 1)
			return -GUC_ERROR_INVALID_KLV_DATA;
		guc->reset_after_vf_switch = v[0];
		break;
	}
	return KLV_APPLIED;
}

static bool ranges_overlap(u64 a, u64 an, u64 b, u64 bn)
{
	return an && bn && a < b + bn && b < a + an;
}

/**
 * mock_guc_vf_conflict - does the model's config of a VF break a rule of a
 * whole config?
 * @guc: the model
 * @vfid: the VF (1..max_vfs)
 *
 * The rules: its GGTT inside GUC_GGTT_TOP and above the GuC's WOPCM
 * (@guc->ggtt_base), its context and doorbell ranges inside their spaces,
 * none of its ranges over another VF's, and its GGTT clear of every region
 * the PF mapped for the GuC. Requests are not refused for these (see the
 * comment above vf_take_klv()); a driver that leaves the GuC so once it is
 * done has a bug, or follows one of i915's error paths.
 *
 * Return: NULL, or which rule it breaks.
 */
const char *mock_guc_vf_conflict(const struct mock_guc *guc, u32 vfid)
{
	const struct mock_guc_vf *vf = &guc->vf[vfid];
	u32 i;

	if (vf->ggtt_start + vf->ggtt_size > MOCK_GUC_GGTT_TOP)
		return "GGTT past GUC_GGTT_TOP";
	if (vf->ggtt_size && vf->ggtt_start < guc->ggtt_base)
		return "GGTT in the GuC's WOPCM";
	if (vf->begin_ctx + vf->num_ctxs > MOCK_GUC_MAX_CONTEXT_ID)
		return "contexts past the last ID";
	if (vf->begin_db + vf->num_dbs > MOCK_GUC_NUM_DOORBELLS)
		return "doorbells past the last one";
	for (i = 1; i <= guc->max_vfs; i++) {
		const struct mock_guc_vf *o = &guc->vf[i];

		if (i == vfid)
			continue;
		if (ranges_overlap(vf->ggtt_start, vf->ggtt_size, o->ggtt_start, o->ggtt_size))
			return "GGTT over another VF's";
		if (ranges_overlap(vf->begin_ctx, vf->num_ctxs, o->begin_ctx, o->num_ctxs))
			return "contexts over another VF's";
		if (ranges_overlap(vf->begin_db, vf->num_dbs, o->begin_db, o->num_dbs))
			return "doorbells over another VF's";
	}
	for (i = 0; i < guc->num_regions; i++)
		if (ranges_overlap(vf->ggtt_start, vf->ggtt_size, guc->regions[i].addr,
				   guc->regions[i].size))
			return "GGTT over memory the PF gave the GuC";
	return NULL;
}

/*
 * Take a blob into @vf (a VF's config) or the policies (@vf NULL), all or
 * nothing. Returns the number of KLVs applied, or a negative GUC_ERROR_*.
 */
static int apply_klvs(struct mock_guc *guc, struct mock_guc_vf *vf, const u32 *klvs, u32 n)
{
	struct mock_guc_vf next;
	u32 pos = 0, key, len, sched_if_idle = guc->sched_if_idle;
	u32 sample_period = guc->sample_period, reset = guc->reset_after_vf_switch;
	int count = 0, r;

	if (vf)
		next = *vf;
	while (pos < n) {
		key = klvs[pos] >> 16;
		len = klvs[pos] & 0xffff;
		if (len > n - pos - 1) {
			r = -GUC_ERROR_MALFORMED_KLV;
			goto undo;
		}
		r = vf ? vf_take_klv(&next, key, len, &klvs[pos + 1]) :
			 policy_take_klv(guc, key, len, &klvs[pos + 1]);
		if (r < 0)
			goto undo;
		count += r;
		pos += 1 + len;
	}
	if (vf)
		*vf = next;
	return count;

undo:
	guc->sched_if_idle = sched_if_idle;
	guc->sample_period = sample_period;
	guc->reset_after_vf_switch = reset;
	return r;
}

static void vf_reset(struct mock_guc_vf *vf)
{
	u32 updates = vf->cfg_updates, relays = vf->relay_count;

	memset(vf, 0, sizeof(*vf));
	vf->cfg_updates = updates;
	vf->relay_count = relays;
}

/* ------------------------------------------------------------------------
 * Requests
 */

#define REFUSE(error) guc_hxg_guc_failure((error), 0)

struct mock_reply {
	u32 len;
	u32 msg[4];
	u32 event_vfid; /* an event that follows the reply, if event != 0 */
	u32 event;
};

static void reply1(struct mock_reply *r, u32 dw0)
{
	r->len = 1;
	r->msg[0] = dw0;
}

static u32 exec_vgt_policy(struct mock_guc *guc, const u32 *hxg, u32 len)
{
	const u32 *klvs;
	int n;

	if (len != PF2GUC_UPDATE_VGT_POLICY_REQUEST_MSG_LEN || guc_hxg_request_data0(hxg[0]))
		return REFUSE(GUC_ERROR_PROTOCOL);
	klvs = mock_guc_resolve(guc, (u64)hxg[2] << 32 | hxg[1], (u64)hxg[3] * 4);
	if (!klvs && hxg[3])
		return REFUSE(GUC_ERROR_INVALID_GGTT_ADDRESS);
	n = apply_klvs(guc, NULL, klvs, hxg[3]);
	if (n < 0)
		return REFUSE(-n);
	return guc_hxg_guc_success(n);
}

static u32 exec_vf_cfg(struct mock_guc *guc, const u32 *hxg, u32 len)
{
	u64 addr;
	const u32 *klvs;
	u32 vfid;
	int n;

	if (len != PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_LEN || guc_hxg_request_data0(hxg[0]))
		return REFUSE(GUC_ERROR_PROTOCOL);
	vfid = hxg[1];
	if (vfid > guc->max_vfs)
		return REFUSE(GUC_ERROR_INVALID_VFID);
	addr = (u64)hxg[3] << 32 | hxg[2];
	guc->vf[vfid].cfg_updates++;
	if (!addr && !hxg[4]) {
		vf_reset(&guc->vf[vfid]);
		return guc_hxg_guc_success(0);
	}
	klvs = mock_guc_resolve(guc, addr, (u64)hxg[4] * 4);
	if (!klvs)
		return REFUSE(GUC_ERROR_INVALID_GGTT_ADDRESS);
	n = apply_klvs(guc, &guc->vf[vfid], klvs, hxg[4]);
	if (n < 0)
		return REFUSE(-n);
	return guc_hxg_guc_success(n);
}

static u32 exec_vf_control(struct mock_guc *guc, const u32 *hxg, u32 len, struct mock_reply *r)
{
	struct mock_guc_vf *vf;
	u32 vfid;

	if (len != PF2GUC_VF_CONTROL_REQUEST_MSG_LEN || guc_hxg_request_data0(hxg[0]))
		return REFUSE(GUC_ERROR_PROTOCOL);
	vfid = hxg[1];
	if (vfid == GUC_PF_VFID || vfid > guc->max_vfs)
		return REFUSE(GUC_ERROR_INVALID_VFID);
	vf = &guc->vf[vfid];

	switch (hxg[2]) {
	case GUC_PF_TRIGGER_VF_PAUSE:
		vf->paused = true;
		r->event = GUC_PF_NOTIFY_VF_PAUSE_DONE;
		break;
	case GUC_PF_TRIGGER_VF_RESUME:
		vf->paused = false;
		vf->stopped = false;
		break;
	case GUC_PF_TRIGGER_VF_STOP:
		vf->stopped = true;
		break;
	case GUC_PF_TRIGGER_VF_FLR_START:
		vf->flr_in_progress = true;
		r->event = GUC_PF_NOTIFY_VF_FLR_DONE;
		break;
	case GUC_PF_TRIGGER_VF_FLR_FINISH:
		if (!vf->flr_in_progress)
			return REFUSE(GUC_ERROR_INVALID_STATE);
		vf->flr_in_progress = false;
		vf->paused = false;
		vf->stopped = false;
		break;
	default:
		return REFUSE(GUC_ERROR_INVALID_PARAMS);
	}
	vf->last_control = hxg[2];
	r->event_vfid = vfid;
	if (!guc->auto_events)
		r->event = 0;
	return guc_hxg_guc_success(0);
}

static u32 exec_relay_to_vf(struct mock_guc *guc, const u32 *hxg, u32 len)
{
	struct mock_guc_vf *vf;

	if (len < PF2GUC_RELAY_TO_VF_REQUEST_MSG_MIN_LEN ||
	    len > PF2GUC_RELAY_TO_VF_REQUEST_MSG_MIN_LEN + GUC_RELAY_MSG_MAX_LEN)
		return REFUSE(GUC_ERROR_PROTOCOL);
	if (hxg[1] == GUC_PF_VFID || hxg[1] > guc->max_vfs)
		return REFUSE(GUC_ERROR_INVALID_VFID);
	vf = &guc->vf[hxg[1]];
	vf->relay_count++;
	vf->relay_id = hxg[2];
	vf->relay_len = len - 3;
	memcpy(vf->relay_msg, &hxg[3], vf->relay_len * sizeof(u32));
	return guc_hxg_guc_success(0);
}

/* PF2GUC_MMIO_RELAY_SUCCESS (6 dwords) and _FAILURE (3): to the VF's scratch. */
static u32 exec_mmio_relay_reply(struct mock_guc *guc, const u32 *hxg, u32 len, u32 want)
{
	struct mock_guc_vf *vf;

	if (len != want || guc_hxg_request_data0(hxg[0]))
		return REFUSE(GUC_ERROR_PROTOCOL);
	if (hxg[1] == GUC_PF_VFID || hxg[1] > guc->max_vfs)
		return REFUSE(GUC_ERROR_INVALID_VFID);
	vf = &guc->vf[hxg[1]];
	vf->mmio_relay_count++;
	vf->mmio_relay_len = len;
	memcpy(vf->mmio_relay_msg, hxg, len * sizeof(u32));
	return guc_hxg_guc_success(0);
}

static void mock_execute(struct mock_guc *guc, const u32 *hxg, u32 len, struct mock_reply *r)
{
	u32 dw0;

	switch (guc_hxg_action(hxg[0])) {
	case GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY:
		dw0 = exec_vgt_policy(guc, hxg, len);
		break;
	case GUC_ACTION_PF2GUC_UPDATE_VF_CFG:
		dw0 = exec_vf_cfg(guc, hxg, len);
		break;
	case GUC_ACTION_PF2GUC_VF_CONTROL:
		dw0 = exec_vf_control(guc, hxg, len, r);
		break;
	case GUC_ACTION_PF2GUC_RELAY_TO_VF:
		dw0 = exec_relay_to_vf(guc, hxg, len);
		break;
	case GUC_ACTION_PF2GUC_MMIO_RELAY_SUCCESS:
		dw0 = exec_mmio_relay_reply(guc, hxg, len,
					    PF2GUC_MMIO_RELAY_SUCCESS_REQUEST_MSG_LEN);
		break;
	case GUC_ACTION_PF2GUC_MMIO_RELAY_FAILURE:
		dw0 = exec_mmio_relay_reply(guc, hxg, len,
					    PF2GUC_MMIO_RELAY_FAILURE_REQUEST_MSG_LEN);
		break;
	default:
		dw0 = REFUSE(GUC_ERROR_UNKNOWN_ACTION);
		break;
	}
	reply1(r, dw0);
}

static void defer(struct mock_guc *guc, u16 fence, const struct mock_reply *r, u32 events,
		  u32 event_vfid, u32 delay)
{
	u32 i = guc->ndeferred++;

	guc->deferred[i].fence = fence;
	guc->deferred[i].events_left = events;
	guc->deferred[i].event_vfid = event_vfid;
	guc->deferred[i].delay_left = delay;
	guc->deferred[i].len = r->len;
	memcpy(guc->deferred[i].msg, r->msg, sizeof(r->msg));
}

static void garbage(struct mock_guc *guc, u32 count, u32 seed)
{
	u32 i, x = seed ?: 1;

	for (i = 0; i < count && i < guc->g2h_size - 1; i++) {
		x = x * 1103515245u + 12345u;
		guc->g2h[(guc->g2h_tail + i) % guc->g2h_size] = x ^ (x >> 16);
	}
	guc->g2h_tail = (guc->g2h_tail + i) % guc->g2h_size;
	guc->g2h_desc->tail = guc->g2h_tail;
}

static void mock_handle_request(struct mock_guc *guc, u16 fence, const u32 *hxg, u32 len)
{
	u32 type = guc_hxg_type(hxg[0]);
	struct mock_reply r = { 0 };
	struct mock_guc_fault f;
	u32 bad[2];

	mock_log(guc, false, fence, hxg, len);
	if (guc_hxg_origin(hxg[0]) != GUC_HXG_ORIGIN_HOST ||
	    (type != GUC_HXG_TYPE_REQUEST && type != GUC_HXG_TYPE_FAST_REQUEST)) {
		guc->bad_h2g++;
		return;
	}

	f = mock_take_fault(guc, guc_hxg_action(hxg[0]));
	switch (f.kind) {
	case MOCK_FAULT_NONE:
		break;
	case MOCK_FAULT_RETRY:
		reply1(&r, guc_hxg_guc_retry(f.error));
		mock_guc_write_g2h(guc, fence, r.msg, r.len);
		return;
	case MOCK_FAULT_FAILURE:
		reply1(&r, guc_hxg_guc_failure(f.error, f.hint));
		mock_guc_write_g2h(guc, fence, r.msg, r.len);
		return;
	case MOCK_FAULT_SUCCESS_DATA0:
		reply1(&r, guc_hxg_guc_success(f.error));
		mock_guc_write_g2h(guc, fence, r.msg, r.len);
		return;
	case MOCK_FAULT_NO_REPLY:
		return;
	case MOCK_FAULT_CORRUPT_DESC:
		guc->g2h_desc->tail = f.error;
		return;
	case MOCK_FAULT_G2H_STATUS:
		guc->g2h_desc->status |= f.error;
		return;
	case MOCK_FAULT_H2G_STATUS:
		guc->h2g_desc->status |= f.error;
		return;
	case MOCK_FAULT_OVERSIZE_G2H:
		/* a header announcing 200 dwords, with one dword behind it */
		bad[0] = FIELD_PREP(GUC_CTB_MSG_0_FENCE, fence) |
			 FIELD_PREP(GUC_CTB_MSG_0_NUM_DWORDS, 200);
		bad[1] = guc_hxg_guc_success(0);
		g2h_put(guc, bad, 2);
		return;
	case MOCK_FAULT_GARBAGE_G2H:
		garbage(guc, f.count, f.error);
		return;
	case MOCK_FAULT_STALL:
		guc->stall_steps = f.count;
		break;
	case MOCK_FAULT_MMIO_BUSY: /* never on CT: the request is served as usual */
	case MOCK_FAULT_EVENTS_FIRST:
	case MOCK_FAULT_WRONG_FENCE:
	case MOCK_FAULT_LATE_REPLY:
		break;
	}

	mock_execute(guc, hxg, len, &r);

	/* a FAST_REQUEST is answered only when it fails */
	if (type == GUC_HXG_TYPE_FAST_REQUEST &&
	    guc_hxg_type(r.msg[0]) == GUC_HXG_TYPE_RESPONSE_SUCCESS)
		r.len = 0;

	switch (f.kind) {
	case MOCK_FAULT_EVENTS_FIRST:
		defer(guc, fence, &r, f.count, f.hint, 0);
		break;
	case MOCK_FAULT_LATE_REPLY:
		defer(guc, fence, &r, 0, 0, f.count);
		break;
	case MOCK_FAULT_WRONG_FENCE:
		mock_guc_write_g2h(guc, fence ^ 0x8000, r.msg, r.len);
		break;
	default:
		if (r.len)
			mock_guc_write_g2h(guc, fence, r.msg, r.len);
		break;
	}

	if (r.event) {
		u32 ev[2] = { r.event_vfid, r.event };

		mock_guc_event(guc, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, ev, 2);
	}
}

static void h2g_flag(struct mock_guc *guc, u32 status)
{
	guc->h2g_desc->status |= status;
	guc->bad_h2g++;
}

static void mock_process_h2g(struct mock_guc *guc)
{
	struct guc_ct_buffer_desc *desc = guc->h2g_desc;
	u32 msg[GUC_CTB_MSG_MAX_LEN];
	u32 tail, avail, len, first, hdr;

	if (!guc->ctb_enabled || desc->status)
		return;
	tail = desc->tail;
	if (tail >= guc->h2g_size)
		return h2g_flag(guc, GUC_CTB_STATUS_OVERFLOW);
	if (desc->head != guc->h2g_head)
		return h2g_flag(guc, GUC_CTB_STATUS_MISMATCH);
	rmb();

	while (guc->h2g_head != tail && !desc->status && !guc->stall_steps) {
		avail = (guc->h2g_size + tail - guc->h2g_head) % guc->h2g_size;
		hdr = guc->h2g[guc->h2g_head];
		len = FIELD_GET(GUC_CTB_MSG_0_NUM_DWORDS, hdr) + GUC_CTB_HDR_LEN;
		if (len > avail)
			return h2g_flag(guc, GUC_CTB_STATUS_UNDERFLOW);
		first = min(len, guc->h2g_size - guc->h2g_head);
		memcpy(msg, &guc->h2g[guc->h2g_head], first * sizeof(u32));
		memcpy(msg + first, guc->h2g, (len - first) * sizeof(u32));
		guc->h2g_head = (guc->h2g_head + len) % guc->h2g_size;
		desc->head = guc->h2g_head;

		if (FIELD_GET(GUC_CTB_MSG_0_FORMAT, hdr) != GUC_CTB_FORMAT_HXG ||
		    FIELD_GET(GUC_CTB_MSG_0_RESERVED, hdr) || len < 2) {
			guc->bad_h2g++;
			continue;
		}
		mock_handle_request(guc, FIELD_GET(GUC_CTB_MSG_0_FENCE, hdr), &msg[1], len - 1);
	}
}

static void mock_run_deferred(struct mock_guc *guc)
{
	u32 i = 0, j;

	while (i < guc->ndeferred) {
		typeof(guc->deferred[0]) *d = &guc->deferred[i];
		u32 ev[2] = { d->event_vfid, GUC_KLV_VF_CFG_THRESHOLD_CAT_ERR_KEY };

		if (d->events_left) {
			d->events_left--;
			mock_guc_event(guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, ev, 2);
			i++;
			continue;
		}
		if (d->delay_left && --d->delay_left) {
			i++;
			continue;
		}
		if (d->len)
			mock_guc_write_g2h(guc, d->fence, d->msg, d->len);
		for (j = i + 1; j < guc->ndeferred; j++)
			guc->deferred[j - 1] = guc->deferred[j];
		guc->ndeferred--;
	}
}

static u32 mmio_handle(struct mock_guc *guc, const u32 *msg, u32 len);

/**
 * mock_guc_step - let the firmware run once
 * @guc: the model
 *
 * Finishes an MMIO request answered BUSY once its time has come, sends due
 * deferred replies, flushes the G2H backlog, and consumes H2G unless
 * stalled.
 */
void mock_guc_step(struct mock_guc *guc)
{
	guc->steps++;
	if (guc->mmio_busy && guc->now_ns >= guc->mmio_busy_until_ns) {
		/* the work behind the BUSY is done: it takes effect, the reply shows */
		guc->mmio_busy = false;
		guc->mmio[0] = mmio_handle(guc, guc->mmio_busy_msg, guc->mmio_busy_len);
	}
	if (!guc->ctb_enabled)
		return;
	mock_run_deferred(guc);
	g2h_flush_backlog(guc);
	if (guc->stall_steps) {
		guc->stall_steps--;
		return;
	}
	mock_process_h2g(guc);
}

/* ------------------------------------------------------------------------
 * MMIO: self-config and CTB control
 */

static u32 mmio_self_cfg(struct mock_guc *guc, const u32 *msg, u32 len)
{
	u32 key = FIELD_GET(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_KEY, msg[1]);
	u32 klen = FIELD_GET(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_LEN, msg[1]);
	u32 want;

	if (len != HOST2GUC_SELF_CFG_REQUEST_MSG_LEN)
		return REFUSE(GUC_ERROR_PROTOCOL);
	if (key < CFG_KEY_FIRST || key > CFG_KEY_LAST)
		return guc_hxg_guc_success(0); /* not a key this firmware takes */
	want = (key == GUC_KLV_SELF_CFG_H2G_CTB_SIZE_KEY ||
		key == GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY) ?
		       GUC_KLV_SELF_CFG_H2G_CTB_SIZE_LEN :
		       GUC_KLV_SELF_CFG_H2G_CTB_ADDR_LEN;
	if (klen != want || (klen == 1 && msg[3]))
		return guc_hxg_guc_success(0);
	guc->cfg_addr[CFG(key)] = (u64)msg[3] << 32 | msg[2];
	guc->cfg_set[CFG(key)] = true;
	return guc_hxg_guc_success(1);
}

static u32 mmio_enable_ctb(struct mock_guc *guc)
{
	u64 h2g_size = guc->cfg_addr[CFG(GUC_KLV_SELF_CFG_H2G_CTB_SIZE_KEY)];
	u64 g2h_size = guc->cfg_addr[CFG(GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY)];
	u32 i;

	for (i = 0; i <= CFG(CFG_KEY_LAST); i++)
		if (!guc->cfg_set[i])
			return REFUSE(GUC_ERROR_CTB_INVALID);
	if (!h2g_size || h2g_size % 4096 || !g2h_size || g2h_size % 4096)
		return REFUSE(GUC_ERROR_CTB_INVALID);

	guc->h2g_desc = mock_guc_resolve(
		guc, guc->cfg_addr[CFG(GUC_KLV_SELF_CFG_H2G_CTB_DESCRIPTOR_ADDR_KEY)],
		sizeof(struct guc_ct_buffer_desc));
	guc->g2h_desc = mock_guc_resolve(
		guc, guc->cfg_addr[CFG(GUC_KLV_SELF_CFG_G2H_CTB_DESCRIPTOR_ADDR_KEY)],
		sizeof(struct guc_ct_buffer_desc));
	guc->h2g = mock_guc_resolve(guc, guc->cfg_addr[CFG(GUC_KLV_SELF_CFG_H2G_CTB_ADDR_KEY)],
				    h2g_size);
	guc->g2h = mock_guc_resolve(guc, guc->cfg_addr[CFG(GUC_KLV_SELF_CFG_G2H_CTB_ADDR_KEY)],
				    g2h_size);
	if (!guc->h2g_desc || !guc->g2h_desc || !guc->h2g || !guc->g2h)
		return REFUSE(GUC_ERROR_INVALID_GGTT_ADDRESS);

	guc->h2g_size = h2g_size / 4;
	guc->g2h_size = g2h_size / 4;
	guc->h2g_head = guc->h2g_desc->head;
	guc->g2h_tail = guc->g2h_desc->tail;
	if (guc->h2g_head >= guc->h2g_size || guc->g2h_tail >= guc->g2h_size)
		return REFUSE(GUC_ERROR_CTB_INVALID_DESC);
	guc->nbacklog = 0;
	guc->ndeferred = 0;
	guc->ctb_enabled = true;
	return guc_hxg_guc_success(0);
}

static u32 mmio_control_ctb(struct mock_guc *guc, const u32 *msg, u32 len)
{
	if (len != HOST2GUC_CONTROL_CTB_REQUEST_MSG_LEN)
		return REFUSE(GUC_ERROR_PROTOCOL);
	switch (msg[1]) {
	case GUC_CTB_CONTROL_ENABLE:
		return mmio_enable_ctb(guc);
	case GUC_CTB_CONTROL_DISABLE:
		guc->ctb_enabled = false;
		return guc_hxg_guc_success(0);
	default:
		return REFUSE(GUC_ERROR_INVALID_PARAMS);
	}
}

/* The reply to an MMIO request of @len dwords, as the firmware computes it. */
static u32 mmio_handle(struct mock_guc *guc, const u32 *msg, u32 len)
{
	switch (guc_hxg_action(msg[0])) {
	case GUC_ACTION_HOST2GUC_SELF_CFG:
		return mmio_self_cfg(guc, msg, len);
	case GUC_ACTION_HOST2GUC_CONTROL_CTB:
		return mmio_control_ctb(guc, msg, len);
	default:
		return guc_hxg_guc_failure(GUC_ERROR_NOT_SUPPORTED, 0);
	}
}

/*
 * The host wrote a request into the scratch registers and rang: the
 * firmware answers in register 0, or (BUSY) says so there first and does the
 * work and puts its reply there @fault.count ms later.
 */
static void mmio_serve(struct mock_guc *guc)
{
	u32 msg[GUC_MAX_MMIO_MSG_LEN], len = guc->mmio_len, reply;
	struct mock_guc_fault f;

	memcpy(msg, guc->mmio, sizeof(msg));
	guc->mmio_len = 0;
	guc->mmio_busy = false;
	mock_log(guc, true, 0, msg, len);
	if (guc_hxg_origin(msg[0]) != GUC_HXG_ORIGIN_HOST ||
	    guc_hxg_type(msg[0]) != GUC_HXG_TYPE_REQUEST) {
		guc->mmio[0] = REFUSE(GUC_ERROR_PROTOCOL);
		return;
	}

	f = mock_take_fault(guc, guc_hxg_action(msg[0]));
	switch (f.kind) {
	case MOCK_FAULT_FAILURE:
		reply = guc_hxg_guc_failure(f.error, f.hint);
		break;
	case MOCK_FAULT_RETRY:
		reply = guc_hxg_guc_retry(f.error);
		break;
	case MOCK_FAULT_SUCCESS_DATA0:
		reply = guc_hxg_guc_success(f.error);
		break;
	case MOCK_FAULT_NO_REPLY:
		return; /* register 0 keeps the host's request */
	case MOCK_FAULT_MMIO_BUSY:
		memcpy(guc->mmio_busy_msg, msg, sizeof(msg));
		guc->mmio_busy_len = len;
		guc->mmio_busy = true;
		guc->mmio_busy_until_ns = f.count == MOCK_GUC_BUSY_FOREVER ?
						  U64_MAX :
						  guc->now_ns + (f.count ?: 1) * MOCK_NSEC_PER_MSEC;
		reply = guc_hxg_guc_busy(0);
		break;
	default:
		reply = mmio_handle(guc, msg, len);
		break;
	}
	guc->mmio[0] = reply;
}

static void mock_mmio_write(void *priv, u32 index, u32 value)
{
	struct mock_guc *guc = priv;

	if (index >= GUC_MAX_MMIO_MSG_LEN)
		return;
	guc->mmio[index] = value;
	guc->mmio_len = max(guc->mmio_len, index + 1);
}

static u32 mock_mmio_read(void *priv, u32 index)
{
	struct mock_guc *guc = priv;

	return index < GUC_MAX_MMIO_MSG_LEN ? guc->mmio[index] : 0;
}

static void mock_notify(void *priv)
{
	struct mock_guc *guc = priv;

	guc->doorbells++;
	if (guc->mmio_len)
		mmio_serve(guc);
}

static u64 mock_now(void *priv)
{
	struct mock_guc *guc = priv;

	return guc->now_ns;
}

static void mock_wait(void *priv, u64 timeout_ns)
{
	struct mock_guc *guc = priv;

	guc->now_ns += min_t(u64, timeout_ns ?: 1, guc->step_ns);
	mock_guc_step(guc);
}

const struct guc_ct_ops mock_guc_ct_ops = {
	.mmio_write = mock_mmio_write,
	.mmio_read = mock_mmio_read,
	.notify = mock_notify,
	.now_ns = mock_now,
	.wait = mock_wait,
};
