// SPDX-License-Identifier: MIT
/*
 * Module glue for the SR-IOV PF core: the GuC ABI, KLV codec, CT channel,
 * provisioning, VF control and relay service. Today its only user is the
 * self-test module, which runs the core against the GuC model; no driver
 * binds it to i915's MMIO and interrupts yet (README, "Binding the core
 * into i915"). The logic lives in guc/ and iov/, each exported function
 * beside its definition; this file only makes them a module.
 */
#include <linux/module.h>

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
