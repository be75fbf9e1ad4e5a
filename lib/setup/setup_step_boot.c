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

/* Whether a word list holds @param exactly; *slot gets a word with its key. */
static bool words_have(const char *words, const char *param, const char **slot, size_t *slen)
{
	size_t kl = strcspn(param, "="), pl = strlen(param);

	*slot = NULL;
	for (const char *w = words; *w;) {
		size_t len;

		while (*w == ' ' || *w == '\t')
			w++;
		len = strcspn(w, " \t");
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

/* @words with every wanted parameter added or its value replaced; malloc'ed. */
static char *merge_params(const char *words, size_t wlen, const char *wanted)
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
		if (words_have(cur, param, &slot, &slen))
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
	words = merge_params(v, (size_t)(ve - v), wanted);
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

/* The first line of /etc/kernel/cmdline, or an "options" line of a loader entry. */
static char *edit_line(const char *text, const char *prefix, const char *wanted)
{
	const char *t = text ? text : "", *l = t, *e;
	size_t pl = strlen(prefix);
	char *words, *out;
	size_t outlen;

	if (pl) {
		for (l = t; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
			if (!strncmp(l, prefix, pl) && (l[pl] == ' ' || l[pl] == '\t'))
				break;
		if (!*l)
			return strdup(t); /* an entry without options is left alone */
		l += pl;
		while (*l == ' ' || *l == '\t')
			l++;
	}
	e = l + strcspn(l, "\n");
	words = merge_params(l, (size_t)(e - l), wanted);
	if (!words)
		return NULL;
	outlen = strlen(t) + strlen(words) + 2;
	out = malloc(outlen);
	if (out)
		snprintf(out, outlen, "%.*s%s%s%s", (int)(l - t), t, words, *e ? "" : "\n", e);
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

/* systemd-boot without /etc/kernel/cmdline: every loader entry's options. */
static int edit_entries(struct setup_plan *p, struct setup_step *s, const char *wanted)
{
	static const char *const dirs[] = { "/boot/loader/entries", "/boot/efi/loader/entries",
					    "/efi/loader/entries" };
	char dir[HOST_PATH_MAX], path[SETUP_PATH_MAX];
	struct dirent **list;
	int ret = 0;

	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		int n;

		host_path(p->o.root, dirs[d], dir, sizeof(dir));
		n = scandir(dir, &list, NULL, alphasort);
		for (int i = 0; i < n; i++) {
			size_t l = strlen(list[i]->d_name);

			if (!ret && l > 5 && !strcmp(list[i]->d_name + l - 5, ".conf")) {
				snprintf(path, sizeof(path), "%s/%s", dirs[d], list[i]->d_name);
				ret = edit_file(p, s, path, edit_line, "options", wanted);
			}
			free(list[i]);
		}
		if (n >= 0)
			free(list);
	}
	return ret;
}

int setup_build_cmdline(struct setup_plan *p, struct setup_step *s)
{
	const struct host_distro *d = &p->distro;
	const char *update = host_distro_cmdline_update(d);
	char wanted[256], add[512], del[512];
	const char *text;
	size_t len;
	int ret = 0;

	wanted_params(p, wanted, sizeof(wanted));
	s->reboot = true;
	switch (d->boot) {
	case HOST_BOOT_GRUB:
		if (d->family == HOST_DISTRO_FEDORA) {
			/* grubby edits the BLS entries and the defaults together */
			ret = edit_entries(p, s, wanted);
			for (unsigned int i = 0; i < s->nfile; i++) {
				free(s->file[i].old);
				free(s->file[i].new);
			}
			if (!ret && s->nfile) {
				s->nfile = 0;
				snprintf(add, sizeof(add),
					 "grubby --update-kernel=ALL --args=\"%s\"", wanted);
				snprintf(del, sizeof(del),
					 "grubby --update-kernel=ALL --remove-args=\"%s\"", wanted);
				ret = setup_step_cmd(s, add, del);
			}
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
				ret = setup_step_cmd(s, update, update);
		} else {
			ret = edit_entries(p, s, wanted);
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
		setup_step_reason(s, SETUP_TODO, "%s will boot with %s.",
				  host_boot_loader_name(d->boot), wanted);
	else
		setup_step_reason(s, SETUP_DONE, "%s already boots with %s.",
				  host_boot_loader_name(d->boot), wanted);
	return 0;
}
