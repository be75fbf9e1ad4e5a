// SPDX-License-Identifier: MIT
/*
 * `vm check --host-ini FILE`: the guest's looking-glass-host.ini. The
 * Windows host reads it with the client's reader (vm_lg_ini.h) and treats
 * it its own way: a file with a syntax error is dropped whole, an unknown
 * capture interface makes the host exit, NvFBC cannot run on the Intel VF,
 * and B6's Direct3D 12 copy options are gone in B7 (which ignores them:
 * its Direct3D 12 capture is an interface of its own, D12).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "vm/vm_check_internal.h"
#include "vm/vm_lg_ini.h"

/* B7's Windows capture interfaces (their shortName, matched without case). */
static const char *const b7_capture[] = { "D12", "DXGI", "NvFBC" };
/* dxgi options B6 had and B7 dropped. */
static const char *const b6_dxgi_only[] = { "copyBackend", "d3d12CopySleep" };

struct host_ini {
	char capture[64];
	unsigned int capture_line;
	bool capture_cut;
	char b6[128]; /* the B6-only options found, comma-separated */
	unsigned int b6_line;
};

static void host_option(void *ctx, const char *module, const char *name,
			const struct vm_lg_ini_value *value, unsigned int line)
{
	struct host_ini *h = ctx;
	size_t i;

	if (!value)
		return;
	if (!strcasecmp(module, "app") && !strcasecmp(name, "capture")) {
		snprintf(h->capture, sizeof(h->capture), "%s", value->s);
		h->capture_cut = value->over || value->n >= sizeof(h->capture);
		h->capture_line = line;
		return;
	}
	if (strcasecmp(module, "dxgi"))
		return;
	for (i = 0; i < sizeof(b6_dxgi_only) / sizeof(b6_dxgi_only[0]); i++) {
		if (strcasecmp(name, b6_dxgi_only[i]) || strstr(h->b6, b6_dxgi_only[i]))
			continue;
		snprintf(h->b6 + strlen(h->b6), sizeof(h->b6) - strlen(h->b6), "%s%s",
			 h->b6[0] ? ", " : "", b6_dxgi_only[i]);
		if (!h->b6_line)
			h->b6_line = line;
	}
}

static void ck_capture(struct vm_ck *c, const struct host_ini *h, const char *file)
{
	size_t i;

	if (!h->capture[0])
		return;
	if (!strcasecmp(h->capture, "NvFBC")) {
		vm_ck_add(
			c, "host-capture-nvfbc", VM_SEV_ERROR,
			"set capture=d12 (B7) or capture=dxgi under [app], or remove the line: the host then picks one that works",
			"%s line %u: capture=%s is NVIDIA's frame capture: it cannot start on the Intel VF, and with the interface named the host tries no other, so it captures nothing",
			file, h->capture_line, h->capture);
		return;
	}
	for (i = 0; i < sizeof(b7_capture) / sizeof(b7_capture[0]); i++)
		if (!h->capture_cut && !strcasecmp(h->capture, b7_capture[i]))
			return;
	vm_ck_add(
		c, "host-capture-unknown", VM_SEV_ERROR,
		"set capture=d12 (B7) or capture=dxgi under [app], or remove the line",
		"%s line %u: capture=%s is not a capture interface of the Windows host (B7 has D12, DXGI and NvFBC, B6 DXGI and NvFBC): its option check refuses it and the host exits",
		file, h->capture_line, h->capture);
}

void vm_ck_host_ini(struct vm_ck *c)
{
	const struct vm_check_opts *o = c->o;
	const char *file = o->host_ini_name ? o->host_ini_name : "looking-glass-host.ini";
	struct vm_lg_ini_error err = { 0 };
	struct host_ini h = { 0 };

	if (!o->host_ini_text)
		return;
	if (!vm_lg_ini_read(o->host_ini_text, o->host_ini_len, host_option, &h, &err)) {
		vm_ck_add(
			c, "host-ini-syntax", VM_SEV_WARNING,
			"fix that line: a [module] alone on its line, then name=value lines; ';' starts a comment ('#' does not)",
			"%s line %u: %s: the Looking Glass host takes the file for invalid and runs without any of its settings",
			file, err.line, err.what);
		return;
	}
	ck_capture(c, &h, file);
	if (h.b6[0])
		vm_ck_add(
			c, "host-option-b6", VM_SEV_WARNING,
			"with B7, remove them; for Direct3D 12 capture set capture=d12 under [app] (B6 reads them as meant)",
			"%s line %u: [dxgi] %s %s B6's: B7 no longer has %s and ignores %s, so its DXGI capture copies with Direct3D 11",
			file, h.b6_line, h.b6, strchr(h.b6, ',') ? "are" : "is",
			strchr(h.b6, ',') ? "them" : "it", strchr(h.b6, ',') ? "them" : "it");
}
