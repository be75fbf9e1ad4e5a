// SPDX-License-Identifier: MIT
/*
 * i915_sriov_pf_selftest: runs the PF core's self-test scenarios in kernel
 * context when loaded and prints the results as KTAP in the kernel log,
 * like the kselftest test modules. It always loads, whatever the results,
 * so that the harness can read the KTAP and then unload it.
 */
#include <linux/module.h>

#include "selftest/pf_scenarios.h"

static int __init pf_selftest_init(void)
{
	unsigned int i, failed = 0;
	int err;

	pr_info("KTAP version 1\n");
	pr_info("1..%u\n", pf_num_scenarios);
	for (i = 0; i < pf_num_scenarios; i++) {
		err = pf_scenarios[i].run();
		if (err) {
			failed++;
			pr_info("not ok %u %s # error %d\n", i + 1, pf_scenarios[i].name, err);
		} else {
			pr_info("ok %u %s\n", i + 1, pf_scenarios[i].name);
		}
	}
	pr_info("# i915_sriov_pf_selftest: %u passed, %u failed\n", pf_num_scenarios - failed,
		failed);
	return 0;
}

static void __exit pf_selftest_exit(void)
{
}

module_init(pf_selftest_init);
module_exit(pf_selftest_exit);

MODULE_DESCRIPTION("i915 SR-IOV PF core: in-kernel self-test against a GuC model");
MODULE_LICENSE("Dual MIT/GPL");
