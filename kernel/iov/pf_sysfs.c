// SPDX-License-Identifier: MIT
/*
 * The provisioning files of i915's PF (i915_sriov_sysfs.c, intel_iov_sysfs.c)
 * as the PF core answers them: what the host tools and the IGT tests
 * expect a real PF to read back and to refuse.
 *
 * A file is named by its path below prelim_iov/pf/ (@id 0) or
 * prelim_iov/vfN/ (@id N), e.g. "gt0/ggtt_quota". As in i915:
 * - a read is the getter's value in decimal and a newline, cut to the
 *   getter's type (u16 for contexts and doorbells);
 * - a write is parsed with kstrtou64/u32/u16 in base 0 (0x hex, a leading
 *   0 octal, a '+' and one trailing newline allowed) or kstrtobool, whose
 *   -EINVAL or -ERANGE comes back before the setter runs; then the
 *   setter's errno, or the whole count;
 * - "control" takes stop, pause, resume or clear (sysfs_streq()), anything
 *   else -EINVAL; "pause" only sends PAUSE, as intel_iov_state_pause_vf();
 * - a file the node does not have is -ENOENT; reading a write-only file or
 *   writing a read-only one is -EACCES (kernfs refuses the open).
 * The VF's binary "state" file (save and restore) is not modelled: the
 * core keeps no VF state to save.
 */
#include "iov/pf_sysfs.h"
#include "iov/pf_control.h"
#include "iov/pf_provision.h"
#include "iov/pf_resources.h"

#define ON_PF BIT(0)
#define ON_VF BIT(1)

/* The type i915's attribute parses a write into and cuts a read to. */
enum pf_sysfs_type {
	PF_SYSFS_U64,
	PF_SYSFS_U32,
	PF_SYSFS_U16,
	PF_SYSFS_BOOL,
};

/* What a file reads and writes. */
enum pf_sysfs_what {
	PF_SYSFS_AUTO,
	PF_SYSFS_ID,
	PF_SYSFS_CONTROL,
	PF_SYSFS_EXEC_QUANTUM,
	PF_SYSFS_PREEMPT_TIMEOUT,
	PF_SYSFS_GGTT_SPARE,
	PF_SYSFS_CTXS_SPARE,
	PF_SYSFS_DBS_SPARE,
	PF_SYSFS_GGTT_FREE,
	PF_SYSFS_GGTT_MAX,
	PF_SYSFS_CTXS_FREE,
	PF_SYSFS_CTXS_MAX,
	PF_SYSFS_DBS_FREE,
	PF_SYSFS_DBS_MAX,
	PF_SYSFS_SCHED_IF_IDLE,
	PF_SYSFS_RESET_ENGINE,
	PF_SYSFS_SAMPLE_PERIOD,
	PF_SYSFS_GGTT_QUOTA,
	PF_SYSFS_CTXS_QUOTA,
	PF_SYSFS_DBS_QUOTA,
	PF_SYSFS_THRESHOLD,
};

#define PF_SYSFS_R BIT(0)
#define PF_SYSFS_W BIT(1)
#define PF_SYSFS_RW (PF_SYSFS_R | PF_SYSFS_W)

/**
 * struct pf_sysfs_attr - one file of the tree
 * @path: below prelim_iov/pf/ or prelim_iov/vfN/
 * @nodes: ON_PF, ON_VF or both
 * @mode: PF_SYSFS_R, PF_SYSFS_W or both
 * @type: how a write is parsed and a read cut
 * @what: what it reads and writes
 * @index: the threshold's index
 */
struct pf_sysfs_attr {
	const char *path;
	u8 nodes;
	u8 mode;
	u8 type;
	u8 what;
	u8 index;
};

#define ATTR(p, n, m, t, w)                                                        \
	{                                                                          \
		.path = p, .nodes = n, .mode = PF_SYSFS_##m, .type = PF_SYSFS_##t, \
		.what = PF_SYSFS_##w                                               \
	}
#define THRESHOLD_ATTR(tag, key, log, attr) \
	{ .path = "gt0/threshold/" #attr,   \
	  .nodes = ON_VF,                   \
	  .mode = PF_SYSFS_RW,              \
	  .type = PF_SYSFS_U32,             \
	  .what = PF_SYSFS_THRESHOLD,       \
	  .index = GUC_KLV_VF_CFG_THRESHOLD_INDEX_##tag },

static const struct pf_sysfs_attr pf_sysfs_attrs[] = {
	/* i915_sriov_sysfs.c */
	ATTR("auto_provisioning", ON_PF, RW, BOOL, AUTO), ATTR("id", ON_VF, R, U32, ID),
	ATTR("control", ON_VF, W, U32, CONTROL),
	/* intel_iov_sysfs.c: the PF and the VFs */
	ATTR("gt0/exec_quantum_ms", ON_PF | ON_VF, RW, U32, EXEC_QUANTUM),
	ATTR("gt0/preempt_timeout_us", ON_PF | ON_VF, RW, U32, PREEMPT_TIMEOUT),
	/* the PF */
	ATTR("gt0/ggtt_spare", ON_PF, RW, U64, GGTT_SPARE),
	ATTR("gt0/contexts_spare", ON_PF, RW, U16, CTXS_SPARE),
	ATTR("gt0/doorbells_spare", ON_PF, RW, U16, DBS_SPARE),
	ATTR("gt0/available/ggtt_free", ON_PF, R, U64, GGTT_FREE),
	ATTR("gt0/available/ggtt_max_quota", ON_PF, R, U64, GGTT_MAX),
	ATTR("gt0/available/contexts_free", ON_PF, R, U16, CTXS_FREE),
	ATTR("gt0/available/contexts_max_quota", ON_PF, R, U16, CTXS_MAX),
	ATTR("gt0/available/doorbells_free", ON_PF, R, U16, DBS_FREE),
	ATTR("gt0/available/doorbells_max_quota", ON_PF, R, U16, DBS_MAX),
	ATTR("gt0/policies/sched_if_idle", ON_PF, RW, BOOL, SCHED_IF_IDLE),
	ATTR("gt0/policies/engine_reset", ON_PF, RW, BOOL, RESET_ENGINE),
	ATTR("gt0/policies/sample_period_ms", ON_PF, RW, U32, SAMPLE_PERIOD),
	/* the VFs */
	ATTR("gt0/ggtt_quota", ON_VF, RW, U64, GGTT_QUOTA),
	ATTR("gt0/contexts_quota", ON_VF, RW, U16, CTXS_QUOTA),
	ATTR("gt0/doorbells_quota", ON_VF, RW, U16, DBS_QUOTA),
	GUC_KLV_VF_CFG_THRESHOLDS(THRESHOLD_ATTR)
};

#undef THRESHOLD_ATTR
#undef ATTR

/* What i915's getter returns; the provisioning lock held. */
static u64 pf_sysfs_get(struct pf *pf, u32 id, const struct pf_sysfs_attr *a)
{
	const struct pf_vf_config *cfg = &pf->config[id];

	switch (a->what) {
	case PF_SYSFS_AUTO:
		return pf->auto_provisioning;
	case PF_SYSFS_ID:
		return id;
	case PF_SYSFS_EXEC_QUANTUM:
		return cfg->exec_quantum;
	case PF_SYSFS_PREEMPT_TIMEOUT:
		return cfg->preempt_timeout;
	case PF_SYSFS_GGTT_SPARE:
		return pf_ggtt_spare(pf);
	case PF_SYSFS_CTXS_SPARE:
		return pf_ctx_spare(pf);
	case PF_SYSFS_DBS_SPARE:
		return pf->spare.dbs; /* i915's pf_get_min_spare_dbs() is 0 */
	case PF_SYSFS_GGTT_FREE:
		return pf_ggtt_free(pf);
	case PF_SYSFS_GGTT_MAX:
		return pf_ggtt_max_quota(pf);
	case PF_SYSFS_CTXS_FREE:
		return pf_ctx_free(pf);
	case PF_SYSFS_CTXS_MAX:
		return pf_ctx_max_quota(pf);
	case PF_SYSFS_DBS_FREE:
		return pf_db_free(pf);
	case PF_SYSFS_DBS_MAX:
		return pf_db_max_quota(pf);
	case PF_SYSFS_SCHED_IF_IDLE:
		return pf->policies.sched_if_idle;
	case PF_SYSFS_RESET_ENGINE:
		return pf->policies.reset_engine;
	case PF_SYSFS_SAMPLE_PERIOD:
		return pf->policies.sample_period_ms;
	case PF_SYSFS_GGTT_QUOTA:
		return cfg->ggtt.size;
	case PF_SYSFS_CTXS_QUOTA:
		return cfg->num_ctxs;
	case PF_SYSFS_DBS_QUOTA:
		return cfg->num_dbs;
	case PF_SYSFS_THRESHOLD:
		return cfg->thresholds[a->index];
	default:
		return 0;
	}
}

/* The setter i915's attribute calls with the parsed value. */
static int pf_sysfs_set(struct pf *pf, u32 id, const struct pf_sysfs_attr *a, u64 v)
{
	switch (a->what) {
	case PF_SYSFS_AUTO:
		return pf_provision_set_auto(pf, v);
	case PF_SYSFS_EXEC_QUANTUM:
		return pf_provision_set_exec_quantum(pf, id, v);
	case PF_SYSFS_PREEMPT_TIMEOUT:
		return pf_provision_set_preempt_timeout(pf, id, v);
	case PF_SYSFS_GGTT_SPARE:
		return pf_provision_set_spare_ggtt(pf, v);
	case PF_SYSFS_CTXS_SPARE:
		return pf_provision_set_spare_ctxs(pf, v);
	case PF_SYSFS_DBS_SPARE:
		return pf_provision_set_spare_dbs(pf, v);
	case PF_SYSFS_SCHED_IF_IDLE:
		return pf_provision_set_sched_if_idle(pf, v);
	case PF_SYSFS_RESET_ENGINE:
		return pf_provision_set_reset_engine(pf, v);
	case PF_SYSFS_SAMPLE_PERIOD:
		return pf_provision_set_sample_period(pf, v);
	case PF_SYSFS_GGTT_QUOTA:
		return pf_provision_set_ggtt(pf, id, v);
	case PF_SYSFS_CTXS_QUOTA:
		return pf_provision_set_ctxs(pf, id, v);
	case PF_SYSFS_DBS_QUOTA:
		return pf_provision_set_dbs(pf, id, v);
	case PF_SYSFS_THRESHOLD:
		return pf_provision_set_threshold(pf, id, a->index, v);
	default:
		return -EIO;
	}
}

static const struct pf_sysfs_attr *pf_sysfs_find(const struct pf *pf, u32 id, const char *path)
{
	u8 node = id ? ON_VF : ON_PF;
	size_t i;

	if (id > pf->total_vfs)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(pf_sysfs_attrs); i++)
		if ((pf_sysfs_attrs[i].nodes & node) && !strcmp(pf_sysfs_attrs[i].path, path))
			return &pf_sysfs_attrs[i];
	return NULL;
}

/**
 * pf_sysfs_show - read one file
 * @pf: the PF
 * @id: 0 for prelim_iov/pf/, N for prelim_iov/vfN/
 * @path: the file below it
 * @buf: where the text goes
 * @size: its size (PAGE_SIZE in sysfs)
 *
 * Return: the length of the text, -ENOENT for no such file, -EACCES for a
 * write-only one.
 */
ssize_t pf_sysfs_show(struct pf *pf, u32 id, const char *path, char *buf, size_t size)
{
	const struct pf_sysfs_attr *a = pf_sysfs_find(pf, id, path);
	u64 v;

	if (!a)
		return -ENOENT;
	if (!(a->mode & PF_SYSFS_R))
		return -EACCES;
	mutex_lock(&pf->lock);
	v = pf_sysfs_get(pf, id, a);
	mutex_unlock(&pf->lock);
	switch (a->type) {
	case PF_SYSFS_U64:
		return scnprintf(buf, size, "%llu\n", (unsigned long long)v);
	case PF_SYSFS_U16:
		return scnprintf(buf, size, "%hu\n", (u16)v);
	default:
		return scnprintf(buf, size, "%u\n", (u32)v);
	}
}
EXPORT_SYMBOL_GPL(pf_sysfs_show);

/* i915's control_sriov_ext_attr_store() */
static int pf_sysfs_control(struct pf *pf, u32 id, const char *buf)
{
	if (sysfs_streq(buf, "stop"))
		return pf_control_stop(pf, id);
	if (sysfs_streq(buf, "pause"))
		return pf_control_pause_start(pf, id);
	if (sysfs_streq(buf, "resume"))
		return pf_control_resume(pf, id);
	if (sysfs_streq(buf, "clear"))
		return pf_control_clear(pf, id);
	return -EINVAL;
}

/* The kstrto*() i915's attribute parses with, in base 0. */
static int pf_sysfs_parse(u8 type, const char *buf, u64 *value)
{
	u32 v32;
	u16 v16;
	bool b;
	int err;

	switch (type) {
	case PF_SYSFS_U64:
		return kstrtou64(buf, 0, value);
	case PF_SYSFS_U32:
		err = kstrtou32(buf, 0, &v32);
		*value = v32;
		return err;
	case PF_SYSFS_U16:
		err = kstrtou16(buf, 0, &v16);
		*value = v16;
		return err;
	default:
		err = kstrtobool(buf, &b);
		*value = b;
		return err;
	}
}

/**
 * pf_sysfs_store - write one file
 * @pf: the PF
 * @id: 0 for prelim_iov/pf/, N for prelim_iov/vfN/
 * @path: the file below it
 * @buf: what is written, NUL-terminated (sysfs terminates it)
 * @count: its length
 *
 * Return: @count, -ENOENT for no such file, -EACCES for a read-only one,
 * the parse's -EINVAL or -ERANGE, or the setter's errno.
 */
ssize_t pf_sysfs_store(struct pf *pf, u32 id, const char *path, const char *buf, size_t count)
{
	const struct pf_sysfs_attr *a = pf_sysfs_find(pf, id, path);
	u64 value = 0;
	int err;

	if (!a)
		return -ENOENT;
	if (!(a->mode & PF_SYSFS_W))
		return -EACCES;
	if (a->what == PF_SYSFS_CONTROL) {
		err = pf_sysfs_control(pf, id, buf);
	} else {
		err = pf_sysfs_parse(a->type, buf, &value);
		if (!err)
			err = pf_sysfs_set(pf, id, a, value);
	}
	return err ? err : (ssize_t)count;
}
EXPORT_SYMBOL_GPL(pf_sysfs_store);
