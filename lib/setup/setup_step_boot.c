// SPDX-License-Identifier: MIT
/*
 * The first steps of the guide: what only the user can do in the BIOS, and
 * the kernel command line through the host's own boot loader (detected by
 * lib/host/host_distro, whose regeneration commands are used as they are).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "setup/setup_steps.h"

int setup_build_bios(struct setup_plan *p, struct setup_step *s)
{
	char path[128];
	uint64_t total = 0;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", p->pf);
	if (!host_exists(p->o.root, path)) {
		setup_step_reason(s, SETUP_USER,
				  "there is no PCI device %s: enable the iGPU in the BIOS (iGPU "
				  "multi-monitor off) or pass its address with --pf.",
				  p->pf);
		return 0;
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/sriov_totalvfs", p->pf);
	if (host_read_u64(p->o.root, path, &total) || !total) {
		setup_step_reason(s, SETUP_USER,
				  "%s offers no SR-IOV VFs: set SR-IOV = Enabled (and Above 4G "
				  "Decoding) in the BIOS.",
				  p->pf);
		return 0;
	}
	if (!host_exists(p->o.root, "/sys/firmware/acpi/tables/DMAR")) {
		setup_step_reason(s, SETUP_USER,
				  "the firmware describes no IOMMU (no ACPI DMAR table): set VT-d "
				  "= Enabled and VMX = Enabled in the BIOS.");
		return 0;
	}
	setup_step_reason(s, SETUP_DONE, "%s offers %llu VFs and the firmware has VT-d (DMAR).",
			  p->pf, (unsigned long long)total);
	return 0;
}

/* The parameters the setup needs on every boot. */
static void wanted_params(const struct setup_plan *p, char *buf, size_t size)
{
	char xe[256];

	snprintf(buf, size, "intel_iommu=on iommu=pt");
	/* xe would take the iGPU before i915 on kernels that have it */
	snprintf(xe, sizeof(xe), "/lib/modules/%s/kernel/drivers/gpu/drm/xe", p->release);
	if (p->release[0] && host_exists(p->o.root, xe))
		snprintf(buf + strlen(buf), size - strlen(buf), " module_blacklist=xe");
}

bool setup_params_have(const char *words, const char *param, const char **slot, size_t *slen)
{
	size_t kl = strcspn(param, "="), pl = strlen(param);

	*slot = NULL;
	for (const char *w = words; *w;) {
		size_t len;

		while (*w == ' ' || *w == '\t' || *w == '\n')
			w++;
		len = strcspn(w, " \t\n");
		if (!len)
			break;
		if (len == pl && !strncmp(w, param, pl))
			return true;
		if (len >= kl && !strncmp(w, param, kl) && (w[kl] == '=' || len == kl)) {
			*slot = w;
			*slen = len;
		}
		w += len;
	}
	return false;
}

char *setup_params_merge(const char *words, size_t wlen, const char *wanted)
{
	char *cur = malloc(wlen + strlen(wanted) * 2 + 2);

	if (!cur)
		return NULL;
	memcpy(cur, words, wlen);
	cur[wlen] = '\0';
	for (const char *w = wanted; *w;) {
		char param[128], *tmp;
		const char *slot;
		size_t len = strcspn(w, " "), slen = 0;

		snprintf(param, sizeof(param), "%.*s", (int)len, w);
		w += len + (w[len] == ' ');
		if (setup_params_have(cur, param, &slot, &slen))
			continue;
		tmp = malloc(strlen(cur) + strlen(param) * 2 + 2);
		if (!tmp) {
			free(cur);
			return NULL;
		}
		if (slot) {
			size_t at = (size_t)(slot - cur);

			snprintf(tmp, strlen(cur) + strlen(param) + 2, "%.*s%s%s", (int)at, cur,
				 param, cur + at + slen);
		} else {
			sprintf(tmp, "%s%s%s", cur, cur[0] ? " " : "", param);
		}
		free(cur);
		cur = tmp;
	}
	return cur;
}

/*
 * /etc/default/grub: the last GRUB_CMDLINE_LINUX_DEFAULT= line gets the
 * parameters (update-grub reads it as shell, so the last one wins).
 */
static char *edit_default_grub(const char *text, const char *wanted)
{
	static const char key[] = "GRUB_CMDLINE_LINUX_DEFAULT=";
	const char *t = text ? text : "", *line = NULL, *v, *ve, *e;
	char *words, *out;
	size_t outlen;
	char q = '"';

	for (const char *l = t; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
		const char *s = l;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!strncmp(s, key, sizeof(key) - 1))
			line = s;
	}
	if (!line) {
		size_t n = strlen(t);

		out = malloc(n + strlen(wanted) + sizeof(key) + 8);
		if (out)
			sprintf(out, "%s%s%s\"%s\"\n", t, n && t[n - 1] != '\n' ? "\n" : "", key,
				wanted);
		return out;
	}
	v = line + sizeof(key) - 1;
	e = v + strcspn(v, "\n");
	if (*v == '"' || *v == '\'') {
		q = *v++;
		ve = memchr(v, q, (size_t)(e - v));
		if (!ve)
			ve = e;
	} else {
		ve = v + strcspn(v, " \t\n#");
	}
	words = setup_params_merge(v, (size_t)(ve - v), wanted);
	if (!words)
		return NULL;
	outlen = strlen(t) + strlen(words) + 8;
	out = malloc(outlen);
	if (out)
		snprintf(out, outlen, "%.*s%s%c%s%c%s", (int)(line - t), t, key, q, words, q,
			 ve < e && *ve == q ? ve + 1 : ve);
	free(words);
	return out;
}

/*
 * /etc/kernel/cmdline: kernel-install reads the whole file, newlines as
 * spaces. A parameter found anywhere in it is kept where it is; the others
 * go on the first line.
 */
static char *edit_line(const char *text, const char *prefix, const char *wanted)
{
	const char *t = text ? text : "", *e = t + strcspn(t, "\n");
	char *words, *out, missing[256] = "";
	size_t outlen;

	(void)prefix;
	for (const char *w = wanted; *w;) {
		size_t len = strcspn(w, " ");
		char param[128];
		const char *slot;
		size_t slen;

		snprintf(param, sizeof(param), "%.*s", (int)len, w);
		w += len + (w[len] == ' ');
		if (!setup_params_have(t, param, &slot, &slen))
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
				 "%s%s", missing[0] ? " " : "", param);
	}
	words = setup_params_merge(t, (size_t)(e - t), missing);
	if (!words)
		return NULL;
	outlen = strlen(t) + strlen(words) + 2;
	out = malloc(outlen);
	if (out)
		snprintf(out, outlen, "%s%s%s", words, *e ? "" : "\n", e);
	free(words);
	return out;
}

static int edit_file(struct setup_plan *p, struct setup_step *s, const char *path,
		     char *(*edit)(const char *, const char *, const char *), const char *prefix,
		     const char *wanted)
{
	const char *text;
	size_t len;
	char *out;
	int ret;

	ret = setup_plan_read(p, path, &text, &len);
	if (ret)
		return ret;
	out = edit(text, prefix, wanted);
	if (!out)
		return -ENOMEM;
	ret = setup_step_write(p, s, path, out, 0644);
	free(out);
	return ret;
}

static char *edit_grub(const char *text, const char *prefix, const char *wanted)
{
	(void)prefix;
	return edit_default_grub(text, wanted);
}

/*
 * What applies /etc/kernel/cmdline. kernel-install is given the root's own
 * kernel (the release of --root, not of the machine running vfctl) and its
 * image where the distribution keeps it: /lib/modules/REL/vmlinuz (Fedora,
 * Arch) or /boot/vmlinuz-REL (Debian, Ubuntu).
 */
static const char *regenerate(const struct setup_plan *p, char *buf, size_t size)
{
	const char *update = host_distro_cmdline_update(&p->distro);
	char image[300];

	if (strncmp(update, "kernel-install add ", 19) || !p->release[0])
		return update;
	snprintf(image, sizeof(image), "/lib/modules/%s/vmlinuz", p->release);
	if (!host_exists(p->o.root, image))
		snprintf(image, sizeof(image), "/boot/vmlinuz-%s", p->release);
	snprintf(buf, size, "kernel-install add '%s' '%s'", p->release, image);
	return buf;
}

int setup_build_cmdline(struct setup_plan *p, struct setup_step *s)
{
	const struct host_distro *d = &p->distro;
	const char *update = host_distro_cmdline_update(d);
	char wanted[256], add[512], del[512], regen[SETUP_CMD_MAX];
	bool exact = true;
	const char *text;
	size_t len;
	int ret = 0;

	wanted_params(p, wanted, sizeof(wanted));
	s->reboot = true;
	switch (d->boot) {
	case HOST_BOOT_GRUB:
		if (d->family == HOST_DISTRO_FEDORA) {
			/* grubby edits the BLS entries and the defaults together */
			ret = setup_bls_grubby(p, s, wanted, &exact);
			if (ret == 1)
				return 0;
			break;
		}
		ret = edit_file(p, s, "/etc/default/grub", edit_grub, "", wanted);
		if (!ret && s->nfile)
			ret = setup_step_cmd(s, update, update);
		break;
	case HOST_BOOT_PROXMOX:
	case HOST_BOOT_SYSTEMD_BOOT:
		if (!strcmp(d->cmdline_file, "/etc/kernel/cmdline")) {
			ret = edit_file(p, s, "/etc/kernel/cmdline", edit_line, "", wanted);
			if (!ret && s->nfile)
				ret = setup_step_cmd(s, regenerate(p, regen, sizeof(regen)),
						     regenerate(p, regen, sizeof(regen)));
		} else {
			ret = setup_bls_edit_entries(p, s, wanted);
		}
		break;
	case HOST_BOOT_KERNELSTUB:
		ret = setup_plan_read(p, "/etc/kernelstub/configuration", &text, &len);
		if (ret)
			return ret;
		add[0] = del[0] = '\0';
		for (const char *w = wanted; *w;) {
			size_t l = strcspn(w, " ");
			char q[160];

			snprintf(q, sizeof(q), "\"%.*s\"", (int)l, w);
			if (!text || !strstr(text, q)) {
				snprintf(add + strlen(add), sizeof(add) - strlen(add), " -a %.*s",
					 (int)l, w);
				snprintf(del + strlen(del), sizeof(del) - strlen(del), " -d %.*s",
					 (int)l, w);
			}
			w += l + (w[l] == ' ');
		}
		if (add[0]) {
			char run[600], undo[600];

			snprintf(run, sizeof(run), "kernelstub%s", add);
			snprintf(undo, sizeof(undo), "kernelstub%s", del);
			ret = setup_step_cmd(s, run, undo);
		}
		break;
	case HOST_BOOT_UNKNOWN:
		host_distro_cmdline_add(d, wanted, add, sizeof(add));
		setup_step_reason(s, SETUP_USER, "no known boot loader: %s.", add);
		return 0;
	}
	if (ret)
		return ret;
	if (s->nfile || s->ncmd)
		setup_step_reason(s, SETUP_TODO, "%s will boot with %s%s.",
				  host_boot_loader_name(d->boot), wanted,
				  exact ? "" :
					  " (the entries differ: undo cannot give each its own "
					  "parameters back, grubby has no such command)");
	else
		setup_step_reason(s, SETUP_DONE, "%s already boots with %s.",
				  host_boot_loader_name(d->boot), wanted);
	return 0;
}
