// SPDX-License-Identifier: MIT
/*
 * Doctor context and the order of the checks (see host_doctor.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_doctor_internal.h"
#include "host/host_fs.h"
#include "host/host_module.h"

/* xe is the variant when the host is configured for it, not when xe merely
 * grabbed the PF (that is the i915 setup going wrong, see driver.bound). */
static enum host_igpu_driver variant_of(const struct host_doctor *d)
{
	char v[32];

	if (host_cmdline_find(&d->cmdline, "xe.max_vfs"))
		return HOST_IGPU_XE;
	if (host_cmdline_blacklists(&d->cmdline, "i915"))
		return HOST_IGPU_XE;
	if (!host_module_param(d->root, "xe", "max_vfs", v, sizeof(v)) && strtol(v, NULL, 0) > 0)
		return HOST_IGPU_XE;
	return HOST_IGPU_I915;
}

int host_doctor_load(struct host_doctor *d, const struct host_doctor_opts *o)
{
	memset(d, 0, sizeof(*d));
	d->o = *o;
	d->root = o->root && *o->root ? o->root : "/";
	d->pf = o->pf ? o->pf : HOST_PF_BDF;
	if (!d->o.width || !d->o.height) {
		d->o.width = 1920;
		d->o.height = 1080;
	}
	d->have_release = !host_release(d->root, d->release, sizeof(d->release));
	d->cmdline_err = host_cmdline_load(d->root, &d->cmdline);
	d->kconfig_err =
		host_kconfig_load(d->root, d->have_release ? d->release : NULL, &d->kconfig);
	d->klog_err = host_klog_load(d->root, o->dmesg, &d->klog);
	d->ident_err = host_pci_ident(d->root, d->pf, &d->ident);
	host_distro_detect(d->root, &d->distro);
	d->variant = variant_of(d);
	d->drv = host_igpu_driver_name(d->variant);
	if (!d->ident_err && d->ident.vendor == 0x8086)
		d->igpu = host_igpu_lookup(d->ident.device);
	if (d->cmdline_err == -ENOMEM || d->kconfig_err == -ENOMEM || d->klog_err == -ENOMEM) {
		host_doctor_free(d);
		return -ENOMEM;
	}
	return 0;
}

void host_doctor_free(struct host_doctor *d)
{
	host_cmdline_free(&d->cmdline);
	host_kconfig_free(&d->kconfig);
	host_klog_free(&d->klog);
}

/*
 * The groups of checks after the platform, in the order the guide takes the
 * steps: each name is also the id of its skip finding on an unsupported
 * machine, so the report has the same shape everywhere.
 */
static const struct {
	const char *name;
	void (*check)(struct host_doctor *d, struct host_report *r);
} groups[] = {
	{ "iommu", host_check_iommu },	     { "bios", host_check_bios },
	{ "cmdline", host_check_cmdline },   { "kconfig", host_check_kconfig },
	{ "firmware", host_check_firmware }, { "driver", host_check_driver },
	{ "vfs", host_check_vfs },	     { "kvmfr", host_check_kvmfr },
};

int host_doctor_run(const struct host_doctor_opts *o, struct host_report *r)
{
	struct host_doctor d;
	bool supported;
	size_t i;
	int ret;

	ret = host_doctor_load(&d, o);
	if (ret)
		return ret;
	supported = host_check_platform(&d, r);
	if (!supported)
		r->unsupported = true;
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (supported)
			groups[i].check(&d, r);
		else
			host_report_add(r, groups[i].name, HOST_SKIP,
					"Not checked: this machine has no supported Intel iGPU.");
	}
	host_check_dkms(&d, r); /* the driver's kernel range holds on any machine */
	host_doctor_free(&d);
	return 0;
}

const struct host_cmdline_param *doctor_nomodeset(const struct host_doctor *d)
{
	const struct host_cmdline_param *m = host_cmdline_find(&d->cmdline, "i915.modeset");
	int modeset;

	if (d->variant == HOST_IGPU_I915 && m && !host_cmdline_int(m->value, &modeset) &&
	    modeset != 0 && modeset != -1)
		return NULL;
	return host_cmdline_nomodeset(&d->cmdline);
}

const struct host_cmdline_param *doctor_initcall_blacklisted(const struct host_doctor *d, char *fn,
							     size_t size)
{
	snprintf(fn, size, "%s_init", d->drv);
	return host_cmdline_initcall_blacklisted(&d->cmdline, fn);
}

void doctor_hint_cmdline_add(const struct host_doctor *d, struct host_finding *f, const char *param)
{
	char cmd[1024];

	host_distro_cmdline_add(&d->distro, param, cmd, sizeof(cmd));
	host_finding_hint(f, "%s", cmd);
}

void doctor_hint_cmdline_replace(const struct host_doctor *d, struct host_finding *f,
				 const char *from, const char *to)
{
	char cmd[1024];

	host_distro_cmdline_replace(&d->distro, from, to, cmd, sizeof(cmd));
	host_finding_hint(f, "%s", cmd);
}

void doctor_hint_install(const struct host_doctor *d, struct host_finding *f, enum host_pkg p,
			 const char *then)
{
	char cmd[512];

	host_distro_install(&d->distro, p, cmd, sizeof(cmd));
	host_finding_hint(f, "%s%s%s", cmd, then && *then ? " && " : "", then ? then : "");
}

int doctor_pf_attr(const struct host_doctor *d, const char *attr, char *buf, size_t size)
{
	char p[256];

	host_pci_attr_path(d->pf, attr, p, sizeof(p));
	return host_read_line(d->root, p, buf, size);
}

void doctor_log_evidence(const struct host_doctor *d, struct host_finding *f, long idx,
			 const char *what)
{
	if (idx >= 0)
		host_finding_evidence(f, "%s: \"%s\"", d->klog.source, d->klog.l[idx].text);
	else
		host_finding_evidence(f, "%s: no \"%s\"", d->klog.source, what);
}

void doctor_skip_no_log(const struct host_doctor *d, struct host_report *r, const char *id)
{
	struct host_finding *f;

	f = host_report_add(r, id, HOST_SKIP, "The kernel log could not be read (%s).",
			    strerror(-d->klog_err));
	host_finding_hint(f, "run as root, or save the log with 'dmesg > dmesg.txt' and pass "
			     "--dmesg dmesg.txt");
}

long doctor_db_id(const char *root, const char *db, const char *name)
{
	char *text, *line, *save = NULL;
	size_t n = strlen(name);
	long gid = -1;

	if (host_read(root, db, &text, NULL))
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p;

		/* name:x:id:... in both /etc/group and /etc/passwd */
		if (strncmp(line, name, n) || line[n] != ':')
			continue;
		p = strchr(line + n + 1, ':');
		if (p) {
			char *end;

			gid = strtol(p + 1, &end, 10);
			if (end == p + 1 || (*end && *end != ':'))
				gid = -1;
		}
		break;
	}
	free(text);
	return gid;
}

long doctor_gid(const char *root, const char *name)
{
	return doctor_db_id(root, "/etc/group", name);
}
