// SPDX-License-Identifier: MIT
/*
 * The plan: the guide's steps in order, each built against the host as the
 * earlier steps leave it, then the dependencies between them resolved.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_igpu.h"
#include "host/host_pci.h"
#include "setup/setup.h"
#include "setup/setup_fs.h"
#include "setup/setup_steps.h"

static const struct setup_step_def defs[] = {
	{ "bios", "BIOS: VT-d and SR-IOV enabled", { NULL }, setup_build_bios },
	{ "cmdline", "kernel command line (IOMMU)", { NULL }, setup_build_cmdline },
	{ "firmware", "GuC/HuC/DMC firmware package", { NULL }, setup_build_firmware },
	{ "dkms", "i915-sriov-dkms driver", { NULL }, setup_build_dkms },
	{ "options", "i915 module options", { NULL }, setup_build_options },
	{ "vfs", "VFs enabled at boot", { "bios", "dkms" }, setup_build_vfs },
	{ "vfio", "VFs bound to vfio-pci at boot", { "vfs" }, setup_build_vfio },
	{ "kvmfr", "kvmfr shared memory for Looking Glass", { NULL }, setup_build_kvmfr },
	{ "gop", "GOP driver from the BIOS image", { NULL }, setup_build_gop },
	{ "vm", "libvirt domain defined", { "gop", "vfio" }, setup_build_vm },
	{ "guest", "guest files (IddSampleDriver, Looking Glass)", { "vm" }, setup_build_guest },
};

#define N_DEFS (sizeof(defs) / sizeof(defs[0]))

const char *setup_state_name(enum setup_state s)
{
	static const char *const names[] = {
		[SETUP_DONE] = "done", [SETUP_TODO] = "todo",	    [SETUP_BLOCKED] = "blocked",
		[SETUP_USER] = "user", [SETUP_SKIPPED] = "skipped",
	};
	return s <= SETUP_SKIPPED ? names[s] : "?";
}

void setup_step_reason(struct setup_step *s, enum setup_state state, const char *fmt, ...)
{
	va_list ap;

	s->state = state;
	va_start(ap, fmt);
	vsnprintf(s->reason, sizeof(s->reason), fmt, ap);
	va_end(ap);
}

int setup_step_cmd(struct setup_step *s, const char *run, const char *undo)
{
	if (s->ncmd == SETUP_MAX_CMDS)
		return -ENOSPC;
	snprintf(s->cmd[s->ncmd].run, sizeof(s->cmd[0].run), "%s", run);
	snprintf(s->cmd[s->ncmd].undo, sizeof(s->cmd[0].undo), "%s", undo ? undo : "");
	s->ncmd++;
	return 0;
}

int setup_plan_read(struct setup_plan *p, const char *path, const char **text, size_t *len)
{
	struct setup_fs_old old;
	struct setup_read *r;
	int ret;

	/* the newest planned contents win */
	for (unsigned int i = p->n; i-- > 0;)
		for (unsigned int k = p->step[i].nfile; k-- > 0;)
			if (!strcmp(p->step[i].file[k].path, path)) {
				*text = p->step[i].file[k].new;
				*len = p->step[i].file[k].new_len;
				return 0;
			}
	for (unsigned int i = 0; i < p->nreads; i++)
		if (!strcmp(p->reads[i].path, path)) {
			*text = p->reads[i].text;
			*len = p->reads[i].len;
			return 0;
		}
	ret = setup_fs_read(p->o.root, path, &old);
	if (ret)
		return ret;
	r = realloc(p->reads, (p->nreads + 1) * sizeof(*r));
	if (!r) {
		free(old.text);
		return -ENOMEM;
	}
	p->reads = r;
	r = &p->reads[p->nreads++];
	snprintf(r->path, sizeof(r->path), "%s", path);
	r->text = old.text;
	r->len = old.len;
	*text = r->text;
	*len = r->len;
	return 0;
}

static char *dup_bytes(const char *t, size_t len)
{
	char *d = malloc(len + 1);

	if (d) {
		memcpy(d, t, len);
		d[len] = '\0';
	}
	return d;
}

int setup_step_write(struct setup_plan *p, struct setup_step *s, const char *path, const char *text,
		     mode_t mode)
{
	return setup_step_write_bytes(p, s, path, text, text ? strlen(text) : 0, mode);
}

int setup_step_write_bytes(struct setup_plan *p, struct setup_step *s, const char *path,
			   const char *text, size_t nlen, mode_t mode)
{
	struct setup_file *f;
	const char *cur;
	size_t len;
	int ret;

	ret = setup_plan_read(p, path, &cur, &len);
	if (ret)
		return ret;
	if ((!cur && !text) || (cur && text && len == nlen && !memcmp(cur, text, len)))
		return 0;
	/* a second change of the same file in one step: one diff from the first old */
	for (unsigned int k = 0; k < s->nfile; k++) {
		char *d;

		if (strcmp(s->file[k].path, path))
			continue;
		d = text ? dup_bytes(text, nlen) : NULL;
		if (text && !d)
			return -ENOMEM;
		free(s->file[k].new);
		s->file[k].new = d;
		s->file[k].new_len = nlen;
		return 0;
	}
	if (s->nfile == SETUP_MAX_FILES)
		return -ENOSPC;
	f = &s->file[s->nfile];
	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", path);
	f->mode = mode;
	if (cur && !(f->old = dup_bytes(cur, len)))
		return -ENOMEM;
	f->old_len = cur ? len : 0;
	if (text && !(f->new = dup_bytes(text, nlen))) {
		free(f->old);
		return -ENOMEM;
	}
	f->new_len = nlen;
	s->nfile++;
	return 0;
}

static bool listed(const char *list, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, id, n))
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

static const struct setup_step *find(const struct setup_plan *p, const char *id)
{
	for (unsigned int i = 0; i < p->n; i++)
		if (!strcmp(p->step[i].id, id))
			return &p->step[i];
	return NULL;
}

/* Every --skip name must be a step: a typo would silently apply it. */
static int check_skip(const char *list, struct setup_step *s0)
{
	for (const char *q = list; q && *q;) {
		size_t len = strcspn(q, ",");
		bool ok = false;

		for (size_t i = 0; i < N_DEFS; i++)
			ok |= strlen(defs[i].id) == len && !strncmp(defs[i].id, q, len);
		if (!ok) {
			snprintf(s0->reason, sizeof(s0->reason), "--skip: no step '%.*s'", (int)len,
				 q);
			return -EINVAL;
		}
		q += len + (q[len] == ',');
	}
	return 0;
}

int setup_plan_build(const struct setup_opts *o, struct setup_plan *p)
{
	int ret;

	memset(p, 0, sizeof(*p));
	p->o = *o;
	if (!p->o.vfs)
		p->o.vfs = 2;
	snprintf(p->pf, sizeof(p->pf), "%s", o->pf ? o->pf : HOST_PF_BDF);
	if (p->o.vfs > HOST_IGPU_MAX_VFS) {
		snprintf(p->step[0].reason, sizeof(p->step[0].reason),
			 "--vfs %u: the iGPU has at most %u VFs", p->o.vfs, HOST_IGPU_MAX_VFS);
		return -EINVAL;
	}
	ret = check_skip(o->skip, &p->step[0]);
	if (ret)
		return ret;
	host_distro_detect(o->root, &p->distro);
	/* the root's own kernel, never the machine's running vfctl */
	host_distro_boot_release(o->root, p->release, sizeof(p->release));
	for (size_t i = 0; i < N_DEFS; i++) {
		struct setup_step *s = &p->step[p->n];

		s->id = defs[i].id;
		s->title = defs[i].title;
		p->n++;
		if (listed(o->skip, s->id)) {
			setup_step_reason(s, SETUP_SKIPPED, "left out (--skip).");
			continue;
		}
		ret = defs[i].build(p, s);
		if (ret == -ELOOP) {
			/* a planted link: never written through, the user decides */
			for (unsigned int k = 0; k < s->nfile; k++) {
				free(s->file[k].old);
				free(s->file[k].new);
			}
			s->nfile = s->ncmd = 0;
			setup_step_reason(s, SETUP_USER,
					  "a file it writes, or a directory on the way, is a "
					  "symlink: vfctl never writes through one; replace it "
					  "with a regular file.");
			continue;
		}
		if (ret) {
			setup_plan_free(p);
			return ret;
		}
		if (s->state == SETUP_DONE && (s->nfile || s->ncmd))
			s->state = SETUP_TODO;
	}
	/* a step waits for an earlier one that this apply cannot do */
	for (size_t i = 0; i < N_DEFS; i++) {
		struct setup_step *s = &p->step[i];

		if (s->state != SETUP_TODO && s->state != SETUP_DONE)
			continue;
		for (size_t k = 0; k < 3 && defs[i].needs[k]; k++) {
			const struct setup_step *d = find(p, defs[i].needs[k]);

			if (d && (d->state == SETUP_USER || d->state == SETUP_BLOCKED) &&
			    s->state == SETUP_TODO) {
				s->state = SETUP_BLOCKED;
				s->blocked_by = d->id;
				snprintf(s->reason, sizeof(s->reason),
					 "waits for step '%s': %.400s", d->id, d->reason);
				break;
			}
		}
	}
	return 0;
}

void setup_plan_free(struct setup_plan *p)
{
	for (unsigned int i = 0; i < SETUP_MAX_STEPS; i++)
		for (unsigned int k = 0; k < p->step[i].nfile; k++) {
			free(p->step[i].file[k].old);
			free(p->step[i].file[k].new);
		}
	for (unsigned int i = 0; i < p->nreads; i++)
		free(p->reads[i].text);
	free(p->reads);
	memset(p->step, 0, sizeof(p->step));
	p->reads = NULL;
	p->nreads = 0;
	p->n = 0;
}

unsigned int setup_plan_todo(const struct setup_plan *p)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < p->n; i++)
		n += p->step[i].state == SETUP_TODO;
	return n;
}

const char *setup_pf_driver(const struct setup_plan *p)
{
	return p->o.pf_driver ? p->o.pf_driver : "i915";
}

int setup_vf_bdf(const struct setup_plan *p, unsigned int n, char *buf, size_t size)
{
	unsigned int dom, bus, dev, fn, rid;
	uint64_t off = 1, stride = 1;
	char path[128];

	if (!n || sscanf(p->pf, "%x:%x:%x.%x", &dom, &bus, &dev, &fn) != 4)
		return -EINVAL;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/sriov_offset", p->pf);
	host_read_u64(p->o.root, path, &off);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/sriov_stride", p->pf);
	host_read_u64(p->o.root, path, &stride);
	rid = (bus << 8 | dev << 3 | fn) + (unsigned int)off + (n - 1) * (unsigned int)stride;
	if (rid > 0xffff)
		return -EINVAL;
	snprintf(buf, size, "%04x:%02x:%02x.%x", dom, rid >> 8, (rid >> 3) & 0x1f, rid & 7);
	return 0;
}
