// SPDX-License-Identifier: MIT
/*
 * vm_ktest: the PF core's modules inside a booted Debian kernel.
 *
 *   vm_ktest module -s KSRC -w WORKDIR -c CACHE -r RESULTS [-k VERSION]
 *		    [-g SRIOV_GUEST -V VFCTL]
 *	`make check` (vm-module): the newest kernel that has both its
 *	linux-image and linux-headers package (or VERSION): build kernel/
 *	against those headers, boot, load, self-test, unload; KTAP on stdout,
 *	RESULTS/vm-module.counts. With -g and -V the same boot also has an
 *	SR-IOV PF (QEMU's igb behind a root port, emulated VT-d) and runs the
 *	static SR-IOV_GUEST program, which drives VFCTL (copied in with its
 *	libraries) over it: RESULTS/vm-sriov.counts (skipped when QEMU has
 *	no igb)
 *   vm_ktest matrix -s KSRC -w WORKDIR -c CACHE -r RESULTS
 *	`make kbuild-matrix`: every installed linux-headers tree is built
 *	against; each one with its linux-image is booted and tested; KTAP
 *	(one nested block per kernel), a table, RESULTS/kbuild-matrix.counts
 *
 *   vm_ktest image -s KSRC -w WORKDIR -c CACHE -o INITRD -I INIT [-k VERSION]
 *		   [-g SRIOV_GUEST -V VFCTL] [-D SRC:DEST]...
 *	For a boot another runner drives (ci/lava: LAVA's dispatcher): the
 *	modules built as for `module`, the initramfs of the same boot (with
 *	igb's, igbvf's and vfio's modules and vfctl when -g is given; -D adds
 *	more dynamic executables) with INIT as its /init, written to INITRD;
 *	prints "version V" and "kernel PATH"
 *
 * CACHE keeps the extracted vmlinux and the KVM probe's result between runs
 * (vm_run's work directory).
 *
 * Exit: 0 all passed, 1 a check failed, 2 usage, 3 environment missing
 * (no QEMU, no kernel image + headers pair).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/vm/vm_kernels.h"
#include "tests/vm/vm_kguest.h"

struct opts {
	const char *ksrc, *workdir, *cache, *results, *version;
	const char *guest, *vfctl; /* the SR-IOV part; NULL: module only */
	const char *initrd, *init; /* image */
	const char *dynamic[8]; /* image: more "SRC:DEST" executables */
	int ndynamic;
};

static int write_counts(const char *results, const char *name, int passed, int failed, int skipped)
{
	char path[1024];
	FILE *f;

	mkdir(results, 0755);
	snprintf(path, sizeof(path), "%s/%s.counts", results, name);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "%d %d %d\n", passed, failed, skipped);
	if (fclose(f))
		return -EIO;
	/* the reasons of this run's skips follow (write_skip) */
	snprintf(path, sizeof(path), "%s/%s.skips", results, name);
	unlink(path);
	return 0;
}

/* One "what: reason" line in RESULTS/NAME.skips, for scripts/summary.sh. */
static void write_skip(const char *results, const char *name, const char *what, const char *why)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.skips", results, name);
	f = fopen(path, "a");
	if (!f)
		return;
	fprintf(f, "%s: %s\n", what, why);
	fclose(f);
}

/* QEMU >= 8.0: igb, an SR-IOV PF whose VFs a stock kernel drives */
static bool qemu_has_igb(void)
{
	return !system("\"${QEMU:-qemu-system-x86_64}\" -device igb,help 2>/dev/null | "
		       "grep -q '^igb options'");
}

/*
 * The SR-IOV part of the same boot: an igb PF behind a PCIe root port and
 * an emulated VT-d (vfio needs IOMMU groups), the modules its VFs and vfio
 * need, vfctl with its libraries, and the KTAP program that drives it.
 */
static void sriov_extra(const struct opts *op, struct kg_extra *x, char *vfctl, size_t n)
{
	static const char *const qemu_args[] = {
		"-device", "intel-iommu,intremap=off",
		"-device", "pcie-root-port,id=rp1,bus=pcie.0,chassis=1,slot=1",
		"-device", "igb,bus=rp1",
		NULL,
	};
	static const char *const modules[] = { "igb", "igbvf", "vfio-pci", "vfio_iommu_type1",
					       NULL };
	static const char *dynamic[2];

	snprintf(vfctl, n, "%s:/bin/vfctl", op->vfctl);
	dynamic[0] = vfctl;
	*x = (struct kg_extra){ .program = op->guest,
				.dynamic = dynamic,
				.modules = modules,
				.qemu_args = qemu_args,
				.append = "intel_iommu=on",
				.args = "/bin/vfctl" };
}

/* The guest program's KTAP, nested, and its own result line. */
static void sriov_report(const struct kg_outcome *o, int num, const char *skip, const char *results)
{
	const struct ktap *t = &o->program.k;
	int passed, failed;
	bool ok;

	if (skip) {
		printf("ok %d sriov_vfctl_in_guest # SKIP %s\n", num, skip);
		write_counts(results, "vm-sriov", 0, 0, 1);
		write_skip(results, "vm-sriov", "sriov_vfctl_in_guest", skip);
		return;
	}
	for (int j = 0; j < o->program.n; j++)
		kg_print_nested(o->program.lines[j], 2);
	if (o->extra_modules)
		printf("# igb/igbvf/vfio modules that failed to load: %d\n", o->extra_modules);
	if (o->late_splats)
		printf("# kernel splat while vfctl ran: %s\n", o->first_late_splat);
	passed = t->passed;
	failed = t->failed;
	/* the program's own checks, and what would make them meaningless */
	ok = !o->extra_modules && ktap_complete(t) && !t->bad_order && t->planned > 0 &&
	     !o->program_exit && !o->late_splats;
	if (!ok)
		failed++;
	printf("%s %d sriov_vfctl_in_guest # %d passed, %d failed%s\n",
	       ok && !t->failed ? "ok" : "not ok", num, t->passed, t->failed,
	       ok ? "" : " (incomplete, exit, modules or splat)");
	write_counts(results, "vm-sriov", passed, failed, t->skipped);
	for (int j = 0; j < o->program.n; j++) {
		const char *why = strstr(o->program.lines[j], "# SKIP");

		if (why)
			write_skip(results, "vm-sriov", "guest check",
				   why + 6 + strspn(why + 6, " "));
	}
}

static int cmd_module(const struct opts *op)
{
	struct kg_outcome *o = calloc(1, sizeof(*o));
	struct kg_extra x, *xp = NULL;
	const char *skip = NULL;
	struct vm_kpkg k;
	char vfctl[1100];
	int passed = 0, failed = 0, ret, plan;

	if (!o)
		return 1;
	ret = vm_kernels_pick(op->version, &k);
	if (ret) {
		fprintf(stderr,
			"vm-module: no installed linux-image-%s with its "
			"linux-headers package (apt-get install "
			"linux-image-amd64 linux-headers-amd64)\n",
			op->version ? op->version : "*");
		free(o);
		return 3;
	}
	if (op->guest && !qemu_has_igb())
		skip = "QEMU has no igb (QEMU >= 8.0: scripts/enable-backports.sh)";
	else if (op->guest)
		sriov_extra(op, xp = &x, vfctl, sizeof(vfctl));
	plan = kg_num_checks() + !!op->guest;
	ret = kg_run(&k, op->ksrc, op->workdir, op->cache, xp, o);
	printf("KTAP version 1\n1..%d\n", plan);
	printf("# kernel %s, headers %s, accel %s\n", k.version, k.headers, o->kvm ? "kvm" : "tcg");
	printf("# console log %s/console-%s.log\n", op->workdir, k.version);
	if (ret)
		printf("# vm: %s\n", strerror(-ret));
	kg_report(o, 0, 1, &passed, &failed);
	if (op->guest)
		sriov_report(o, plan, skip, op->results);
	printf("# vm-module: %d passed, %d failed\n", passed, failed);
	write_counts(op->results, "vm-module", passed, failed, 0);
	if (op->guest && !skip) {
		const struct ktap *t = &o->program.k;

		if (t->failed || !ktap_complete(t) || o->program_exit || o->extra_modules ||
		    o->late_splats)
			failed++;
	}
	free(o);
	return failed ? 1 : 0;
}

static int cmd_image(const struct opts *op)
{
	static const char *dynamic[12];
	char vfctl[1100], kernel[1024];
	struct kg_extra x = { .init = op->init };
	struct vm_kpkg k;
	int n = 0, ret;

	if (!op->initrd || !op->init || !op->guest != !op->vfctl) {
		fprintf(stderr, "vm_ktest image: -o INITRD and -I INIT are needed, "
				"-g and -V go together\n");
		return 2;
	}
	if (vm_kernels_pick(op->version, &k)) {
		fprintf(stderr, "vm_ktest image: no installed linux-image with its "
				"linux-headers package\n");
		return 3;
	}
	if (op->guest) {
		sriov_extra(op, &x, vfctl, sizeof(vfctl));
		x.init = op->init;
		dynamic[n++] = vfctl;
	}
	for (int i = 0; i < op->ndynamic; i++)
		dynamic[n++] = op->dynamic[i];
	dynamic[n] = NULL;
	x.dynamic = dynamic;
	ret = kg_image(&k, op->ksrc, op->workdir, op->cache, &x, op->initrd, kernel,
		       sizeof(kernel));
	if (ret) {
		fprintf(stderr, "vm_ktest image: %s\n", strerror(-ret));
		return ret == -ENOENT ? 3 : 1;
	}
	printf("version %s\nkernel %s\n", k.version, kernel);
	return 0;
}

static int cmd_matrix(const struct opts *op)
{
	struct vm_kpkg *all = calloc(VM_KERNELS_MAX, sizeof(*all));
	struct kg_outcome *o = calloc(VM_KERNELS_MAX, sizeof(*o));
	int n, nh = 0, passed = 0, failed = 0, num = 0;

	if (!all || !o)
		return 1;
	n = vm_kernels_list(all);
	for (int i = 0; i < n; i++)
		nh += !!all[i].headers[0];
	if (nh == 0) {
		fprintf(stderr, "kbuild-matrix: no linux-headers package "
				"installed\n");
		return 3;
	}
	printf("KTAP version 1\n1..%d\n", nh);
	for (int i = 0; i < n; i++) {
		const struct vm_kpkg *k = &all[i];
		int p = 0, f = 0, ret;

		if (!k->headers[0])
			continue;
		ret = kg_run(k, op->ksrc, op->workdir, op->cache, NULL, &o[i]);
		printf("  KTAP version 1\n");
		printf("  # kernel %s, headers %s, accel %s\n", k->version, k->headers,
		       o[i].kvm ? "kvm" : "tcg");
		if (!k->vmlinuz[0]) {
			/* no image to boot: the build is the whole test */
			printf("  1..1\n  %s 1 module_build\n", o[i].built ? "ok" : "not ok");
			(o[i].built ? p++ : f++);
		} else {
			printf("  1..%d\n", kg_num_checks());
			if (ret)
				printf("  # vm: %s\n", strerror(-ret));
			kg_report(&o[i], 2, 1, &p, &f);
		}
		printf("%s %d %s%s\n", f ? "not ok" : "ok", ++num, k->version,
		       k->vmlinuz[0] ? "" : " # build only: no linux-image");
		(f ? failed++ : passed++);
	}
	printf("# %-28s %-6s %-8s %s\n", "kernel", "build", "boot", "selftest");
	for (int i = 0; i < n; i++) {
		const struct vm_kpkg *k = &all[i];
		const struct ktap *t = &o[i].selftest.k;
		char st[64];

		if (!k->headers[0])
			continue;
		if (!k->vmlinuz[0] || !o[i].built)
			snprintf(st, sizeof(st), "-");
		else
			snprintf(st, sizeof(st), "%d passed, %d failed%s", t->passed, t->failed,
				 ktap_complete(t) ? "" : " (incomplete)");
		printf("# %-28s %-6s %-8s %s\n", k->version, o[i].built ? "ok" : "FAIL",
		       !k->vmlinuz[0] ? "no image" :
		       o[i].booted    ? "ok" :
		       o[i].built     ? "FAIL" :
					"-",
		       st);
	}
	printf("# kbuild-matrix: %d passed, %d failed\n", passed, failed);
	write_counts(op->results, "kbuild-matrix", passed, failed, 0);
	free(all);
	free(o);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct opts op = { "kernel", "out/vm-module", "out/vm", "out/results" };
	int opt;

	if (argc < 2) {
		fprintf(stderr, "usage: vm_ktest module|matrix|image [-s KSRC] "
				"[-w WORKDIR] [-c CACHE] [-r RESULTS] [-k VERSION] "
				"[-g SRIOV_GUEST -V VFCTL] [-o INITRD -I INIT "
				"[-D SRC:DEST]...]\n");
		return 2;
	}
	optind = 2;
	while ((opt = getopt(argc, argv, "s:w:c:r:k:g:V:o:I:D:")) != -1) {
		switch (opt) {
		case 's':
			op.ksrc = optarg;
			break;
		case 'w':
			op.workdir = optarg;
			break;
		case 'c':
			op.cache = optarg;
			break;
		case 'r':
			op.results = optarg;
			break;
		case 'k':
			op.version = optarg;
			break;
		case 'g':
			op.guest = optarg;
			break;
		case 'V':
			op.vfctl = optarg;
			break;
		case 'o':
			op.initrd = optarg;
			break;
		case 'I':
			op.init = optarg;
			break;
		case 'D':
			if (op.ndynamic < 8)
				op.dynamic[op.ndynamic++] = optarg;
			break;
		default:
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (system("command -v \"${QEMU:-qemu-system-x86_64}\" >/dev/null "
		   "2>&1")) {
		fprintf(stderr, "vm: qemu-system-x86_64 not found (apt-get "
				"install qemu-system-x86)\n");
		return 3;
	}
	if (!strcmp(argv[1], "module"))
		return cmd_module(&op);
	if (!strcmp(argv[1], "matrix"))
		return cmd_matrix(&op);
	if (!strcmp(argv[1], "image"))
		return cmd_image(&op);
	fprintf(stderr, "vm_ktest: unknown command '%s'\n", argv[1]);
	return 2;
}
