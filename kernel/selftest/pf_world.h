/* SPDX-License-Identifier: MIT */
/*
 * A PF attached to the GuC model: the mock GuC, an enabled CT channel over a
 * blob in its "GGTT", and a PF for max_vfs VFs with a KLV buffer there too.
 * What the self-test scenarios, the PF benchmark and the relay fuzzer all
 * start from.
 */
#ifndef PF_WORLD_H
#define PF_WORLD_H

#include "guc/guc_ct.h"
#include "iov/pf_types.h"
#include "selftest/mock_guc.h"

#define PF_WORLD_BLOB_GGTT 0x200000u
#define PF_WORLD_KLV_GGTT 0x300000u
#define PF_WORLD_KLV_DWORDS 1024u

struct pf_world {
	struct mock_guc guc;
	struct guc_ct ct;
	struct pf pf;
	u32 *klvs;
	u8 *blob;
};

struct pf_world *pf_world_create(u32 max_vfs);
void pf_world_destroy(struct pf_world *w);

#endif
