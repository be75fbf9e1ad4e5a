/* SPDX-License-Identifier: MIT */
/*
 * A model of the GuC firmware's side of the PF interface, for the unit tests
 * and the in-kernel self-test.
 *
 * It is not a stub of the CT code: the driver's real CT channel writes into
 * real ring memory, and this model reads that memory as the firmware would
 * (through "GGTT" addresses it learns from the self-config KLVs), validates
 * every header, fence and length, answers in the G2H ring, and keeps its own
 * model of each VF's configuration and of the scheduling policies. Faults can
 * be injected per request. It decodes KLVs with its own code, not the
 * driver's, so a bug in the driver's codec cannot hide behind the same bug
 * here.
 *
 * Time is virtual: ops->wait() advances the clock by at most step_ns and lets
 * the model run one step, so timeouts are exact and tests are deterministic.
 */
#ifndef MOCK_GUC_H
#define MOCK_GUC_H

#include "guc/guc_ct.h"
#include "abi/guc_actions_pf_abi.h"
#include "abi/guc_klvs_abi.h"
#include "abi/guc_messages_abi.h"

#define MOCK_GUC_MAX_REGIONS 8
#define MOCK_GUC_MAX_VFS 7
#define MOCK_GUC_LOG_LEN 256
#define MOCK_GUC_MAX_FAULTS 8
#define MOCK_GUC_BACKLOG 64
#define MOCK_GUC_MAX_EVENTS 32
/* a whole VF config is 30 dwords in i915's order */
#define MOCK_GUC_LOG_KLV_DWORDS 32

enum mock_guc_fault_kind {
	MOCK_FAULT_NONE = 0,
	/*
	 * hold the reply back for @count steps, sending an ADVERSE_EVENT for
	 * VF @hint (CAT_ERR) at each: events interleaved with a pending
	 * request, as the firmware sends them. (BUSY is an MMIO reply only,
	 * never on CT: see MOCK_FAULT_MMIO_BUSY.)
	 */
	MOCK_FAULT_EVENTS_FIRST,
	MOCK_FAULT_RETRY, /* answer RETRY (request dropped) */
	MOCK_FAULT_FAILURE, /* answer FAILURE(@error, @hint) */
	MOCK_FAULT_SUCCESS_DATA0, /* answer SUCCESS with DATA0 = @error */
	MOCK_FAULT_NO_REPLY, /* swallow the request */
	MOCK_FAULT_WRONG_FENCE, /* answer, but with another fence */
	MOCK_FAULT_LATE_REPLY, /* answer after @count steps */
	MOCK_FAULT_CORRUPT_DESC, /* scribble @error over the G2H tail, no reply */
	MOCK_FAULT_G2H_STATUS, /* set G2H descriptor status bits @error */
	MOCK_FAULT_H2G_STATUS, /* flag the H2G ring with status bits @error */
	MOCK_FAULT_OVERSIZE_G2H, /* a G2H header longer than the data behind it */
	MOCK_FAULT_GARBAGE_G2H, /* @count pseudo-random dwords (seed @error) */
	MOCK_FAULT_STALL, /* stop consuming H2G for @count steps */
	/*
	 * MMIO only: answer BUSY, then do the work and reply @count ms of
	 * virtual time later (MOCK_GUC_BUSY_FOREVER: never)
	 */
	MOCK_FAULT_MMIO_BUSY,
};

#define MOCK_GUC_BUSY_FOREVER U32_MAX

/**
 * struct mock_guc_fault - a fault armed for matching requests
 * @kind: what goes wrong
 * @action: only requests with this action (0: any)
 * @times: how many requests it hits (0 means 1)
 * @skip: matching requests to let through before it hits
 * @count: kind-specific count
 * @error: kind-specific value
 * @hint: FAILURE hint
 */
struct mock_guc_fault {
	enum mock_guc_fault_kind kind;
	u32 action;
	u32 times;
	u32 skip;
	u32 count;
	u32 error;
	u32 hint;
};

/**
 * struct mock_guc_vf - the firmware's view of one VF (index 0 is the PF)
 * @ggtt_start: GGTT_START as applied
 * @ggtt_size: GGTT_SIZE
 * @begin_ctx: BEGIN_CONTEXT_ID
 * @num_ctxs: NUM_CONTEXTS
 * @begin_db: BEGIN_DOORBELL_ID
 * @num_dbs: NUM_DOORBELLS
 * @exec_quantum: EXEC_QUANTUM, ms
 * @preempt_timeout: PREEMPT_TIMEOUT, us
 * @thresholds: the thresholds, in GUC_KLV_VF_CFG_THRESHOLDS order
 * @sched_priority: SCHED_PRIORITY
 * @cfg_updates: PF2GUC_UPDATE_VF_CFG requests applied
 * @last_control: the last VF_CONTROL command
 * @paused: paused by a VF_CONTROL PAUSE
 * @stopped: stopped by a VF_CONTROL STOP
 * @flr_in_progress: between FLR_START and FLR_FINISH
 * @relay_count: PF2GUC_RELAY_TO_VF messages for this VF
 * @relay_id: the relay ID of the last one
 * @relay_len: its length in dwords
 * @relay_msg: its relay message
 * @mmio_relay_count: PF2GUC_MMIO_RELAY_SUCCESS/FAILURE messages for this VF
 * @mmio_relay_len: the length of the last one
 * @mmio_relay_msg: the last one, whole
 */
struct mock_guc_vf {
	u64 ggtt_start;
	u64 ggtt_size;
	u32 begin_ctx;
	u32 num_ctxs;
	u32 begin_db;
	u32 num_dbs;
	u32 exec_quantum;
	u32 preempt_timeout;
	u32 thresholds[GUC_KLV_VF_CFG_NUM_THRESHOLDS];
	u32 sched_priority;
	u32 cfg_updates;
	u32 last_control;
	bool paused;
	bool stopped;
	bool flr_in_progress;
	u32 relay_count;
	u32 relay_id;
	u32 relay_len;
	u32 relay_msg[GUC_RELAY_MSG_MAX_LEN];
	u32 mmio_relay_count;
	u32 mmio_relay_len;
	u32 mmio_relay_msg[6];
};

/**
 * struct mock_guc_logged - one message the model received
 * @mmio: came over MMIO (else CT)
 * @fence: its CTB fence
 * @action: its HXG action
 * @type: its HXG type
 * @len: its length in dwords
 * @dw: the first HXG dwords
 * @csum: sum of all HXG dwords, to check long payloads
 * @nklv: for UPDATE_VF_CFG and UPDATE_VGT_POLICY, the dwords of the KLV blob
 *	the request pointed at (0 for a reset or an unmapped blob)
 * @klv: their first MOCK_GUC_LOG_KLV_DWORDS, as they were when it arrived
 */
struct mock_guc_logged {
	bool mmio;
	u16 fence;
	u32 action;
	u32 type;
	u32 len;
	u32 dw[8];
	u32 csum;
	u32 nklv;
	u32 klv[MOCK_GUC_LOG_KLV_DWORDS];
};

struct mock_guc_region {
	u32 addr;
	u32 size;
	void *ptr;
};

struct mock_guc {
	struct mock_guc_region regions[MOCK_GUC_MAX_REGIONS];
	u32 num_regions;

	/* the scratch registers of the MMIO path */
	u32 mmio[GUC_MAX_MMIO_MSG_LEN];
	u32 mmio_len; /* registers written since the last request was served */
	bool mmio_busy; /* a request answered BUSY is being worked on */
	u64 mmio_busy_until_ns; /* when its work is done and its reply shows */
	u32 mmio_busy_msg[GUC_MAX_MMIO_MSG_LEN]; /* the request */
	u32 mmio_busy_len;

	/* CTB configuration learned from HOST2GUC_SELF_CFG */
	u64 cfg_addr[8]; /* indexed by key - 0x0902 + 1 */
	bool cfg_set[8];
	bool ctb_enabled;
	struct guc_ct_buffer_desc *h2g_desc;
	u32 *h2g;
	u32 h2g_size;
	u32 h2g_head;
	struct guc_ct_buffer_desc *g2h_desc;
	u32 *g2h;
	u32 g2h_size;
	u32 g2h_tail;

	/* the model */
	u32 max_vfs;
	/* VF GGTT may not start below (the GuC's WOPCM); 0: not checked */
	u64 ggtt_base;
	struct mock_guc_vf vf[MOCK_GUC_MAX_VFS + 1];
	u32 sched_if_idle;
	u32 sample_period;
	u32 reset_after_vf_switch;
	bool auto_events; /* PAUSE_DONE / FLR_DONE follow PAUSE / FLR_START */

	/* what it received */
	struct mock_guc_logged log[MOCK_GUC_LOG_LEN];
	u32 nlog;
	u32 bad_h2g;
	u32 doorbells;

	/* faults and deferred work */
	struct mock_guc_fault faults[MOCK_GUC_MAX_FAULTS];
	u32 stall_steps;
	struct {
		u16 fence;
		u32 events_left;
		u32 event_vfid;
		u32 delay_left;
		u32 len;
		u32 msg[4];
	} deferred[GUC_CT_MAX_PENDING];
	u32 ndeferred;
	struct {
		u32 len;
		u32 msg[GUC_CTB_MSG_MAX_LEN];
	} backlog[MOCK_GUC_BACKLOG];
	u32 nbacklog;
	u32 g2h_dropped;

	/* virtual time */
	u64 now_ns;
	u64 step_ns;
	u64 steps;
};

extern const struct guc_ct_ops mock_guc_ct_ops;

void mock_guc_init(struct mock_guc *guc);
void mock_guc_map(struct mock_guc *guc, u32 addr, void *ptr, u32 size);
void *mock_guc_resolve(struct mock_guc *guc, u64 addr, u64 size);
void mock_guc_arm(struct mock_guc *guc, const struct mock_guc_fault *fault);
void mock_guc_step(struct mock_guc *guc);
int mock_guc_event(struct mock_guc *guc, u32 action, const u32 *data, u32 n);
int mock_guc_vf_mmio_relay(struct mock_guc *guc, u32 vfid, u32 magic, u32 opcode, const u32 *data3);
int mock_guc_write_g2h(struct mock_guc *guc, u16 fence, const u32 *hxg, u32 len);
u32 mock_guc_count(const struct mock_guc *guc, u32 action);
const struct mock_guc_logged *mock_guc_last(const struct mock_guc *guc, u32 action);
const char *mock_guc_vf_conflict(const struct mock_guc *guc, u32 vfid);

#endif
