/* SPDX-License-Identifier: MIT */
/*
 * Will the boot-time VF setting actually run? A sriov_numvfs line in
 * /etc/sysfs.conf does nothing without sysfsutils' boot script, a tmpfiles
 * line only with its "w" type, a udev rule only with an assignment, a unit
 * only when enabled. host_vfs_persisted() finds the setting; this says
 * whether the mechanism behind it applies it.
 */
#ifndef HOST_VFS_BOOT_H
#define HOST_VFS_BOOT_H

#include <stdbool.h>

enum host_vfs_boot_kind {
	HOST_VFS_BOOT_SYSFSUTILS, /* /etc/sysfs.conf, /etc/sysfs.d/ */
	HOST_VFS_BOOT_TMPFILES, /* /etc/tmpfiles.d/ */
	HOST_VFS_BOOT_UDEV, /* /etc/udev/rules.d/ */
	HOST_VFS_BOOT_UNIT, /* /etc/systemd/system/ */
};

struct host_vfs_boot {
	enum host_vfs_boot_kind kind;
	bool runs; /* the mechanism is there, enabled and reads the line */
	bool need_sysfsutils; /* the package (and its boot script) is missing */
	bool some_boots; /* it runs, but misses boots of one kind (a udev rule
			  * on "add" or "bind" alone): problem and fix say so */
	char problem[256]; /* why it will not run; "" when it runs (unless some_boots) */
	char evidence[512]; /* what was read */
	char fix[256]; /* the command that makes it run ("" when it runs, or
			* when need_sysfsutils: install the package first) */
};

/**
 * host_vfs_boot_check - whether a boot-time sriov_numvfs setting will run
 * @root: prefix
 * @pf: PF address
 * @src: the file host_vfs_persisted() found it in
 * @b: result
 */
void host_vfs_boot_check(const char *root, const char *pf, const char *src,
			 struct host_vfs_boot *b);

#endif
