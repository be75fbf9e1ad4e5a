// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the relay service fed what a hostile VF can send.
 *
 * The input is the relayed message (after VFID and relay ID, which the
 * first 5 bytes choose: VFID 0..7 and a relay ID). It goes through the G2H
 * handler and the worker, and the reply reaches the mock GuC. Checked:
 * memory safety, exactly one reply, carrying the same relay ID, for every
 * REQUEST from the host side of VF 1..7, enabled or not (the GuC names the
 * sender; i915 serves any VFID but 0), and none for anything else (as
 * i915's relay_process_msg()), replies no longer than a relay message, and
 * the channel staying up.
 *
 * With bit 7 of the first byte set the input is an MMIO-relay request
 * instead (GUC2PF_MMIO_RELAY_SERVICE): bytes 1..4 are its DW2 (magic and
 * opcode) and up to three dwords of data follow. Every one from VF 1..7
 * must get exactly one PF2GUC_MMIO_RELAY_SUCCESS or _FAILURE echoing the
 * magic; VFID 0 none.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"
#include "iov/pf_relay.h"
#include "iov/pf_sriov.h"
#include "selftest/pf_world.h"

static const struct pf_runtime_reg regs[] = {
	{ 0x1381a8, 0x1 },
	{ 0x9134, 0xff },
	{ 0x913c, 0x3 },
	{ 0xd00, 0x11 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_mmio_relay(struct pf_world *w, const uint8_t *data, size_t size)
{
	struct mock_guc *guc = &w->guc;
	u32 ev[5] = { 0 }, vfid = data[0] % 8, before, n = (size - 5) / 4;

	ev[0] = vfid;
	memcpy(&ev[1], data + 1, 4);
	memcpy(&ev[2], data + 5, (n > 3 ? 3 : n) * 4);
	before = vfid ? guc->vf[vfid].mmio_relay_count : 0;
	mock_guc_event(guc, GUC_ACTION_GUC2PF_MMIO_RELAY_SERVICE, ev, 5);
	guc_ct_process_g2h(&w->ct);
	pf_relay_process(&w->pf);
	if (!vfid)
		return;
	if (guc->vf[vfid].mmio_relay_count != before + 1)
		abort(); /* no reply, or more than one */
	if ((guc->vf[vfid].mmio_relay_msg[2] >> 24) != ((ev[1] >> 24) & 0xf))
		abort(); /* the magic was not echoed */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pf_world *w;
	struct mock_guc *guc;
	u32 ev[GUC_CTB_MAX_DWORDS], n, vfid, relay_id, before;

	if (size < 5)
		return 0;
	compat_log_sink = compat_log_discard;
	w = pf_world_create(7);
	if (!w)
		abort();
	guc = &w->guc;
	pf_relay_set_runtime(&w->pf, regs, 4);
	if (pf_enable_vfs(&w->pf, 4))
		abort();
	if (data[0] & 0x80) {
		fuzz_mmio_relay(w, data, size);
		if (!guc_ct_enabled(&w->ct))
			abort();
		pf_world_destroy(w);
		return 0;
	}

	vfid = data[0] % 8;
	memcpy(&relay_id, data + 1, 4);
	n = (size - 5) / 4;
	if (n > GUC_RELAY_MSG_MAX_LEN)
		n = GUC_RELAY_MSG_MAX_LEN;
	ev[0] = vfid;
	ev[1] = relay_id;
	memcpy(&ev[2], data + 5, n * 4);
	mock_guc_event(guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, ev, n + 2);

	before = vfid ? guc->vf[vfid].relay_count : 0;
	guc_ct_process_g2h(&w->ct);
	pf_relay_process(&w->pf);
	mock_guc_step(guc);

	if (vfid) {
		bool request = n && guc_hxg_origin(ev[2]) == GUC_HXG_ORIGIN_HOST &&
			       guc_hxg_type(ev[2]) == GUC_HXG_TYPE_REQUEST;

		if (guc->vf[vfid].relay_count != before + request)
			abort(); /* a request unanswered, or anything else answered */
		if (request && (guc->vf[vfid].relay_id != relay_id ||
				guc->vf[vfid].relay_len > GUC_RELAY_MSG_MAX_LEN))
			abort();
	}
	if (!guc_ct_enabled(&w->ct))
		abort();
	pf_world_destroy(w);
	return 0;
}
