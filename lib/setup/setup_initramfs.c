// SPDX-License-Identifier: MIT
// SPDX-License-Identifier: MIT
/*
 * What a plan does with the root's initramfs tool, which lib/host names
 * (host_initramfs_detect(): the tool whose command is installed, as the
 * doctor's hints name it).
 *
 * The commands themselves are lib/host's (host_distro_initramfs_update()):
 * update-initramfs -u -k all, dracut --force --regenerate-all (every
 * /lib/modules release with a modules.dep, overwriting its image) and
 * mkinitcpio -P (every preset of /etc/mkinitcpio.d); each rebuilds the
 * images of all the root's kernels, never only the running one's, so they
 * are right in a chroot too.
 */
#include <stdio.h>
#include <string.h>

#include "setup/setup_steps.h"

/*
 * initramfs-tools' mkinitramfs copies every .conf file of /etc/modprobe.d into
 * the image. dracut copies them only in host-only mode (hostonly=yes, which
 * distributions set; dracut's own default is a generic image), mkinitcpio
 * only with its modconf hook: a drop-in names the file for them, which
 * does nothing where they copy it anyway. mkinitcpio reads
 * /etc/mkinitcpio.conf.d (36 and later) after mkinitcpio.conf, as bash.
 */
int setup_initramfs_carry(struct setup_plan *p, struct setup_step *s, const char *file)
{
	char path[SETUP_PATH_MAX], text[512];
	const char *base = strrchr(file, '/') + 1;

	switch (p->distro.initramfs) {
	case HOST_INITRAMFS_DRACUT:
		snprintf(path, sizeof(path), "/etc/dracut.conf.d/90-vfctl-%s", base);
		snprintf(text, sizeof(text),
			 "# Written by vfctl setup: %s in the initramfs also when\n"
			 "# dracut builds a generic (not host-only) image.\n"
			 "install_items+=\" %s \"\n",
			 file, file);
		break;
	case HOST_INITRAMFS_MKINITCPIO:
		snprintf(path, sizeof(path), "/etc/mkinitcpio.conf.d/90-vfctl-%s", base);
		snprintf(text, sizeof(text),
			 "# Written by vfctl setup: %s in the initramfs also\n"
			 "# without the modconf hook.\n"
			 "FILES+=(%s)\n",
			 file, file);
		break;
	default:
		return 0;
	}
	return setup_step_write(p, s, path, text, 0644);
}

int setup_initramfs_rebuild(const struct setup_plan *p, struct setup_step *s)
{
	const char *cmd = host_distro_initramfs_update(&p->distro);

	if (p->distro.initramfs == HOST_INITRAMFS_UNKNOWN)
		return 0;
	return setup_step_cmd(s, cmd, cmd);
}

void setup_initramfs_said(const struct setup_plan *p, char *buf, size_t size)
{
	if (p->distro.initramfs == HOST_INITRAMFS_UNKNOWN)
		snprintf(buf, size,
			 "no initramfs tool here (none of update-initramfs, dracut, mkinitcpio): "
			 "if your initramfs loads i915, rebuild it yourself");
	else
		snprintf(buf, size, "%s rebuilds the initramfs: %s",
			 host_initramfs_tool_name(p->distro.initramfs),
			 host_distro_initramfs_update(&p->distro));
}
