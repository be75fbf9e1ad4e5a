/* SPDX-License-Identifier: MIT */
/*
 * The PF core attached to the CT channel + mock GuC fixture, with a driver
 * double that records what the PF asked of the PCI core and can refuse.
 */
#ifndef PF_FIXTURE_H
#define PF_FIXTURE_H

#include "guc_fixture.h"
#include "iov/pf_types.h"

struct pf_driver {
	u32 enabled; /* what sriov_enable got last */
	u32 enable_calls;
	u32 disable_calls;
	int enable_error; /* what sriov_enable returns */
	u32 assigned; /* bitmask of VFs "in use by a guest" */
	u32 flr_cleanups[PF_MAX_VFS + 1];
};

struct pf_fixture {
	struct guc_fixture *g;
	struct pf pf;
	struct pf_driver drv;
};

int pf_fixture_setup(void **state);
int pf_fixture_setup_unconfirmed(void **state);
int pf_fixture_teardown(void **state);

/*
 * One PF2GUC_UPDATE_VF_CFG as a test expects it: a single KLV (@key, @value),
 * a reset (key PF_REQ_RESET: address 0, size 0) or a whole config (key
 * PF_REQ_BULK, @value its dwords).
 */
#define PF_REQ_RESET 0u
#define PF_REQ_BULK 0xffffu
struct pf_req {
	u32 vfid;
	u16 key;
	u64 value;
};

void pf_fixture_assert_requests(const struct pf_fixture *fx, u32 from, const struct pf_req *want,
				u32 n);

/*
 * Make the GuC model refuse the @nth PF2GUC_UPDATE_VF_CFG from now on (1 is
 * the next one) with @guc_error (a GUC_ERROR_*), the requests before it
 * accepted.
 */
void pf_fixture_refuse_vf_cfg(struct pf_fixture *fx, u32 nth, u32 guc_error);

/* The GuC's view of a VF, minus its counters, for before/after checks. */
void pf_fixture_guc_vf(const struct pf_fixture *fx, u32 vfid, struct mock_guc_vf *out);

#endif
