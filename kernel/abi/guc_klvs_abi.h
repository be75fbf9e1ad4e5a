/* SPDX-License-Identifier: MIT */
/*
 * KLV (key, length, value) encoding and the keys the SR-IOV PF uses.
 *
 *  DW0 31:16 KEY, 15:0 LEN (value length in dwords; 0 = a flag)
 *  DW1..LEN  value; a 64-bit value is the low dword, then the high dword
 *
 * Plain C only (no kernel or libc names), so that lib/iovcheck and vfctl
 * take the key table from here too. GUC_KLV_n_VALUE needs compat.h's GENMASK
 * where it is used.
 */
#ifndef GUC_KLVS_ABI_H
#define GUC_KLVS_ABI_H

#define GUC_KLV_LEN_MIN 1u
#define GUC_KLV_0_KEY (0xffffu << 16)
#define GUC_KLV_0_LEN (0xffffu << 0)
#define GUC_KLV_n_VALUE GENMASK(31, 0)

/*
 * Every key the PF core knows, one row each: the whole fact about a key is
 * its row.
 *
 *	define(ID, KEY, LEN, NAME)
 *
 * ID names the constants GUC_KLV_<ID>_KEY and GUC_KLV_<ID>_LEN (generated
 * below), KEY is the key, LEN its value length in dwords, NAME the printable
 * name guc_klv_key_name() gives it (xe's debugfs spelling). The six
 * thresholds i915 pushes are in GUC_KLV_VF_CFG_THRESHOLDS, not here.
 *
 * Self-config keys go with HOST2GUC_SELF_CFG, VGT policy keys with
 * PF2GUC_UPDATE_VGT_POLICY, VF configuration keys with PF2GUC_UPDATE_VF_CFG
 * (exec quantum in ms and preempt timeout in us, 0 = infinite for both).
 */
/* clang-format off */
#define GUC_KLV_KEYS(define)                                                           \
	define(SELF_CFG_MEMIRQ_STATUS_ADDR, 0x0900, 2, memirq_status_addr)             \
	define(SELF_CFG_MEMIRQ_SOURCE_ADDR, 0x0901, 2, memirq_source_addr)             \
	define(SELF_CFG_H2G_CTB_ADDR, 0x0902, 2, h2g_ctb_addr)                         \
	define(SELF_CFG_H2G_CTB_DESCRIPTOR_ADDR, 0x0903, 2, h2g_ctb_desc_addr)         \
	define(SELF_CFG_H2G_CTB_SIZE, 0x0904, 1, h2g_ctb_size)                         \
	define(SELF_CFG_G2H_CTB_ADDR, 0x0905, 2, g2h_ctb_addr)                         \
	define(SELF_CFG_G2H_CTB_DESCRIPTOR_ADDR, 0x0906, 2, g2h_ctb_desc_addr)         \
	define(SELF_CFG_G2H_CTB_SIZE, 0x0907, 1, g2h_ctb_size)                         \
	define(VF_CFG_GGTT_START, 0x0001, 2, ggtt_start)                               \
	define(VF_CFG_GGTT_SIZE, 0x0002, 2, ggtt_size)                                 \
	define(VF_CFG_LMEM_SIZE, 0x0003, 2, lmem_size)                                 \
	define(VF_CFG_NUM_CONTEXTS, 0x0004, 1, num_contexts)                           \
	define(VF_CFG_TILE_MASK, 0x0005, 1, tile_mask)                                 \
	define(VF_CFG_NUM_DOORBELLS, 0x0006, 1, num_doorbells)                         \
	define(VF_CFG_EXEC_QUANTUM, 0x8a01, 1, exec_quantum)                           \
	define(VF_CFG_PREEMPT_TIMEOUT, 0x8a02, 1, preempt_timeout)                     \
	define(VF_CFG_BEGIN_DOORBELL_ID, 0x8a0a, 1, begin_doorbell_id)                 \
	define(VF_CFG_BEGIN_CONTEXT_ID, 0x8a0b, 1, begin_context_id)                   \
	define(VF_CFG_SCHED_PRIORITY, 0x8a0c, 1, sched_priority)                       \
	define(VF_CFG_THRESHOLD_MULTI_LRC_COUNT, 0x8a0d, 1, threshold_multi_lrc_count) \
	define(VGT_POLICY_SCHED_IF_IDLE, 0x8001, 1, sched_if_idle)                     \
	define(VGT_POLICY_ADVERSE_SAMPLE_PERIOD, 0x8002, 1, sample_period)             \
	define(VGT_POLICY_RESET_AFTER_VF_SWITCH, 0x8d00, 1, reset_engine)
/* clang-format on */

/*
 * The adverse-event thresholds i915 pushes with every VF configuration, in
 * its order, which is also the index into the PF's and the GuC model's
 * thresholds[] (as i915's IOV_THRESHOLDS set has them):
 *
 *	define(TAG, KEY, LOG, ATTR)
 *
 * TAG names GUC_KLV_VF_CFG_THRESHOLD_<TAG>_KEY and the index
 * GUC_KLV_VF_CFG_THRESHOLD_INDEX_<TAG>; every threshold is one dword
 * (GUC_KLV_VF_CFG_THRESHOLD_LEN, 0 = not reported). LOG is how i915 names it
 * in "VF%u has exceeded '%s' threshold", ATTR its file in i915's
 * prelim_iov/vfN/gt0/threshold/ (and vfctl's key); the codec prints it as
 * threshold_<ATTR>. Adding a threshold is a row here plus what it means.
 */
/* clang-format off */
#define GUC_KLV_VF_CFG_THRESHOLDS(define)                              \
	define(CAT_ERR, 0x8a03, cat_error, cat_error_count)            \
	define(ENGINE_RESET, 0x8a04, engine_reset, engine_reset_count) \
	define(PAGE_FAULT, 0x8a05, page_fault, page_fault_count)       \
	define(H2G_STORM, 0x8a06, guc_storm, h2g_time_us)              \
	define(IRQ_STORM, 0x8a07, irq_storm, irq_time_us)              \
	define(DOORBELL_STORM, 0x8a08, dbs_storm, doorbell_time_us)
/* clang-format on */

#define GUC_KLV_VF_CFG_THRESHOLD_LEN 1u

/* clang-format off */
/* GUC_KLV_<ID>_KEY and GUC_KLV_<ID>_LEN of every row above. */
enum guc_klv_key_consts {
#define GUC_KLV_KEY_CONSTS(id, key, len, name) \
	GUC_KLV_##id##_KEY = key, GUC_KLV_##id##_LEN = len,
	GUC_KLV_KEYS(GUC_KLV_KEY_CONSTS)
#undef GUC_KLV_KEY_CONSTS
#define GUC_KLV_THRESHOLD_KEY_CONSTS(tag, key, log, attr) \
	GUC_KLV_VF_CFG_THRESHOLD_##tag##_KEY = key,
	GUC_KLV_VF_CFG_THRESHOLDS(GUC_KLV_THRESHOLD_KEY_CONSTS)
#undef GUC_KLV_THRESHOLD_KEY_CONSTS
};

/* GUC_KLV_VF_CFG_THRESHOLD_INDEX_<TAG>, then how many there are. */
enum guc_klv_threshold_index {
#define GUC_KLV_THRESHOLD_INDEX(tag, ...) GUC_KLV_VF_CFG_THRESHOLD_INDEX_##tag,
	GUC_KLV_VF_CFG_THRESHOLDS(GUC_KLV_THRESHOLD_INDEX)
#undef GUC_KLV_THRESHOLD_INDEX
	GUC_KLV_VF_CFG_NUM_THRESHOLDS
};

/*
 * guc_klv_threshold_index - which threshold a key is: its index, or -1 for a
 * key that is no threshold.
 */
static inline int guc_klv_threshold_index(unsigned int key)
{
	switch (key) {
#define GUC_KLV_THRESHOLD_INDEX_CASE(tag, ...)     \
	case GUC_KLV_VF_CFG_THRESHOLD_##tag##_KEY: \
		return GUC_KLV_VF_CFG_THRESHOLD_INDEX_##tag;
	GUC_KLV_VF_CFG_THRESHOLDS(GUC_KLV_THRESHOLD_INDEX_CASE)
#undef GUC_KLV_THRESHOLD_INDEX_CASE
	}
	return -1;
}
/* clang-format on */

#endif
