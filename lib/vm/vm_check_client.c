// SPDX-License-Identifier: MIT
/*
 * `vm check --client-ini FILE`: the host's Looking Glass client settings
 * against the VM. A client that opens other memory than the VM's IVSHMEM
 * waits for the host forever, which users take for a broken guest; one
 * that dials another SPICE port gets a picture but no keyboard or mouse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vm/vm_check_internal.h"
#include "vm/vm_lg_ini.h"

#define LG_DEFAULT_KVMFR "/dev/kvmfr0"
#define LG_DEFAULT_SHM "/dev/shm/looking-glass"
#define LG_DEFAULT_SPICE_PORT 5900

/* B7's default memory: /dev/kvmfr0 when the host has it, else /dev/shm. */
static const char *default_shm(struct vm_ck *c)
{
	char path[1024];
	struct stat st;

	snprintf(path, sizeof(path), "%s%s", strcmp(c->root, "/") ? c->root : "", LG_DEFAULT_KVMFR);
	return stat(path, &st) ? LG_DEFAULT_SHM : LG_DEFAULT_KVMFR;
}

static void ck_memory(struct vm_ck *c, const struct vm_lg_ini *ini, const char *files)
{
	const char *vm = c->r->shm_path, *client;
	char hint[VM_LG_INI_VALUE_MAX + 64];

	if (!vm)
		return;
	client = ini->have_shm ? ini->shm_file : default_shm(c);
	if (!strcmp(client, vm))
		return;
	snprintf(hint, sizeof(hint), "set shmFile=%s under [app]", vm);
	vm_ck_add(
		c, "client-shm-mismatch", VM_SEV_ERROR, hint,
		"the Looking Glass client opens %s (%s) but the VM's IVSHMEM is %s: the client never sees the guest's frames and waits for the host",
		client, ini->have_shm ? files : "its default, no shmFile in the client's ini", vm);
}

static void ck_spice_port(struct vm_ck *c, const struct vm_lg_ini *ini, const char *files)
{
	long want = ini->have_spice_port ? ini->spice_port : LG_DEFAULT_SPICE_PORT;
	xmlXPathObjectPtr o;
	char *port, *autoport, hint[128];
	long vm;

	if (ini->have_spice_enable && !ini->spice_enable)
		return;
	o = vm_ck_nodes(c, "/domain/devices/graphics[@type='spice']");
	if (!o) {
		o = vm_ck_nodes(c, "/domain/qemu:commandline/qemu:arg[@value='-spice']");
		if (!o)
			vm_ck_add(
				c, "client-spice-missing", VM_SEV_WARNING,
				"add <graphics type='spice' port='5900' autoport='no' listen='127.0.0.1'/> to the VM, or set enable=no under [spice] if input goes another way",
				"the Looking Glass client dials SPICE (%s) but the VM has no SPICE server: the client shows the guest but sends it no keyboard or mouse",
				files);
		xmlXPathFreeObject(o);
		return;
	}
	xmlXPathFreeObject(o);
	port = vm_ck_str(c, "string(/domain/devices/graphics[@type='spice'][1]/@port)");
	autoport = vm_ck_str(c, "string(/domain/devices/graphics[@type='spice'][1]/@autoport)");
	/* spice-autoport already says an automatic port cannot be dialled */
	if (port && autoport && strcmp(autoport, "yes") && port[0] && strcmp(port, "-1")) {
		vm = strtol(port, NULL, 10);
		if (vm != want) {
			snprintf(hint, sizeof(hint), "set port=%ld under [spice]", vm);
			vm_ck_add(
				c, "client-spice-mismatch", VM_SEV_WARNING, hint,
				"the Looking Glass client dials SPICE port %ld (%s) but the VM's SPICE listens on %ld: the client shows the guest but sends it no keyboard or mouse",
				want, ini->have_spice_port ? files : "its default", vm);
		}
	}
	free(port);
	free(autoport);
}

void vm_ck_client(struct vm_ck *c)
{
	const struct vm_check_opts *o = c->o;
	struct vm_lg_ini ini = { 0 };
	char files[512] = "";
	size_t i;

	if (!o->n_client)
		return;
	for (i = 0; i < o->n_client; i++) {
		const char *name = o->client_name[i] ? o->client_name[i] : "client.ini";

		snprintf(files + strlen(files), sizeof(files) - strlen(files), "%s%s",
			 i ? ", " : "", name);
		if (!vm_lg_ini_parse(o->client_text[i], o->client_len[i], &ini)) {
			vm_ck_add(
				c, "client-ini-syntax", VM_SEV_ERROR,
				"fix that line: a [module] alone on its line, then name=value lines; ';' starts a comment ('#' does not)",
				"%s line %u: %s: the Looking Glass client reports a syntax error and does not start",
				name, ini.syntax_line, ini.syntax_what);
			return;
		}
	}
	ck_memory(c, &ini, files);
	ck_spice_port(c, &ini, files);
}
