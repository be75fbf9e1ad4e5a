/* SPDX-License-Identifier: MIT */
/*
 * Self-test scenarios of the PF core against the mock GuC, written once and
 * run in two places: in kernel context by the i915_sriov_pf_selftest module
 * (KTAP in the kernel log), and in user space by a cmocka wrapper.
 */
#ifndef PF_SCENARIOS_H
#define PF_SCENARIOS_H

#include "compat.h"

struct pf_scenario {
	const char *name;
	int (*run)(void);
};

extern const struct pf_scenario pf_scenarios[];
extern const unsigned int pf_num_scenarios;

#endif
