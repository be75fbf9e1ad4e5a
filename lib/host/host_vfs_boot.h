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

/* udev's longest rule line (UDEV_LINE_SIZE); longer ones it drops */
#define HOST_VFS_UDEV_LINE_MAX 16384

/*
 * What one udev rule does to sriov_numvfs, read as udev reads it
 * (host_udev.h): one reader for the doctor and for vfctl setup.
 */
struct host_vfs_udev_rule {
	bool valid; /* udev keeps the line: every pair parses, none it refuses */
	bool assigns; /* ATTR{sriov_numvfs}= (udev reads += and := as =) */
	int n; /* the last assignment's value (the one left written), -1 if
		* none or no number */
	bool for_pf; /* a match names the PF, or DRIVER/DRIVERS== its driver */
	bool waits_driver; /* DRIVER== or DRIVERS== */
	bool on_add, on_bind; /* the boot's events it runs on (host_udev_boot) */
};

/**
 * host_vfs_udev_rule_read - read one rule
 * @line: a rule line with its continuations joined (host_udev_logical_line())
 * @pf: PF address
 * @drv: the PF's driver, or NULL to know the PF by its address only
 * @u: result
 */
void host_vfs_udev_rule_read(const char *line, const char *pf, const char *drv,
			     struct host_vfs_udev_rule *u);

/**
 * host_vfs_udev_rule_find - the first rule of a rules file that creates the
 * PF's VFs: valid, assigning a count, for the PF
 * @text: the file's text
 * @pf: PF address
 * @drv: as for host_vfs_udev_rule_read()
 * @u: result: that rule; else the first that names the PF and sriov_numvfs
 *     (to tell why it does not); else no rule (n -1)
 *
 * Return: the line of the file @u starts on (1-based), 0 for no rule.
 */
unsigned int host_vfs_udev_rule_find(const char *text, const char *pf, const char *drv,
				     struct host_vfs_udev_rule *u);

#endif
