/* SPDX-License-Identifier: MIT */
/*
 * The one seam between the PF core and its two homes.
 *
 * Every file of kernel/ includes this header and nothing else from the
 * platform. Built by Kbuild it pulls in the real kernel headers; built in user
 * space (unit tests, fuzzers, vfctl) it pulls in compat/user.h, which provides
 * the same names on top of libc. The logic itself carries no #ifdef.
 */
#ifndef PF_COMPAT_H
#define PF_COMPAT_H

#ifdef __KERNEL__
#include <asm/barrier.h>
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include "compat/user.h"
#endif

#endif
