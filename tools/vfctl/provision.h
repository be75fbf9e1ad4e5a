/* SPDX-License-Identifier: MIT */
/*
 * vfctl provision: plan (cmd_provision.c) and show/set on a live PF
 * (cmd_provision_live.c).
 */
#ifndef VFCTL_PROVISION_H
#define VFCTL_PROVISION_H

int provision_show(int argc, char **argv);
int provision_set(int argc, char **argv);

#endif
