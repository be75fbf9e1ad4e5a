// SPDX-License-Identifier: MIT
/*
 * Module glue for the SR-IOV PF core: the GuC ABI, KLV codec and CT channel
 * as a library for the PF driver. The logic lives in guc/ and iov/; this file
 * only exports it.
 */
#include <linux/module.h>

#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"
#include "guc/guc_klv.h"

EXPORT_SYMBOL_GPL(guc_ct_init);
EXPORT_SYMBOL_GPL(guc_ct_set_event_handlers);
EXPORT_SYMBOL_GPL(guc_ct_enable);
EXPORT_SYMBOL_GPL(guc_ct_disable);
EXPORT_SYMBOL_GPL(guc_ct_send);
EXPORT_SYMBOL_GPL(guc_ct_send_recv);
EXPORT_SYMBOL_GPL(guc_ct_process_g2h);
EXPORT_SYMBOL_GPL(guc_mmio_send_recv);
EXPORT_SYMBOL_GPL(guc_ct_state_name);
EXPORT_SYMBOL_GPL(guc_hxg_failure_to_errno);
EXPORT_SYMBOL_GPL(guc_hxg_type_name);
EXPORT_SYMBOL_GPL(guc_klv_iter_init);
EXPORT_SYMBOL_GPL(guc_klv_next);
EXPORT_SYMBOL_GPL(guc_klv_count);
EXPORT_SYMBOL_GPL(guc_klv_encode);
EXPORT_SYMBOL_GPL(guc_klv_encode_u32);
EXPORT_SYMBOL_GPL(guc_klv_encode_u64);
EXPORT_SYMBOL_GPL(guc_klv_key_info);
EXPORT_SYMBOL_GPL(guc_klv_key_name);
EXPORT_SYMBOL_GPL(guc_klv_check);

static int __init i915_sriov_pf_init(void)
{
	pr_info("i915_sriov_pf: SR-IOV PF core loaded\n");
	return 0;
}

static void __exit i915_sriov_pf_exit(void)
{
}

module_init(i915_sriov_pf_init);
module_exit(i915_sriov_pf_exit);

MODULE_DESCRIPTION("i915 SR-IOV PF core: GuC ABI, KLV codec and CT channel");
MODULE_LICENSE("Dual MIT/GPL");
