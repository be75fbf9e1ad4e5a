// SPDX-License-Identifier: MIT
/*
 * The initramfs tool a root rebuilds its images with: the doctor's hints
 * and vfctl setup both take it from here (host_distro_detect()).
 *
 * The tool is the one whose command is installed, never one whose
 * configuration stayed behind. Debian shows why: its dracut package
 * Conflicts with initramfs-tools, so apt removes initramfs-tools, but dpkg
 * keeps a removed package's conffiles and file list (update-initramfs.conf,
 * /etc/kernel/postinst.d/initramfs-tools), and initramfs-tools-core, which
 * nothing conflicts with, stays installed with initramfs.conf and
 * mkinitramfs. Only update-initramfs goes.
 *
 * Where the root has a dpkg database, its word comes first: a command that
 * an installed package of the tool's ships outranks one no package owns.
 * dpkg's status is the evidence, not info/PKG.list, which dpkg keeps for a
 * removed package (it lists the conffiles left behind).
 */
#include <stdlib.h>
#include <string.h>

#include "host/host_distro.h"
#include "host/host_fs.h"

/*
 * Each tool's command where distributions install it (Debian's merged /usr
 * keeps /sbin a link to /usr/sbin), and the Debian package that hooks it
 * into kernel installs: initramfs-tools ships update-initramfs with its
 * hook; dracut's command is dracut-core's, but only the dracut package
 * carries the kernel hook and the Conflicts, so it says dracut is the
 * tool. On Arch mkinitcpio's pacman hook rebuilds the images; dracut
 * there is a second, unhooked tool, so mkinitcpio comes first on a tie.
 */
static const struct {
	enum host_initramfs_tool tool;
	const char *deb;
	const char *cmd[3];
} tools[] = {
	{ HOST_INITRAMFS_TOOLS,
	  "initramfs-tools",
	  { "/usr/sbin/update-initramfs", "/sbin/update-initramfs" } },
	{ HOST_INITRAMFS_MKINITCPIO, NULL, { "/usr/bin/mkinitcpio", "/usr/sbin/mkinitcpio" } },
	{ HOST_INITRAMFS_DRACUT,
	  "dracut",
	  { "/usr/bin/dracut", "/usr/sbin/dracut", "/sbin/dracut" } },
};

#define N_TOOLS (sizeof(tools) / sizeof(tools[0]))

/* The value of field @key in the paragraph [@p, @end), or NULL. */
static const char *field(const char *p, const char *end, const char *key, size_t *len)
{
	size_t klen = strlen(key);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		if ((size_t)(eol - p) > klen && !strncmp(p, key, klen) && p[klen] == ':') {
			const char *v = p + klen + 1;

			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			*len = (size_t)(eol - v);
			return v;
		}
		p = eol + 1;
	}
	return NULL;
}

bool host_dpkg_status_has(const char *status, const char *pkg)
{
	size_t plen = strlen(pkg);
	const char *p = status;

	while (p && *p) {
		const char *end = strstr(p, "\n\n");
		const char *name, *st, *last;
		size_t nlen, slen;

		end = end ? end + 1 : p + strlen(p);
		name = field(p, end, "Package", &nlen);
		if (name && nlen == plen && !strncmp(name, pkg, plen)) {
			/* "want flag state": the files are there in every state
			 * but not-installed, config-files and half-installed */
			st = field(p, end, "Status", &slen);
			if (!st)
				return false;
			last = st + slen;
			while (last > st && last[-1] != ' ')
				last--;
			slen -= (size_t)(last - st);
			return !(slen == 13 && !strncmp(last, "not-installed", 13)) &&
			       !(slen == 12 && !strncmp(last, "config-files", 12)) &&
			       !(slen == 14 && !strncmp(last, "half-installed", 14)) && slen;
		}
		p = *end ? end + 1 : NULL;
	}
	return false;
}

static bool has_command(const char *root, size_t i)
{
	for (size_t k = 0; k < 3 && tools[i].cmd[k]; k++)
		if (host_exists(root, tools[i].cmd[k]))
			return true;
	return false;
}

enum host_initramfs_tool host_initramfs_detect(const char *root)
{
	enum host_initramfs_tool best = HOST_INITRAMFS_UNKNOWN;
	int best_rank = 0;
	char *status = NULL;

	if (host_read(root, "/var/lib/dpkg/status", &status, NULL))
		status = NULL;
	for (size_t i = 0; i < N_TOOLS; i++) {
		int rank;

		if (!has_command(root, i))
			continue;
		/* 2: an installed package ships it, 1: the command alone */
		rank = status && tools[i].deb && host_dpkg_status_has(status, tools[i].deb) ? 2 : 1;
		if (rank > best_rank) {
			best = tools[i].tool;
			best_rank = rank;
		}
	}
	free(status);
	return best;
}
