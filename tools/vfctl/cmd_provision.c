// SPDX-License-Identifier: MIT
/*
 * vfctl provision plan: the fair plan the PF core computes for N VFs.
 *
 * It runs the same kernel/ code the driver runs (compiled in user space),
 * so the numbers are the driver's, not a second implementation of them.
 * The JSON is a contract scripts rely on:
 *   { "max_vfs": M, "num_vfs": N, "platform": "rpl-s",
 *     "pf":  { "contexts": {"begin", "count"}, "doorbells": {"begin", "count"},
 *              "ggtt_used": bytes, "ggtt_spare": bytes, "ggtt_available": bytes,
 *              "ggtt_base": bytes },
 *     "vfs": [ { "vf": n, "ggtt": {"start", "size"},
 *                "contexts": {"begin", "count"}, "doorbells": {"begin", "count"} } ] }
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/vfctl/provision.h"
#include "tools/vfctl/vfctl.h"
#include "iov/pf_provision.h"
#include "iov/pf_resources.h"
#include "iov/pf_sriov.h"

#define PLAN_SYNOPSIS                                                                \
	"vfctl provision plan --max-vfs M --vfs N [--platform P] [--pf-ggtt SIZE]\n" \
	"                            [--ggtt-spare SIZE] [--contexts-spare N]\n"     \
	"                            [--doorbells-spare N] [--json]\n"

/* plan's own help: 'vfctl provision plan --help' is about plan only. */
static void plan_usage(FILE *out)
{
	fprintf(out, "usage: " PLAN_SYNOPSIS "\n"
		     "What the i915 PF gives each VF when N VFs are enabled with max_vfs=M and\n"
		     "auto-provisioning on: GGTT range, GuC context IDs, doorbells, and what the\n"
		     "PF keeps. The numbers come from the PF core's own code (kernel/iov).\n"
		     "\n"
		     "  --max-vfs M           i915.max_vfs, 1..7 on Raptor Lake\n"
		     "  --vfs N               VFs enabled, 1..M\n"
		     "  --platform P          rpl-s (default), rpl-p, adl-s or adl-p: it fixes\n"
		     "                        where usable GGTT starts (the GuC's WOPCM size)\n"
		     "  --pf-ggtt SIZE        GGTT the PF itself uses (default: an idle PF, 0)\n"
		     "  --ggtt-spare SIZE     GGTT the PF keeps back (0 or at least 64M)\n"
		     "  --contexts-spare N    GuC contexts the PF keeps back (0 or 256..65535)\n"
		     "  --doorbells-spare N   doorbells the PF keeps back (at most 256)\n"
		     "SIZE takes K, M or G.\n");
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: " PLAN_SYNOPSIS
		"       vfctl provision show [--root DIR] [--card N] [--json]\n"
		"       vfctl provision set pf|VFn KEY=VALUE... [--root DIR] [--card N] [--json]\n"
		"\n"
		"plan: what the i915 PF gives each VF when N VFs are enabled with max_vfs=M\n"
		"and auto-provisioning on ('vfctl provision plan --help').\n"
		"show: a live PF's provisioning (prelim_iov, gt0/iov debugfs), checked.\n"
		"set: write prelim_iov values, validated first ('vfctl provision set --help').\n");
}

static bool parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;

	if (!vfctl_parse_size(s, &v) || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static struct json_object *range(const char *a, uint64_t first, const char *b, uint64_t count)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, a, json_object_new_int64((int64_t)first));
	json_object_object_add(o, b, json_object_new_int64((int64_t)count));
	return o;
}

static struct json_object *plan_json(const struct pf *pf, uint32_t n, uint64_t pf_ggtt,
				     uint64_t available)
{
	struct json_object *o = json_object_new_object(), *p = json_object_new_object();
	struct json_object *vfs = json_object_new_array();
	uint32_t vf;

	json_object_object_add(o, "max_vfs", json_object_new_int((int)pf->total_vfs));
	json_object_object_add(o, "num_vfs", json_object_new_int((int)n));
	json_object_object_add(o, "platform", json_object_new_string(pf->platform->name));
	json_object_object_add(p, "contexts", range("begin", 0, "count", pf_ctx_pf_count(pf)));
	json_object_object_add(p, "doorbells", range("begin", 0, "count", 0));
	json_object_object_add(p, "ggtt_used", json_object_new_int64((int64_t)pf_ggtt));
	json_object_object_add(p, "ggtt_spare", json_object_new_int64((int64_t)pf_ggtt_spare(pf)));
	json_object_object_add(p, "ggtt_available", json_object_new_int64((int64_t)available));
	json_object_object_add(p, "ggtt_base", json_object_new_int64((int64_t)pf->ggtt_base));
	json_object_object_add(o, "pf", p);
	for (vf = 1; vf <= n; vf++) {
		const struct pf_vf_config *c = &pf->config[vf];
		struct json_object *v = json_object_new_object();

		json_object_object_add(v, "vf", json_object_new_int((int)vf));
		json_object_object_add(v, "ggtt",
				       range("start", c->ggtt.start, "size", c->ggtt.size));
		json_object_object_add(v, "contexts",
				       range("begin", c->begin_ctx, "count", c->num_ctxs));
		json_object_object_add(v, "doorbells",
				       range("begin", c->begin_db, "count", c->num_dbs));
		json_object_array_add(vfs, v);
	}
	json_object_object_add(o, "vfs", vfs);
	return o;
}

static void plan_table(const struct pf *pf, uint32_t n, uint64_t available)
{
	uint32_t vf;

	printf("%s, max_vfs=%u, %u VFs, GGTT available to VFs %" PRIu64 " MiB (PF spare %" PRIu64
	       " MiB, usable from %#" PRIx64 ")\n\n",
	       pf->platform->desc, pf->total_vfs, n, available >> 20, pf_ggtt_spare(pf) >> 20,
	       pf->ggtt_base);
	printf("%-4s %-25s %10s  %-13s %6s  %-9s %3s\n", "", "GGTT", "size", "contexts", "count",
	       "doorbells", "n");
	printf("%-4s %-25s %10s  %5u-%-7u %6u  %-9s %3u\n", "PF", "-", "-", 0,
	       pf_ctx_pf_count(pf) - 1, pf_ctx_pf_count(pf), "-", 0);
	for (vf = 1; vf <= n; vf++) {
		const struct pf_vf_config *c = &pf->config[vf];
		char ggtt[32], size[32], dbs[16] = "-";

		snprintf(ggtt, sizeof(ggtt), "%#010" PRIx64 "-%#010" PRIx64, c->ggtt.start,
			 c->ggtt.start + c->ggtt.size - 1);
		snprintf(size, sizeof(size), "%" PRIu64 "K", c->ggtt.size >> 10);
		if (c->num_dbs)
			snprintf(dbs, sizeof(dbs), "%u-%u", c->begin_db,
				 c->begin_db + c->num_dbs - 1);
		printf("VF%-2u %-25s %10s  %5u-%-7u %6u  %-9s %3u\n", vf, ggtt, size, c->begin_ctx,
		       c->begin_ctx + c->num_ctxs - 1, c->num_ctxs, dbs, c->num_dbs);
	}
}

static const struct option plan_longopts[] = {
	{ "max-vfs", required_argument, NULL, 'm' },
	{ "vfs", required_argument, NULL, 'n' },
	{ "pf-ggtt", required_argument, NULL, 'g' },
	{ "ggtt-spare", required_argument, NULL, 'G' },
	{ "contexts-spare", required_argument, NULL, 'C' },
	{ "doorbells-spare", required_argument, NULL, 'D' },
	{ "platform", required_argument, NULL, 'p' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

static int provision_plan(int argc, char **argv)
{
	uint32_t max_vfs = 0, n = 0, ctx_spare = 0, db_spare = 0;
	uint64_t pf_ggtt = 0, ggtt_spare = 0, available;
	const struct pf_platform *platform = pf_platform_default();
	/* --json anywhere decides, as for the document (vfctl_out.h) */
	bool json = vfctl_out_json(), have_m = false, have_n = false;
	static struct pf pf;
	int c, err;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", plan_longopts, NULL)) != -1) {
		bool ok = true;

		switch (c) {
		case 'm':
			ok = have_m = parse_u32(optarg, &max_vfs);
			break;
		case 'n':
			ok = have_n = parse_u32(optarg, &n);
			break;
		case 'g':
			ok = vfctl_parse_size(optarg, &pf_ggtt);
			break;
		case 'G':
			ok = vfctl_parse_size(optarg, &ggtt_spare);
			break;
		case 'C':
			ok = parse_u32(optarg, &ctx_spare);
			break;
		case 'D':
			ok = parse_u32(optarg, &db_spare);
			break;
		case 'p':
			platform = pf_platform_find(optarg);
			if (!platform) {
				vfctl_error("platforms: rpl-s, rpl-p, adl-s, adl-p",
					    "unknown platform '%s'", optarg);
				return VFCTL_USAGE;
			}
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			plan_usage(stdout);
			return VFCTL_OK;
		default:
			return vfctl_bad_usage(argc, argv, plan_usage);
		}
		if (!ok) {
			vfctl_error("values are numbers; sizes take an optional K, M or G",
				    "bad value '%s'", optarg);
			return VFCTL_USAGE;
		}
	}
	if (optind != argc) {
		vfctl_error(vfctl_fix(argv[optind], NULL, NULL),
			    "'provision plan' takes no argument '%s'", argv[optind]);
		return VFCTL_USAGE;
	}
	if (!have_m || !have_n) {
		vfctl_error(vfctl_fix(NULL, NULL,
				      !have_m && !have_n ? "--max-vfs 7 --vfs 7" :
				      !have_m		 ? "--max-vfs 7" :
							   "--vfs 7"),
			    "'provision plan' needs --max-vfs M (i915.max_vfs) and --vfs N");
		return VFCTL_USAGE;
	}
	if (max_vfs < 1 || max_vfs > PF_MAX_VFS || n < 1 || n > max_vfs) {
		vfctl_error("i915.max_vfs is 1..7 on Raptor Lake and --vfs is 1..max_vfs",
			    "cannot plan %u VFs with max_vfs=%u", n, max_vfs);
		return VFCTL_USAGE;
	}

	pf_init(&pf, max_vfs);
	err = pf_set_platform(&pf, platform);
	if (!err)
		err = pf_provision_set_spare_ggtt(&pf, ggtt_spare);
	if (!err)
		err = pf_provision_set_spare_ctxs(&pf, ctx_spare);
	if (!err)
		err = pf_provision_set_spare_dbs(&pf, db_spare);
	if (err) {
		vfctl_error("spares: GGTT 0 or at least 64M, contexts 0 or 256..65535, "
			    "doorbells at most 256",
			    "the spare is out of range");
		return VFCTL_USAGE;
	}
	if (pf_ggtt && pf_ggtt_reserve_pf(&pf, pf_ggtt)) {
		vfctl_error("the GGTT is 4 GiB, of which the GuC can use 4078 MiB",
			    "the PF cannot use %" PRIu64 " bytes of GGTT", pf_ggtt);
		return VFCTL_USAGE;
	}
	available = pf_ggtt_max_quota(&pf);
	err = pf_provision_auto(&pf, n);
	if (err) {
		/*
		 * i915 fails the same way: with a doorbell spare above
		 * 256 % N its last VF's share runs into the spare (-EDQUOT).
		 */
		vfctl_error("lower --pf-ggtt or the spares, or enable fewer VFs",
			    "no fair plan for %u VFs: %s", n, strerror(-err));
		return VFCTL_FAILED;
	}
	if (json)
		vfctl_json_print(plan_json(&pf, n, pf_ggtt, available));
	else
		plan_table(&pf, n, available);
	return VFCTL_OK;
}

static const struct vfctl_sub provision_subs[] = {
	{ .name = "plan", .run = provision_plan, .opts = plan_longopts },
	{ .name = "show",
	  .run = provision_show,
	  .opts = provision_live_longopts,
	  .values = provision_live_values },
	{ .name = "set",
	  .run = provision_set,
	  .opts = provision_live_longopts,
	  .values = provision_live_values },
	{ NULL },
};

const struct vfctl_cmd vfctl_cmd_provision = {
	.name = "provision",
	.summary = "the PF core's plan for N VFs; show or set a live PF's provisioning",
	.subs = provision_subs,
	.usage = usage,
	.example = "plan --max-vfs 7 --vfs 7",
};
