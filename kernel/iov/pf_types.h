/* SPDX-License-Identifier: MIT */
/*
 * Structures of the SR-IOV PF core: the resources of one GT, what each VF is
 * given, the state of each VF, and the relay queue.
 */
#ifndef PF_TYPES_H
#define PF_TYPES_H

#include "compat.h"
#include "abi/guc_actions_pf_abi.h"
#include "abi/guc_klvs_abi.h"
#include "guc/guc_ct_types.h"
#include "iov/pf_platform.h"

/* Gen12 GGTT PTEs carry a 3-bit VFID: at most 7 VFs. */
#define PF_MAX_VFS GUC_MAX_VFS_GEN12

/* GGTT */
#define PF_GGTT_SIZE (4ull << 30)
#define PF_GGTT_TOP 0xfee00000ull /* GUC_GGTT_TOP: the GuC cannot use what is above */
#define PF_GGTT_ALIGN 4096ull
#define PF_GGTT_MIN_SPARE (64ull << 20)
/*
 * GGTT ranges the PF itself may hold: enough for the complement of the 64
 * free holes a snapshot of a real PF may list (lib/iovcheck's IOV_MAX_LINES).
 */
#define PF_MAX_PF_GGTT_NODES 65

/* GuC context IDs: 65535 IDs in 512 blocks of 128; block 0 holds 127. */
#define PF_MAX_CONTEXT_ID 65535u
#define PF_CTX_BLOCK 128u
#define PF_CTX_BLOCKS 512u
#define PF_CTX_MIN_SPARE 256u

/* Doorbells */
#define PF_NUM_DOORBELLS 256u

/* Owner values in the context-block and doorbell maps */
#define PF_OWNER_FREE 0
#define PF_OWNER_PF 0xff

/* Waits, in milliseconds */
#define PF_PAUSE_TIMEOUT_MS 500
#define PF_FLR_TIMEOUT_MS 1000

#define PF_NUM_THRESHOLDS GUC_KLV_VF_CFG_NUM_THRESHOLDS

/* What "@vfid: the VF" and "the VF, or 0 for the PF" promise, as asserts. */
#define pf_assert_vfid(pf, vfid) pf_assert((vfid) >= 1 && (vfid) <= (pf)->total_vfs)
#define pf_assert_vfid_or_pf(pf, vfid) pf_assert((vfid) <= (pf)->total_vfs)

/**
 * struct pf_range - a range of GGTT addresses, in bytes; size 0 is none
 * @start: first byte
 * @size: bytes
 */
struct pf_range {
	u64 start;
	u64 size;
};

/**
 * struct pf_vf_config - what a VF is given (index 0 of the array is the PF,
 * which only uses the scheduling fields)
 * @ggtt: GGTT range
 * @begin_ctx: first GuC context ID
 * @num_ctxs: number of context IDs
 * @begin_db: first doorbell
 * @num_dbs: number of doorbells
 * @exec_quantum: ms, 0 = infinite
 * @preempt_timeout: us, 0 = infinite
 * @thresholds: adverse-event thresholds, in GUC_KLV_VF_CFG_THRESHOLDS order
 */
struct pf_vf_config {
	struct pf_range ggtt;
	u32 begin_ctx;
	u32 num_ctxs;
	u32 begin_db;
	u32 num_dbs;
	u32 exec_quantum;
	u32 preempt_timeout;
	u32 thresholds[PF_NUM_THRESHOLDS];
};

/**
 * struct pf_spare - what the PF keeps for itself; 0 means the default
 * @ggtt: bytes (at least PF_GGTT_MIN_SPARE)
 * @ctxs: context IDs (at least PF_CTX_MIN_SPARE)
 * @dbs: doorbells
 */
struct pf_spare {
	u64 ggtt;
	u32 ctxs;
	u32 dbs;
};

/**
 * struct pf_policies - the VGT policies pushed with PF2GUC_UPDATE_VGT_POLICY
 * @sched_if_idle: give idle VFs their time slice too (strict scheduling)
 * @reset_engine: reset the engines a VF used at each VF switch
 * @sample_period_ms: the period adverse events are counted over, 0 = off
 */
struct pf_policies {
	bool sched_if_idle;
	bool reset_engine;
	u32 sample_period_ms;
};

enum pf_flr_state {
	PF_FLR_IDLE = 0,
	PF_FLR_PENDING, /* GuC told us; FLR_START not sent yet (or it was BUSY) */
	/*
	 * FLR_START sent; left (to IDLE) by the worker's next step with or
	 * without FLR_DONE, as i915's FLR_IN_PROGRESS on a GT of its own
	 */
	PF_FLR_WAIT_GUC,
	PF_FLR_FAILED,
};

/**
 * struct pf_vf_state - runtime state of one VF
 * @pushed: its configuration is in the GuC
 * @paused: PAUSE_DONE arrived after the last pause
 * @pause_pending: PAUSE sent, PAUSE_DONE not yet in (i915's
 *	IOV_VF_PAUSE_IN_PROGRESS; an FLR_START the GuC took clears it too)
 * @flr: where its FLR stands
 * @flr_done: FLR_DONE arrived (i915's IOV_VF_FLR_DONE_RECEIVED: even with no
 *	FLR in progress, it is answered with FLR_FINISH)
 * @flr_finish: the PF's part and FLR_FINISH are due (i915's
 *	IOV_VF_NEEDS_FLR_FINISH), set by the worker from @flr_done
 * @flr_count: FLR_FINISHes the GuC took
 * @flr_busy: FLR_START or FLR_FINISH answered -EBUSY, to be retried
 * @adverse: adverse events per threshold
 */
struct pf_vf_state {
	bool pushed;
	bool paused;
	bool pause_pending;
	enum pf_flr_state flr;
	bool flr_done;
	bool flr_finish;
	u32 flr_count;
	u32 flr_busy;
	u32 adverse[PF_NUM_THRESHOLDS];
};

#define PF_RELAY_MAX_MSG GUC_RELAY_MSG_MAX_LEN

/* What an MMIO-relay request (GUC2PF_MMIO_RELAY_SERVICE) asks. */
struct pf_mmio_relay_msg {
	u32 vfid;
	u32 magic;
	u32 opcode;
	u32 dw2; /* the whole DW2, which i915 requires non-zero */
	u32 data[GUC_MMIO_RELAY_NUM_DATA];
};

/* What a queued G2H event is (struct pf_relay_msg). */
enum pf_queued_kind {
	PF_QUEUED_RELAY = 0, /* GUC2PF_RELAY_FROM_VF */
	PF_QUEUED_MMIO, /* GUC2PF_MMIO_RELAY_SERVICE */
	PF_QUEUED_VF_STATE, /* GUC2PF_VF_STATE_NOTIFY: @relay_id is the event */
	PF_QUEUED_ADVERSE, /* GUC2PF_ADVERSE_EVENT: @relay_id is the threshold index */
};

/*
 * One G2H event queued by its handler for the worker: a relayed VF message
 * (allocated to its length), an MMIO-relay request, a VF state notification
 * or an adverse event. All share one queue, in the order they came, with no
 * bound: i915 keeps every G2H event in one list for its CT worker
 * (ct_handle_event()) and handles them in turn.
 */
struct pf_relay_msg {
	struct pf_relay_msg *next;
	u8 kind; /* enum pf_queued_kind */
	struct pf_mmio_relay_msg mmio; /* PF_QUEUED_MMIO */
	u32 vfid;
	u32 relay_id;
	u32 len;
	u32 msg[];
};

/**
 * struct pf_runtime_reg - a register a VF may read through the relay
 * @offset: its MMIO offset
 * @value: what the VF is told it holds
 */
struct pf_runtime_reg {
	u32 offset;
	u32 value;
};

/**
 * struct pf_ops - what the PF core needs from the driver around it
 */
struct pf_ops {
	/** @sriov_enable: pci_enable_sriov(); 0 or a negative errno */
	int (*sriov_enable)(void *priv, u32 num_vfs);
	/** @sriov_disable: pci_disable_sriov() */
	void (*sriov_disable)(void *priv);
	/** @vf_assigned: is the VF in use by a guest (bound to vfio and opened)? */
	bool (*vf_assigned)(void *priv, u32 vfid);
	/** @flr_cleanup: the PF's part of an FLR: rewrite the VF's GGTT PTEs */
	void (*flr_cleanup)(void *priv, u32 vfid);
};

struct pf_stats {
	u64 pushes;
	u64 push_failures;
	u64 relay_requests;
	u64 relay_errors;
	u64 relay_dropped;
	/* replies (CT or MMIO relay) the channel did not take */
	u64 relay_send_errors;
	u64 mmio_relay_requests;
	/* the errno behind the last FAILURE a VF got (it sees only 0) */
	int relay_last_error;
	u64 bad_events;
};

/**
 * struct pf - the SR-IOV PF core of one GT
 * @lock: the provisioning mutex: configs, spares, the auto switch, the
 *	number of VFs and the GuC pushes that follow from them
 * @relay_lock: the relay queues, filled from the G2H (interrupt) path
 * @state_lock: the VFs' runtime state, which the G2H (interrupt) path updates
 * @ct: the CT channel to the GuC
 * @ops: the driver around the core
 * @priv: passed to @ops
 * @total_vfs: VFs the device offers (sriov_totalvfs, at most PF_MAX_VFS)
 * @num_vfs: VFs enabled now
 * @platform: the platform
 * @ggtt_base: the bottom of usable GGTT it gives (pin_bias)
 * @auto_provisioning: the auto-provisioning switch
 * @auto_provisioned: auto mode provisioned the current configs (i915's
 *	provisioning.auto_mode): set by a fair plan, cleared only when it is
 *	undone (__pf_auto_unprovision()), not by a manual change
 * @num_pushed: VFs 1..num_pushed have their configs in the GuC (i915's
 *	provisioning.num_pushed): set by a successful bulk push, cut by resets
 * @confirmed: pf_confirm() ran (i915's PF status > 0): only then does a
 *	restart push anything
 * @self_done: the PF's self config is in the GuC (i915's
 *	provisioning.self_done): set when it was taken, cleared by a restart
 * @spare: what the PF keeps for itself
 * @policies: the VGT policies
 * @pf_ggtt: the GGTT ranges the PF holds
 * @num_pf_ggtt: how many
 * @pf_ctx_blocks: context-ID blocks the PF holds
 * @pf_ctxs_in_use: IDs of that range the PF's own submissions hold
 *	(pf_ctx_set_in_use())
 * @ctx_owner: owner of each context-ID block (PF_OWNER_*, or a VF)
 * @db_owner: owner of each doorbell
 * @config: what each VF is given (index 0: the PF's scheduling values)
 * @state: each VF's runtime state
 * @klv_buf: the GGTT buffer config KLVs are pushed from
 * @klv_buf_ggtt: its GGTT address
 * @klv_buf_dwords: its size in dwords
 * @relay_first: VF messages the G2H handlers queued for the worker, relayed
 *	ones and MMIO-relay requests, oldest first
 * @relay_last: the newest of them
 * @relay_count: how many relayed messages are queued
 * @mmio_count: how many MMIO-relay requests are queued
 * @runtime_regs: the registers VFs may read through the relay
 * @num_runtime_regs: how many
 * @handlers: the G2H events the core handles (given to guc_ct)
 * @stats: counters
 */
struct pf {
	struct mutex lock;
	spinlock_t relay_lock;
	spinlock_t state_lock;
	struct guc_ct *ct;
	const struct pf_ops *ops;
	void *priv;

	u32 total_vfs;
	u32 num_vfs;
	const struct pf_platform *platform;
	u64 ggtt_base;
	bool auto_provisioning;
	bool auto_provisioned;
	u32 num_pushed;
	bool confirmed;
	bool self_done;
	struct pf_spare spare;
	struct pf_policies policies;

	/* resources */
	struct pf_range pf_ggtt[PF_MAX_PF_GGTT_NODES];
	u32 num_pf_ggtt;
	u32 pf_ctx_blocks;
	u32 pf_ctxs_in_use;
	u8 ctx_owner[PF_CTX_BLOCKS];
	u8 db_owner[PF_NUM_DOORBELLS];
	struct pf_vf_config config[PF_MAX_VFS + 1];

	/* runtime */
	struct pf_vf_state state[PF_MAX_VFS + 1];

	u32 *klv_buf;
	u32 klv_buf_ggtt;
	u32 klv_buf_dwords;

	/* relay */
	struct pf_relay_msg *relay_first;
	struct pf_relay_msg *relay_last;
	u32 relay_count;
	u32 mmio_count;
	const struct pf_runtime_reg *runtime_regs;
	u32 num_runtime_regs;

	struct guc_ct_event_handler handlers[4];
	struct pf_stats stats;
};

#endif
