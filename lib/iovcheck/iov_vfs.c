// SPDX-License-Identifier: MIT
/*
 * VF PCI functions and the kernel log (see iov_vfs.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iovcheck/iov_vfs.h"

__attribute__((format(printf, 3, 4))) static void rel_path(char *buf, size_t size, const char *fmt,
							   ...);

static void rel_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* The first problem's errno, every problem reported. */
static int keep(int ret, int err)
{
	return ret ? ret : err;
}

/* A hex ID attribute, "0x8086" or "a780". */
static int read_hex(const struct iov_dev *dev, const char *path, unsigned long *val)
{
	char line[32], *end;
	int err;

	err = host_read_line(dev->root, path, line, sizeof(line));
	if (err)
		return err;
	errno = 0;
	*val = strtoul(line, &end, 16);
	return errno || end == line || *end ? -EINVAL : 0;
}

struct bdf {
	unsigned int domain, bus, devfn;
};

static bool parse_bdf(const char *s, struct bdf *b)
{
	unsigned int dev, fn;
	char tail;

	if (sscanf(s, "%x:%x:%x.%x%c", &b->domain, &b->bus, &dev, &fn, &tail) != 4 ||
	    b->bus > 0xff || dev > 0x1f || fn > 7)
		return false;
	b->devfn = dev << 3 | fn;
	return true;
}

static int check_vf(const struct iov_dev *dev, unsigned int n, const char *want,
		    unsigned long vendor, unsigned long vf_device, struct iov_report *r)
{
	char path[HOST_PATH_MAX], name[64], prelim[64];
	unsigned long v, d;
	int err, ret = 0;

	rel_path(path, sizeof(path), "%s/device/virtfn%u", dev->card, n - 1);
	err = host_link_name(dev->root, path, name, sizeof(name));
	if (err)
		return iov_report_add(r, -ESRCH, "VF%u: no virtfn%u link (%s)", n, n - 1,
				      strerror(-err));
	if (strcmp(name, want))
		ret = iov_report_add(r, -EDOM,
				     "VF%u is %s; the PF's offset and stride place it at %s", n,
				     name, want);
	rel_path(path, sizeof(path), "%s/device/virtfn%u/vendor", dev->card, n - 1);
	err = read_hex(dev, path, &v);
	rel_path(path, sizeof(path), "%s/device/virtfn%u/device", dev->card, n - 1);
	if (!err)
		err = read_hex(dev, path, &d);
	if (err)
		ret = keep(ret, iov_report_add(r, err, "VF%u: cannot read its IDs (%s)", n,
					       strerror(-err)));
	else if (v != vendor || d != vf_device)
		ret = keep(ret, iov_report_add(r, -EDOM, "VF%u is %04lx:%04lx, not %04lx:%04lx", n,
					       v, d, vendor, vf_device));
	rel_path(path, sizeof(path), "%s/prelim_iov/vf%u/device", dev->card, n);
	err = host_link_name(dev->root, path, prelim, sizeof(prelim));
	if (err || strcmp(prelim, name))
		ret = keep(ret, iov_report_add(r, -EDOM, "prelim_iov/vf%u/device %s %s", n,
					       err ? "is missing, not" : "does not name", name));
	return ret;
}

int iov_check_vf_functions(const struct iov_dev *dev, unsigned int num_vfs, struct iov_report *r)
{
	unsigned long vendor, vf_device;
	uint64_t total, offset, stride;
	char path[HOST_PATH_MAX], pf[64], want[64];
	unsigned int n, rid;
	struct bdf b;
	int err, ret = 0;

	rel_path(path, sizeof(path), "%s/device", dev->card);
	err = host_link_name(dev->root, path, pf, sizeof(pf));
	if (err)
		return iov_report_add(r, err, "cannot resolve the PF's PCI function (%s)",
				      strerror(-err));
	if (!parse_bdf(pf, &b))
		return iov_report_add(r, -EINVAL, "the PF's address %s is not a PCI address", pf);
	err = iov_read_u64(dev, "device/sriov_totalvfs", &total);
	if (!err)
		err = iov_read_u64(dev, "device/sriov_offset", &offset);
	if (!err)
		err = iov_read_u64(dev, "device/sriov_stride", &stride);
	rel_path(path, sizeof(path), "%s/device/vendor", dev->card);
	if (!err)
		err = read_hex(dev, path, &vendor);
	rel_path(path, sizeof(path), "%s/device/sriov_vf_device", dev->card);
	if (!err)
		err = read_hex(dev, path, &vf_device);
	if (err)
		return iov_report_add(r, err, "cannot read the PF's SR-IOV capability (%s)",
				      strerror(-err));
	if (num_vfs > total)
		return iov_report_add(r, -EINVAL, "%u VFs asked, the PF has %llu", num_vfs,
				      (unsigned long long)total);

	for (n = 1; n <= total; n++) {
		if (n <= num_vfs) {
			rid = (b.bus << 8 | b.devfn) + (unsigned int)offset +
			      (n - 1) * (unsigned int)stride;
			snprintf(want, sizeof(want), "%04x:%02x:%02x.%x", b.domain,
				 (rid >> 8) & 0xff, (rid >> 3) & 0x1f, rid & 7);
			ret = keep(ret, check_vf(dev, n, want, vendor, vf_device, r));
			continue;
		}
		rel_path(path, sizeof(path), "%s/device/virtfn%u", dev->card, n - 1);
		if (host_link_name(dev->root, path, want, sizeof(want)) != -ENOENT)
			ret = keep(ret, iov_report_add(r, -ENOTEMPTY,
						       "VF%u still exists with %u VFs enabled", n,
						       num_vfs));
		rel_path(path, sizeof(path), "%s/prelim_iov/vf%u/device", dev->card, n);
		if (host_link_name(dev->root, path, want, sizeof(want)) != -ENOENT)
			ret = keep(ret, iov_report_add(r, -ENOTEMPTY,
						       "prelim_iov/vf%u/device still exists", n));
	}
	return ret;
}

static const char *const klog_markers[] = {
	"Failed to enable",
	"Failed to auto provision",
	"PF aborted",
	"Initialization failed",
	"Can't disable",
	"wedged",
	"WARNING:",
	"BUG:",
	"Oops",
	"Call Trace",
};

static bool has(const char *line, size_t len, const char *needle)
{
	return memmem(line, len, needle, strlen(needle)) != NULL;
}

int iov_klog_scan(const char *text, size_t len, struct iov_report *r)
{
	const char *p = text, *end = text + len;
	int ret = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end, *msg = p, *semi;
		int prio = -1;
		unsigned int i;
		bool bad;

		/* kmsg: "PRIO,SEQ,USEC,FLAGS;message"; continuation lines start with ' ' */
		semi = memchr(p, ';', (size_t)(stop - p));
		if (*p >= '0' && *p <= '9' && semi && memchr(p, ',', (size_t)(semi - p))) {
			prio = (int)(strtol(p, NULL, 10) & 7);
			msg = semi + 1;
		}
		bad = *p != ' ' && prio >= 0 && prio <= 3 && has(msg, (size_t)(stop - msg), "i915");
		for (i = 0; !bad && *p != ' ' && i < sizeof(klog_markers) / sizeof(klog_markers[0]);
		     i++)
			bad = has(msg, (size_t)(stop - msg), klog_markers[i]);
		if (bad)
			ret = iov_report_add(r, -EIO, "kernel: %.*s", (int)(stop - msg), msg);
		p = nl ? nl + 1 : end;
	}
	return ret;
}
