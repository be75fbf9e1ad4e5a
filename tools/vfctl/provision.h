/* SPDX-License-Identifier: MIT */
/*
 * vfctl provision: plan (cmd_provision.c) and show/set on a live PF
 * (cmd_provision_live.c).
 */
#ifndef VFCTL_PROVISION_H
#define VFCTL_PROVISION_H

#include <getopt.h>

#include "tools/vfctl/vfctl.h"

/* The options show and set share (cmd_provision_live.c). */
extern const struct option provision_live_longopts[];
extern const struct vfctl_value provision_live_values[];

int provision_show(int argc, char **argv);
int provision_set(int argc, char **argv);

#endif
