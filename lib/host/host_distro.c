// SPDX-License-Identifier: MIT
/*
 * The host's distribution and tools, from files under the root prefix.
 *
 * Order matters where a host has several: Pop!_OS ships GRUB files but
 * boots through kernelstub; Proxmox keeps /etc/default/grub on hosts whose
 * ESPs proxmox-boot-tool manages; a systemd-boot host may keep a stale
 * /etc/default/grub. The most specific tool found wins.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_distro.h"
#include "host/host_fs.h"

/* One os-release value, unquoted; "" when the key is absent. */
static void os_release_value(const char *text, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *line = text;

	buf[0] = '\0';
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len > klen && !strncmp(line, key, klen) && line[klen] == '=') {
			const char *v = line + klen + 1;
			size_t vlen = len - klen - 1;

			if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0]) {
				v++;
				vlen -= 2;
			}
			if (vlen >= size)
				vlen = size - 1;
			memcpy(buf, v, vlen);
			buf[vlen] = '\0';
			return;
		}
		line = end ? end + 1 : NULL;
	}
}

/* Whether @word is one of the space-separated words of @list. */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		bool start = p == list || p[-1] == ' ';
		bool end = p[n] == '\0' || p[n] == ' ';

		if (start && end)
			return true;
		p += n;
	}
	return false;
}

static bool is(const struct host_distro *d, const char *word)
{
	return !strcmp(d->id, word) || has_word(d->id_like, word);
}

static enum host_distro_family family_of(const char *root, const struct host_distro *d)
{
	/* Proxmox VE is Debian underneath; its os-release says "debian". */
	if (host_exists(root, "/usr/bin/pveversion") || host_exists(root, "/etc/pve"))
		return HOST_DISTRO_PROXMOX;
	if (!strcmp(d->id, "debian"))
		return HOST_DISTRO_DEBIAN;
	if (is(d, "ubuntu"))
		return HOST_DISTRO_UBUNTU;
	if (is(d, "debian"))
		return HOST_DISTRO_DEBIAN;
	if (is(d, "fedora") || is(d, "rhel") || is(d, "centos"))
		return HOST_DISTRO_FEDORA;
	if (is(d, "arch"))
		return HOST_DISTRO_ARCH;
	if (is(d, "suse") || is(d, "opensuse"))
		return HOST_DISTRO_SUSE;
	return HOST_DISTRO_OTHER;
}

static bool any_exists(const char *root, const char *const *paths)
{
	for (; *paths; paths++)
		if (host_exists(root, *paths))
			return true;
	return false;
}

/*
 * What the running boot's command line says of its loader (files may be
 * stale; this boot is not). The entries proxmox-boot-tool writes for
 * systemd-boot load the initrd from EFI/proxmox/<release>/ on the ESP,
 * which systemd-boot passes as initrd=\EFI\proxmox\... When it boots
 * GRUB instead, it copies the kernels to the top of each ESP, so GRUB's
 * BOOT_IMAGE= names /vmlinuz-<release> there (a partition prefix such as
 * "(hd0,gpt2)" may come first); GRUB reading the root file system names
 * /boot/vmlinuz-<release>.
 */
static char *boot_cmdline(const char *root)
{
	char *text;

	return host_read(root, "/proc/cmdline", &text, NULL) ? NULL : text;
}

static bool pbt_systemd_boot(const char *cmdline)
{
	return cmdline && strstr(cmdline, "initrd=\\EFI\\proxmox\\");
}

static bool grub_from_esp(const char *cmdline)
{
	const char *v = cmdline ? strstr(cmdline, "BOOT_IMAGE=") : NULL;

	if (!v)
		return false;
	v += strlen("BOOT_IMAGE=");
	if (*v == '(' && strchr(v, ')'))
		v = strchr(v, ')') + 1;
	return !strncmp(v, "/vmlinuz-", 9);
}

static enum host_boot_loader boot_of(const char *root, bool *pbt_grub)
{
	static const char *const loader_conf[] = {
		"/boot/efi/loader/loader.conf",
		"/efi/loader/loader.conf",
		"/boot/loader/loader.conf",
		NULL,
	};
	static const char *const grub[] = {
		"/etc/default/grub",
		"/boot/grub/grub.cfg",
		"/boot/grub2/grub.cfg",
		NULL,
	};

	char *cmdline = boot_cmdline(root);
	bool pbt = pbt_systemd_boot(cmdline) || host_exists(root, "/etc/kernel/proxmox-boot-uuids");

	/* in GRUB mode its kernel hook runs update-grub on each ESP it lists */
	*pbt_grub = pbt && !pbt_systemd_boot(cmdline) && grub_from_esp(cmdline);
	free(cmdline);
	if (host_exists(root, "/etc/kernelstub/configuration"))
		return HOST_BOOT_KERNELSTUB;
	if (pbt)
		return HOST_BOOT_PROXMOX;
	if (any_exists(root, loader_conf))
		return HOST_BOOT_SYSTEMD_BOOT;
	if (any_exists(root, grub))
		return HOST_BOOT_GRUB;
	return HOST_BOOT_UNKNOWN;
}

static enum host_pkg_manager pkg_of(const char *root, enum host_distro_family f)
{
	switch (f) {
	case HOST_DISTRO_DEBIAN:
	case HOST_DISTRO_UBUNTU:
	case HOST_DISTRO_PROXMOX:
		return HOST_PKG_APT;
	case HOST_DISTRO_FEDORA:
		return HOST_PKG_DNF;
	case HOST_DISTRO_ARCH:
		return HOST_PKG_PACMAN;
	case HOST_DISTRO_SUSE:
		return HOST_PKG_ZYPPER;
	case HOST_DISTRO_OTHER:
		break;
	}
	if (host_exists(root, "/usr/bin/apt-get"))
		return HOST_PKG_APT;
	if (host_exists(root, "/usr/bin/dnf"))
		return HOST_PKG_DNF;
	if (host_exists(root, "/usr/bin/pacman"))
		return HOST_PKG_PACMAN;
	if (host_exists(root, "/usr/bin/zypper"))
		return HOST_PKG_ZYPPER;
	return HOST_PKG_UNKNOWN;
}

static const char *cmdline_file_of(const char *root, enum host_boot_loader b, bool pbt_grub)
{
	switch (b) {
	case HOST_BOOT_GRUB:
		return "/etc/default/grub";
	case HOST_BOOT_PROXMOX:
		return pbt_grub ? "/etc/default/grub" : "/etc/kernel/cmdline";
	case HOST_BOOT_SYSTEMD_BOOT:
		/* kernel-install reads it; without it the loader entries hold the options. */
		return host_exists(root, "/etc/kernel/cmdline") ? "/etc/kernel/cmdline" :
								  "/boot/loader/entries/*.conf";
	case HOST_BOOT_KERNELSTUB:
		return "/etc/kernelstub/configuration";
	case HOST_BOOT_UNKNOWN:
		break;
	}
	return "";
}

/* A mkinitcpio preset with a "<name>_uki=" line: the images are UKIs. */
static bool uki_of(const char *root)
{
	char p[HOST_PATH_MAX], f[400], *text;
	struct dirent *e;
	bool uki = false;
	DIR *dir;

	host_path(root, "/etc/mkinitcpio.d", p, sizeof(p));
	dir = opendir(p);
	while (dir && !uki && (e = readdir(dir))) {
		size_t n = strlen(e->d_name);

		if (n < 8 || strcmp(e->d_name + n - 7, ".preset"))
			continue;
		snprintf(f, sizeof(f), "/etc/mkinitcpio.d/%.200s", e->d_name);
		if (host_read(root, f, &text, NULL))
			continue;
		for (const char *l = text; l && *l && !uki;
		     l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
			uki = *l != '#' && strstr(l, "_uki=") &&
			      strstr(l, "_uki=") < strchr(l, '\n');
		free(text);
	}
	if (dir)
		closedir(dir);
	return uki;
}

/* Arch names headers after the kernel package: the release's suffix tells
 * which (6.12.9-arch1-1: linux, 6.6.70-1-lts: linux-lts, ...); "" for the
 * generic name. */
static void arch_headers_of(const char *rel, char *buf, size_t size)
{
	static const char *const flavours[] = { "lts", "zen", "hardened", "rt", "cachyos", NULL };
	size_t i;

	buf[0] = '\0';
	for (i = 0; flavours[i]; i++) {
		const char *f = strstr(rel, flavours[i]);
		size_t n = strlen(flavours[i]);

		if (f && f > rel && f[-1] == '-' && (!f[n] || f[n] == '-')) {
			snprintf(buf, size, "linux-%s-headers", flavours[i]);
			return;
		}
	}
}

static void arch_headers(const char *root, char *buf, size_t size)
{
	char rel[128];

	buf[0] = '\0';
	if (!host_read_line(root, "/proc/sys/kernel/osrelease", rel, sizeof(rel)))
		arch_headers_of(rel, buf, size);
}

int host_distro_detect(const char *root, struct host_distro *d)
{
	char *text = NULL;

	memset(d, 0, sizeof(*d));
	if (!host_read(root, "/etc/os-release", &text, NULL) ||
	    !host_read(root, "/usr/lib/os-release", &text, NULL)) {
		os_release_value(text, "ID", d->id, sizeof(d->id));
		os_release_value(text, "ID_LIKE", d->id_like, sizeof(d->id_like));
		os_release_value(text, "VERSION_ID", d->version_id, sizeof(d->version_id));
		os_release_value(text, "PRETTY_NAME", d->pretty_name, sizeof(d->pretty_name));
		free(text);
	}
	d->family = family_of(root, d);
	d->boot = boot_of(root, &d->pbt_grub);
	d->initramfs = host_initramfs_detect(root);
	d->pkg = pkg_of(root, d->family);
	d->cmdline_file = cmdline_file_of(root, d->boot, d->pbt_grub);
	d->uki = d->initramfs == HOST_INITRAMFS_MKINITCPIO && uki_of(root);
	if (d->family == HOST_DISTRO_ARCH)
		arch_headers(root, d->headers, sizeof(d->headers));
	return 0;
}

const char *host_boot_loader_name(enum host_boot_loader b)
{
	static const char *const names[] = {
		[HOST_BOOT_UNKNOWN] = "unknown boot loader",
		[HOST_BOOT_GRUB] = "GRUB",
		[HOST_BOOT_SYSTEMD_BOOT] = "systemd-boot",
		[HOST_BOOT_PROXMOX] = "proxmox-boot-tool",
		[HOST_BOOT_KERNELSTUB] = "kernelstub",
	};
	return b < sizeof(names) / sizeof(names[0]) ? names[b] : names[0];
}

const char *host_initramfs_tool_name(enum host_initramfs_tool t)
{
	static const char *const names[] = {
		[HOST_INITRAMFS_UNKNOWN] = "unknown initramfs tool",
		[HOST_INITRAMFS_TOOLS] = "initramfs-tools",
		[HOST_INITRAMFS_DRACUT] = "dracut",
		[HOST_INITRAMFS_MKINITCPIO] = "mkinitcpio",
	};
	return t < sizeof(names) / sizeof(names[0]) ? names[t] : names[0];
}

const char *host_distro_family_name(enum host_distro_family f)
{
	static const char *const names[] = {
		[HOST_DISTRO_OTHER] = "other",	 [HOST_DISTRO_DEBIAN] = "debian",
		[HOST_DISTRO_UBUNTU] = "ubuntu", [HOST_DISTRO_PROXMOX] = "proxmox",
		[HOST_DISTRO_FEDORA] = "fedora", [HOST_DISTRO_ARCH] = "arch",
		[HOST_DISTRO_SUSE] = "suse",
	};
	return f < sizeof(names) / sizeof(names[0]) ? names[f] : names[0];
}

const char *host_distro_cmdline_update(const struct host_distro *d)
{
	switch (d->boot) {
	case HOST_BOOT_GRUB:
		switch (d->family) {
		case HOST_DISTRO_DEBIAN:
		case HOST_DISTRO_UBUNTU:
		case HOST_DISTRO_PROXMOX:
			return "update-grub";
		case HOST_DISTRO_FEDORA:
		case HOST_DISTRO_SUSE:
			return "grub2-mkconfig -o /boot/grub2/grub.cfg";
		default:
			return "grub-mkconfig -o /boot/grub/grub.cfg";
		}
	case HOST_BOOT_PROXMOX:
		return "proxmox-boot-tool refresh";
	case HOST_BOOT_SYSTEMD_BOOT:
		/* A UKI carries the command line: mkinitcpio rebuilds it from
		 * /etc/kernel/cmdline. Without that file the entries are edited in
		 * place. */
		if (d->uki)
			return "mkinitcpio -P";
		if (strcmp(d->cmdline_file, "/etc/kernel/cmdline"))
			return "true";
		/* the image where the kernel package puts it: Debian's in /boot,
		 * Fedora's and Arch's beside its modules */
		switch (d->family) {
		case HOST_DISTRO_DEBIAN:
		case HOST_DISTRO_UBUNTU:
		case HOST_DISTRO_PROXMOX:
			return "kernel-install add \"$(uname -r)\" \"/boot/vmlinuz-$(uname -r)\"";
		default:
			return "kernel-install add \"$(uname -r)\" \"/lib/modules/$(uname -r)/vmlinuz\"";
		}
	case HOST_BOOT_KERNELSTUB:
		return "true"; /* kernelstub writes the loader entry itself */
	case HOST_BOOT_UNKNOWN:
		break;
	}
	return "then regenerate your boot loader's configuration";
}

/* snprintf into @buf, -ENOSPC when cut. */
static int put(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int put(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -ENOSPC : 0;
}

/* "a b" -> "-a a -a b" for kernelstub (one option per flag). */
static int kernelstub_args(const char *flag, const char *params, char *buf, size_t size)
{
	size_t n = 0;
	const char *p = params;

	buf[0] = '\0';
	while (*p) {
		size_t len;

		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (!len)
			break;
		if (put(buf + n, size - n, "%s%s %.*s", n ? " " : "", flag, (int)len, p))
			return -ENOSPC;
		n += strlen(buf + n);
		p += len;
	}
	return 0;
}

/* A parameter as a sed regex: '.', '/', '*', '[' escaped. */
static void sed_escape(const char *in, char *out, size_t size)
{
	size_t n = 0;

	for (; *in && n + 3 < size; in++) {
		if (strchr("./*[]\\^$", *in))
			out[n++] = '\\';
		out[n++] = *in;
	}
	out[n] = '\0';
}

int host_distro_cmdline_add(const struct host_distro *d, const char *params, char *buf, size_t size)
{
	const char *update = host_distro_cmdline_update(d);
	char args[512];

	switch (d->boot) {
	case HOST_BOOT_GRUB:
		if (d->family == HOST_DISTRO_FEDORA)
			return put(buf, size, "grubby --update-kernel=ALL --args=\"%s\" && reboot",
				   params);
		return put(buf, size,
			   "sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=\"/&%s /' /etc/default/grub && "
			   "%s && reboot",
			   params, update);
	case HOST_BOOT_PROXMOX:
		if (d->pbt_grub)
			return put(buf, size,
				   "sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=\"/&%s /' "
				   "/etc/default/grub && %s && reboot",
				   params, update);
		return put(buf, size, "sed -i '1s/$/ %s/' /etc/kernel/cmdline && %s && reboot",
			   params, update);
	case HOST_BOOT_SYSTEMD_BOOT:
		if (!strcmp(d->cmdline_file, "/etc/kernel/cmdline"))
			return put(buf, size,
				   "sed -i '1s/$/ %s/' /etc/kernel/cmdline && %s && reboot", params,
				   update);
		return put(buf, size,
			   "sed -i '/^options/s/$/ %s/' /boot/loader/entries/*.conf && reboot",
			   params);
	case HOST_BOOT_KERNELSTUB:
		if (kernelstub_args("-a", params, args, sizeof(args)))
			return -ENOSPC;
		return put(buf, size, "kernelstub %s && reboot", args);
	case HOST_BOOT_UNKNOWN:
		break;
	}
	return put(buf, size,
		   "add \"%s\" to the kernel command line in your boot loader's "
		   "configuration and reboot",
		   params);
}

int host_distro_cmdline_remove(const struct host_distro *d, const char *param, char *buf,
			       size_t size)
{
	const char *update = host_distro_cmdline_update(d);
	char re[256];

	sed_escape(param, re, sizeof(re));
	switch (d->boot) {
	case HOST_BOOT_GRUB:
		if (d->family == HOST_DISTRO_FEDORA)
			return put(buf, size,
				   "grubby --update-kernel=ALL --remove-args=\"%s\" && reboot",
				   param);
		return put(buf, size, "sed -i 's/ *\\b%s\\b//' /etc/default/grub && %s && reboot",
			   re, update);
	case HOST_BOOT_PROXMOX:
		return put(buf, size, "sed -i 's/ *\\b%s\\b//' %s && %s && reboot", re,
			   d->cmdline_file, update);
	case HOST_BOOT_SYSTEMD_BOOT:
		if (!strcmp(d->cmdline_file, "/etc/kernel/cmdline"))
			return put(buf, size,
				   "sed -i 's/ *\\b%s\\b//' /etc/kernel/cmdline && %s && reboot",
				   re, update);
		return put(
			buf, size,
			"sed -i '/^options/s/ *\\b%s\\b//' /boot/loader/entries/*.conf && reboot",
			re);
	case HOST_BOOT_KERNELSTUB:
		return put(buf, size, "kernelstub -d %s && reboot", param);
	case HOST_BOOT_UNKNOWN:
		break;
	}
	return put(buf, size,
		   "remove \"%s\" from the kernel command line in your boot loader's "
		   "configuration and reboot",
		   param);
}

int host_distro_cmdline_replace(const struct host_distro *d, const char *from, const char *to,
				char *buf, size_t size)
{
	const char *update = host_distro_cmdline_update(d);
	char re[256];

	sed_escape(from, re, sizeof(re));
	switch (d->boot) {
	case HOST_BOOT_GRUB:
		if (d->family == HOST_DISTRO_FEDORA)
			return put(buf, size,
				   "grubby --update-kernel=ALL --remove-args=\"%s\" --args=\"%s\" "
				   "&& reboot",
				   from, to);
		return put(buf, size, "sed -i 's/\\b%s\\b/%s/' /etc/default/grub && %s && reboot",
			   re, to, update);
	case HOST_BOOT_PROXMOX:
		return put(buf, size, "sed -i 's/\\b%s\\b/%s/' %s && %s && reboot", re, to,
			   d->cmdline_file, update);
	case HOST_BOOT_SYSTEMD_BOOT:
		if (!strcmp(d->cmdline_file, "/etc/kernel/cmdline"))
			return put(buf, size,
				   "sed -i 's/\\b%s\\b/%s/' /etc/kernel/cmdline && %s && reboot",
				   re, to, update);
		return put(
			buf, size,
			"sed -i '/^options/s/\\b%s\\b/%s/' /boot/loader/entries/*.conf && reboot",
			re, to);
	case HOST_BOOT_KERNELSTUB:
		return put(buf, size, "kernelstub -d %s -a %s && reboot", from, to);
	case HOST_BOOT_UNKNOWN:
		break;
	}
	return put(buf, size,
		   "replace \"%s\" with \"%s\" on the kernel command line in your boot loader's "
		   "configuration and reboot",
		   from, to);
}

const char *host_distro_initramfs_update(const struct host_distro *d)
{
	switch (d->initramfs) {
	case HOST_INITRAMFS_TOOLS:
		return "update-initramfs -u -k all";
	case HOST_INITRAMFS_DRACUT:
		return "dracut --force --regenerate-all";
	case HOST_INITRAMFS_MKINITCPIO:
		return "mkinitcpio -P";
	case HOST_INITRAMFS_UNKNOWN:
		break;
	}
	return "rebuild your initramfs";
}

/* Package names per family; NULL falls back to the OTHER column's name. */
static const char *const pkg_names[HOST_PKG_COUNT][HOST_DISTRO_SUSE + 1] = {
	[HOST_PKG_HEADERS] = {
		[HOST_DISTRO_OTHER] = "the headers of kernel $(uname -r)",
		[HOST_DISTRO_DEBIAN] = "linux-headers-$(uname -r)",
		[HOST_DISTRO_UBUNTU] = "linux-headers-$(uname -r)",
		[HOST_DISTRO_PROXMOX] = "proxmox-headers-$(uname -r)",
		[HOST_DISTRO_FEDORA] = "kernel-devel-$(uname -r)",
		/* Arch names headers after the kernel package: linux, linux-lts, linux-zen. */
		[HOST_DISTRO_ARCH] = "linux-headers",
		[HOST_DISTRO_SUSE] = "kernel-default-devel",
	},
	[HOST_PKG_FIRMWARE] = {
		[HOST_DISTRO_OTHER] = "linux-firmware",
		[HOST_DISTRO_DEBIAN] = "firmware-misc-nonfree",
		[HOST_DISTRO_UBUNTU] = "linux-firmware",
		[HOST_DISTRO_PROXMOX] = "pve-firmware",
		[HOST_DISTRO_FEDORA] = "linux-firmware",
		[HOST_DISTRO_ARCH] = "linux-firmware",
		[HOST_DISTRO_SUSE] = "kernel-firmware-i915",
	},
	[HOST_PKG_DKMS] = { [HOST_DISTRO_OTHER] = "dkms" },
	[HOST_PKG_SYSFSUTILS] = { [HOST_DISTRO_OTHER] = "sysfsutils" },
	[HOST_PKG_MOKUTIL] = { [HOST_DISTRO_OTHER] = "mokutil" },
};

const char *host_distro_pkg(const struct host_distro *d, enum host_pkg p)
{
	const char *name;

	if (p >= HOST_PKG_COUNT)
		return "";
	if (p == HOST_PKG_HEADERS && d->headers[0])
		return d->headers;
	name = d->family <= HOST_DISTRO_SUSE ? pkg_names[p][d->family] : NULL;
	return name ? name : pkg_names[p][HOST_DISTRO_OTHER];
}

/*
 * Each manager's install, asking first (for people) or not at all (for
 * vfctl setup, which the user already said yes to): apt-get rather than
 * apt, whose command line is not meant for scripts, and debconf told not
 * to ask either; the global flags of dnf and zypper go before the command.
 */
static const struct {
	const char *ask, *unattended;
} install_cmds[] = {
	[HOST_PKG_APT] = { "apt install", "DEBIAN_FRONTEND=noninteractive apt-get -y install" },
	[HOST_PKG_DNF] = { "dnf install", "dnf -y install" },
	[HOST_PKG_PACMAN] = { "pacman -S", "pacman -S --noconfirm" },
	[HOST_PKG_ZYPPER] = { "zypper install", "zypper --non-interactive install" },
};

int host_distro_install_named(const struct host_distro *d, const char *name, bool unattended,
			      char *buf, size_t size)
{
	if (d->pkg == HOST_PKG_UNKNOWN || d->pkg > HOST_PKG_ZYPPER) {
		put(buf, size, "install %s with your package manager", name);
		return unattended ? -EOPNOTSUPP : 0;
	}
	return put(buf, size, "%s %s",
		   unattended ? install_cmds[d->pkg].unattended : install_cmds[d->pkg].ask, name);
}

int host_distro_install(const struct host_distro *d, enum host_pkg p, char *buf, size_t size)
{
	return host_distro_install_named(d, host_distro_pkg(d, p), false, buf, size);
}

int host_distro_install_unattended(const struct host_distro *d, enum host_pkg p, char *buf,
				   size_t size)
{
	return host_distro_install_named(d, host_distro_pkg(d, p), true, buf, size);
}

/*
 * The headers of one kernel release, as each distribution names them
 * (checked against the registries: Debian 12's linux-headers-amd64 depends
 * on linux-headers-6.12.95+deb12-amd64, the release uname -r prints).
 * Proxmox VE renamed its kernel packages with 8.0, on Debian 12:
 * proxmox-headers-REL there, pve-headers-REL on 7.x (Debian 11) and older.
 * Fedora's kernel-devel-REL is the package's name-version-release.arch,
 * which is what its uname -r prints. Arch and SUSE name the flavour.
 */
int host_distro_headers_pkg(const struct host_distro *d, const char *release, char *buf,
			    size_t size)
{
	char flavour[64];
	const char *f;

	if (!release || !release[0])
		return put(buf, size, "%s", host_distro_pkg(d, HOST_PKG_HEADERS));
	switch (d->family) {
	case HOST_DISTRO_DEBIAN:
	case HOST_DISTRO_UBUNTU:
		return put(buf, size, "linux-headers-%s", release);
	case HOST_DISTRO_PROXMOX:
		/* os-release on Proxmox VE is Debian's: VERSION_ID is Debian's */
		if (d->version_id[0] && atoi(d->version_id) < 12)
			return put(buf, size, "pve-headers-%s", release);
		return put(buf, size, "proxmox-headers-%s", release);
	case HOST_DISTRO_FEDORA:
		return put(buf, size, "kernel-devel-%s", release);
	case HOST_DISTRO_ARCH:
		arch_headers_of(release, flavour, sizeof(flavour));
		return put(buf, size, "%s", flavour[0] ? flavour : "linux-headers");
	case HOST_DISTRO_SUSE:
		/* 6.4.0-150600.23.25-default: kernel-default-devel */
		f = strrchr(release, '-');
		if (f && f[1] && strspn(f + 1, "abcdefghijklmnopqrstuvwxyz") == strlen(f + 1))
			return put(buf, size, "kernel-%s-devel", f + 1);
		return put(buf, size, "kernel-default-devel");
	case HOST_DISTRO_OTHER:
		break;
	}
	return put(buf, size, "the headers of kernel %s", release);
}

/* "vmlinuz-REL" (a link's target's name) -> REL. */
static int release_of_image(const char *name, char *buf, size_t size)
{
	if (strncmp(name, "vmlinuz-", 8) || !name[8])
		return -ENOENT;
	return put(buf, size, "%s", name + 8) ? -ENAMETOOLONG : 0;
}

/*
 * The kernel a tree boots by default. Debian's kernel packages keep
 * /vmlinuz (or /boot/vmlinuz) pointing at the newest installed image
 * (linux-update-symlinks), the one update-grub puts first; elsewhere GRUB's
 * 10_linux, the BLS entries and systemd-boot all put the highest version
 * first, so the newest /lib/modules release that has its image wins.
 */
static int default_release(const char *root, char *buf, size_t size)
{
	static const char *const links[] = { "/vmlinuz", "/boot/vmlinuz", NULL };
	char name[256], p[HOST_PATH_MAX], img[HOST_PATH_MAX];
	struct dirent *e;
	bool found = false;
	DIR *dir;

	for (size_t i = 0; links[i]; i++)
		if (!host_link_name(root, links[i], name, sizeof(name)) &&
		    !release_of_image(name, buf, size))
			return 0;
	if (host_path(root, "/lib/modules", p, sizeof(p)))
		return -ENOENT;
	dir = opendir(p);
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= size)
			continue;
		snprintf(img, sizeof(img), "/lib/modules/%s/vmlinuz", e->d_name);
		if (!host_exists(root, img)) {
			snprintf(img, sizeof(img), "/boot/vmlinuz-%s", e->d_name);
			if (!host_exists(root, img))
				continue;
		}
		if (!found || strverscmp(e->d_name, buf) > 0)
			snprintf(buf, size, "%s", e->d_name);
		found = true;
	}
	if (dir)
		closedir(dir);
	return found ? 0 : -ENOENT;
}

/* A release as the kernel's build makes them: it goes into commands. */
static bool release_ok(const char *rel)
{
	return rel[0] && rel[0] != '-' &&
	       strspn(rel, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+~-") ==
		       strlen(rel);
}

int host_distro_boot_release(const char *root, char *buf, size_t size)
{
	/* a root with /proc runs its kernel: the doctor's release */
	if (!host_release(root, buf, size) && release_ok(buf))
		return 0;
	if (!default_release(root, buf, size) && release_ok(buf))
		return 0;
	buf[0] = '\0';
	return -ENOENT;
}

/*
 * Debian's libvirt-daemon-system (9.0.0-4+deb12u2) creates the user
 * libvirt-qemu in primary group kvm, and its qemu.conf defaults to group
 * libvirt-qemu; Fedora's libvirt runs QEMU as qemu:qemu (ublue-os/bazzite
 * #3384: "/dev/kvmfr0 is now owned by root:qemu").
 */
const char *host_distro_qemu_group(const struct host_distro *d)
{
	switch (d->family) {
	case HOST_DISTRO_FEDORA:
	case HOST_DISTRO_SUSE:
		return "qemu";
	default:
		return "libvirt-qemu";
	}
}
