// SPDX-License-Identifier: MIT
/*
 * vfctl vm xml | qemu-args | define | check | guest-files: the VM the guide
 * describes, written as a libvirt domain or a QEMU command line, defined
 * through libvirt, checked, and its guest-side files.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tools/vfctl/vfctl.h"
#include "vm/vm_check.h"
#include "vm/vm_domain.h"
#include "vm/vm_firmware.h"
#include "vm/vm_guest_files.h"
#include "vm/vm_libvirt.h"
#include "vm/vm_qemu_args.h"
#include "vm/vm_xml.h"

static void vm_usage(FILE *out)
{
	fprintf(out,
		"usage: vfctl vm xml         MODEL [-o FILE] [--json]\n"
		"       vfctl vm qemu-args   MODEL [--nvram FILE] [--json]\n"
		"       vfctl vm define      MODEL [--connect URI] [--dry-run] [--json]\n"
		"       vfctl vm guest-files MODEL -d DIR [--monitors N] [--json]\n"
		"       vfctl vm check DOMAIN.xml [--resolution WxH] [--hdr] [--root DIR] [--json]\n"
		"\n"
		"MODEL: --name NAME --vf 0000:00:02.N --romfile FILE --resolution WxH[@HZ]...\n"
		"       [--hdr] [--memory MIB] [--vcpus N] [--disk FILE] [--qxl]\n"
		"       [--shm kvmfr|shm] [--kvmfr N] [--display spice|none] [--root DIR]\n"
		"       [--network NAME|user|none] [--shm-name NAME]\n"
		"       tests and Linux guests: [--no-vf] [--accel kvm|tcg] [--serial FILE]\n"
		"       [--kernel FILE [--initrd FILE] [--cmdline TEXT]]\n"
		"\n"
		"xml          the libvirt domain: q35, OVMF (from the firmware descriptors),\n"
		"             host CPU, the VF with its GOP romfile, IVSHMEM sized for the\n"
		"             largest --resolution (kvmfr or /dev/shm), virtio input.\n"
		"qemu-args    the same VM as a QEMU command line (--nvram: the VM's VARS copy,\n"
		"             default /var/lib/libvirt/qemu/nvram/NAME_VARS.fd).\n"
		"define       define it through libvirt (default %s; --dry-run removes it again).\n"
		"guest-files  option.txt (IddSampleDriver), looking-glass-host.ini, and the\n"
		"             Looking Glass client.ini of the host, into DIR.\n"
		"check        report what is wrong in an existing domain, with the fix.\n"
		"--resolution may be repeated; --qxl keeps a QXL adapter for the first boot.\n"
		"--network: a libvirt network (default: default), QEMU user networking, or\n"
		"no NIC. --shm-name: /dev/shm/NAME for --shm shm (default looking-glass).\n"
		"--no-vf and --accel tcg describe an emulated VM without a GPU (boot tests\n"
		"on hosts without a VF or KVM); --serial writes COM1 to FILE; --kernel boots\n"
		"a Linux kernel directly through OVMF.\n",
		VM_LIBVIRT_SYSTEM_URI);
}

enum {
	OPT_NAME = 256,
	OPT_VF,
	OPT_ROM,
	OPT_RES,
	OPT_HDR,
	OPT_MEM,
	OPT_VCPUS,
	OPT_DISK,
	OPT_QXL,
	OPT_SHM,
	OPT_KVMFR,
	OPT_DISPLAY,
	OPT_ROOT,
	OPT_JSON,
	OPT_NVRAM,
	OPT_CONNECT,
	OPT_DRY,
	OPT_MONITORS,
	OPT_NO_VF,
	OPT_ACCEL,
	OPT_NETWORK,
	OPT_SHM_NAME,
	OPT_SERIAL,
	OPT_KERNEL,
	OPT_INITRD,
	OPT_CMDLINE,
};

static const struct option vm_opts[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "vf", required_argument, NULL, OPT_VF },
	{ "romfile", required_argument, NULL, OPT_ROM },
	{ "resolution", required_argument, NULL, OPT_RES },
	{ "hdr", no_argument, NULL, OPT_HDR },
	{ "memory", required_argument, NULL, OPT_MEM },
	{ "vcpus", required_argument, NULL, OPT_VCPUS },
	{ "disk", required_argument, NULL, OPT_DISK },
	{ "qxl", no_argument, NULL, OPT_QXL },
	{ "shm", required_argument, NULL, OPT_SHM },
	{ "kvmfr", required_argument, NULL, OPT_KVMFR },
	{ "display", required_argument, NULL, OPT_DISPLAY },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "nvram", required_argument, NULL, OPT_NVRAM },
	{ "connect", required_argument, NULL, OPT_CONNECT },
	{ "dry-run", no_argument, NULL, OPT_DRY },
	{ "monitors", required_argument, NULL, OPT_MONITORS },
	{ "no-vf", no_argument, NULL, OPT_NO_VF },
	{ "accel", required_argument, NULL, OPT_ACCEL },
	{ "network", required_argument, NULL, OPT_NETWORK },
	{ "shm-name", required_argument, NULL, OPT_SHM_NAME },
	{ "serial", required_argument, NULL, OPT_SERIAL },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "cmdline", required_argument, NULL, OPT_CMDLINE },
	{ "output", required_argument, NULL, 'o' },
	{ "dir", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct vm_args {
	struct vm_domain d;
	const char *root;
	const char *out;
	const char *dir;
	const char *uri;
	bool json;
	bool dry_run;
	bool have_res; /* for check */
	bool have_vf;
	bool no_vf;
	unsigned int monitors;
	char nvram[VM_PATH_MAX];
};

static bool parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	return *s >= '0' && *s <= '9' && !errno && !*end && *v <= max;
}

/* Returns -1 to go on, or an exit code. */
static int parse(int argc, char **argv, struct vm_args *a)
{
	struct vm_resolution r;
	unsigned long v;
	int c;

	vm_domain_init(&a->d);
	a->root = "/";
	a->uri = VM_LIBVIRT_SYSTEM_URI;
	a->monitors = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:d:", vm_opts, NULL)) != -1) {
		switch (c) {
		case OPT_NAME:
			a->d.name = optarg;
			break;
		case OPT_VF:
			if (vm_bdf_parse(optarg, &a->d.vf)) {
				vfctl_error(a->json, "write it as lspci does, e.g. 0000:00:02.1",
					    "'%s' is not a PCI address", optarg);
				return VFCTL_USAGE;
			}
			a->have_vf = true;
			break;
		case OPT_ROM:
			a->d.romfile = optarg;
			break;
		case OPT_RES:
			if (vm_resolution_parse(optarg, &r) ||
			    vm_domain_add_resolution(&a->d, &r)) {
				vfctl_error(
					a->json,
					"write WIDTHxHEIGHT or WIDTHxHEIGHT@HZ, e.g. 2560x1440@60 (at most 16 modes)",
					"'%s' is not a usable resolution", optarg);
				return VFCTL_USAGE;
			}
			a->have_res = true;
			break;
		case OPT_HDR:
			a->d.hdr = true;
			break;
		case OPT_MEM:
			if (!parse_uint(optarg, 1ul << 24, &v)) {
				vfctl_error(a->json, "give the guest memory in MiB, e.g. 8192",
					    "'%s' is not a memory size", optarg);
				return VFCTL_USAGE;
			}
			a->d.memory_mib = v;
			break;
		case OPT_VCPUS:
			if (!parse_uint(optarg, 1024, &v)) {
				vfctl_error(a->json, "give a number of vCPUs, e.g. 4",
					    "'%s' is not a vCPU count", optarg);
				return VFCTL_USAGE;
			}
			a->d.vcpus = (unsigned int)v;
			break;
		case OPT_DISK:
			a->d.disk = optarg;
			break;
		case OPT_QXL:
			a->d.qxl = true;
			break;
		case OPT_SHM:
			if (strcmp(optarg, "kvmfr") && strcmp(optarg, "shm")) {
				vfctl_error(
					a->json,
					"use --shm kvmfr (/dev/kvmfr0, zero-copy) or --shm shm (/dev/shm)",
					"unknown shared memory kind '%s'", optarg);
				return VFCTL_USAGE;
			}
			a->d.shm = strcmp(optarg, "kvmfr") ? VM_SHM_FILE : VM_SHM_KVMFR;
			break;
		case OPT_KVMFR:
			if (!parse_uint(optarg, 9, &v)) {
				vfctl_error(a->json, "kvmfr devices are /dev/kvmfr0 to /dev/kvmfr9",
					    "'%s' is not a kvmfr device number", optarg);
				return VFCTL_USAGE;
			}
			a->d.kvmfr_minor = (unsigned int)v;
			break;
		case OPT_DISPLAY:
			if (strcmp(optarg, "spice") && strcmp(optarg, "none")) {
				vfctl_error(a->json, "use --display spice or --display none",
					    "unknown display '%s'", optarg);
				return VFCTL_USAGE;
			}
			a->d.display = strcmp(optarg, "none") ? VM_DISPLAY_SPICE : VM_DISPLAY_NONE;
			break;
		case OPT_ROOT:
			a->root = optarg;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_NVRAM:
			a->d.nvram = optarg;
			break;
		case OPT_CONNECT:
			a->uri = optarg;
			break;
		case OPT_DRY:
			a->dry_run = true;
			break;
		case OPT_MONITORS:
			if (!parse_uint(optarg, 4, &v) || !v) {
				vfctl_error(a->json,
					    "IddSampleDriver recommends fewer than 5 monitors",
					    "'%s' is not a monitor count from 1 to 4", optarg);
				return VFCTL_USAGE;
			}
			a->monitors = (unsigned int)v;
			break;
		case OPT_NO_VF:
			a->no_vf = true;
			break;
		case OPT_ACCEL:
			if (strcmp(optarg, "kvm") && strcmp(optarg, "tcg")) {
				vfctl_error(
					a->json,
					"use --accel kvm (real hosts) or --accel tcg (emulated)",
					"unknown accelerator '%s'", optarg);
				return VFCTL_USAGE;
			}
			a->d.accel = strcmp(optarg, "tcg") ? VM_ACCEL_KVM : VM_ACCEL_TCG;
			break;
		case OPT_NETWORK:
			if (!strcmp(optarg, "user")) {
				a->d.net = VM_NET_USER;
			} else if (!strcmp(optarg, "none")) {
				a->d.net = VM_NET_NONE;
			} else {
				a->d.net = VM_NET_NETWORK;
				a->d.network = optarg;
			}
			break;
		case OPT_SHM_NAME:
			a->d.shm_name = optarg;
			break;
		case OPT_SERIAL:
			a->d.serial = optarg;
			break;
		case OPT_KERNEL:
			a->d.kernel = optarg;
			break;
		case OPT_INITRD:
			a->d.initrd = optarg;
			break;
		case OPT_CMDLINE:
			a->d.cmdline = optarg;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 'd':
			a->dir = optarg;
			break;
		case 'h':
			vm_usage(stdout);
			return VFCTL_OK;
		default:
			vm_usage(stderr);
			return VFCTL_USAGE;
		}
	}
	return -1;
}

/* Firmware and validation; returns -1 to go on, or an exit code. */
static int prepare(struct vm_args *a)
{
	const char *why;

	if (a->no_vf && (a->have_vf || a->d.romfile)) {
		vfctl_error(a->json, "drop --no-vf, or drop --vf and --romfile",
			    "--no-vf describes a VM without a VF: --vf and --romfile do not apply");
		return VFCTL_USAGE;
	}
	a->d.has_vf = !a->no_vf;
	if (!a->d.name || !a->d.n_res || (!a->no_vf && (!a->d.romfile || !a->have_vf))) {
		vfctl_error(a->json, "run 'vfctl vm --help'",
			    "--name, --vf, --romfile and --resolution are required");
		return VFCTL_USAGE;
	}
	if (vm_firmware_find(a->root, &a->d.fw)) {
		vfctl_error(a->json, "install the ovmf package (apt-get install ovmf)",
			    "no UEFI firmware descriptor for q35 in %s/usr/share/qemu/firmware",
			    strcmp(a->root, "/") ? a->root : "");
		return VFCTL_ENV;
	}
	if (vm_domain_validate(&a->d, &why)) {
		vfctl_error(a->json, "fix the option and run the command again", "%s", why);
		return VFCTL_USAGE;
	}
	return -1;
}

static int write_out(const struct vm_args *a, const char *path, const char *text)
{
	int ret = vfctl_write_file(path, (const uint8_t *)text, strlen(text));

	if (ret)
		vfctl_error(a->json, "check that the directory exists and is writable",
			    "cannot write %s: %s", path, strerror(-ret));
	return ret;
}

static int run_xml(struct vm_args *a)
{
	struct json_object *j;
	char *xml;
	int rc = VFCTL_OK;

	if (vm_xml_build(&a->d, &xml, NULL)) {
		vfctl_error(a->json, NULL, "out of memory");
		return VFCTL_FAILED;
	}
	if (a->out && write_out(a, a->out, xml))
		rc = VFCTL_FAILED;
	if (a->json) {
		j = json_object_new_object();
		json_object_object_add(j, "xml", json_object_new_string(xml));
		json_object_object_add(j, "shm_mib",
				       json_object_new_int64((int64_t)vm_domain_shm_mib(&a->d)));
		json_object_object_add(j, "firmware", json_object_new_string(a->d.fw.code));
		json_object_object_add(j, "written",
				       a->out ? json_object_new_string(a->out) : NULL);
		vfctl_json_print(j);
	} else if (!a->out) {
		fputs(xml, stdout);
	} else if (!rc) {
		printf("wrote %s (IVSHMEM %" PRIu64 " MiB)\n", a->out, vm_domain_shm_mib(&a->d));
	}
	free(xml);
	return rc;
}

static int run_qemu_args(struct vm_args *a)
{
	struct vm_argv v;
	struct json_object *j, *arr;
	size_t i;
	char *sh;

	if (!a->d.nvram) {
		snprintf(a->nvram, sizeof(a->nvram), "/var/lib/libvirt/qemu/nvram/%s_VARS.fd",
			 a->d.name);
		a->d.nvram = a->nvram;
	}
	if (vm_qemu_args(&a->d, NULL, &v)) {
		vfctl_error(a->json, "give --nvram as an absolute path without commas",
			    "cannot build the command line");
		return VFCTL_USAGE;
	}
	if (a->json) {
		j = json_object_new_object();
		arr = json_object_new_array();
		for (i = 0; i < v.n; i++)
			json_object_array_add(arr, json_object_new_string(v.v[i]));
		json_object_object_add(j, "argv", arr);
		json_object_object_add(j, "nvram", json_object_new_string(a->d.nvram));
		json_object_object_add(j, "nvram_template", json_object_new_string(a->d.fw.vars));
		vfctl_json_print(j);
	} else {
		sh = vm_argv_shell(&v);
		printf("# copy the VARS template once: cp %s %s\n%s", a->d.fw.vars, a->d.nvram,
		       sh ? sh : "");
		free(sh);
	}
	vm_argv_free(&v);
	return VFCTL_OK;
}

static int run_define(struct vm_args *a)
{
	struct vm_libvirt_result r;
	struct json_object *j;
	char *xml;
	int ret;

	if (vm_xml_build(&a->d, &xml, NULL)) {
		vfctl_error(a->json, NULL, "out of memory");
		return VFCTL_FAILED;
	}
	ret = vm_libvirt_define(a->uri, xml,
				VM_LIBVIRT_VALIDATE | (a->dry_run ? VM_LIBVIRT_UNDEFINE : 0), &r);
	free(xml);
	free(r.xml);
	if (ret == -ECONNREFUSED) {
		vfctl_error(
			a->json,
			"install and start libvirt (apt-get install libvirt-daemon-system), or pass --connect URI",
			"cannot connect to %s: %s", a->uri, r.error);
		return VFCTL_ENV;
	}
	if (ret) {
		vfctl_error(
			a->json,
			"this is a bug in vfctl or an option libvirt does not support here; report the message",
			"libvirt rejected the domain: %s", r.error);
		return VFCTL_FAILED;
	}
	if (a->json) {
		j = json_object_new_object();
		json_object_object_add(j, "name", json_object_new_string(r.name));
		json_object_object_add(j, "uuid", json_object_new_string(r.uuid));
		json_object_object_add(j, "uri", json_object_new_string(a->uri));
		json_object_object_add(j, "kept", json_object_new_boolean(!a->dry_run));
		vfctl_json_print(j);
	} else {
		printf("%s domain '%s' (%s) on %s\n",
		       a->dry_run ? "validated and removed" : "defined", r.name, r.uuid, a->uri);
	}
	return VFCTL_OK;
}

static int run_guest_files(struct vm_args *a)
{
	static const char *const names[] = { "option.txt", "looking-glass-host.ini", "client.ini" };
	char *text[3], path[VM_PATH_MAX + 64];
	struct json_object *j = NULL, *files = NULL;
	int rc = VFCTL_OK;
	size_t i;

	if (!a->dir) {
		vfctl_error(a->json, "give the output directory with -d DIR",
			    "no output directory");
		return VFCTL_USAGE;
	}
	text[0] = vm_idd_option_txt(&a->d, a->monitors);
	text[1] = vm_lg_host_ini(&a->d);
	text[2] = vm_lg_client_ini(&a->d);
	if (a->json) {
		j = json_object_new_object();
		files = json_object_new_array();
	}
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", a->dir, names[i]);
		if (!text[i] || (rc == VFCTL_OK && write_out(a, path, text[i]))) {
			rc = VFCTL_FAILED;
			continue;
		}
		if (files)
			json_object_array_add(files, json_object_new_string(path));
		else
			printf("wrote %s\n", path);
	}
	if (j) {
		json_object_object_add(j, "files", files);
		json_object_object_add(j, "shm_mib",
				       json_object_new_int64((int64_t)vm_domain_shm_mib(&a->d)));
		vfctl_json_print(j);
	} else if (rc == VFCTL_OK) {
		printf("guest: option.txt to %s, looking-glass-host.ini next to looking-glass-host.exe;\n"
		       "host: client.ini to ~/.config/looking-glass/client.ini\n",
		       VM_IDD_OPTION_PATH);
	}
	for (i = 0; i < 3; i++)
		free(text[i]);
	return rc;
}

/* vm check's severities in the shared vocabulary (vfctl_out.h). */
static const char *vm_severity_status(enum vm_severity s)
{
	return s == VM_SEV_ERROR ? "fail" : s == VM_SEV_WARNING ? "warn" : "skip";
}

static int run_check(struct vm_args *a, const char *file)
{
	struct vm_check_opts o = { .root = a->root };
	struct vm_check_report r;
	struct json_object *j;
	uint8_t *buf;
	size_t len, i;
	int ret;

	ret = vfctl_read_file(file, &buf, &len);
	if (ret) {
		vfctl_error(a->json,
			    "give the domain XML, e.g. from 'virsh dumpxml NAME > dom.xml'",
			    "cannot read %s: %s", file, strerror(-ret));
		return VFCTL_USAGE;
	}
	if (a->have_res) {
		o.have_mode = true;
		o.mode = *vm_domain_largest(&a->d);
		o.hdr = a->d.hdr;
	}
	ret = vm_check_xml((const char *)buf, len, &o, &r);
	free(buf);
	if (ret == -EINVAL) {
		vfctl_error(a->json, "give a libvirt domain definition (virsh dumpxml NAME)",
			    "%s is not a libvirt domain XML", file);
		return VFCTL_FAILED;
	}
	if (ret) {
		vfctl_error(a->json, NULL, "cannot check %s: %s", file, strerror(-ret));
		return VFCTL_FAILED;
	}
	for (i = 0; i < r.n; i++)
		vfctl_finding(r.f[i].id, vm_severity_status(r.f[i].severity), r.f[i].message, NULL,
			      r.f[i].hint);
	if (a->json) {
		j = json_object_new_object();
		json_object_object_add(j, "file", json_object_new_string(file));
		json_object_object_add(j, "mode_source", json_object_new_string(r.mode_source));
		json_object_object_add(j, "shm_bytes", json_object_new_int64((int64_t)r.shm_bytes));
		vfctl_json_print(j);
	} else {
		for (i = 0; i < r.n; i++) {
			const char *st = vm_severity_status(r.f[i].severity);

			printf("%s%-7s%s %-22s %s\n        fix: %s\n", vfctl_paint(st),
			       vm_severity_name(r.f[i].severity), vfctl_paint(NULL), r.f[i].id,
			       r.f[i].message, r.f[i].hint);
		}
		printf("(memory checked for %ux%u%s, %s)\n", r.mode.width, r.mode.height,
		       r.hdr ? " HDR" : "", r.mode_source);
		vfctl_summary(stdout, file);
	}
	ret = vm_check_count(&r, VM_SEV_ERROR) ? VFCTL_FAILED : VFCTL_OK;
	vm_check_report_free(&r);
	return ret;
}

static int vm_run(int argc, char **argv)
{
	struct vm_args *a;
	const char *sub;
	char cmdname[48];
	int rc;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		vm_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? VFCTL_USAGE : VFCTL_OK;
	}
	sub = argv[1];
	snprintf(cmdname, sizeof(cmdname), "vm %.32s", sub);
	vfctl_out_command(cmdname);
	a = calloc(1, sizeof(*a));
	if (!a)
		return VFCTL_FAILED;
	rc = parse(argc - 1, argv + 1, a);
	if (rc >= 0)
		goto out;
	if (!strcmp(sub, "check")) {
		if (optind + 1 != argc - 1) {
			vfctl_error(a->json, "run 'vfctl vm check DOMAIN.xml'",
				    "give exactly one domain XML file");
			rc = VFCTL_USAGE;
		} else {
			rc = run_check(a, argv[1 + optind]);
		}
		goto out;
	}
	if (optind != argc - 1) {
		vfctl_error(a->json, "run 'vfctl vm --help'", "unexpected argument '%s'",
			    argv[1 + optind]);
		rc = VFCTL_USAGE;
		goto out;
	}
	if (strcmp(sub, "xml") && strcmp(sub, "qemu-args") && strcmp(sub, "define") &&
	    strcmp(sub, "guest-files")) {
		vfctl_error(a->json, "use xml, qemu-args, define, guest-files or check",
			    "unknown vm command '%s'", sub);
		rc = VFCTL_USAGE;
		goto out;
	}
	rc = prepare(a);
	if (rc >= 0)
		goto out;
	if (!strcmp(sub, "xml"))
		rc = run_xml(a);
	else if (!strcmp(sub, "qemu-args"))
		rc = run_qemu_args(a);
	else if (!strcmp(sub, "define"))
		rc = run_define(a);
	else
		rc = run_guest_files(a);
out:
	free(a);
	return rc;
}

const struct vfctl_cmd vfctl_cmd_vm = {
	.name = "vm",
	.summary = "write, define and check the libvirt/QEMU VM of the guide",
	.run = vm_run,
};
