// SPDX-License-Identifier: MIT
/* Kernel discovery, vmlinux extraction and the initramfs (cpio newc). */
#include "tests/vm/vm_image.h"

#include "tests/vm/vm_cpio.h"
#include "tests/vm/vm_kernels.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void copy_str(char *dst, size_t n, const char *src)
{
	size_t len = strnlen(src, n - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Lines of a command's output that start with @prefix and end with @suffix. */
static int cmd_find(const char *cmd, const char *prefix, const char *suffix, char *out, size_t n)
{
	FILE *p = popen(cmd, "r");
	char line[1024];
	int ret = -ENOENT;

	if (!p)
		return -errno;
	while (fgets(line, sizeof(line), p)) {
		size_t len;

		line[strcspn(line, "\n")] = '\0';
		len = strlen(line);
		if (strncmp(line, prefix, strlen(prefix)) || len < strlen(suffix) ||
		    strcmp(line + len - strlen(suffix), suffix))
			continue;
		copy_str(out, n, line);
		ret = 0;
	}
	pclose(p);
	return ret;
}

int vm_kernel_find(struct vm_kernel *k)
{
	static const char *const evdev[] = { "evdev", NULL };
	struct vm_kpkg *all = calloc(VM_KERNELS_MAX, sizeof(*all));
	char(*mods)[512] = calloc(4, sizeof(*mods));
	int n = all && mods ? vm_kernels_list(all) : -ENOMEM, i = n - 1, m;

	memset(k, 0, sizeof(*k));
	/* the newest installed image package (vm_kernels.c: the one query of them) */
	while (i >= 0 && !all[i].vmlinuz[0])
		i--;
	if (i >= 0) {
		copy_str(k->version, sizeof(k->version), all[i].version);
		copy_str(k->vmlinuz, sizeof(k->vmlinuz), all[i].vmlinuz);
		/* 6.1 ships evdev.ko, 6.12 evdev.ko.xz (the cpio writer
		 * decompresses); none when it is built in. Load order: evdev last. */
		m = vm_kernel_modules(k->version, evdev, mods, 4);
		if (m > 0)
			copy_str(k->evdev_ko, sizeof(k->evdev_ko), mods[m - 1]);
	}
	free(all);
	free(mods);
	return n < 0 ? n : i < 0 ? -ENOENT : 0;
}

/* The compressed payloads a Debian bzImage may carry, and their tools. */
static const struct {
	unsigned char magic[6];
	size_t len;
	const char *tool;
} vm_payloads[] = {
	{ { 0xfd, '7', 'z', 'X', 'Z', 0 }, 6, "xz -dc" }, /* 6.1 */
	{ { 0x28, 0xb5, 0x2f, 0xfd }, 4, "zstd -dcq" }, /* 6.12 */
};

/* Decompress @img[@off..] with @tool into @tmp; true if it gave an ELF file. */
static bool vm_try_payload(const unsigned char *img, size_t len, size_t off, const char *tool,
			   const char *stream, const char *tmp)
{
	char cmd[1600];
	unsigned char elf[4];
	bool good;
	FILE *f;
	int ret;

	f = fopen(stream, "wb");
	if (!f)
		return false;
	good = fwrite(img + off, 1, len - off, f) == len - off;
	fclose(f);
	if (!good)
		return false;
	/* the tools complain about the bytes after the stream; the output is whole */
	snprintf(cmd, sizeof(cmd), "%s '%s' > '%s' 2>/dev/null", tool, stream, tmp);
	ret = system(cmd);
	(void)ret;
	unlink(stream);
	f = fopen(tmp, "rb");
	good = f && fread(elf, 1, 4, f) == 4 && !memcmp(elf, "\177ELF", 4);
	if (f)
		fclose(f);
	if (!good)
		unlink(tmp);
	return good;
}

int vm_kernel_vmlinux(const struct vm_kernel *k, const char *cache_dir, char *out, size_t n)
{
	char stream[700], tmp[700];
	unsigned char *img = NULL, elf[4];
	size_t len = 0, i, p;
	FILE *f;
	int ret;

	snprintf(out, n, "%s/vmlinux-%s", cache_dir, k->version);
	f = fopen(out, "rb");
	if (f) {
		bool good = fread(elf, 1, 4, f) == 4 && !memcmp(elf, "\177ELF", 4);

		fclose(f);
		if (good)
			return 0;
	}
	mkdir(cache_dir, 0755);
	ret = vm_read_file(k->vmlinuz, &img, &len);
	if (ret)
		return ret;
	/*
	 * The bzImage carries a compressed vmlinux (xz in 6.1, zstd in 6.12);
	 * decompressing it under TCG costs seconds per boot, so do it once
	 * here. The magic bytes can also occur in the decompressor's own code:
	 * try each occurrence until one decompresses to an ELF file.
	 */
	snprintf(stream, sizeof(stream), "%s/vmlinux-%s.payload", cache_dir, k->version);
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	for (i = 0; i + 6 <= len; i++) {
		for (p = 0; p < sizeof(vm_payloads) / sizeof(vm_payloads[0]); p++) {
			if (memcmp(img + i, vm_payloads[p].magic, vm_payloads[p].len))
				continue;
			if (vm_try_payload(img, len, i, vm_payloads[p].tool, stream, tmp)) {
				free(img);
				return rename(tmp, out) ? -errno : 0;
			}
		}
	}
	free(img);
	return -ENOEXEC;
}

static const char init_script[] = "#!/bin/sh\n"
				  "export PATH=/bin\n"
				  "mount -t devtmpfs dev /dev\n"
				  "mount -t proc proc /proc\n"
				  "mount -t sysfs sys /sys\n"
				  "echo LG-VM-INIT\n"
				  "[ -e /lib/modules/evdev.ko ] && insmod /lib/modules/evdev.ko\n"
				  "/bin/lg-guest\n"
				  "echo LG-VM-EXIT $?\n"
				  "poweroff -f\n";

int vm_busybox_find(char *out, size_t n)
{
	return cmd_find("dpkg -L busybox-static 2>/dev/null", "/", "bin/busybox", out, n);
}

int vm_initramfs_build(const struct vm_kernel *k, const char *guest, const char *path)
{
	static const char *const dirs[] = { "dev", "proc", "sys", "sbin" };
	static const char *const links[] = { "sh", "mount", "insmod", "poweroff", "echo", "cat" };
	struct vm_cpio c;
	char busybox[512];
	int ret;

	if (vm_busybox_find(busybox, sizeof(busybox)))
		return -ENOENT;
	ret = vm_cpio_open(&c, path);
	if (ret)
		return ret;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		vm_cpio_dir(&c, dirs[i]);
	vm_cpio_file(&c, "bin/busybox", busybox, 0755);
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		char name[64];

		snprintf(name, sizeof(name), "bin/%s", links[i]);
		vm_cpio_symlink(&c, name, "busybox");
	}
	vm_cpio_file(&c, "bin/lg-guest", guest, 0755);
	if (k->evdev_ko[0])
		vm_cpio_file(&c, "lib/modules/evdev.ko", k->evdev_ko, 0644);
	vm_cpio_data(&c, "init", 0755, init_script, sizeof(init_script) - 1);
	return vm_cpio_close(&c);
}
