// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: which hostpciN of a Proxmox VM configuration passes
 * the iGPU's PF (host_pve_pf.c; the files under /etc/pve/qemu-server are
 * an admin's, untrusted). The whole input is the configuration; its first
 * line, NUL-terminated, is also read as one device ID.
 *
 * The configuration is also written as /etc/pve/qemu-server/100.conf of
 * a root prefix made at start, so that the scan of that directory
 * (host_pve_find_pf) reads it as the doctor does.
 *
 * Properties besides memory safety: what is found fits its buffers, names
 * a hostpciN key, and its options are empty or start with a comma; the
 * scan finds the PF exactly when the parser of the text does.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_pve_pf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char root[512], conf[600], other[600];

static void remove_root(void)
{
	char d[600];

	unlink(conf);
	unlink(other);
	snprintf(d, sizeof(d), "%s/etc/pve/qemu-server", root);
	rmdir(d);
	snprintf(d, sizeof(d), "%s/etc/pve", root);
	rmdir(d);
	snprintf(d, sizeof(d), "%s/etc", root);
	rmdir(d);
	rmdir(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char d[600];
	FILE *f;

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "%s/fuzz-pve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root))
		abort();
	snprintf(d, sizeof(d), "%s/etc", root);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/etc/pve", root);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/etc/pve/qemu-server", root);
	if (mkdir(d, 0755))
		abort();
	snprintf(conf, sizeof(conf), "%s/100.conf", d);
	/* not a VMID.conf: the scan leaves it out */
	snprintf(other, sizeof(other), "%s/100.conf.tmp", d);
	f = fopen(other, "w");
	if (!f)
		abort();
	fputs("hostpci0: 0000:00:02.0\n", f);
	fclose(f);
	atexit(remove_root);
	return 0;
}

/* The scan of the directory, holding @data as 100.conf. */
static void scan(const uint8_t *data, size_t size, bool want)
{
	struct host_pve_pf out;
	FILE *f = fopen(conf, "w");

	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	if (host_pve_find_pf(root, "0000:00:02.0", &out) != want)
		abort();
	if (want && (strcmp(out.vmid, "100") || strcmp(out.conf, "/etc/pve/qemu-server/100.conf")))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host_pve_pf out;
	char id[64];
	const uint8_t *nl = memchr(data, '\n', size);
	size_t n = nl ? (size_t)(nl - data) : size;
	bool all;
	int ret;

	if (n >= sizeof(id))
		n = sizeof(id) - 1;
	memcpy(id, data, n);
	id[n] = '\0';
	(void)host_pve_id_is_pf(id, "0000:00:02.0", &all);

	memset(&out, 0, sizeof(out));
	ret = host_pve_conf_pf((const char *)data, size, "0000:00:02.0", &out);
	if (ret >= 0)
		scan(data, size, ret == 1);
	if (ret != 1)
		return 0;
	if (strnlen(out.key, sizeof(out.key)) == sizeof(out.key) ||
	    strnlen(out.value, sizeof(out.value)) == sizeof(out.value) ||
	    strnlen(out.opts, sizeof(out.opts)) == sizeof(out.opts) ||
	    strncmp(out.key, "hostpci", 7) || (out.opts[0] && out.opts[0] != ','))
		abort();
	return 0;
}
