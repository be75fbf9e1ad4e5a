/* SPDX-License-Identifier: MIT */
/*
 * vfctl setup verify: after the reboot, is the running system what the
 * plan configured? Each applied step is checked in the live state (the
 * command line the kernel booted with, VFs, their driver, module options),
 * and the doctor runs over the same root for everything else.
 */
#ifndef SETUP_VERIFY_H
#define SETUP_VERIFY_H

#include "host/host_report.h"
#include "setup/setup_types.h"

/**
 * setup_verify - compare the running system with a plan
 * @p: a plan built now (its done steps are what the files configure)
 * @r: findings, one per step ("setup.<id>"), then the doctor's; release
 *     with host_report_free()
 *
 * A step still to do fails (not applied, or changed since); a done step
 * fails when the running system does not show it (a reboot is missing).
 *
 * Return: 0 or -ENOMEM.
 */
int setup_verify(const struct setup_plan *p, struct host_report *r);

#endif
