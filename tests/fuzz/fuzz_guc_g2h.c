// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the CT channel's G2H receive path against whatever a
 * broken or hostile GuC could leave in shared memory.
 *
 * Input layout (all little endian):
 *   byte 0      flags: bit0 raw G2H tail, bit1 raw G2H status,
 *               bit2 raw H2G head, bit3 send a request afterwards,
 *               bit4 send a FAST_REQUEST (fence 1) before reading G2H,
 *               bit5 handlers refuse: the first event -ENOMEM (left in
 *               the ring, read on a second run), the others -EPROTO,
 *               bit6 the request of bit3 takes a 2-dword reply buffer,
 *               bit7 the G2H head moved behind the receiver's back
 *   bytes 1-4   G2H tail  (used raw with bit0, else the data length)
 *   bytes 5-8   G2H status (bit1)
 *   bytes 9-12  H2G head  (bit2)
 *   bytes 13-   G2H ring contents from offset 0
 *
 * The channel may break; it must never read or write outside the blob, and
 * handlers must only ever see messages inside the length they are given.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"
#include "abi/guc_actions_pf_abi.h"
#include "selftest/mock_guc.h"

#define BLOB_GGTT 0x200000u

static u32 sink;
/* bit5: how the handlers answer (0 while accepting) */
static bool refuse, refused_once;

static int touch_event(void *data, const u32 *msg, u32 len)
{
	u32 i;

	(void)data;
	for (i = 0; i < len; i++)
		sink += msg[i];
	if (!refuse)
		return 0;
	if (!refused_once) {
		refused_once = true;
		return -ENOMEM;
	}
	return -EPROTO;
}

static const struct guc_ct_event_handler handlers[] = {
	{ GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, touch_event, NULL },
	{ GUC_ACTION_GUC2PF_ADVERSE_EVENT, touch_event, NULL },
	{ GUC_ACTION_GUC2PF_RELAY_FROM_VF, touch_event, NULL },
};

static u32 le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mock_guc guc;
	static struct guc_ct ct;
	const u32 relay[4] = { guc_hxg_fast_request(GUC_ACTION_PF2GUC_RELAY_TO_VF, 0), 1, 1, 0 };
	u32 reply[2];
	u8 *blob;
	u32 flags, ring_bytes, ndw;

	if (size < 13)
		return 0;
	compat_log_sink = compat_log_discard;
	/* an exact-size heap block, so ASan sees any access outside it */
	blob = aligned_alloc(4096, GUC_CT_BLOB_SIZE);
	mock_guc_init(&guc);
	mock_guc_map(&guc, BLOB_GGTT, blob, GUC_CT_BLOB_SIZE);
	guc_ct_init(&ct, &mock_guc_ct_ops, &guc, blob, BLOB_GGTT);
	guc_ct_set_event_handlers(&ct, handlers, 3);
	if (guc_ct_enable(&ct))
		abort();
	ct.timeouts.response_ns = 5000000;

	flags = data[0];
	ring_bytes = size - 13;
	if (ring_bytes > GUC_CTB_G2H_BUFFER_SIZE - 4)
		ring_bytes = GUC_CTB_G2H_BUFFER_SIZE - 4;
	memcpy(ct.g2h.cmds, data + 13, ring_bytes);
	ndw = ring_bytes / 4;
	ct.g2h.desc->tail = flags & 1 ? le32(data + 1) : ndw;
	if (flags & 2)
		ct.g2h.desc->status = le32(data + 5);
	if (flags & 4)
		ct.h2g.desc->head = le32(data + 9);
	guc.g2h_tail = ndw; /* where the model would write next */
	if (flags & 0x80)
		ct.g2h.desc->head = 1;
	refuse = flags & 0x20;
	refused_once = false;

	/* its fence is 1: a FAILURE with that fence in the ring answers it */
	if (flags & 0x10)
		guc_ct_send(&ct, relay, 4);
	guc_ct_process_g2h(&ct);
	if (refuse)
		guc_ct_process_g2h(&ct);
	if (flags & 8 && guc_ct_enabled(&ct)) {
		u32 msg[3] = { guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0), 1,
			       GUC_PF_TRIGGER_VF_STOP };

		if (flags & 0x40)
			guc_ct_send_recv(&ct, msg, 3, reply, 2);
		else
			guc_ct_send_recv(&ct, msg, 3, NULL, 0);
	}
	guc_ct_disable(&ct);
	free(blob);
	return 0;
}
