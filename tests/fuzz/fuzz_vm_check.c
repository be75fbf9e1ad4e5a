// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: vm check over arbitrary bytes as a domain XML (users
 * hand us their own definitions). The root prefix holds no qemu.conf or
 * kvmfr.conf, so those reads fail cleanly. The first byte picks
 * an optional resolution so the size check sees both sources. The guest's
 * and client's files follow the domain, each after a line of its own:
 * "#idd" (option.txt), "#client" (a client ini), "#host-ini"
 * (looking-glass-host.ini), as vfctl vm check --idd/--client/--host-ini
 * hands them over; and "#rom", bytes the romfile holds: they are written
 * as /var/lib/libvirt/vbios/IntelGopDriver.efi of a root prefix made at
 * start (holding nothing else), which vm check then reads and judges.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "vm/vm_check.h"
#include "vm/vm_qemu_conf.h"
#include "vm/vm_qemu_opt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

#define ROM_DIRS "/var/lib/libvirt/vbios"
static char root[512], rom[600];

static void remove_root(void)
{
	char d[600], *slash;

	unlink(rom);
	snprintf(d, sizeof(d), "%s" ROM_DIRS, root);
	/* rmdir of each directory, deepest first */
	while ((slash = strrchr(d, '/')) && (size_t)(slash - d) >= strlen(root)) {
		rmdir(d);
		*slash = '\0';
	}
	rmdir(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char d[600], *slash;

	(void)argc;
	(void)argv;
	xmlSetGenericErrorFunc(NULL, quiet);
	snprintf(root, sizeof(root), "%s/fuzz-vm-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root))
		abort();
	snprintf(d, sizeof(d), "%s" ROM_DIRS, root);
	/* mkdir -p */
	for (slash = strchr(d + strlen(root) + 1, '/');; slash = strchr(slash + 1, '/')) {
		if (slash)
			*slash = '\0';
		mkdir(d, 0755);
		if (!slash)
			break;
		*slash = '/';
	}
	snprintf(rom, sizeof(rom), "%s/IntelGopDriver.efi", d);
	atexit(remove_root);
	return 0;
}

/* The romfile for this input: its bytes, or none at all. */
static void put_rom(const char *p, size_t n)
{
	FILE *f;

	unlink(rom);
	if (!p)
		return;
	f = fopen(rom, "w");
	if (!f || (n && fwrite(p, 1, n, f) != n))
		abort();
	fclose(f);
}

/* Cut the part after the line @mark off the end of [@p, *@len). */
static void cut(const char *p, size_t *len, const char *mark, const char **text, size_t *tlen)
{
	size_t m = strlen(mark), i;

	*text = NULL;
	*tlen = 0;
	for (i = 0; i + m <= *len; i++)
		if ((i == 0 || p[i - 1] == '\n') && !memcmp(p + i, mark, m) &&
		    (i + m == *len || p[i + m] == '\n')) {
			*text = p + i + m + (i + m < *len);
			*tlen = *len - (size_t)(*text - p);
			*len = i;
			return;
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vm_check_opts o = { .root = root };
	const char *rom_bytes;
	size_t rom_len;
	struct vm_check_report r;
	char text[4096], v[64];
	size_t i, n, xml_len;

	if (size && data[0] & 1) {
		o.have_mode = true;
		o.mode = (struct vm_resolution){ 320u + data[0] * 60u, 200u + data[0] * 30u, 60 };
		o.hdr = data[0] & 2;
	}
	xml_len = size;
	cut((const char *)data, &xml_len, "#rom", &rom_bytes, &rom_len);
	put_rom(rom_bytes, rom_len);
	cut((const char *)data, &xml_len, "#host-ini", &o.host_ini_text, &o.host_ini_len);
	cut((const char *)data, &xml_len, "#client", &o.client_text[0], &o.client_len[0]);
	cut((const char *)data, &xml_len, "#idd", &o.idd_text, &o.idd_len);
	o.host_ini_name = "looking-glass-host.ini";
	o.client_name[0] = "client.ini";
	o.n_client = o.client_text[0] ? 1 : 0;
	o.idd_name = "option.txt";
	if (vm_check_xml((const char *)data, xml_len, &o, &r) == 0) {
		for (i = 0; i < r.n; i++)
			if (!r.f[i].id || !r.f[i].message[0] || !r.f[i].hint[0])
				__builtin_trap();
		vm_check_report_free(&r);
	}
	/* the two text parsers directly, on the same bytes as a string */
	n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	memcpy(text, data, n);
	text[n] = '\0';
	vm_qemu_opt_check(text);
	vm_qemu_opt_get(text, "size", v, sizeof(v));
	vm_qemu_opt_get(text, "driver", v, sizeof(v));
	vm_qemu_conf_acl_has(text, "/dev/kvmfr0");
	return 0;
}
