// SPDX-License-Identifier: MIT
/*
 * VFs at boot and their binding to vfio-pci, with whichever mechanism the
 * host runs: sysfsutils (/etc/sysfs.conf, as the guide does it) when it is
 * installed, else udev rules. Either way the order is the same: the PF
 * stops probing drivers for its VFs, the VFs are created, each VF gets
 * driver_override=vfio-pci and is probed, so no host driver ever takes one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_vfs.h"
#include "setup/setup_steps.h"

#define SYSFS_CONF "/etc/sysfs.conf"
#define UDEV_VFS "/etc/udev/rules.d/60-vfctl-sriov.rules"
#define UDEV_AUTOPROBE "/etc/udev/rules.d/59-vfctl-vfio.rules"
#define UDEV_VFIO "/etc/udev/rules.d/61-vfctl-vfio.rules"
#define MODULES_VFIO "/etc/modules-load.d/vfctl-vfio.conf"
/* no-autoprobe as a tmpfiles line: systemd-tmpfiles applies the files in
 * name order, so this one comes before a user's line that creates the VFs */
#define TMPFILES_AUTOPROBE_NAME "00-vfctl-vfio-autoprobe.conf"
#define TMPFILES_AUTOPROBE "/etc/tmpfiles.d/" TMPFILES_AUTOPROBE_NAME

static bool has_sysfsutils(const char *root)
{
	return host_exists(root, "/etc/init.d/sysfsutils") ||
	       host_exists(root, "/lib/systemd/system/sysfsutils.service") ||
	       host_exists(root, "/usr/lib/systemd/system/sysfsutils.service");
}

/* Set (body) or take out (NULL) one vfctl block of /etc/sysfs.conf. */
static int sysfs_block(struct setup_plan *p, struct setup_step *s, const char *name, int rank,
		       const char *body)
{
	const char *text;
	size_t len;
	char *out;
	int ret;

	ret = setup_plan_read(p, SYSFS_CONF, &text, &len);
	if (ret)
		return ret;
	out = setup_text_block(text, name, rank, body);
	if (!out)
		return -ENOMEM;
	ret = setup_step_write(p, s, SYSFS_CONF, out, 0644);
	free(out);
	return ret;
}

/*
 * The user's own lines of /etc/sysfs.conf that create the PF's VFs (the
 * guide's "devices/pci0000:00/0000:00:02.0/sriov_numvfs = 7", outside
 * vfctl's blocks): the offset of the first one's start and of the last
 * one's end, and the first one's line number. sysfsutils writes the lines
 * in file order, so no-autoprobe must come before them and the vfio-pci
 * bindings after them.
 */
static bool user_numvfs(const char *text, const char *pf, size_t *first, size_t *last,
			unsigned int *lineno)
{
	bool found = false, in_block = false;
	unsigned int n = 0;

	for (const char *l = text ? text : ""; *l;) {
		size_t len = strcspn(l, "\n");
		const char *w = l;

		n++;
		while (*w == ' ' || *w == '\t')
			w++;
		if (!strncmp(w, "# vfctl setup: begin ", 21))
			in_block = true;
		else if (!strncmp(w, "# vfctl setup: end ", 19))
			in_block = false;
		else if (!in_block && *w != '#') {
			char line[512];

			snprintf(line, sizeof(line), "%.*s", (int)len, l);
			if (strstr(line, pf) && strstr(line, "sriov_numvfs")) {
				if (!found) {
					*first = (size_t)(l - text);
					*lineno = n;
				}
				*last = (size_t)(l - text) + len + (l[len] == '\n');
				found = true;
			}
		}
		l += len + (l[len] == '\n');
	}
	return found;
}

/* Drop block @name from *@cur when it lies on the wrong side of @at. */
static int drop_misplaced(char **cur, const char *name, size_t at, bool before)
{
	size_t bs, be;
	char *out;

	if (!setup_text_find_block(*cur, name, &bs, &be) || (before ? be <= at : bs >= at))
		return 0;
	out = setup_text_block(*cur, name, 0, NULL);
	if (!out)
		return -ENOMEM;
	free(*cur);
	*cur = out;
	return 0;
}

/*
 * vfctl's two vfio blocks of /etc/sysfs.conf around the VFs' creation:
 * after its own "vfs" block by rank, or on either side of the user's own
 * sriov_numvfs lines (moved there when an earlier apply put them
 * elsewhere). *@lineno gets the user's first line as the file has it
 * now, 0 when there is none.
 */
static int sysfs_vfio_blocks(struct setup_plan *p, struct setup_step *s, const char *pre,
			     const char *body, unsigned int *lineno)
{
	size_t first = 0, last = 0;
	unsigned int moved; /* the line number once blocks moved: not shown */
	const char *text;
	char *cur, *out;
	size_t len;
	int ret;

	*lineno = 0;
	ret = setup_plan_read(p, SYSFS_CONF, &text, &len);
	if (ret)
		return ret;
	if (!user_numvfs(text, p->pf, &first, &last, lineno)) {
		ret = sysfs_block(p, s, "vfio-autoprobe", 0, pre);
		return ret ? ret : sysfs_block(p, s, "vfio", 2, body);
	}
	cur = strdup(text);
	if (!cur)
		return -ENOMEM;
	ret = drop_misplaced(&cur, "vfio-autoprobe", first, true);
	if (!ret) {
		user_numvfs(cur, p->pf, &first, &last, &moved);
		out = setup_text_find_block(cur, "vfio-autoprobe", &(size_t){ 0 }, &(size_t){ 0 }) ?
			      setup_text_block(cur, "vfio-autoprobe", 0, pre) :
			      setup_text_insert_block(cur, "vfio-autoprobe", pre, first);
		free(cur);
		cur = out;
		ret = cur ? 0 : -ENOMEM;
	}
	if (!ret) {
		user_numvfs(cur, p->pf, &first, &last, &moved);
		ret = drop_misplaced(&cur, "vfio", last, false);
	}
	if (!ret) {
		out = setup_text_block(cur, "vfio", 2, body);
		free(cur);
		cur = out;
		ret = cur ? 0 : -ENOMEM;
	}
	if (!ret)
		ret = setup_step_write(p, s, SYSFS_CONF, cur, 0644);
	free(cur);
	return ret;
}

/*
 * Debian's initramfs-tools copies each rule of /etc/udev/rules.d that has
 * no namesake in /lib/udev/rules.d into the initramfs (the udev hook), so
 * vfctl's rules run there too once it is rebuilt, and make the VFs when
 * i915 binds in the initramfs. A copy older than the rules would make the
 * old count, or VFs after undo: rebuild it whenever a rule changes, and
 * again on undo. dracut's udev-rules module and mkinitcpio's udev hook
 * copy fixed lists of rules by name, none of /etc/udev/rules.d.
 */
static int refresh_initramfs(const struct setup_plan *p, struct setup_step *s)
{
	if (p->distro.initramfs != HOST_INITRAMFS_TOOLS)
		return 0;
	for (unsigned int k = 0; k < s->nfile; k++)
		if (!strncmp(s->file[k].path, "/etc/udev/rules.d/", 18))
			return setup_initramfs_rebuild(p, s);
	return 0;
}

/*
 * Whether the user's udev rule in @src (the setting that creates the VFs)
 * misses the boots of one kind (setup_vf_source.on_add/on_bind): the
 * step then needs the user (reason set).
 */
static bool udev_misses_boots(const struct setup_plan *p, struct setup_step *s, const char *src)
{
	struct setup_vf_source vs;
	const char *drv = setup_pf_driver(p);

	setup_vf_source_find(p, &vs);
	if (vs.kind != SETUP_VF_UDEV || strcmp(vs.path, src) || (vs.on_add && vs.on_bind))
		return false;
	if (!vs.on_add && !vs.on_bind)
		setup_step_reason(s, SETUP_USER,
				  "line %u of %s creates the VFs on neither \"add\" nor \"bind\", "
				  "the events on which %s can have bound the PF at boot; match "
				  "ACTION==\"add|bind\", DRIVER==\"%s\", or remove it (vfctl then "
				  "writes its own).",
				  vs.line, vs.path, drv, drv);
	else if (!vs.on_add)
		setup_step_reason(s, SETUP_USER,
				  "line %u of %s creates the VFs only on the \"bind\" event: when "
				  "the initramfs binds %s, the root's udev sees only the coldplug "
				  "\"add\" and the VFs are not made; match ACTION==\"add|bind\", "
				  "DRIVER==\"%s\", or remove it (vfctl then writes its own).",
				  vs.line, vs.path, drv, drv);
	else
		setup_step_reason(s, SETUP_USER,
				  "line %u of %s creates the VFs only on the \"add\" event: when "
				  "%s binds after the initramfs, \"add\" comes before it (%s) and "
				  "the VFs are not made; match ACTION==\"add|bind\", "
				  "DRIVER==\"%s\", or remove it (vfctl then writes its own).",
				  vs.line, vs.path, drv,
				  vs.waits_driver ?
					  "its DRIVER key does not match yet" :
					  "the kernel refuses sriov_numvfs with no driver",
				  drv);
	return true;
}

int setup_build_vfs(struct setup_plan *p, struct setup_step *s)
{
	char src[SETUP_PATH_MAX] = "", body[512], said[256] = "";
	bool conflict = false, sysfsutils = has_sysfsutils(p->o.root);
	int n = host_vfs_persisted(p->o.root, p->pf, src, sizeof(src), &conflict), ret;
	bool ours = false;
	const char *text;
	size_t len;

	/* tmpfiles.d and udev as their tools merge them (/run, /usr/lib too) */
	if (n < 0) {
		struct setup_vf_source vs;

		setup_vf_source_find(p, &vs);
		if (vs.kind != SETUP_VF_NONE) {
			n = vs.n;
			snprintf(src, sizeof(src), "%s", vs.path);
		}
	}
	/* a setting vfctl wrote is redone; one the user wrote is respected */
	if (n >= 0) {
		ret = setup_plan_read(p, src, &text, &len);
		if (ret)
			return ret;
		ours = text && (strstr(text, "# vfctl setup: begin vfs\n") ||
				strstr(text, "# Written by vfctl setup"));
	}

	s->reboot = true;
	if (n >= 0 && !ours && udev_misses_boots(p, s, src))
		return 0;
	if (n >= 0 && !ours && !conflict && (unsigned int)n == p->o.vfs) {
		setup_step_reason(s, SETUP_DONE, "%s already enables %d VFs at boot.", src, n);
		return 0;
	}
	if (n >= 0 && !ours) {
		setup_step_reason(s, SETUP_USER,
				  "%s already sets %d VFs at boot%s; a second setting would "
				  "conflict: remove it or pass --vfs %d.",
				  src, n, conflict ? " (and another file differs)" : "", n);
		return 0;
	}
	if (sysfsutils) {
		snprintf(body, sizeof(body), "bus/pci/devices/%s/sriov_numvfs = %u\n", p->pf,
			 p->o.vfs);
		ret = sysfs_block(p, s, "vfs", 1, body);
	} else {
		snprintf(
			body, sizeof(body),
			"# Written by vfctl setup: %u SR-IOV VFs of %s once %s drives it: on\n"
			"# \"bind\" when it binds after the initramfs, on the coldplug \"add\" when\n"
			"# the initramfs bound it; only while it has none (the kernel refuses a\n"
			"# second count with EBUSY).\n"
			"ACTION==\"add|bind\", SUBSYSTEM==\"pci\", KERNEL==\"%s\", "
			"DRIVER==\"%s\", ATTR{sriov_numvfs}==\"0\", ATTR{sriov_numvfs}=\"%u\"\n",
			p->o.vfs, p->pf, setup_pf_driver(p), p->pf, setup_pf_driver(p), p->o.vfs);
		ret = setup_step_write(p, s, UDEV_VFS, body, 0644);
		if (!ret)
			ret = refresh_initramfs(p, s);
	}
	if (ret)
		return ret;
	if (s->ncmd)
		setup_initramfs_said(p, said, sizeof(said));
	setup_step_reason(s, s->nfile ? SETUP_TODO : SETUP_DONE, "%u VFs of %s at boot, by %s%s%s.",
			  p->o.vfs, p->pf,
			  sysfsutils ? "sysfsutils (/etc/sysfs.conf)" : "a udev rule",
			  s->ncmd ? ", which the initramfs holds too; " : "", s->ncmd ? said : "");
	return 0;
}

/*
 * Whether vfctl's no-autoprobe can come before the user's own setting that
 * creates the VFs (@vs). A tmpfiles line: vfctl's goes in a tmpfiles file
 * whose name sorts first. A udev rule runs on the PF's "add" or "bind",
 * before sysfsutils; with vfctl's udev rules only one on those events
 * (59-vfctl-vfio.rules turns autoprobe off on both) in a file after
 * 59-vfctl-vfio.rules comes after its no-autoprobe.
 *
 * Return: 0 to go on, 1 when the step needs the user (reason set).
 */
static int vfio_order(struct setup_step *s, const struct setup_vf_source *vs, bool sysfsutils)
{
	const char *autoprobe = strrchr(UDEV_AUTOPROBE, '/') + 1;

	if (vs->kind == SETUP_VF_TMPFILES && strcmp(TMPFILES_AUTOPROBE_NAME, vs->base) >= 0) {
		setup_step_reason(s, SETUP_USER,
				  "line %u of %s creates the VFs before any tmpfiles file vfctl "
				  "could turn autoprobe off in (systemd-tmpfiles orders its files "
				  "by name): rename it to sort after " TMPFILES_AUTOPROBE_NAME ".",
				  vs->line, vs->path);
		return 1;
	}
	if (vs->kind != SETUP_VF_UDEV ||
	    (!sysfsutils && (vs->on_add || vs->on_bind) && strcmp(vs->base, autoprobe) > 0))
		return 0;
	setup_step_reason(s, SETUP_USER,
			  "line %u of %s, a udev rule, creates the VFs %s, so host drivers "
			  "would probe them first: remove it (vfctl's vfs step then creates "
			  "them after), or create them in /etc/sysfs.conf.",
			  vs->line, vs->path,
			  sysfsutils ? "as the PF's driver binds, before sysfsutils runs and "
				       "turns autoprobe off (after sysinit.target)" :
			  !vs->on_add && !vs->on_bind ?
				       "on another event than vfctl's ACTION==\"add|bind\" rule "
				       "that turns autoprobe off" :
				       "before " UDEV_AUTOPROBE
				       " turns autoprobe off (udev runs the "
				       "rules of an event in file-name order)");
	return 1;
}

int setup_build_vfio(struct setup_plan *p, struct setup_step *s)
{
	char vf[16], pre[512], body[2048] = "", src[256] = "";
	bool sysfsutils = has_sysfsutils(p->o.root), early;
	struct setup_vf_source vs;
	unsigned int lineno = 0;
	int ret;

	s->reboot = true;
	/* sysfsutils reads /etc/sysfs.conf before /etc/sysfs.d: bindings
	 * written to the first would run before a sysfs.d line made the VFs */
	if (sysfsutils && host_vfs_persisted(p->o.root, p->pf, src, sizeof(src), NULL) >= 0 &&
	    !strncmp(src, "/etc/sysfs.d/", 13)) {
		setup_step_reason(s, SETUP_USER,
				  "%s creates the VFs, and sysfsutils reads it after %s, where "
				  "vfctl binds them to vfio-pci: move that line into %s.",
				  src, SYSFS_CONF, SYSFS_CONF);
		return 0;
	}
	setup_vf_source_find(p, &vs);
	ret = vfio_order(s, &vs, sysfsutils);
	if (ret)
		return ret < 0 ? ret : 0;
	early = vs.kind == SETUP_VF_TMPFILES;
	ret = setup_step_write(
		p, s, MODULES_VFIO,
		"# Written by vfctl setup: vfio-pci takes the iGPU's VFs.\nvfio-pci\n", 0644);
	if (ret)
		return ret;
	for (unsigned int i = 1; i <= p->o.vfs; i++) {
		size_t n = strlen(body);

		if (setup_vf_bdf(p, i, vf, sizeof(vf)))
			return -EINVAL;
		if (sysfsutils)
			snprintf(body + n, sizeof(body) - n,
				 "bus/pci/devices/%s/driver_override = vfio-pci\n"
				 "bus/pci/drivers_probe = %s\n",
				 vf, vf);
		else
			snprintf(body + n, sizeof(body) - n,
				 "ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"%s\", "
				 "ATTR{driver_override}=\"vfio-pci\", "
				 "RUN+=\"/bin/sh -c 'modprobe vfio-pci; echo %s > "
				 "/sys/bus/pci/drivers_probe'\"\n",
				 vf, vf);
	}
	/* the user's tmpfiles line creates the VFs: no-autoprobe before it,
	 * in systemd-tmpfiles too, and vfctl's own one taken out */
	if (early) {
		char line[512];

		snprintf(line, sizeof(line),
			 "# Written by vfctl setup: no host driver probes the VFs of %s, which\n"
			 "# %s creates (systemd-tmpfiles applies this file first).\n"
			 "w /sys/bus/pci/devices/%s/sriov_drivers_autoprobe - - - - 0\n",
			 p->pf, vs.base, p->pf);
		ret = setup_step_write(p, s, TMPFILES_AUTOPROBE, line, 0644);
	} else {
		ret = setup_step_write(p, s, TMPFILES_AUTOPROBE, NULL, 0644);
	}
	if (ret)
		return ret;
	if (sysfsutils && early) {
		ret = sysfs_block(p, s, "vfio-autoprobe", 0, NULL);
		if (!ret)
			ret = sysfs_block(p, s, "vfio", 2, body);
	} else if (sysfsutils) {
		snprintf(pre, sizeof(pre), "bus/pci/devices/%s/sriov_drivers_autoprobe = 0\n",
			 p->pf);
		ret = sysfs_vfio_blocks(p, s, pre, body, &lineno);
	} else {
		snprintf(pre, sizeof(pre),
			 "# Written by vfctl setup: no host driver probes the VFs of %s, turned\n"
			 "# off on the events 60-vfctl-sriov.rules creates them on, before it.\n"
			 "ACTION==\"add|bind\", SUBSYSTEM==\"pci\", KERNEL==\"%s\", "
			 "ATTR{sriov_drivers_autoprobe}==\"1\", "
			 "ATTR{sriov_drivers_autoprobe}=\"0\"\n",
			 p->pf, p->pf);
		ret = setup_step_write(p, s, UDEV_AUTOPROBE, early ? NULL : pre, 0644);
		if (!ret) {
			char rules[2200];

			snprintf(rules, sizeof(rules),
				 "# Written by vfctl setup: the VFs of %s go to vfio-pci.\n%s",
				 p->pf, body);
			ret = setup_step_write(p, s, UDEV_VFIO, rules, 0644);
		}
		if (!ret)
			ret = refresh_initramfs(p, s);
	}
	if (ret)
		return ret;
	if (early)
		setup_step_reason(s, s->nfile ? SETUP_TODO : SETUP_DONE,
				  "VF1..VF%u of %s bound to vfio-pci at boot, by %s; your own "
				  "line %u of %s creates the VFs, so vfctl turns autoprobe off "
				  "in " TMPFILES_AUTOPROBE ", which systemd-tmpfiles applies "
				  "before it (it orders its files by name)%s.",
				  p->o.vfs, p->pf, sysfsutils ? "sysfsutils" : "udev rules",
				  vs.line, vs.path,
				  sysfsutils ?
					  ", and sysfsutils binds them after it (after "
					  "sysinit.target, which systemd-tmpfiles-setup precedes)" :
					  "");
	else if (lineno)
		setup_step_reason(s, s->nfile ? SETUP_TODO : SETUP_DONE,
				  "VF1..VF%u of %s bound to vfio-pci at boot, by sysfsutils; your "
				  "own line %u of %s creates the VFs, so vfctl's no-autoprobe "
				  "block goes before it and its vfio-pci bindings after it.",
				  p->o.vfs, p->pf, lineno, SYSFS_CONF);
	else
		setup_step_reason(s, s->nfile ? SETUP_TODO : SETUP_DONE,
				  "VF1..VF%u of %s bound to vfio-pci at boot, by %s.", p->o.vfs,
				  p->pf, sysfsutils ? "sysfsutils" : "udev rules");
	return 0;
}
