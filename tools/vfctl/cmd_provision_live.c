// SPDX-License-Identifier: MIT
/*
 * vfctl provision show / set: the provisioning of a live i915 PF.
 *
 * show reads prelim_iov (pf/, vfN/gt0) and the gt0/iov debugfs ranges
 * through lib/iovcheck, and checks them: every range well-formed, inside its
 * bounds and apart from the others, each VF's quotas equal to its ranges,
 * and, when auto-provisioning gave the VFs their share, the ranges the PF
 * core plans for them. It never writes.
 *
 * set writes prelim_iov values, each one validated first with the driver's
 * rules (kernel/iov), so a bad value is refused before anything is written;
 * the driver's own refusals are named.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vfctl/provision.h"
#include "tools/vfctl/vfctl.h"
#include "iov/pf_types.h"
#include "iovcheck/iov_check.h"
#include "iovcheck/iov_dev.h"
#include "iovcheck/iov_parse.h"
#include "iovcheck/iov_plan.h"

struct live_opts {
	const char *root;
	unsigned int card;
	bool json;
};

const struct option provision_live_longopts[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "card", required_argument, NULL, 'c' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

const struct vfctl_value provision_live_values[] = {
	{ "root", VFCTL_VALUE_DIR },
	{ NULL },
};

/*
 * Common options. Return: the index of the first operand; -1 for a usage
 * error (reported); -2 after --help.
 */
static int parse_live_opts(int argc, char **argv, struct live_opts *o, void (*usage)(FILE *))
{
	char err[ARGS_ERR_MAX];
	unsigned long card;
	int c;

	o->root = "/";
	o->card = 0;
	o->json = vfctl_out_json(); /* --json anywhere decides (vfctl_out.h) */
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", provision_live_longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			o->root = optarg;
			break;
		case 'c':
			if (args_uint_parse(optarg, "a DRM card number", 0, 255, &card, err,
					    sizeof(err))) {
				vfctl_error(vfctl_fix(optarg, "0", NULL), "--card: %s", err);
				return -1;
			}
			o->card = (unsigned int)card;
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			usage(stdout);
			return -2;
		default:
			vfctl_bad_usage(argc, argv, usage);
			return -1;
		}
	}
	return optind;
}

static int open_pf(const struct live_opts *o, struct iov_dev *dev)
{
	int err = iov_dev_init(dev, o->root, o->card);

	if (err == -ENOENT) {
		vfctl_error("run 'vfctl doctor': the stock i915, i915.max_vfs=0 or an "
			    "aborted PF are the usual causes",
			    "card%u is no i915 SR-IOV PF (no prelim_iov directory)", o->card);
		return VFCTL_ENV;
	}
	if (err) {
		vfctl_error(NULL, "cannot open card%u: %s", o->card, strerror(-err));
		return VFCTL_ENV;
	}
	return VFCTL_OK;
}

/* ------------------------------------------------------------------------
 * show
 */

static void show_usage(FILE *out)
{
	fprintf(out, "usage: vfctl provision show [--root DIR] [--card N] [--json]\n"
		     "\n"
		     "What the i915 PF gave each VF (prelim_iov quotas and the gt0/iov debugfs\n"
		     "ranges), checked: ranges inside their bounds and apart, quotas equal to\n"
		     "ranges, and with auto-provisioning the PF core's fair plan. Needs debugfs\n"
		     "(root). Never writes.\n");
}

/* The VFs that hold something, from the debugfs lists. */
static unsigned int vfs_with_ranges(const struct iov_snapshot *s)
{
	unsigned int mask = 0, res, i;

	for (res = 0; res < IOV_RES_NUM; res++)
		for (i = 0; i < s->prov[res].num; i++)
			if (s->prov[res].r[i].vf <= IOV_MAX_VFS)
				mask |= 1u << s->prov[res].r[i].vf;
	return mask;
}

static void run_checks(const struct iov_snapshot *s, const struct pf_platform *platform,
		       struct iov_report *rep, bool *planned)
{
	static struct iov_plan plan;
	struct iov_holes gfree;
	unsigned int held = vfs_with_ranges(s);

	*planned = false;
	iov_report_init(rep);
	iov_check_quotas(s, rep);
	/*
	 * Auto mode with VFs enabled: VFs 1..N hold exactly the fair plan.
	 * Otherwise (manual quotas, or nothing enabled) a VF may hold only part
	 * of its resources; the ranges it holds must still be sane.
	 */
	if (s->auto_provisioning && s->num_vfs) {
		iov_check_ranges(s, iov_vf_mask(s->num_vfs), rep);
		if (!iov_plan_pf_free(s, &gfree) &&
		    !iov_plan_compute_on(s, &gfree, platform, s->num_vfs, &plan)) {
			iov_check_plan(s, &plan, rep);
			*planned = true;
		} else {
			iov_report_add(rep, -ENOSPC,
				       "the PF core finds no fair plan for %u VFs here",
				       s->num_vfs);
		}
	} else if (held == iov_vf_mask(s->total_vfs) || !held) {
		iov_check_ranges(s, held, rep);
	}
}

static struct json_object *range_json(const struct iov_snapshot *s, enum iov_res res,
				      unsigned int vf)
{
	unsigned int i;

	for (i = 0; i < s->prov[res].num; i++) {
		const struct iov_range *r = &s->prov[res].r[i];

		if (r->vf == vf) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, res == IOV_RES_GGTT ? "start" : "begin",
					       json_object_new_int64((int64_t)r->start));
			json_object_object_add(o, res == IOV_RES_GGTT ? "size" : "count",
					       json_object_new_int64((int64_t)r->count));
			return o;
		}
	}
	return NULL;
}

static void show_json(const struct iov_snapshot *s, const struct iov_report *rep, bool planned)
{
	struct json_object *o = json_object_new_object(), *pf = json_object_new_object();
	struct json_object *vfs = json_object_new_array(), *problems = json_object_new_array();
	const char *line = rep->text, *nl;
	unsigned int vf, t;

	json_object_object_add(o, "total_vfs", json_object_new_int((int)s->total_vfs));
	json_object_object_add(o, "num_vfs", json_object_new_int((int)s->num_vfs));
	json_object_object_add(pf, "auto_provisioning",
			       json_object_new_boolean(s->auto_provisioning));
	json_object_object_add(pf, "ggtt_spare", json_object_new_int64((int64_t)s->ggtt_spare));
	json_object_object_add(pf, "contexts_spare",
			       json_object_new_int64((int64_t)s->contexts_spare));
	json_object_object_add(pf, "doorbells_spare",
			       json_object_new_int64((int64_t)s->doorbells_spare));
	json_object_object_add(pf, "ggtt_max_quota",
			       json_object_new_int64((int64_t)s->ggtt_max_quota));
	json_object_object_add(pf, "contexts_max_quota",
			       json_object_new_int64((int64_t)s->contexts_max_quota));
	json_object_object_add(pf, "doorbells_max_quota",
			       json_object_new_int64((int64_t)s->doorbells_max_quota));
	json_object_object_add(o, "pf", pf);
	for (vf = 1; vf <= s->total_vfs; vf++) {
		const struct iov_vf_attrs *a = &s->vf[vf];
		struct json_object *v = json_object_new_object(), *th = json_object_new_object();

		json_object_object_add(v, "vf", json_object_new_int((int)vf));
		json_object_object_add(v, "ggtt", range_json(s, IOV_RES_GGTT, vf));
		json_object_object_add(v, "contexts", range_json(s, IOV_RES_CTXS, vf));
		json_object_object_add(v, "doorbells", range_json(s, IOV_RES_DBS, vf));
		json_object_object_add(v, "exec_quantum_ms",
				       json_object_new_int64((int64_t)a->exec_quantum_ms));
		json_object_object_add(v, "preempt_timeout_us",
				       json_object_new_int64((int64_t)a->preempt_timeout_us));
		for (t = 0; t < IOV_NUM_THRESHOLDS; t++)
			json_object_object_add(th, iov_threshold_names[t],
					       json_object_new_int64((int64_t)a->threshold[t]));
		json_object_object_add(v, "thresholds", th);
		json_object_array_add(vfs, v);
	}
	json_object_object_add(o, "vfs", vfs);
	while (*line) {
		nl = strchr(line, '\n');
		json_object_array_add(problems, json_object_new_string_len(
							line, nl ? nl - line : (int)strlen(line)));
		line = nl ? nl + 1 : line + strlen(line);
	}
	json_object_object_add(o, "checked_against_plan", json_object_new_boolean(planned));
	json_object_object_add(o, "problems", problems);
	vfctl_json_print(o);
}

static void show_table(const struct iov_snapshot *s, const struct iov_report *rep, bool planned)
{
	unsigned int vf, res, i;

	printf("%u of %u VFs enabled, auto-provisioning %s\n", s->num_vfs, s->total_vfs,
	       s->auto_provisioning ? "on" : "off");
	printf("PF spares: GGTT %" PRIu64 " MiB, contexts %" PRIu64 ", doorbells %" PRIu64 "\n",
	       s->ggtt_spare >> 20, s->contexts_spare, s->doorbells_spare);
	printf("available: GGTT %" PRIu64 " MiB, contexts %" PRIu64 ", doorbells %" PRIu64 "\n\n",
	       s->ggtt_max_quota >> 20, s->contexts_max_quota, s->doorbells_max_quota);
	printf("%-4s %-25s %-13s %-9s %6s %10s\n", "", "GGTT", "contexts", "doorbells", "EQ ms",
	       "PT us");
	for (vf = 1; vf <= s->total_vfs; vf++) {
		char col[IOV_RES_NUM][32];

		for (res = 0; res < IOV_RES_NUM; res++) {
			snprintf(col[res], sizeof(col[res]), "-");
			for (i = 0; i < s->prov[res].num; i++) {
				const struct iov_range *r = &s->prov[res].r[i];

				if (r->vf == vf)
					snprintf(col[res], sizeof(col[res]),
						 res == IOV_RES_GGTT ? "%#010" PRIx64
								       "-%#010" PRIx64 :
								       "%" PRIu64 "-%" PRIu64,
						 r->start, r->start + r->count - 1);
			}
		}
		printf("VF%-2u %-25s %-13s %-9s %6" PRIu64 " %10" PRIu64 "\n", vf,
		       col[IOV_RES_GGTT], col[IOV_RES_CTXS], col[IOV_RES_DBS],
		       s->vf[vf].exec_quantum_ms, s->vf[vf].preempt_timeout_us);
	}
	if (rep->problems)
		printf("\n%u problem(s):\n%s", rep->problems, rep->text);
	else
		printf("\nchecks passed%s\n",
		       planned ? ", and the ranges are the PF core's plan" : "");
}

/**
 * provision_show - vfctl provision show
 * @argc: arguments after "provision"
 * @argv: "show", then options
 *
 * Return: 0 nothing wrong, 1 a check failed, 2 usage, 3 no i915 PF.
 */
int provision_show(int argc, char **argv)
{
	static struct iov_snapshot s;
	struct iov_report rep;
	struct live_opts o;
	struct iov_dev dev;
	uint64_t devid;
	bool planned;
	int ret, err;

	ret = parse_live_opts(argc, argv, &o, show_usage);
	if (ret < 0)
		return ret == -2 ? VFCTL_OK : VFCTL_USAGE;
	if (ret != argc) {
		vfctl_error(vfctl_fix(argv[ret], NULL, NULL),
			    "'provision show' takes no argument '%s'", argv[ret]);
		return VFCTL_USAGE;
	}
	ret = open_pf(&o, &dev);
	if (ret)
		return ret;
	err = iov_snapshot_read(&dev, &s);
	if (err) {
		vfctl_error("debugfs must be mounted and readable: run as root",
			    "cannot read the PF's provisioning: %s", strerror(-err));
		return VFCTL_ENV;
	}
	/* the GPU's GGTT layout; another GPU gets the default (Raptor Lake-S) */
	if (iov_read_u64(&dev, "device/device", &devid))
		devid = 0;
	run_checks(&s, pf_platform_from_pci_id((u16)devid), &rep, &planned);
	if (o.json)
		show_json(&s, &rep, planned);
	else
		show_table(&s, &rep, planned);
	return rep.problems ? VFCTL_FAILED : VFCTL_OK;
}

/* ------------------------------------------------------------------------
 * set
 */

static void set_usage(FILE *out)
{
	unsigned int t;

	fprintf(out,
		"usage: vfctl provision set pf|VFn KEY=VALUE... [--root DIR] [--card N] [--json]\n"
		"\n"
		"VFn keys: ggtt_quota (bytes, K/M/G), contexts_quota, doorbells_quota,\n"
		"          exec_quantum_ms, preempt_timeout_us, and the thresholds\n");
	for (t = 0; t < IOV_NUM_THRESHOLDS; t++)
		fprintf(out, "%s%s%s", t % 3 ? " " : "          ", iov_threshold_names[t],
			t + 1 < IOV_NUM_THRESHOLDS ? (t % 3 == 2 ? ",\n" : ",") : "\n");
	fprintf(out, "%s",
		"pf keys:  auto_provisioning (0|1), exec_quantum_ms, preempt_timeout_us,\n"
		"          ggtt_spare, contexts_spare, doorbells_spare,\n"
		"          sched_if_idle (0|1), engine_reset (0|1), sample_period_ms\n"
		"\n"
		"Values are checked against the driver's rules before anything is written;\n"
		"they are written in the order given and the first refusal stops.\n");
}

struct key_rule {
	const char *key;
	const char *path; /* below prelim_iov/{pf,vfN}/ */
	bool pf; /* a pf key (else a VF key) */
	u64 max;
	u64 min_nonzero; /* 0: no lower bound */
	bool size; /* takes K/M/G */
};

static const struct key_rule key_rules[] = {
	{ "ggtt_quota", "gt0/ggtt_quota", false, PF_GGTT_SIZE, 0, true },
	{ "contexts_quota", "gt0/contexts_quota", false, PF_MAX_CONTEXT_ID, 0, false },
	{ "doorbells_quota", "gt0/doorbells_quota", false, PF_NUM_DOORBELLS, 0, false },
	{ "exec_quantum_ms", "gt0/exec_quantum_ms", false, UINT32_MAX, 0, false },
	{ "preempt_timeout_us", "gt0/preempt_timeout_us", false, UINT32_MAX, 0, false },
/* the thresholds: one key per file of prelim_iov/vfN/gt0/threshold/ */
/* clang-format off */
#define THRESHOLD_RULE(tag, key, log, attr) \
	{ #attr, "gt0/threshold/" #attr, false, UINT32_MAX, 0, false },
	GUC_KLV_VF_CFG_THRESHOLDS(THRESHOLD_RULE)
#undef THRESHOLD_RULE
	/* clang-format on */
	{ "auto_provisioning", "auto_provisioning", true, 1, 0, false },
	{ "exec_quantum_ms", "gt0/exec_quantum_ms", true, UINT32_MAX, 0, false },
	{ "preempt_timeout_us", "gt0/preempt_timeout_us", true, UINT32_MAX, 0, false },
	{ "ggtt_spare", "gt0/ggtt_spare", true, PF_GGTT_SIZE, PF_GGTT_MIN_SPARE, true },
	{ "contexts_spare", "gt0/contexts_spare", true, PF_MAX_CONTEXT_ID, PF_CTX_MIN_SPARE,
	  false },
	{ "doorbells_spare", "gt0/doorbells_spare", true, PF_NUM_DOORBELLS, 0, false },
	{ "sched_if_idle", "gt0/policies/sched_if_idle", true, 1, 0, false },
	{ "engine_reset", "gt0/policies/engine_reset", true, 1, 0, false },
	{ "sample_period_ms", "gt0/policies/sample_period_ms", true, UINT32_MAX, 0, false },
};

static const struct key_rule *find_rule(const char *key, bool pf)
{
	size_t i;

	for (i = 0; i < sizeof(key_rules) / sizeof(key_rules[0]); i++)
		if (key_rules[i].pf == pf && !strcmp(key_rules[i].key, key))
			return &key_rules[i];
	return NULL;
}

/* Why the driver refused a write, in its own terms (research notes 2.3). */
static const char *refusal_hint(int err)
{
	switch (err) {
	case -EDQUOT:
		return "more than is available: see 'vfctl provision show' (available)";
	case -E2BIG:
		return "larger than the resource itself";
	case -ENOSPC:
		return "no contiguous range is left: lower another VF's quota first";
	case -ESTALE:
		return "auto-provisioning can be turned on only while every VF config is empty";
	case -EINVAL:
		return "the driver refused the value (spares: GGTT >= 64M, contexts 256..65535)";
	case -EACCES:
	case -EPERM:
		return "run as root";
	case -ENOENT:
		return "that VF or attribute does not exist on this PF";
	default:
		return NULL;
	}
}

struct assignment {
	const struct key_rule *rule;
	u64 value;
	char key[48];
};

/**
 * provision_set - vfctl provision set
 * @argc: arguments after "provision"
 * @argv: "set", the target, KEY=VALUE pairs and options
 *
 * Return: 0 all written, 1 the driver refused one, 2 usage or a value the
 * driver's rules refuse (nothing written), 3 no i915 PF.
 */
int provision_set(int argc, char **argv)
{
	struct assignment a[32];
	unsigned int vf = 0, n = 0, i;
	uint64_t total;
	struct live_opts o;
	struct iov_dev dev;
	char rel[96], *end;
	bool pf;
	int first, ret, err;

	first = parse_live_opts(argc, argv, &o, set_usage);
	if (first < 0)
		return first == -2 ? VFCTL_OK : VFCTL_USAGE;
	if (argc - first < 2) {
		vfctl_error(vfctl_fix(NULL, NULL,
				      argc == first ? "vf1 exec_quantum_ms=20" :
						      "exec_quantum_ms=20"),
			    "'provision set' needs pf or VFn, then KEY=VALUE...");
		return VFCTL_USAGE;
	}
	pf = !strcmp(argv[first], "pf");
	if (!pf) {
		if (strncmp(argv[first], "vf", 2) && strncmp(argv[first], "VF", 2))
			goto bad_target;
		vf = strtoul(argv[first] + 2, &end, 10);
		if (*end || vf < 1 || vf > PF_MAX_VFS)
			goto bad_target;
	}

	/* validate everything before writing anything */
	for (i = first + 1; i < (unsigned int)argc; i++) {
		const char *eq = strchr(argv[i], '=');
		const struct key_rule *rule;
		size_t klen;

		if (!eq) {
			vfctl_error("see 'vfctl provision set --help' for the keys",
				    "'%s' is not KEY=VALUE", argv[i]);
			return VFCTL_USAGE;
		}
		if (n == sizeof(a) / sizeof(a[0])) {
			vfctl_error(vfctl_fix(argv[i], NULL, NULL),
				    "'provision set' takes at most %zu values at once",
				    sizeof(a) / sizeof(a[0]));
			return VFCTL_USAGE;
		}
		klen = eq - argv[i];
		if (klen >= sizeof(a[n].key))
			klen = sizeof(a[n].key) - 1;
		memcpy(a[n].key, argv[i], klen);
		a[n].key[klen] = '\0';
		rule = find_rule(a[n].key, pf);
		if (!rule) {
			vfctl_error("see 'vfctl provision set --help' for the keys",
				    "'%s' is not a %s key", a[n].key, pf ? "pf" : "VF");
			return VFCTL_USAGE;
		}
		if (!(rule->size ? vfctl_parse_size(eq + 1, &a[n].value) :
				   vfctl_parse_size_plain(eq + 1, &a[n].value)) ||
		    a[n].value > rule->max || (a[n].value && a[n].value < rule->min_nonzero)) {
			vfctl_error("see 'vfctl provision set --help' for the ranges",
				    "%s=%s is outside what the driver accepts", a[n].key, eq + 1);
			return VFCTL_USAGE;
		}
		a[n++].rule = rule;
	}

	ret = open_pf(&o, &dev);
	if (ret)
		return ret;
	if (!pf && !iov_read_u64(&dev, "device/sriov_totalvfs", &total) && vf > total) {
		vfctl_error("i915.max_vfs limits the VFs this PF has",
			    "this PF has %" PRIu64 " VFs, not VF%u", total, vf);
		return VFCTL_USAGE;
	}

	for (i = 0; i < n; i++) {
		if (pf)
			snprintf(rel, sizeof(rel), "prelim_iov/pf/%s", a[i].rule->path);
		else
			snprintf(rel, sizeof(rel), "prelim_iov/vf%u/%s", vf, a[i].rule->path);
		err = iov_write_u64(&dev, rel, a[i].value);
		if (err) {
			vfctl_error(refusal_hint(err), "%s=%" PRIu64 " refused: %s%s", a[i].key,
				    a[i].value, strerror(-err),
				    i ? " (the values before it were written)" : "");
			return VFCTL_FAILED;
		}
	}
	if (o.json) {
		struct json_object *obj = json_object_new_object();

		json_object_object_add(obj, "target", json_object_new_string(argv[first]));
		json_object_object_add(obj, "written", json_object_new_int((int)n));
		vfctl_json_print(obj);
	} else {
		printf("%s: %u value(s) written\n", argv[first], n);
	}
	return VFCTL_OK;

bad_target:
	vfctl_error("name the PF as 'pf' or a VF as 'vf1'..'vf7'",
		    "'%s' is neither the PF nor a VF", argv[first]);
	return VFCTL_USAGE;
}
