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
#include "host/host_igpu.h"
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

/*
 * The parameters the setup needs on every boot. i915's options are
 * modprobe.d's (the options step), but kmod puts the command line's
 * i915.* words after them, so one already on the line overrides them:
 * its value is made the right one ("?": only where the line has one).
 */
static void wanted_params(const struct setup_plan *p, char *buf, size_t size)
{
	char xe[256];

	snprintf(buf, size, "intel_iommu=on iommu=pt ?i915.enable_guc=3 ?i915.max_vfs=%u",
		 HOST_IGPU_MAX_VFS);
	/* xe would take the iGPU before i915 on kernels that have it */
	snprintf(xe, sizeof(xe), "/lib/modules/%s/kernel/drivers/gpu/drm/xe", p->release);
	if (p->release[0] && host_exists(p->o.root, xe))
		snprintf(buf + strlen(buf), size - strlen(buf), " module_blacklist=xe");
}

/*
 * /etc/kernel/cmdline: kernel-install reads the whole file, newlines as
 * spaces. A parameter the kernel would not keep takes the place of its
 * key's last occurrence, on whichever line; an absent one goes on the
 * first line.
 */
static char *edit_line(const char *text, const char *prefix, const char *wanted)
{
	char *cur = strdup(text ? text : ""), *out, missing[256] = "";
	const char *e;
	size_t outlen;

	(void)prefix;
	for (const char *w = wanted; cur && *w;) {
		size_t len = strcspn(w, " "), slen;
		char param[128], repl[256];
		const char *slot;

		snprintf(param, sizeof(param), "%.*s", (int)len, w);
		w += len + (w[len] == ' ');
		if (setup_params_have(cur, param, &slot, &slen))
			continue;
		if (!slot) {
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
				 "%s%s", missing[0] ? " " : "", param);
			continue;
		}
		out = setup_params_replacement(slot, slen, param, repl, sizeof(repl)) ?
			      NULL :
			      malloc(strlen(cur) + strlen(repl) + 1);
		if (out)
			sprintf(out, "%.*s%s%s", (int)(slot - cur), cur, repl, slot + slen);
		free(cur);
		cur = out;
	}
	if (!cur)
		return NULL;
	e = cur + strcspn(cur, "\n");
	{
		char *words = setup_params_merge(cur, (size_t)(e - cur), missing);

		outlen = strlen(cur) + (words ? strlen(words) : 0) + 2;
		out = words ? malloc(outlen) : NULL;
		if (out)
			snprintf(out, outlen, "%s%s%s", words, *e ? "" : "\n", e);
		free(words);
	}
	free(cur);
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

/*
 * proxmox-boot-tool (its refresh hook, run by `proxmox-boot-tool refresh`
 * and by every kernel and initramfs update) lays out each ESP listed in
 * /etc/kernel/proxmox-boot-uuids as systemd-boot or as GRUB. With GRUB it
 * runs update-grub with the ESP as /boot: the command line is
 * /etc/default/grub's (and grub.d's), as on any GRUB host. With
 * systemd-boot each entry's options are the first line of
 * /etc/kernel/cmdline only, and the hook stops, changing no ESP, when that
 * line has no root=. Which layout booted is lib/host's fact (pbt_grub).
 */
static int build_proxmox(struct setup_plan *p, struct setup_step *s, const char *wanted)
{
	const char *update = host_distro_cmdline_update(&p->distro);
	const char *text, *rest;
	char *first, *line, *out;
	size_t len, flen;
	int ret;

	if (p->distro.pbt_grub) {
		ret = setup_grub_edit(p, s, wanted);
		return !ret && s->nfile ? setup_step_cmd(s, update, update) : ret;
	}
	ret = setup_plan_read(p, "/etc/kernel/cmdline", &text, &len);
	if (ret)
		return ret;
	flen = text ? strcspn(text, "\n") : 0;
	first = text ? strndup(text, flen) : NULL;
	if (text && !first)
		return -ENOMEM;
	if (!first || !strstr(first, "root=")) {
		free(first);
		setup_step_reason(s, SETUP_USER,
				  "proxmox-boot-tool boots systemd-boot here and takes the command "
				  "line from the first line of /etc/kernel/cmdline, which %s: it "
				  "refuses to refresh the ESPs without root= there. Write your "
				  "root= (and the rest of /proc/cmdline but initrd=) on that line, "
				  "then run vfctl setup again.",
				  text ? "has no root=" : "does not exist");
		return 1;
	}
	line = edit_line(first, "", wanted);
	free(first);
	if (!line)
		return -ENOMEM;
	/* the lines after the first, which it does not read, stay as they are */
	rest = text + flen + (text[flen] == '\n');
	out = malloc(strlen(line) + strlen(rest) + 1);
	if (out)
		sprintf(out, "%s%s", line, rest);
	free(line);
	ret = out ? setup_step_write(p, s, "/etc/kernel/cmdline", out, 0644) : -ENOMEM;
	free(out);
	return !ret && s->nfile ? setup_step_cmd(s, update, update) : ret;
}

/*
 * The command line the next boot gets, where vfctl reads it: a word there
 * that keeps i915 or the iGPU's IOMMU off is the user's to take out
 * (setup_params_against()); vfctl would otherwise say done, or add its
 * words beside one that undoes them.
 *
 * Return: 1 when the step needs the user (reason set), 0, or an error.
 */
static int against(struct setup_plan *p, struct setup_step *s)
{
	const struct host_distro *d = &p->distro;
	char line[2100], why[600] = "";
	const char *text = NULL;
	size_t len;
	int ret = 0;
	bool found = false;

	switch (d->boot) {
	case HOST_BOOT_GRUB:
	case HOST_BOOT_PROXMOX:
	case HOST_BOOT_SYSTEMD_BOOT:
		if (d->boot == HOST_BOOT_GRUB && d->family == HOST_DISTRO_FEDORA) {
			ret = setup_bls_against(p, why, sizeof(why));
			found = ret == 1;
		} else if (d->boot == HOST_BOOT_GRUB || d->pbt_grub) {
			ret = setup_grub_line(p, line, sizeof(line));
			found = !ret && setup_params_against(line, why, sizeof(why));
		} else if (!strcmp(d->cmdline_file, "/etc/kernel/cmdline") ||
			   d->boot == HOST_BOOT_PROXMOX) {
			ret = setup_plan_read(p, "/etc/kernel/cmdline", &text, &len);
			/* proxmox-boot-tool reads only the first line */
			snprintf(line, sizeof(line), "%.*s",
				 d->boot == HOST_BOOT_PROXMOX && text ? (int)strcspn(text, "\n") :
									(int)sizeof(line),
				 text ? text : "");
			found = !ret && setup_params_against(line, why, sizeof(why));
		} else {
			ret = setup_bls_against(p, why, sizeof(why));
			found = ret == 1;
		}
		break;
	case HOST_BOOT_KERNELSTUB:
		ret = setup_kernelstub_against(p, why, sizeof(why));
		found = ret == 1;
		break;
	case HOST_BOOT_UNKNOWN:
		break;
	}
	if (ret < 0)
		return ret;
	if (!found)
		return 0;
	setup_step_reason(s, SETUP_USER, "%s (%s).", why, host_boot_loader_name(d->boot));
	return 1;
}

int setup_build_cmdline(struct setup_plan *p, struct setup_step *s)
{
	const struct host_distro *d = &p->distro;
	const char *update = host_distro_cmdline_update(d);
	char wanted[256], shown[256], add[512], del[512], regen[SETUP_CMD_MAX];
	bool exact = true;
	const char *text, *layout;
	size_t len;
	int ret = 0;

	wanted_params(p, wanted, sizeof(wanted));
	/* kernelstub adds what it is given: the "?" words only go where the
	 * present value is seen (files, and the entries grubby edits) */
	setup_params_shown(wanted, shown, sizeof(shown));
	s->reboot = true;
	ret = against(p, s);
	if (ret)
		return ret < 0 ? ret : 0;
	switch (d->boot) {
	case HOST_BOOT_GRUB:
		if (d->family == HOST_DISTRO_FEDORA) {
			/* grubby edits the BLS entries and the defaults together */
			ret = setup_bls_grubby(p, s, wanted, &exact);
			if (ret == 1)
				return 0;
			break;
		}
		ret = setup_grub_edit(p, s, wanted);
		if (!ret && s->nfile)
			ret = setup_step_cmd(s, update, update);
		break;
	case HOST_BOOT_PROXMOX:
		ret = build_proxmox(p, s, wanted);
		if (ret == 1)
			return 0;
		break;
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
		for (const char *w = shown; *w;) {
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
		host_distro_cmdline_add(d, shown, add, sizeof(add));
		setup_step_reason(s, SETUP_USER, "no known boot loader: %s.", add);
		return 0;
	}
	if (ret)
		return ret;
	/* which of its layouts, and so which file, the plan took */
	layout = d->boot != HOST_BOOT_PROXMOX ? "" :
		 d->pbt_grub		      ? " (GRUB on its ESPs: /etc/default/grub)" :
						" (systemd-boot on its ESPs: the first line of "
						"/etc/kernel/cmdline)";

	if (s->nfile || s->ncmd)
		setup_step_reason(s, SETUP_TODO, "%s%s will boot with %s%s.",
				  host_boot_loader_name(d->boot), layout, shown,
				  exact ? "" :
					  " (the entries differ: undo cannot give each its own "
					  "parameters back, grubby has no such command)");
	else
		setup_step_reason(s, SETUP_DONE, "%s%s already boots with %s.",
				  host_boot_loader_name(d->boot), layout, shown);
	return 0;
}
