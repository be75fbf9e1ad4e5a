// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the boot-time VF settings as host_vfs_boot_check()
 * reads them (sysfs.conf, tmpfiles.d, udev rules, units: files users write
 * by hand). The first byte picks the file (low 3 bits) and which parts of
 * sysfsutils and systemd are installed around it (the other bits), the rest
 * is the file's contents, in a scratch root made once.
 *
 * Properties: the mechanism either runs or says why not (a udev rule that
 * runs on some boots only says why too); what it prints is
 * a string.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_vfs_boot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {
	"/etc/sysfs.conf",
	"/etc/sysfs.d/i915.conf",
	"/etc/tmpfiles.d/i915.conf",
	"/etc/udev/rules.d/99-i915.rules",
	"/etc/systemd/system/i915-vfs.service",
};

static const char *const dirs[] = {
	"/etc",
	"/etc/sysfs.d",
	"/etc/tmpfiles.d",
	"/etc/udev",
	"/etc/udev/rules.d",
	"/etc/systemd",
	"/etc/systemd/system",
	"/etc/systemd/system/multi-user.target.wants",
	"/etc/init.d",
	"/etc/rc2.d",
	"/lib",
	"/lib/systemd",
	"/lib/systemd/system",
	"/usr",
	"/usr/bin",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Installed around the fuzzed file when bit 3 + i of the first byte is set:
 * a plain file, or a link when target is not "". */
static const struct {
	const char *path, *target;
} parts[] = {
	{ "/etc/init.d/sysfsutils", "" },
	{ "/etc/rc2.d/S01sysfsutils", "../init.d/sysfsutils" },
	{ "/lib/systemd/system/sysfsutils.service", "" },
	{ "/etc/systemd/system/multi-user.target.wants/sysfsutils.service", "x" },
	{ "/usr/bin/systemd-tmpfiles", "" },
};

static char root[64];

/* The scratch root goes when the fuzzer exits. */
static void drop_root(void)
{
	char p[160];
	size_t i;

	for (i = 0; i < N(parts); i++) {
		snprintf(p, sizeof(p), "%s%s", root, parts[i].path);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/etc/systemd/system/multi-user.target.wants/i915-vfs.service",
		 root);
	unlink(p);
	for (i = N(dirs); i-- > 0;) {
		snprintf(p, sizeof(p), "%s%s", root, dirs[i]);
		rmdir(p);
	}
	rmdir(root);
}

static int make_root(void)
{
	char p[160];
	size_t i;

	snprintf(root, sizeof(root), "%s/fuzz-vfs-boot-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root))
		return -1;
	for (i = 0; i < N(dirs); i++) {
		snprintf(p, sizeof(p), "%s%s", root, dirs[i]);
		mkdir(p, 0755);
	}
	atexit(drop_root);
	return 0;
}

/* The parts the first byte asks for, and nothing else. */
static int lay_out(uint8_t sel)
{
	char p[160];
	FILE *f;
	size_t i;

	for (i = 0; i < N(parts); i++) {
		snprintf(p, sizeof(p), "%s%s", root, parts[i].path);
		unlink(p);
		if (!(sel & (8u << i)))
			continue;
		if (parts[i].target[0]) {
			if (symlink(parts[i].target, p))
				return -1;
		} else if ((f = fopen(p, "w"))) {
			fclose(f);
		}
	}
	/* the hand-written unit is enabled along with sysfsutils' unit */
	snprintf(p, sizeof(p), "%s/etc/systemd/system/multi-user.target.wants/i915-vfs.service",
		 root);
	unlink(p);
	return (sel & 0x40) && symlink("x", p) ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host_vfs_boot b;
	const char *file;
	char p[160];
	FILE *f;

	if ((!root[0] && make_root()) || !size || lay_out(data[0]))
		return 0;
	file = files[(data[0] & 7) % N(files)];
	snprintf(p, sizeof(p), "%s%s", root, file);
	f = fopen(p, "w");
	if (!f)
		return 0;
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	host_vfs_boot_check(root, "0000:00:02.0", file, &b);
	if ((b.runs && !b.some_boots) == !!b.problem[0])
		abort();
	if (strnlen(b.problem, sizeof(b.problem)) == sizeof(b.problem) ||
	    strnlen(b.fix, sizeof(b.fix)) == sizeof(b.fix) ||
	    strnlen(b.evidence, sizeof(b.evidence)) == sizeof(b.evidence))
		abort();
	unlink(p);
	return 0;
}
