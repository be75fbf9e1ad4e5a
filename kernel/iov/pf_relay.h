/* SPDX-License-Identifier: MIT */
/*
 * The PF's side of the VF-to-PF relay: requests from VFs, answered through
 * the GuC.
 */
#ifndef PF_RELAY_H
#define PF_RELAY_H

#include "iov/pf_types.h"

void pf_relay_set_runtime(struct pf *pf, const struct pf_runtime_reg *regs, u32 count);
int pf_relay_handle_event(void *data, const u32 *msg, u32 len);
int pf_relay_handle_mmio_event(void *data, const u32 *msg, u32 len);
int pf_relay_serve_mmio(struct pf *pf, const struct pf_mmio_relay_msg *m, u32 *data);
int pf_relay_queue_event(struct pf *pf, u8 kind, u32 vfid, u32 what);
int pf_relay_process(struct pf *pf);
int pf_relay_flush(struct pf *pf);
int pf_relay_serve(struct pf *pf, u32 vfid, const u32 *msg, u32 len, u32 *reply, u32 size);

#endif
