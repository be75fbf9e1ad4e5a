// SPDX-License-Identifier: MIT
/*
 * kvmfr, the Looking Glass shared memory: its size from the resolutions
 * (lib/vm's formula), loaded at boot, /dev/kvmfr0 for QEMU's group, listed
 * in libvirt's device cgroup, and allowed by AppArmor where AppArmor
 * confines libvirt's QEMU.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "setup/setup_steps.h"
#include "vm/vm_qemu_conf.h"
#include "vm/vm_shm.h"

#define KVMFR_OPTIONS "/etc/modprobe.d/kvmfr.conf"
#define KVMFR_LOAD "/etc/modules-load.d/kvmfr.conf"
#define KVMFR_UDEV "/etc/udev/rules.d/70-kvmfr.rules"
#define APPARMOR_ABSTRACTION "/etc/apparmor.d/abstractions/libvirt-qemu"
#define APPARMOR_LOCAL "/etc/apparmor.d/local/abstractions/libvirt-qemu"

/* libvirt's built-in cgroup_device_acl, and kvmfr0 */
#define ACL_LINE                                                                               \
	"cgroup_device_acl = [ \"/dev/null\", \"/dev/full\", \"/dev/zero\", \"/dev/random\", " \
	"\"/dev/urandom\", \"/dev/ptmx\", \"/dev/kvm\", \"/dev/kvmfr0\" ]\n"

/* "group = ..." of qemu.conf, else the distribution's QEMU group. */
static void qemu_group(const char *conf, const struct host_distro *d, char *buf, size_t size)
{
	snprintf(buf, size, "%s", host_distro_qemu_group(d));
	for (const char *l = conf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *v;

		if (strncmp(l, "group", 5))
			continue;
		v = l + 5;
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v++ != '=')
			continue;
		while (*v == ' ' || *v == '\t' || *v == '"')
			v++;
		if (*v && *v != '\n')
			snprintf(buf, size, "%.*s", (int)strcspn(v, "\"\n \t"), v);
	}
}

/* qemu.conf with /dev/kvmfr0 in cgroup_device_acl; malloc'ed or NULL. */
static char *acl_add(const char *text)
{
	const char *close = NULL;
	int has = vm_qemu_conf_acl_find(text, "/dev/kvmfr0", &close);
	char *out;

	if (has == 1)
		return strdup(text);
	if (has == -ENOENT)
		return setup_text_block(text, "kvmfr", 50, ACL_LINE);
	if (has == 0 && close) {
		/* the user's list, the setting libvirt obeys: kvmfr before its ']' */
		out = malloc(strlen(text) + 32);
		if (out)
			sprintf(out, "%.*s, \"/dev/kvmfr0\" %s", (int)(close - text), text, close);
		return out;
	}
	return NULL;
}

int setup_build_kvmfr(struct setup_plan *p, struct setup_step *s)
{
	unsigned int w = 1920, h = 1080;
	char text[512], group[64];
	const char *conf;
	size_t len;
	uint64_t mib;
	int ret;

	for (unsigned int i = 0; i < p->o.nres; i++)
		if ((uint64_t)p->o.res[i].width * p->o.res[i].height > (uint64_t)w * h || !i) {
			w = p->o.res[i].width;
			h = p->o.res[i].height;
		}
	mib = vm_shm_size_mib(w, h, false);
	snprintf(text, sizeof(text),
		 "# Written by vfctl setup: Looking Glass at %ux%u needs %llu MiB.\n"
		 "options kvmfr static_size_mb=%llu\n",
		 w, h, (unsigned long long)mib, (unsigned long long)mib);
	ret = setup_step_write(p, s, KVMFR_OPTIONS, text, 0644);
	if (!ret)
		ret = setup_step_write(p, s, KVMFR_LOAD,
				       "# Written by vfctl setup: Looking Glass shared memory.\n"
				       "kvmfr\n",
				       0644);
	if (ret)
		return ret;
	ret = setup_plan_read(p, VM_QEMU_CONF_PATH, &conf, &len);
	if (ret)
		return ret;
	qemu_group(conf, &p->distro, group, sizeof(group));
	/* GROUP and MODE only: systemd 258 ignores a rule whose OWNER is not a system user */
	snprintf(text, sizeof(text),
		 "# Written by vfctl setup: QEMU (group %s) opens the Looking Glass memory.\n"
		 "SUBSYSTEM==\"kvmfr\", GROUP=\"%s\", MODE=\"0660\"\n",
		 group, group);
	ret = setup_step_write(p, s, KVMFR_UDEV, text, 0644);
	if (!ret && conf) {
		char *out = acl_add(conf);

		if (!out)
			return -ENOMEM;
		ret = setup_step_write(p, s, VM_QEMU_CONF_PATH, out, 0600);
		free(out);
	}
	if (!ret && host_exists(p->o.root, APPARMOR_ABSTRACTION)) {
		const char *local;
		char *out;

		ret = setup_plan_read(p, APPARMOR_LOCAL, &local, &len);
		if (ret)
			return ret;
		out = setup_text_block(local, "kvmfr", 50, "/dev/kvmfr0 rw,\n");
		if (!out)
			return -ENOMEM;
		ret = setup_step_write(p, s, APPARMOR_LOCAL, out, 0644);
		free(out);
	}
	if (ret)
		return ret;
	s->reboot = true;
	setup_step_reason(
		s, s->nfile ? SETUP_TODO : SETUP_DONE,
		"kvmfr with static_size_mb=%llu for %ux%u, /dev/kvmfr0 0660 group %s%s%s.",
		(unsigned long long)mib, w, h, group,
		conf ? ", in libvirt's cgroup_device_acl" : "",
		host_exists(p->o.root, APPARMOR_ABSTRACTION) ? ", allowed by AppArmor" : "");
	return 0;
}
