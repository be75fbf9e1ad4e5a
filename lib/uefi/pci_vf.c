// SPDX-License-Identifier: MIT
/*
 * VF IDs from sysfs. The PF's sriov_vf_device attribute (Linux 5.x+) gives
 * the VF device ID even before VFs are enabled; virtfn0/device is the
 * fallback for enabled VFs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "uefi/pci_vf.h"

static int read_hex16(const char *root, const char *pf, const char *attr, uint16_t *val)
{
	char path[512], buf[32], *end;
	unsigned long v;
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/%s", root, pf, attr);
	f = fopen(path, "r");
	if (!f)
		return -ENOENT;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -EINVAL;
	}
	fclose(f);
	v = strtoul(buf, &end, 16);
	if (end == buf || v > 0xFFFF || (*end && *end != '\n'))
		return -EINVAL;
	*val = (uint16_t)v;
	return 0;
}

int pci_vf_ids(const char *root, const char *pf, uint16_t *vendor, uint16_t *device)
{
	int ret = read_hex16(root, pf, "vendor", vendor);

	if (ret)
		return ret;
	ret = read_hex16(root, pf, "sriov_vf_device", device);
	if (ret == -ENOENT)
		ret = read_hex16(root, pf, "virtfn0/device", device);
	return ret;
}
