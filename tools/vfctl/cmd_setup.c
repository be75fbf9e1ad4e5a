// SPDX-License-Identifier: MIT
/*
 * vfctl setup: the whole guide as one plan (lib/setup), applied, verified
 * after the reboot, and undone.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args/args.h"
#include "host/host_report.h"
#include "setup/setup.h"
#include "setup/setup_diff.h"
#include "setup/setup_verify.h"
#include "tools/vfctl/vfctl.h"
#include "tools/vfctl/vfctl_out.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vfctl setup plan   [OPTIONS] [--json]\n"
		"       vfctl setup apply  [OPTIONS] [--yes] [--json]\n"
		"       vfctl setup verify [OPTIONS] [--json]\n"
		"       vfctl setup undo   [--root DIR] [--json]\n"
		"\n"
		"plan    every step of the guide with its state (done, todo, blocked, user,\n"
		"        skipped) and, for each step to do, the diff of every file and every\n"
		"        command; writes nothing\n"
		"apply   makes those changes (asks first unless --yes); each change is\n"
		"        journaled in /var/lib/vfctl/setup.journal; says when to reboot\n"
		"verify  after the reboot: each step in the running system, then the doctor\n"
		"undo    restores every file apply wrote and reverses its commands\n"
		"\n"
		"OPTIONS: --vfs N (VFs at boot, default 2)  --pf BDF (default 0000:00:02.0)\n"
		"         --bios FILE (BIOS image: the GOP)  --dkms-src DIR (i915-sriov-dkms)\n"
		"         --vm NAME --resolution WxH[@HZ]...  --skip STEP[,STEP]\n"
		"         --root DIR (a host tree instead of /; commands run chrooted)\n"
		"         --pf-driver NAME (the PF's SR-IOV driver the VF rules wait for, i915)\n"
		"exit codes: 0 done, 1 a step failed or is left, 2 usage, 3 environment\n");
}

enum {
	OPT_VFS = 256,
	OPT_PF,
	OPT_BIOS,
	OPT_DKMS,
	OPT_VM,
	OPT_RES,
	OPT_ROOT,
	OPT_SKIP,
	OPT_JSON,
	OPT_YES,
	OPT_PF_DRIVER
};

static const struct option longopts[] = {
	{ "vfs", required_argument, NULL, OPT_VFS },
	{ "pf", required_argument, NULL, OPT_PF },
	{ "bios", required_argument, NULL, OPT_BIOS },
	{ "dkms-src", required_argument, NULL, OPT_DKMS },
	{ "vm", required_argument, NULL, OPT_VM },
	{ "resolution", required_argument, NULL, OPT_RES },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "skip", required_argument, NULL, OPT_SKIP },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "pf-driver", required_argument, NULL, OPT_PF_DRIVER },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static struct json_object *plan_json(const struct setup_plan *p)
{
	struct json_object *o = json_object_new_object(), *steps = json_object_new_array();

	json_object_object_add(o, "root", json_object_new_string(p->o.root ? p->o.root : "/"));
	json_object_object_add(o, "pf", json_object_new_string(p->pf));
	json_object_object_add(o, "vfs", json_object_new_int((int)p->o.vfs));
	json_object_object_add(o, "distribution", json_object_new_string(p->distro.id));
	json_object_object_add(o, "boot_loader",
			       json_object_new_string(host_boot_loader_name(p->distro.boot)));
	json_object_object_add(o, "todo", json_object_new_int((int)setup_plan_todo(p)));
	for (unsigned int i = 0; i < p->n; i++) {
		const struct setup_step *s = &p->step[i];
		struct json_object *j = json_object_new_object(), *files = json_object_new_array(),
				   *cmds = json_object_new_array();

		json_object_object_add(j, "id", json_object_new_string(s->id));
		json_object_object_add(j, "title", json_object_new_string(s->title));
		json_object_object_add(j, "state",
				       json_object_new_string(setup_state_name(s->state)));
		json_object_object_add(j, "reason", json_object_new_string(s->reason));
		json_object_object_add(j, "blocked_by",
				       s->blocked_by ? json_object_new_string(s->blocked_by) :
						       NULL);
		json_object_object_add(j, "reboot", json_object_new_boolean(s->reboot));
		for (unsigned int k = 0; k < s->nfile; k++) {
			const struct setup_file *f = &s->file[k];
			struct json_object *fj = json_object_new_object();
			bool bin = (f->new &&memchr(f->new, '\0', f->new_len)) ||
				   (f->old && memchr(f->old, '\0', f->old_len));
			char *d = bin ? NULL :
					setup_diff(f->path, f->old, f->old_len, f->new, f->new_len);

			json_object_object_add(fj, "path", json_object_new_string(f->path));
			json_object_object_add(fj, "action",
					       json_object_new_string(!f->new ? "remove" :
								      f->old  ? "modify" :
										"create"));
			json_object_object_add(fj, "diff", d ? json_object_new_string(d) : NULL);
			json_object_object_add(fj, "bytes",
					       json_object_new_int64((int64_t)f->new_len));
			free(d);
			json_object_array_add(files, fj);
		}
		for (unsigned int k = 0; k < s->ncmd; k++) {
			struct json_object *cj = json_object_new_object();

			json_object_object_add(cj, "run", json_object_new_string(s->cmd[k].run));
			json_object_object_add(
				cj, "undo",
				s->cmd[k].undo[0] ? json_object_new_string(s->cmd[k].undo) : NULL);
			json_object_array_add(cmds, cj);
		}
		json_object_object_add(j, "files", files);
		json_object_object_add(j, "commands", cmds);
		json_object_array_add(steps, j);
	}
	json_object_object_add(o, "steps", steps);
	return o;
}

static int errno_exit(int err)
{
	return err == -EACCES || err == -EPERM || err == -EROFS ? VFCTL_ENV : VFCTL_FAILED;
}

static struct json_object *result_json(const char *what, const struct setup_result *r)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "command", json_object_new_string(what));
	json_object_object_add(o, "steps", json_object_new_int((int)r->steps));
	json_object_object_add(o, "files", json_object_new_int((int)r->files));
	json_object_object_add(o, "commands", json_object_new_int((int)r->cmds));
	json_object_object_add(o, "reboot", json_object_new_boolean(r->reboot));
	json_object_object_add(o, "failed_step",
			       r->failed_step ? json_object_new_string(r->failed_step) : NULL);
	json_object_object_add(o, "error", r->msg[0] ? json_object_new_string(r->msg) : NULL);
	return o;
}

/* Steps left for the user or blocked after apply: exit 1, say which. */
static unsigned int left(const struct setup_plan *p, bool json)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < p->n; i++)
		if (p->step[i].state == SETUP_USER || p->step[i].state == SETUP_BLOCKED) {
			if (!json)
				printf("left: %s (%s): %s\n", p->step[i].id,
				       setup_state_name(p->step[i].state), p->step[i].reason);
			n++;
		}
	return n;
}

static int do_apply(struct setup_plan *p, bool yes, bool json)
{
	struct setup_result r;
	int ret;

	if (!setup_plan_todo(p)) {
		if (json)
			vfctl_json_print(result_json("apply", &(struct setup_result){ 0 }));
		else
			printf("nothing to do: every step is done or needs you.\n");
		return left(p, json) ? VFCTL_FAILED : VFCTL_OK;
	}
	if (!yes && json) {
		/* the plan as text would break the one JSON document */
		vfctl_error("pass --yes with --json", "apply under --json does not ask");
		return VFCTL_USAGE;
	}
	if (!yes) {
		char answer[16] = "";

		setup_plan_print(p, stdout);
		if (!isatty(0)) {
			vfctl_error("pass --yes to apply without asking",
				    "apply changes %u steps and stdin is not a terminal",
				    setup_plan_todo(p));
			return VFCTL_USAGE;
		}
		printf("\napply these %u steps? [y/N] ", setup_plan_todo(p));
		fflush(stdout);
		if (!fgets(answer, sizeof(answer), stdin) || (answer[0] != 'y' && answer[0] != 'Y'))
			return VFCTL_FAILED;
	}
	ret = setup_apply(p, NULL, &r);
	if (json) {
		vfctl_json_print(result_json("apply", &r));
	} else {
		printf("applied %u steps: %u files written, %u commands run\n", r.steps, r.files,
		       r.cmds);
		if (r.reboot && !ret)
			printf("reboot now, then run 'vfctl setup verify'\n");
	}
	if (ret) {
		vfctl_error("fix the cause, then run apply again, or 'vfctl setup undo'",
			    "step '%s' failed: %s", r.failed_step ? r.failed_step : "?", r.msg);
		return errno_exit(ret);
	}
	return left(p, json) ? VFCTL_FAILED : VFCTL_OK;
}

static int do_verify(const struct setup_plan *p, bool json)
{
	struct host_report r = { 0 };
	size_t fails = 0;

	if (setup_verify(p, &r))
		return VFCTL_ENV;
	for (size_t i = 0; i < r.n; i++)
		if (!strncmp(r.f[i].id, "setup.", 6) && r.f[i].status == HOST_FAIL)
			fails++;
	if (json) {
		/* the findings of the shared document (vfctl_out), then our count */
		struct json_object *o = json_object_new_object();

		for (size_t i = 0; i < r.n; i++)
			vfctl_finding(r.f[i].id, host_status_name(r.f[i].status), r.f[i].message,
				      r.f[i].evidence[0] ? r.f[i].evidence : NULL,
				      r.f[i].hint[0] ? r.f[i].hint : NULL);
		json_object_object_add(o, "setup_failed", json_object_new_int((int)fails));
		vfctl_json_print(o);
	} else {
		for (size_t i = 0; i < r.n; i++)
			printf("%-5s %-24s %s\n", host_status_name(r.f[i].status), r.f[i].id,
			       r.f[i].message);
		printf("setup: %zu step%s not as planned\n", fails, fails == 1 ? "" : "s");
	}
	host_report_free(&r);
	return fails ? VFCTL_FAILED : VFCTL_OK;
}

/* Every subcommand takes the same options; argv[0] is its name. */
static int setup_sub(int argc, char **argv)
{
	struct setup_opts o = { 0 };
	struct setup_plan p;
	char pf[ARGS_PCI_STR], err[ARGS_ERR_MAX];
	bool json = vfctl_out_json(), yes = false;
	const char *sub;
	int c, ret;

	sub = argv[0];
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_VFS: {
			unsigned long v;

			if (args_uint_parse(optarg, "a number of VFs", 1, 7, &v, err,
					    sizeof(err))) {
				vfctl_error(vfctl_fix(optarg, "2", NULL), "%s", err);
				return VFCTL_USAGE;
			}
			o.vfs = (unsigned int)v;
			break;
		}
		case OPT_PF:
			/* any form lspci prints; the iGPU's by default */
			if (args_pci_canonical(optarg, pf, sizeof(pf), err, sizeof(err))) {
				vfctl_error(vfctl_fix(optarg, "0000:00:02.0", NULL), "%s", err);
				return VFCTL_USAGE;
			}
			o.pf = pf;
			break;
		case OPT_PF_DRIVER:
			/* a kernel driver's name: it goes into a udev rule as is */
			if (!*optarg ||
			    strspn(optarg, "abcdefghijklmnopqrstuvwxyz0123456789_-") !=
				    strlen(optarg) ||
			    strlen(optarg) > 32) {
				vfctl_error(vfctl_fix(optarg, "i915", NULL),
					    "'%s' is not a kernel driver's name", optarg);
				return VFCTL_USAGE;
			}
			o.pf_driver = optarg;
			break;
		case OPT_BIOS:
			o.bios = optarg;
			break;
		case OPT_DKMS:
			o.dkms_src = optarg;
			break;
		case OPT_VM:
			o.vm = optarg;
			break;
		case OPT_RES: {
			struct args_res r;

			if (o.nres == VM_MAX_RESOLUTIONS ||
			    args_res_parse(optarg, &r, err, sizeof(err))) {
				vfctl_error(vfctl_fix(optarg, "2560x1440@60", NULL), "%s",
					    o.nres == VM_MAX_RESOLUTIONS ? "too many --resolution" :
									   err);
				return VFCTL_USAGE;
			}
			o.res[o.nres++] = (struct vm_resolution){ r.width, r.height, r.refresh };
			break;
		}
		case OPT_ROOT:
			o.root = optarg;
			break;
		case OPT_SKIP:
			o.skip = optarg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_YES:
			yes = true;
			break;
		case 'h':
			usage(stdout);
			return VFCTL_OK;
		default:
			return vfctl_bad_usage(argc, argv, usage);
		}
	}
	if (optind < argc) {
		vfctl_error("run 'vfctl setup --help'", "unexpected argument '%s'", argv[optind]);
		return VFCTL_USAGE;
	}
	if (!strcmp(sub, "undo")) {
		struct setup_result r;

		ret = setup_undo(o.root, NULL, &r);
		if (json)
			vfctl_json_print(result_json("undo", &r));
		else if (!ret)
			printf("undone: %u steps, %u files restored, %u commands run; reboot to "
			       "return to the old configuration\n",
			       r.steps, r.files, r.cmds);
		if (ret == -ENOENT) {
			vfctl_error(NULL, "nothing to undo: no %s", SETUP_JOURNAL);
			return VFCTL_FAILED;
		}
		if (ret) {
			vfctl_error("fix the cause and run 'vfctl setup undo' again",
				    "undo stopped%s%s: %s",
				    r.failed_step && *r.failed_step ? " at step " : "",
				    r.failed_step ? r.failed_step : "", r.msg);
			return errno_exit(ret);
		}
		return VFCTL_OK;
	}
	ret = setup_plan_build(&o, &p);
	if (ret == -EINVAL) {
		vfctl_error("run 'vfctl setup --help'", "%s", p.step[0].reason);
		return VFCTL_USAGE;
	}
	if (ret) {
		vfctl_error(NULL, "the plan could not be made: %s", strerror(-ret));
		return VFCTL_ENV;
	}
	if (!strcmp(sub, "plan")) {
		if (json)
			vfctl_json_print(plan_json(&p));
		else
			setup_plan_print(&p, stdout);
		ret = VFCTL_OK;
	} else if (!strcmp(sub, "apply")) {
		ret = do_apply(&p, yes, json);
	} else {
		ret = do_verify(&p, json);
	}
	setup_plan_free(&p);
	return ret;
}

static const struct vfctl_value setup_values[] = {
	{ "bios", VFCTL_VALUE_FILE },
	{ "dkms-src", VFCTL_VALUE_DIR },
	{ "root", VFCTL_VALUE_DIR },
	{ NULL },
};

#define SETUP_SUB(n)                                                             \
	{                                                                        \
		.name = n, .run = setup_sub, .opts = longopts, .shortopts = "h", \
		.values = setup_values                                           \
	}
static const struct vfctl_sub setup_subs[] = {
	SETUP_SUB("plan"), SETUP_SUB("apply"), SETUP_SUB("verify"), SETUP_SUB("undo"), { NULL },
};

static int run(int argc, char **argv)
{
	return vfctl_dispatch(&vfctl_cmd_setup, argc, argv);
}

const struct vfctl_cmd vfctl_cmd_setup = {
	.name = "setup",
	.summary = "the whole guide as one plan: plan, apply, verify, undo",
	.run = run,
	.subs = setup_subs,
	.usage = usage,
	.example = "plan --vfs 2",
};
