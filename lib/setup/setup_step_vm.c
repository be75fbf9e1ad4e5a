// SPDX-License-Identifier: MIT
/*
 * The VM steps of the guide (section 2 and 3): the GOP driver taken out of
 * the user's BIOS image (lib/uefi), the libvirt domain (lib/vm's XML, then
 * `virsh define`), and the files the guest and the Looking Glass client
 * need (lib/vm's guest files).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "setup/setup_steps.h"
#include "uefi/uefi_gop.h"
#include "vm/vm_domain.h"
#include "vm/vm_firmware.h"
#include "vm/vm_guest_files.h"
#include "vm/vm_xml.h"

int setup_build_gop(struct setup_plan *p, struct setup_step *s)
{
	struct uefi_gop_result res = { 0 };
	char *bios;
	size_t len;
	int ret;

	if (!p->o.bios) {
		setup_step_reason(s, SETUP_SKIPPED,
				  "no --bios FILE given (the board's BIOS image).");
		return 0;
	}
	/* the image is the user's file, not part of the root */
	if (host_read(NULL, p->o.bios, &bios, &len)) {
		setup_step_reason(s, SETUP_USER, "%s cannot be read.", p->o.bios);
		return 0;
	}
	ret = uefi_gop_find((const uint8_t *)bios, len,
			    p->o.gop_match ? p->o.gop_match : UEFI_GOP_DEFAULT_MATCH, NULL, &res);
	if (ret || !res.n || res.cand[0].verdict != UEFI_PE_OK) {
		setup_step_reason(
			s, SETUP_USER,
			"no valid Intel GOP driver in %s: check it with 'vfctl gop find'.",
			p->o.bios);
		uefi_gop_result_free(&res);
		free(bios);
		return 0;
	}
	ret = setup_step_write_bytes(p, s, SETUP_GOP_PATH, (const char *)res.cand[0].data,
				     res.cand[0].len, 0644);
	setup_step_reason(s, s->nfile ? SETUP_TODO : SETUP_DONE,
			  "the GOP driver (sha256 %.16s..., %zu bytes) as %s.", res.cand[0].sha256,
			  res.cand[0].len, SETUP_GOP_PATH);
	uefi_gop_result_free(&res);
	free(bios);
	return ret;
}

static const char *vm_xml_path(const struct setup_plan *p, char *buf, size_t size)
{
	snprintf(buf, size, "/etc/vfctl/%s.xml", p->o.vm);
	return buf;
}

/* The domain as the other steps configure it; 0 or a reason in @s. */
static int domain_of(struct setup_plan *p, struct setup_step *s, struct vm_domain *d)
{
	char vf[16];
	const char *why = NULL;

	vm_domain_init(d);
	d->name = p->o.vm;
	if (setup_vf_bdf(p, 1, vf, sizeof(vf)) || vm_bdf_parse(vf, &d->vf))
		return -EINVAL;
	d->has_vf = true;
	d->romfile = SETUP_GOP_PATH;
	for (unsigned int i = 0; i < p->o.nres; i++)
		vm_domain_add_resolution(d, &p->o.res[i]);
	if (!p->o.nres) {
		struct vm_resolution r = { 1920, 1080, 60 };

		vm_domain_add_resolution(d, &r);
	}
	if (vm_firmware_find(p->o.root, &d->fw)) {
		setup_step_reason(s, SETUP_USER,
				  "no OVMF firmware descriptor: install ovmf (and libvirt).");
		return 1;
	}
	if (vm_domain_validate(d, &why)) {
		setup_step_reason(s, SETUP_USER, "the VM is not valid: %s.", why);
		return 1;
	}
	return 0;
}

int setup_build_vm(struct setup_plan *p, struct setup_step *s)
{
	char path[SETUP_PATH_MAX], cmd[SETUP_CMD_MAX], undo[SETUP_CMD_MAX], def[SETUP_PATH_MAX];
	struct vm_domain d;
	char *xml = NULL;
	int ret;

	if (!p->o.vm) {
		setup_step_reason(s, SETUP_SKIPPED, "no --vm NAME given.");
		return 0;
	}
	ret = domain_of(p, s, &d);
	if (ret)
		return ret < 0 ? ret : 0;
	if (vm_xml_build(&d, &xml, NULL))
		return -ENOMEM;
	ret = setup_step_write(p, s, vm_xml_path(p, path, sizeof(path)), xml, 0644);
	free(xml);
	if (ret)
		return ret;
	snprintf(def, sizeof(def), "/etc/libvirt/qemu/%s.xml", p->o.vm);
	if (s->nfile || !host_exists(p->o.root, def)) {
		snprintf(cmd, sizeof(cmd), "virsh define '%s'", path);
		snprintf(undo, sizeof(undo), "virsh undefine '%s' --nvram", p->o.vm);
		ret = setup_step_cmd(s, cmd, undo);
	}
	setup_step_reason(s, s->nfile || s->ncmd ? SETUP_TODO : SETUP_DONE,
			  "libvirt domain '%s' with VF1 and its GOP romfile.", p->o.vm);
	return ret;
}

int setup_build_guest(struct setup_plan *p, struct setup_step *s)
{
	static const struct {
		const char *name;
		int kind;
	} files[] = { { "option.txt", 0 },
		      { "looking-glass-host.ini", 1 },
		      { "looking-glass-client.ini", 2 } };
	char path[SETUP_PATH_MAX];
	struct vm_domain d;
	int ret;

	if (!p->o.vm) {
		setup_step_reason(s, SETUP_SKIPPED, "no --vm NAME given.");
		return 0;
	}
	ret = domain_of(p, s, &d);
	if (ret)
		return ret < 0 ? ret : 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && !ret; i++) {
		char *text = files[i].kind == 0 ? vm_idd_option_txt(&d, 1) :
			     files[i].kind == 1 ? vm_lg_host_ini(&d) :
						  vm_lg_client_ini(&d);

		if (!text)
			return -ENOMEM;
		snprintf(path, sizeof(path), "/var/lib/vfctl/guest/%s/%s", p->o.vm, files[i].name);
		ret = setup_step_write(p, s, path, text, 0644);
		free(text);
	}
	setup_step_reason(s, s->nfile ? SETUP_TODO : SETUP_DONE,
			  "/var/lib/vfctl/guest/%s: option.txt (C:\\IddSampleDriver), "
			  "looking-glass-host.ini (guest), looking-glass-client.ini (host).",
			  p->o.vm);
	return ret;
}
