/* SPDX-License-Identifier: MIT */
/*
 * VF control (pause, resume, stop, clear), the FLR state machine, and the
 * G2H events that drive them.
 */
#ifndef PF_CONTROL_H
#define PF_CONTROL_H

#include "iov/pf_types.h"

int pf_control_trigger(struct pf *pf, u32 vfid, u32 cmd);
int pf_control_pause_start(struct pf *pf, u32 vfid);
int pf_control_pause(struct pf *pf, u32 vfid);
int pf_control_resume(struct pf *pf, u32 vfid);
int pf_control_stop(struct pf *pf, u32 vfid);
int pf_control_clear(struct pf *pf, u32 vfid);
int pf_control_start_flr(struct pf *pf, u32 vfid);
int pf_control_wait_flr(struct pf *pf, u32 vfid, u32 timeout_ms);
int pf_control_flr(struct pf *pf, u32 vfid, u32 timeout_ms);
bool pf_control_process(struct pf *pf);

int pf_handle_vf_state(void *data, const u32 *msg, u32 len);
int pf_handle_adverse_event(void *data, const u32 *msg, u32 len);
void pf_control_apply_event(struct pf *pf, u8 kind, u32 vfid, u32 what);

#endif
