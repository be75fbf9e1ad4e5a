// SPDX-License-Identifier: MIT
/*
 * Module glue for the SR-IOV PF core: the GuC ABI, KLV codec, CT channel,
 * provisioning, VF control and relay service. Today its only user is the
 * self-test module, which runs the core against the GuC model; no driver
 * binds it to i915's MMIO and interrupts yet (README, "Binding the core
 * into i915"). The logic lives in guc/ and iov/; this file only exports it.
 */
#include <linux/module.h>

#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"
#include "guc/guc_klv.h"
#include "iov/pf_control.h"
#include "iov/pf_provision.h"
#include "iov/pf_push.h"
#include "iov/pf_relay.h"
#include "iov/pf_resources.h"
#include "iov/pf_sriov.h"

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
EXPORT_SYMBOL_GPL(guc_ct_now);
EXPORT_SYMBOL_GPL(guc_ct_sleep);
EXPORT_SYMBOL_GPL(pf_attach);
EXPORT_SYMBOL_GPL(pf_control_clear);
EXPORT_SYMBOL_GPL(pf_control_flr);
EXPORT_SYMBOL_GPL(pf_control_pause);
EXPORT_SYMBOL_GPL(pf_control_process);
EXPORT_SYMBOL_GPL(pf_control_resume);
EXPORT_SYMBOL_GPL(pf_control_stop);
EXPORT_SYMBOL_GPL(pf_control_trigger);
EXPORT_SYMBOL_GPL(pf_ctx_alloc);
EXPORT_SYMBOL_GPL(pf_ctx_block_to_id);
EXPORT_SYMBOL_GPL(pf_ctx_max_quota);
EXPORT_SYMBOL_GPL(pf_ctx_pf_blocks);
EXPORT_SYMBOL_GPL(pf_ctx_pf_count);
EXPORT_SYMBOL_GPL(pf_ctx_release);
EXPORT_SYMBOL_GPL(pf_ctx_spare);
EXPORT_SYMBOL_GPL(pf_db_alloc);
EXPORT_SYMBOL_GPL(pf_db_max_quota);
EXPORT_SYMBOL_GPL(pf_db_release);
EXPORT_SYMBOL_GPL(pf_disable_vfs);
EXPORT_SYMBOL_GPL(pf_enable_vfs);
EXPORT_SYMBOL_GPL(pf_encode_vf_config);
EXPORT_SYMBOL_GPL(pf_ggtt_alloc);
EXPORT_SYMBOL_GPL(pf_ggtt_max_quota);
EXPORT_SYMBOL_GPL(pf_ggtt_reserve_pf);
EXPORT_SYMBOL_GPL(pf_ggtt_spare);
EXPORT_SYMBOL_GPL(pf_handle_adverse_event);
EXPORT_SYMBOL_GPL(pf_handle_vf_state);
EXPORT_SYMBOL_GPL(pf_init);
EXPORT_SYMBOL_GPL(pf_set_platform);
EXPORT_SYMBOL_GPL(pf_platform_find);
EXPORT_SYMBOL_GPL(pf_platform_default);
EXPORT_SYMBOL_GPL(pf_platform_from_pci_id);
EXPORT_SYMBOL_GPL(pf_platform_at);
EXPORT_SYMBOL_GPL(pf_platform_ggtt_base);
EXPORT_SYMBOL_GPL(pf_platform_lowest_ggtt_base);
EXPORT_SYMBOL_GPL(pf_platform_guc_wopcm_base);
EXPORT_SYMBOL_GPL(pf_platform_guc_wopcm_size);
EXPORT_SYMBOL_GPL(pf_ctx_free);
EXPORT_SYMBOL_GPL(pf_provision_auto);
EXPORT_SYMBOL_GPL(pf_provision_is_empty);
EXPORT_SYMBOL_GPL(__pf_provision_release);
EXPORT_SYMBOL_GPL(pf_provision_set_auto);
EXPORT_SYMBOL_GPL(pf_provision_set_ctxs);
EXPORT_SYMBOL_GPL(pf_provision_set_dbs);
EXPORT_SYMBOL_GPL(pf_provision_set_exec_quantum);
EXPORT_SYMBOL_GPL(pf_provision_set_ggtt);
EXPORT_SYMBOL_GPL(pf_provision_set_preempt_timeout);
EXPORT_SYMBOL_GPL(pf_provision_set_reset_engine);
EXPORT_SYMBOL_GPL(pf_provision_set_sample_period);
EXPORT_SYMBOL_GPL(pf_provision_set_sched_if_idle);
EXPORT_SYMBOL_GPL(pf_provision_set_spare_ctxs);
EXPORT_SYMBOL_GPL(pf_provision_set_spare_dbs);
EXPORT_SYMBOL_GPL(pf_provision_set_spare_ggtt);
EXPORT_SYMBOL_GPL(pf_provision_set_threshold);
EXPORT_SYMBOL_GPL(pf_provision_verify);
EXPORT_SYMBOL_GPL(pf_push_policies);
EXPORT_SYMBOL_GPL(pf_push_vf_config);
EXPORT_SYMBOL_GPL(pf_push_vf_reset);
EXPORT_SYMBOL_GPL(pf_push_vf_sched);
EXPORT_SYMBOL_GPL(pf_push_vf_update);
EXPORT_SYMBOL_GPL(pf_relay_handle_event);
EXPORT_SYMBOL_GPL(pf_relay_process);
EXPORT_SYMBOL_GPL(pf_relay_serve);
EXPORT_SYMBOL_GPL(pf_relay_set_runtime);
EXPORT_SYMBOL_GPL(pf_resources_init);
EXPORT_SYMBOL_GPL(pf_restart);
EXPORT_SYMBOL_GPL(pf_threshold_index);
EXPORT_SYMBOL_GPL(pf_threshold_key);
EXPORT_SYMBOL_GPL(pf_threshold_name);

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

MODULE_DESCRIPTION("i915 SR-IOV PF core: GuC CT channel, provisioning, VF control, relay");
MODULE_LICENSE("Dual MIT/GPL");
