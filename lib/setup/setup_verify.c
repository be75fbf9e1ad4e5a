// SPDX-License-Identifier: MIT
/*
 * Verify: each step of the plan against the live state, then the doctor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_doctor.h"
#include "host/host_fs.h"
#include "host/host_vfs.h"
#include "setup/setup_steps.h"
#include "setup/setup.h"
#include "setup/setup_verify.h"

/* The live state a done step must show; NULL when it has none to check. */
static const char *live(const struct setup_plan *p, const struct setup_step *s, char *why,
			size_t size)
{
	char path[160], line[64];

	if (!strcmp(s->id, "cmdline")) {
		const char *slot;
		size_t slen;
		char *text;
		bool ok;

		if (host_read(p->o.root, "/proc/cmdline", &text, NULL))
			return "/proc/cmdline cannot be read";
		/* what the kernel kept, read as the plan reads the files it
		 * writes (setup_params.c): iommu=pt,nomerge or a last
		 * iommu.passthrough=1 is passthrough too */
		ok = setup_params_have(text, "intel_iommu=on", &slot, &slen) &&
		     setup_params_have(text, "iommu=pt", &slot, &slen);
		free(text);
		return ok ? NULL :
			    "the running kernel was not booted with intel_iommu=on iommu=pt: reboot";
	}
	if (!strcmp(s->id, "options")) {
		if (host_read_line(p->o.root, "/sys/module/i915/parameters/enable_guc", line,
				   sizeof(line)))
			return NULL; /* i915 not loaded: nothing to compare */
		if (strcmp(line, "3")) {
			snprintf(why, size, "i915 runs with enable_guc=%s, not 3: reboot", line);
			return why;
		}
		return NULL;
	}
	if (!strcmp(s->id, "vfs")) {
		uint64_t n = 0;

		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/sriov_numvfs", p->pf);
		if (host_read_u64(p->o.root, path, &n) || n != p->o.vfs) {
			snprintf(why, size, "%s has %llu VFs, not %u", p->pf, (unsigned long long)n,
				 p->o.vfs);
			return why;
		}
		return NULL;
	}
	if (!strcmp(s->id, "vfio")) {
		for (unsigned int i = 1; i <= p->o.vfs; i++) {
			char vf[16], drv[64] = "";

			setup_vf_bdf(p, i, vf, sizeof(vf));
			snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", vf);
			host_link_name(p->o.root, path, drv, sizeof(drv));
			if (strcmp(drv, "vfio-pci")) {
				snprintf(why, size, "VF%u (%s) is bound to %s, not vfio-pci", i, vf,
					 drv[0] ? drv : "no driver");
				return why;
			}
		}
		return NULL;
	}
	if (!strcmp(s->id, "kvmfr"))
		return host_exists(p->o.root, "/dev/kvmfr0") ? NULL : "/dev/kvmfr0 does not exist";
	return NULL;
}

int setup_verify(const struct setup_plan *p, struct host_report *r)
{
	struct host_doctor_opts o = { .root = p->o.root, .pf = p->pf };
	struct host_report doc = { 0 };
	char id[48], why[256];

	for (unsigned int i = 0; i < p->n; i++) {
		const struct setup_step *s = &p->step[i];
		const char *bad;

		snprintf(id, sizeof(id), "setup.%s", s->id);
		switch (s->state) {
		case SETUP_SKIPPED:
			host_report_add(r, id, HOST_SKIP, "%s", s->reason);
			break;
		case SETUP_DONE:
			bad = live(p, s, why, sizeof(why));
			if (bad)
				host_report_add(r, id, HOST_FAIL, "%s: configured, but %s.",
						s->title, bad);
			else
				host_report_add(r, id, HOST_PASS, "%s: %s", s->title, s->reason);
			break;
		default:
			host_report_add(r, id, HOST_FAIL, "%s is %s: %s", s->title,
					s->state == SETUP_TODO ? "not applied" :
								 setup_state_name(s->state),
					s->reason);
			break;
		}
	}
	if (host_doctor_run(&o, &doc))
		return -ENOMEM;
	for (size_t i = 0; i < doc.n; i++) {
		struct host_finding *f =
			host_report_add(r, doc.f[i].id, doc.f[i].status, "%s", doc.f[i].message);

		host_finding_evidence(f, "%s", doc.f[i].evidence);
	}
	r->unsupported = doc.unsupported;
	host_report_free(&doc);
	return 0;
}
