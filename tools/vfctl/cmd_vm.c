// SPDX-License-Identifier: MIT
/*
 * vfctl vm xml | qemu-args | define | check | guest-files: the VM the guide
 * describes, written as a libvirt domain or a QEMU command line, defined
 * through libvirt, checked, and its guest-side files.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/vfctl/vfctl.h"
#include "vm/vm_check.h"
#include "vm/vm_pve.h"
#include "vm/vm_domain.h"
#include "vm/vm_firmware.h"
#include "vm/vm_guest_files.h"
#include "vm/vm_host.h"
#include "vm/vm_libvirt.h"
#include "vm/vm_native_qemu.h"
#include "vm/vm_qemu_args.h"
#include "vm/vm_xml.h"

#define MODEL_HELP                                                                        \
	"MODEL: --name NAME --vf VF --romfile FILE --resolution WxH[@HZ]...\n"            \
	"       [--hdr] [--memory MIB] [--vcpus N] [--disk FILE] [--cdrom ISO] [--qxl]\n" \
	"       [--shm kvmfr|shm] [--kvmfr N] [--display spice|none] [--spice-port N]\n"  \
	"       [--network NAME|user|none] [--bridge BR] [--shm-name NAME]\n"             \
	"       [--phys-bits N|none] [--window WxH] [--root DIR]\n"                       \
	"       tests and Linux guests: [--no-vf] [--accel kvm|tcg] [--serial FILE]\n"    \
	"       [--kernel FILE [--initrd FILE] [--cmdline TEXT]]\n"                       \
	"\n"                                                                              \
	"VF: 00:02.1 or 0000:00:02.1 (as lspci prints it). WxH[@HZ]: 320x200 to\n"        \
	"16384x16384, 1 to 1000 Hz; repeated, the largest sizes the shared memory.\n"     \
	"--disk: the system disk (none by default: the command says so). --cdrom:\n"      \
	"install media, booted after the disk. --bridge BR: the NIC on host bridge BR\n"  \
	"instead of a libvirt network. --phys-bits: the guest physical-address width\n"   \
	"(default: the host's, from /proc/cpuinfo 'address sizes'; OVMF crashes when\n"   \
	"the guest is told more than the host kernel uses). --spice-port: the fixed\n"    \
	"SPICE port the client.ini dials (default 5900). --window: the Looking Glass\n"   \
	"window (default: the host screen, from /sys/class/drm). --network: a libvirt\n"  \
	"network (default: default), QEMU user networking, or no NIC. --shm-name:\n"      \
	"/dev/shm/NAME for --shm shm (default looking-glass). --qxl keeps a QXL\n"        \
	"adapter for the first boot. --no-vf and --accel tcg describe an emulated VM\n"   \
	"without a GPU (boot tests); --serial writes COM1 to FILE; --kernel boots a\n"    \
	"Linux kernel directly through OVMF.\n"

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
	OPT_BRIDGE,
	OPT_CDROM,
	OPT_PHYS_BITS,
	OPT_IDD,
	OPT_CLIENT_INI,
	OPT_HOST_INI,
	OPT_SPICE_PORT,
	OPT_WINDOW,
	OPT_END,
};

/*
 * Each subcommand parses its own table, so an option that does not apply
 * to it is a usage error (and shell completion offers only its options).
 * The VM model is what xml, qemu-args, define and guest-files describe;
 * check reads an existing domain and takes the mode and the root only.
 */
/* clang-format off: one option a line */
#define VM_MODEL_OPTS                                                                             \
	{ "name", required_argument, NULL, OPT_NAME }, { "vf", required_argument, NULL, OPT_VF }, \
		{ "romfile", required_argument, NULL, OPT_ROM },                                  \
		{ "resolution", required_argument, NULL, OPT_RES },                               \
		{ "hdr", no_argument, NULL, OPT_HDR },                                            \
		{ "memory", required_argument, NULL, OPT_MEM },                                   \
		{ "vcpus", required_argument, NULL, OPT_VCPUS },                                  \
		{ "disk", required_argument, NULL, OPT_DISK },                                    \
		{ "cdrom", required_argument, NULL, OPT_CDROM },                                  \
		{ "qxl", no_argument, NULL, OPT_QXL },                                            \
		{ "shm", required_argument, NULL, OPT_SHM },                                      \
		{ "kvmfr", required_argument, NULL, OPT_KVMFR },                                  \
		{ "display", required_argument, NULL, OPT_DISPLAY },                              \
		{ "spice-port", required_argument, NULL, OPT_SPICE_PORT },                        \
		{ "network", required_argument, NULL, OPT_NETWORK },                              \
		{ "bridge", required_argument, NULL, OPT_BRIDGE },                                \
		{ "shm-name", required_argument, NULL, OPT_SHM_NAME },                            \
		{ "phys-bits", required_argument, NULL, OPT_PHYS_BITS },                          \
		{ "window", required_argument, NULL, OPT_WINDOW },                                \
		{ "root", required_argument, NULL, OPT_ROOT },                                    \
		{ "no-vf", no_argument, NULL, OPT_NO_VF },                                        \
		{ "accel", required_argument, NULL, OPT_ACCEL },                                  \
		{ "serial", required_argument, NULL, OPT_SERIAL },                                \
		{ "kernel", required_argument, NULL, OPT_KERNEL },                                \
		{ "initrd", required_argument, NULL, OPT_INITRD },                                \
	{                                                                                         \
		"cmdline", required_argument, NULL, OPT_CMDLINE                                   \
	}

#define VM_END_OPTS                                                                  \
	{ "json", no_argument, NULL, OPT_JSON }, { "help", no_argument, NULL, 'h' }, \
	{                                                                            \
		NULL, 0, NULL, 0                                                     \
	}
/* clang-format on */

static const struct option xml_opts[] = {
	VM_MODEL_OPTS,
	{ "output", required_argument, NULL, 'o' },
	VM_END_OPTS,
};

static const struct option qemu_args_opts[] = {
	VM_MODEL_OPTS,
	{ "nvram", required_argument, NULL, OPT_NVRAM },
	VM_END_OPTS,
};

static const struct option define_opts[] = {
	VM_MODEL_OPTS,
	{ "connect", required_argument, NULL, OPT_CONNECT },
	{ "dry-run", no_argument, NULL, OPT_DRY },
	VM_END_OPTS,
};

static const struct option guest_files_opts[] = {
	VM_MODEL_OPTS,
	{ "dir", required_argument, NULL, 'd' },
	{ "monitors", required_argument, NULL, OPT_MONITORS },
	VM_END_OPTS,
};

static const struct option check_opts[] = {
	{ "resolution", required_argument, NULL, OPT_RES },
	{ "hdr", no_argument, NULL, OPT_HDR },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "idd-options", required_argument, NULL, OPT_IDD },
	{ "client-ini", required_argument, NULL, OPT_CLIENT_INI },
	{ "host-ini", required_argument, NULL, OPT_HOST_INI },
	VM_END_OPTS,
};

/* The parser's words for the options that take one of a few (parse()). */
static const char *const shm_words[] = { "kvmfr", "shm", NULL };
static const char *const display_words[] = { "spice", "none", NULL };
static const char *const accel_words[] = { "kvm", "tcg", NULL };

/* clang-format off */
#define VM_MODEL_VALUES                                  \
	{ "romfile", VFCTL_VALUE_FILE },                 \
	{ "disk", VFCTL_VALUE_FILE },                    \
	{ "cdrom", VFCTL_VALUE_FILE },                   \
	{ "serial", VFCTL_VALUE_FILE },                  \
	{ "kernel", VFCTL_VALUE_FILE },                  \
	{ "initrd", VFCTL_VALUE_FILE },                  \
	{ "root", VFCTL_VALUE_DIR },                     \
	{ "shm", VFCTL_VALUE_WORDS, shm_words },         \
	{ "display", VFCTL_VALUE_WORDS, display_words }, \
	{ "accel", VFCTL_VALUE_WORDS, accel_words }
/* clang-format on */

static const struct vfctl_value model_values[] = { VM_MODEL_VALUES, { NULL } };
static const struct vfctl_value xml_values[] = {
	VM_MODEL_VALUES,
	{ "output", VFCTL_VALUE_FILE },
	{ NULL },
};
static const struct vfctl_value qemu_args_values[] = {
	VM_MODEL_VALUES,
	{ "nvram", VFCTL_VALUE_FILE },
	{ NULL },
};
static const struct vfctl_value guest_files_values[] = {
	VM_MODEL_VALUES,
	{ "dir", VFCTL_VALUE_DIR },
	{ NULL },
};
static const struct vfctl_value check_values[] = {
	{ "root", VFCTL_VALUE_DIR },
	{ "idd-options", VFCTL_VALUE_FILE },
	{ "client-ini", VFCTL_VALUE_FILE },
	{ "host-ini", VFCTL_VALUE_FILE },
	{ NULL },
};

static int sub_xml(int argc, char **argv);
static int sub_qemu_args(int argc, char **argv);
static int sub_define(int argc, char **argv);
static int sub_guest_files(int argc, char **argv);
static int sub_check(int argc, char **argv);

static const struct vfctl_sub vm_subs[] = {
	{ .name = "xml",
	  .run = sub_xml,
	  .opts = xml_opts,
	  .shortopts = "ho:",
	  .values = xml_values,
	  .synopsis = "vfctl vm xml MODEL [-o FILE] [--json]",
	  .help = "The libvirt domain: q35, OVMF (from the firmware descriptors), the host CPU\n"
		  "with the guest physical-address width limit, the VF with its GOP romfile,\n"
		  "IVSHMEM sized for the largest --resolution (kvmfr or /dev/shm), SPICE on a\n"
		  "fixed port, virtio input. Next: virsh define FILE, or vfctl vm define.\n",
	  .notes = MODEL_HELP },
	{ .name = "qemu-args",
	  .run = sub_qemu_args,
	  .opts = qemu_args_opts,
	  .shortopts = "h",
	  .values = qemu_args_values,
	  .synopsis = "vfctl vm qemu-args MODEL [--nvram FILE] [--json]",
	  .help = "The same VM as a QEMU command line (--nvram: the VM's VARS copy, default\n"
		  "/var/lib/libvirt/qemu/nvram/NAME_VARS.fd).\n",
	  .notes = MODEL_HELP },
	{ .name = "define",
	  .run = sub_define,
	  .opts = define_opts,
	  .shortopts = "h",
	  .values = model_values,
	  .synopsis = "vfctl vm define MODEL [--connect URI] [--dry-run] [--json]",
	  .help = "Define the domain through libvirt (default " VM_LIBVIRT_SYSTEM_URI
		  "; --dry-run\nremoves it again).\n",
	  .notes = MODEL_HELP },
	{ .name = "guest-files",
	  .run = sub_guest_files,
	  .opts = guest_files_opts,
	  .shortopts = "hd:",
	  .values = guest_files_values,
	  .synopsis = "vfctl vm guest-files MODEL -d DIR [--monitors N] [--json]",
	  .help = "option.txt (IddSampleDriver, N monitors 1 to 4), looking-glass-host.ini and\n"
		  "the Looking Glass client.ini of the host, into the existing directory DIR;\n"
		  "nothing is written unless all three can be.\n",
	  .notes = MODEL_HELP },
	{ .name = "check",
	  .run = sub_check,
	  .opts = check_opts,
	  .shortopts = "h",
	  .values = check_values,
	  .synopsis =
		  "vfctl vm check DOMAIN.xml|VMID.conf [--resolution WxH[@HZ]]... [--hdr]\n"
		  "               [--idd-options FILE] [--client-ini FILE]... [--host-ini FILE]\n"
		  "               [--root DIR] [--json]",
	  .help = "Report what is wrong in an existing domain (virsh dumpxml NAME), each with\n"
		  "its fix: machine, firmware, CPU and its physical-address width, Hyper-V, the\n"
		  "VF and its romfile (also under Secure Boot), IVSHMEM size and syntax, SPICE\n"
		  "port, the device cgroup and, where AppArmor confines libvirt, the rule for\n"
		  "/dev/kvmfrN; and what this host's libvirt refuses or drops from the domain\n"
		  "(through its test driver, in process: nothing is defined). --idd-options\n"
		  "reads the guest's IddSampleDriver option.txt as the driver does: its largest\n"
		  "mode sizes the memory, and lines the driver skips or cannot read are named.\n"
		  "--client-ini (the Looking Glass client's ini files, in the order it reads\n"
		  "them) checks the memory it opens and the SPICE port it dials against the VM;\n"
		  "--host-ini the guest's looking-glass-host.ini: its capture interface and the\n"
		  "options B7 no longer reads.\n"
		  "A Proxmox VE VM configuration (/etc/pve/qemu-server/VMID.conf, recognised by\n"
		  "its content) gets the same checks, its fixes in Proxmox's terms.\n" },
	{ NULL },
};

static void vm_usage(FILE *out)
{
	vfctl_sub_usage(out, &vfctl_cmd_vm);
}

struct vm_args {
	const struct vfctl_sub *sub; /* whose options were parsed */
	struct vm_domain d;
	const char *root;
	const char *out;
	const char *dir;
	const char *uri;
	const char *idd; /* check: the guest's IddSampleDriver option.txt */
	const char *client_ini[VM_CHECK_CLIENT_MAX]; /* check: in reading order */
	size_t n_client_ini;
	const char *host_ini; /* check: the guest's looking-glass-host.ini */
	bool json;
	bool dry_run;
	bool have_res; /* for check */
	bool have_vf;
	bool no_vf;
	bool have_phys_bits; /* --phys-bits given (a number or none) */
	bool have_window;
	unsigned int monitors;
	char nvram[VM_PATH_MAX];
	/* the value each option was given last, for the corrected command line */
	const char *given[OPT_END - OPT_NAME + 1];
	struct json_object *notes;
};

/* A note that is not an error: stderr as text, "notes" under --json. */
static void note(struct vm_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(struct vm_args *a, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!a->notes)
		a->notes = json_object_new_array();
	json_object_array_add(a->notes, json_object_new_string(msg));
	if (!vfctl_out_json())
		fprintf(stderr, "note: %s\n", msg);
}

/* A count option through the shared grammar; the hint replaces its value. */
static bool count_arg(const char *s, const char *what, unsigned long min, unsigned long max,
		      const char *example, unsigned long *v)
{
	char err[ARGS_ERR_MAX];

	if (!args_uint_parse(s, what, min, max, v, err, sizeof(err)))
		return true;
	vfctl_error(vfctl_fix(s, example, NULL), "%s", err);
	return false;
}

/* One of a fixed set of words; the hint shows the first. */
static bool word_arg(const char *s, const char *opt, const char *const *words, int *idx)
{
	char list[128] = "";
	int i;

	for (i = 0; words[i]; i++) {
		if (!strcmp(s, words[i])) {
			*idx = i;
			return true;
		}
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i ? (words[i + 1] ? ", " : " or ") : "", words[i]);
	}
	vfctl_error(vfctl_fix(s, words[0], NULL), "--%s '%s': use %s", opt, s, list);
	return false;
}

/* @sub's options (its table only); returns -1 to go on, or an exit code. */
static int parse(int argc, char **argv, const struct vfctl_sub *sub, struct vm_args *a)
{
	char err[ARGS_ERR_MAX];
	struct vm_resolution r;
	struct args_res ar;
	struct args_pci pci;
	unsigned long v;
	int c, w;

	vm_domain_init(&a->d);
	a->root = "/";
	a->json = vfctl_out_json(); /* --json anywhere decides (vfctl_out.h) */
	a->uri = VM_LIBVIRT_SYSTEM_URI;
	a->monitors = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, sub->shortopts, sub->opts, NULL)) != -1) {
		if (c >= OPT_NAME && c < OPT_END)
			a->given[c - OPT_NAME] = optarg;
		switch (c) {
		case OPT_NAME:
			a->d.name = optarg;
			break;
		case OPT_VF:
			if (args_pci_parse(optarg, &pci, err, sizeof(err)) || pci.domain > 0xffff) {
				vfctl_error(vfctl_fix(optarg, "0000:00:02.1", NULL), "--vf: %s",
					    err);
				return VFCTL_USAGE;
			}
			vm_bdf_parse(optarg, &a->d.vf);
			a->have_vf = true;
			break;
		case OPT_ROM:
			a->d.romfile = optarg;
			break;
		case OPT_RES:
			if (args_res_parse(optarg, &ar, err, sizeof(err))) {
				vfctl_error(vfctl_fix(optarg, "2560x1440@60", NULL), "%s", err);
				return VFCTL_USAGE;
			}
			r = (struct vm_resolution){ ar.width, ar.height, ar.refresh };
			if (vm_domain_add_resolution(&a->d, &r)) {
				vfctl_error(vfctl_fix(optarg, NULL, NULL),
					    "'%s': at most %d modes can be listed", optarg,
					    VM_MAX_RESOLUTIONS);
				return VFCTL_USAGE;
			}
			a->have_res = true;
			break;
		case OPT_HDR:
			a->d.hdr = true;
			break;
		case OPT_MEM:
			if (!count_arg(optarg, "a memory size in MiB", 256, 1ul << 24, "8192", &v))
				return VFCTL_USAGE;
			a->d.memory_mib = v;
			break;
		case OPT_VCPUS:
			if (!count_arg(optarg, "a vCPU count", 1, 1024, "4", &v))
				return VFCTL_USAGE;
			a->d.vcpus = (unsigned int)v;
			break;
		case OPT_DISK:
			a->d.disk = optarg;
			break;
		case OPT_CDROM:
			a->d.cdrom = optarg;
			break;
		case OPT_QXL:
			a->d.qxl = true;
			break;
		case OPT_SHM:
			if (!word_arg(optarg, "shm", shm_words, &w))
				return VFCTL_USAGE;
			a->d.shm = w ? VM_SHM_FILE : VM_SHM_KVMFR;
			break;
		case OPT_KVMFR:
			if (!count_arg(optarg, "a kvmfr device number", 0, 9, "0", &v))
				return VFCTL_USAGE;
			a->d.kvmfr_minor = (unsigned int)v;
			break;
		case OPT_DISPLAY:
			if (!word_arg(optarg, "display", display_words, &w))
				return VFCTL_USAGE;
			a->d.display = w ? VM_DISPLAY_NONE : VM_DISPLAY_SPICE;
			break;
		case OPT_SPICE_PORT:
			if (!count_arg(optarg, "a SPICE port", 1, 65535, "5900", &v))
				return VFCTL_USAGE;
			a->d.spice_port = (unsigned int)v;
			break;
		case OPT_PHYS_BITS:
			a->have_phys_bits = true;
			if (!strcmp(optarg, "none")) {
				a->d.phys_bits = 0;
				break;
			}
			if (!count_arg(optarg, "a physical-address width in bits", VM_PHYS_BITS_MIN,
				       VM_PHYS_BITS_MAX, "39", &v))
				return VFCTL_USAGE;
			a->d.phys_bits = (unsigned int)v;
			break;
		case OPT_WINDOW:
			if (args_res_parse(optarg, &ar, err, sizeof(err))) {
				vfctl_error(vfctl_fix(optarg, "2560x1440", NULL), "--window: %s",
					    err);
				return VFCTL_USAGE;
			}
			a->d.window = (struct vm_resolution){ ar.width, ar.height, ar.refresh };
			a->have_window = true;
			break;
		case OPT_ROOT:
			a->root = optarg;
			break;
		case OPT_IDD:
			a->idd = optarg;
			break;
		case OPT_CLIENT_INI:
			if (a->n_client_ini == VM_CHECK_CLIENT_MAX) {
				vfctl_error(
					vfctl_fix(optarg, NULL, NULL),
					"--client-ini: at most %d files (the client reads three)",
					VM_CHECK_CLIENT_MAX);
				return VFCTL_USAGE;
			}
			a->client_ini[a->n_client_ini++] = optarg;
			break;
		case OPT_HOST_INI:
			a->host_ini = optarg;
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
			if (!count_arg(optarg, "a monitor count", 1, 4, "1", &v))
				return VFCTL_USAGE;
			a->monitors = (unsigned int)v;
			break;
		case OPT_NO_VF:
			a->no_vf = true;
			break;
		case OPT_ACCEL:
			if (!word_arg(optarg, "accel", accel_words, &w))
				return VFCTL_USAGE;
			a->d.accel = w ? VM_ACCEL_TCG : VM_ACCEL_KVM;
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
		case OPT_BRIDGE:
			a->d.net = VM_NET_BRIDGE;
			a->d.bridge = optarg;
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
			return vfctl_bad_usage(argc, argv, vm_usage);
		}
	}
	if (a->given[OPT_BRIDGE - OPT_NAME] && a->given[OPT_NETWORK - OPT_NAME]) {
		vfctl_error(vfctl_fix(a->given[OPT_NETWORK - OPT_NAME], NULL, NULL),
			    "--bridge and --network both choose the NIC's connection: give one");
		return VFCTL_USAGE;
	}
	return -1;
}

/* What the corrected command line writes for an option validation refused. */
static const char *suggestion(const struct vm_args *a, const char *opt, const char *given,
			      char *buf, size_t n)
{
	static const struct {
		const char *opt, *value, *after_name; /* value NAME after_name */
	} ex[] = {
		{ "name", "w11" },
		{ "vf", "0000:00:02.1" },
		{ "romfile", "/var/lib/libvirt/vbios/IntelGopDriver.efi" },
		{ "disk", "/var/lib/libvirt/images/", ".qcow2" },
		{ "cdrom", "/var/lib/libvirt/iso/Win11.iso" },
		{ "nvram", "/var/lib/libvirt/qemu/nvram/", "_VARS.fd" },
		{ "serial", "/var/log/", "-serial.log" },
		{ "kernel", "/boot/vmlinuz" },
		{ "network", "default" },
		{ "bridge", "br0" },
		{ "resolution", "1920x1080" },
	};
	char cwd[VM_PATH_MAX];
	size_t i;

	/* a relative path: the same file, absolute */
	if (given && given[0] != '/' && !strchr(given, ',') && getcwd(cwd, sizeof(cwd)) &&
	    strcmp(opt, "name") && strcmp(opt, "network") && strcmp(opt, "bridge") &&
	    strcmp(opt, "resolution") && strcmp(opt, "vf")) {
		snprintf(buf, n, "%s/%s", cwd, given);
		return buf;
	}
	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++)
		if (!strcmp(ex[i].opt, opt)) {
			snprintf(buf, n, "%s%s%s", ex[i].value,
				 ex[i].after_name ? (a->d.name ? a->d.name : "w11") : "",
				 ex[i].after_name ? ex[i].after_name : "");
			return buf;
		}
	return NULL;
}

static const char *opt_value(const struct vm_args *a, const char *opt)
{
	const struct option *o = a->sub->opts;
	size_t i;

	for (i = 0; o[i].name; i++)
		if (!strcmp(o[i].name, opt) && o[i].val >= OPT_NAME && o[i].val < OPT_END)
			return a->given[o[i].val - OPT_NAME];
	return NULL;
}

/* The exact command line that fixes a refused option. */
static const char *fixed_line(const struct vm_args *a, const char *opt)
{
	const char *given = opt ? opt_value(a, opt) : NULL;
	char buf[VM_PATH_MAX + 64], add[VM_PATH_MAX + 128];
	const char *good = opt ? suggestion(a, opt, given, buf, sizeof(buf)) : NULL;

	if (!opt)
		return "run 'vfctl vm --help'";
	if (given)
		/* no good value known (initrd without kernel): drop it */
		return vfctl_fix(given, good, NULL);
	snprintf(add, sizeof(add), "--%s %s", opt, good ? good : "VALUE");
	return vfctl_fix(NULL, NULL, add);
}

/* A host file under the root prefix. */
static int stat_under(const struct vm_args *a, const char *path, struct stat *st)
{
	char full[2 * VM_PATH_MAX];
	size_t rl = strlen(a->root);

	snprintf(full, sizeof(full), "%.*s%s", (int)(rl && a->root[rl - 1] == '/' ? rl - 1 : rl),
		 a->root, path);
	return stat(full, st);
}

/* What vm xml, qemu-args and define read of the host; notes for the rest. */
static void host_defaults(struct vm_args *a, bool files)
{
	struct stat st;

	if (a->d.accel == VM_ACCEL_KVM && !a->have_phys_bits &&
	    vm_host_phys_bits(a->root, &a->d.phys_bits))
		note(a,
		     "the host's physical-address width is not in %s/proc/cpuinfo ('address sizes'): no guest limit is written; OVMF may crash at boot if the guest is told more address bits than the host has; give --phys-bits N (N bits physical of the host's /proc/cpuinfo)",
		     strcmp(a->root, "/") ? a->root : "");
	if (files && !a->have_window && vm_host_screen(a->root, &a->d.window))
		note(a,
		     "no connected host display in /sys/class/drm: client.ini leaves the window size to the client; give --window WxH (the host screen)");
	if (!files && !a->d.disk && !a->d.kernel)
		note(a,
		     "the VM has no disk: add --disk /var/lib/libvirt/images/%s.qcow2 (make it first: qemu-img create -f qcow2 /var/lib/libvirt/images/%s.qcow2 128G)%s",
		     a->d.name, a->d.name,
		     a->d.cdrom ? "" : " and --cdrom with the Windows install ISO");
	if (a->d.romfile && a->d.romfile[0] == '/' && stat_under(a, a->d.romfile, &st))
		note(a, "the romfile %s does not exist yet: write it with vfctl gop extract",
		     a->d.romfile);
}

/* Firmware and validation; returns -1 to go on, or an exit code. */
static int prepare(struct vm_args *a, bool files)
{
	const char *why, *opt = NULL;
	char add[160];
	struct stat st;

	if (a->no_vf && (a->have_vf || a->d.romfile)) {
		vfctl_error(vfctl_fix(a->have_vf ? a->given[OPT_VF - OPT_NAME] :
						   a->given[OPT_ROM - OPT_NAME],
				      NULL, NULL),
			    "--no-vf describes a VM without a VF: --vf and --romfile do not apply");
		return VFCTL_USAGE;
	}
	a->d.has_vf = !a->no_vf;
	if (!a->d.name || !a->d.n_res || (!a->no_vf && (!a->d.romfile || !a->have_vf))) {
		snprintf(add, sizeof(add), "%s%s%s%s", a->d.name ? "" : " --name w11",
			 a->no_vf || a->have_vf ? "" : " --vf 0000:00:02.1",
			 a->no_vf || a->d.romfile ?
				 "" :
				 " --romfile /var/lib/libvirt/vbios/IntelGopDriver.efi",
			 a->d.n_res ? "" : " --resolution 1920x1080");
		vfctl_error(vfctl_fix(NULL, NULL, add + 1),
			    "--name, --vf, --romfile and --resolution are required; missing:%s",
			    add);
		return VFCTL_USAGE;
	}
	if (a->d.romfile && a->d.romfile[0] == '/' && !stat_under(a, a->d.romfile, &st) &&
	    !S_ISREG(st.st_mode)) {
		vfctl_error(
			vfctl_fix(a->given[OPT_ROM - OPT_NAME],
				  "/var/lib/libvirt/vbios/IntelGopDriver.efi", NULL),
			"--romfile %s is %s, not a file: give the GOP driver vfctl gop extract wrote",
			a->d.romfile, S_ISDIR(st.st_mode) ? "a directory" : "a special file");
		return VFCTL_USAGE;
	}
	if (vm_firmware_find(a->root, &a->d.fw)) {
		vfctl_error("install the ovmf package: apt-get install ovmf",
			    "no UEFI firmware descriptor for q35 in %s/usr/share/qemu/firmware",
			    strcmp(a->root, "/") ? a->root : "");
		return VFCTL_ENV;
	}
	if (vm_domain_check(&a->d, &why, &opt)) {
		vfctl_error(fixed_line(a, opt), "%s%s%s%s", opt ? "--" : "", opt ? opt : "",
			    opt ? ": " : "", why);
		return VFCTL_USAGE;
	}
	/* after the check: notes only for a VM that is written */
	host_defaults(a, files);
	return -1;
}

static int write_out(const struct vm_args *a, const char *path, const char *text)
{
	int ret = vfctl_write_file(path, (const uint8_t *)text, strlen(text));

	(void)a;
	if (ret)
		vfctl_error("give a file in an existing directory you can write",
			    "cannot write %s: %s", path, strerror(-ret));
	return ret;
}

/* Notes join the command's JSON keys. */
static void add_notes(struct vm_args *a, struct json_object *j)
{
	json_object_object_add(j, "notes", a->notes ? a->notes : json_object_new_array());
	a->notes = NULL;
}

static int run_xml(struct vm_args *a)
{
	struct json_object *j;
	char *xml;
	int rc = VFCTL_OK;

	if (vm_xml_build(&a->d, &xml, NULL)) {
		vfctl_error(NULL, "out of memory");
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
		json_object_object_add(j, "phys_bits",
				       a->d.phys_bits ? json_object_new_int((int)a->d.phys_bits) :
							NULL);
		json_object_object_add(
			j, "spice_port",
			a->d.display == VM_DISPLAY_SPICE ?
				json_object_new_int((int)vm_domain_spice_port(&a->d)) :
				NULL);
		json_object_object_add(j, "written",
				       a->out ? json_object_new_string(a->out) : NULL);
		add_notes(a, j);
		vfctl_json_print(j);
	} else if (!a->out) {
		fputs(xml, stdout);
	} else if (!rc) {
		printf("wrote %s (IVSHMEM %" PRIu64 " MiB)\n"
		       "next: virsh define %s, then vfctl vm check %s --root /\n",
		       a->out, vm_domain_shm_mib(&a->d), a->out, a->out);
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
		vfctl_error("give --nvram as an absolute path without commas",
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
		add_notes(a, j);
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
		vfctl_error(NULL, "out of memory");
		return VFCTL_FAILED;
	}
	ret = vm_libvirt_define(a->uri, xml,
				VM_LIBVIRT_VALIDATE | (a->dry_run ? VM_LIBVIRT_UNDEFINE : 0), &r);
	free(xml);
	free(r.xml);
	if (ret == -ECONNREFUSED) {
		vfctl_error(
			"install and start libvirt (apt-get install libvirt-daemon-system), or pass --connect URI",
			"cannot connect to %s: %s", a->uri, r.error);
		return VFCTL_ENV;
	}
	if (ret) {
		vfctl_error(
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
		add_notes(a, j);
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
	struct json_object *j, *files;
	int rc = VFCTL_OK;
	struct stat st;
	size_t i, done = 0;

	if (!a->dir) {
		vfctl_error(vfctl_fix(NULL, NULL, "-d ."), "no output directory");
		return VFCTL_USAGE;
	}
	/* Nothing is written unless all three files can be: check the directory first. */
	if (stat(a->dir, &st) || !S_ISDIR(st.st_mode) || access(a->dir, W_OK | X_OK)) {
		int e = errno;
		bool exists = !stat(a->dir, &st);

		vfctl_error(exists ?
				    "give a directory you can write" :
				    "create it first (mkdir -p DIR), or give an existing directory",
			    "-d %s: %s; nothing was written", a->dir,
			    !exists		 ? "no such directory" :
			    !S_ISDIR(st.st_mode) ? "not a directory" :
						   strerror(e));
		return VFCTL_USAGE;
	}
	text[0] = vm_idd_option_txt(&a->d, a->monitors);
	text[1] = vm_lg_host_ini(&a->d);
	text[2] = vm_lg_client_ini(&a->d);
	files = json_object_new_array();
	for (i = 0; i < 3 && rc == VFCTL_OK; i++) {
		snprintf(path, sizeof(path), "%s/%s", a->dir, names[i]);
		if (!text[i]) {
			vfctl_error(NULL, "out of memory");
			rc = VFCTL_FAILED;
		} else if (write_out(a, path, text[i])) {
			rc = VFCTL_FAILED;
		} else {
			json_object_array_add(files, json_object_new_string(path));
			done++;
		}
	}
	if (a->json) {
		j = json_object_new_object();
		json_object_object_add(j, "files", files);
		json_object_object_add(j, "shm_mib",
				       json_object_new_int64((int64_t)vm_domain_shm_mib(&a->d)));
		add_notes(a, j);
		vfctl_json_print(j);
	} else {
		for (i = 0; i < done; i++)
			printf("wrote %s\n",
			       json_object_get_string(json_object_array_get_idx(files, i)));
		json_object_put(files);
		if (rc == VFCTL_OK)
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

/* The files run_check() read besides the domain. */
static void free_all(uint8_t **ini, size_t n, uint8_t *idd, uint8_t *host)
{
	while (n--)
		free(ini[n]);
	free(idd);
	free(host);
}

static int run_check(struct vm_args *a, const char *file)
{
	struct vm_check_opts o = { .root = a->root, .libvirt = true };
	struct vm_check_report r;
	char why[VM_NATIVE_ERR_SIZE] = "",
	     what[VM_NATIVE_ERR_SIZE + 64] =
		     "is neither a libvirt domain XML, a Proxmox VE VM configuration nor a QEMU command line";
	struct json_object *j;
	uint8_t *buf, *idd = NULL, *host = NULL, *ini[VM_CHECK_CLIENT_MAX] = { NULL };
	size_t len, idd_len = 0, host_len = 0, i;
	bool pve, qemu;
	int ret;

	for (i = 0; i < a->n_client_ini; i++) {
		ret = vfctl_read_file(a->client_ini[i], &ini[i], &o.client_len[i]);
		if (ret) {
			vfctl_error(
				"give the client's ini, e.g. ~/.config/looking-glass/client.ini",
				"cannot read %s: %s", a->client_ini[i], strerror(-ret));
			free_all(ini, i, NULL, NULL);
			return VFCTL_USAGE;
		}
		o.client_text[i] = (const char *)ini[i];
		o.client_name[i] = a->client_ini[i];
	}
	o.n_client = a->n_client_ini;
	if (a->idd) {
		ret = vfctl_read_file(a->idd, &idd, &idd_len);
		if (ret) {
			vfctl_error(
				"give the option.txt copied from the guest's C:\\IddSampleDriver",
				"cannot read %s: %s", a->idd, strerror(-ret));
			free_all(ini, a->n_client_ini, NULL, NULL);
			return VFCTL_USAGE;
		}
		o.idd_text = (const char *)idd;
		o.idd_len = idd_len;
		o.idd_name = a->idd;
	}
	if (a->host_ini) {
		ret = vfctl_read_file(a->host_ini, &host, &host_len);
		if (ret) {
			vfctl_error("give the looking-glass-host.ini copied from the guest",
				    "cannot read %s: %s", a->host_ini, strerror(-ret));
			free_all(ini, a->n_client_ini, idd, NULL);
			return VFCTL_USAGE;
		}
		o.host_ini_text = (const char *)host;
		o.host_ini_len = host_len;
		o.host_ini_name = a->host_ini;
	}

	ret = vfctl_read_file(file, &buf, &len);
	if (ret) {
		vfctl_error("give the domain XML, e.g. from 'virsh dumpxml NAME > dom.xml'",
			    "cannot read %s: %s", file, strerror(-ret));
		free_all(ini, a->n_client_ini, idd, host);
		return VFCTL_USAGE;
	}
	if (a->have_res) {
		o.have_mode = true;
		o.mode = *vm_domain_largest(&a->d);
		o.hdr = a->d.hdr;
	}
	/*
	 * By content: a Proxmox VE VM configuration, a QEMU command line
	 * (start script, /proc/PID/cmdline), else a libvirt domain.
	 */
	pve = vm_pve_detect((const char *)buf, len);
	qemu = false;
	if (pve) {
		ret = vm_check_pve((const char *)buf, len, &o, &r);
	} else {
		ret = vm_native_qemu_check_file((const char *)buf, len, file, &o, &r, why,
						sizeof(why));
		qemu = ret != 1;
		if (ret == 1)
			ret = vm_check_xml((const char *)buf, len, &o, &r);
		else if (ret == -EINVAL)
			snprintf(what, sizeof(what),
				 "is a QEMU command line that cannot be checked: %s", why);
	}
	free(buf);
	free_all(ini, a->n_client_ini, idd, host);
	if (ret == -EINVAL) {
		vfctl_error(
			why[0] ?
				"give the command line QEMU runs: the running QEMU's /proc/PID/cmdline, or the script with the value written out" :
				"give a libvirt domain definition (virsh dumpxml NAME), a Proxmox VE VM configuration (/etc/pve/qemu-server/VMID.conf) or a QEMU command line",
			"%s %s", file, what);
		return VFCTL_FAILED;
	}
	if (ret) {
		vfctl_error(NULL, "cannot check %s: %s", file, strerror(-ret));
		return VFCTL_FAILED;
	}
	for (i = 0; i < r.n; i++)
		vfctl_finding(r.f[i].id, vm_severity_status(r.f[i].severity), r.f[i].message, NULL,
			      r.f[i].hint);
	if (a->json) {
		j = json_object_new_object();
		json_object_object_add(j, "file", json_object_new_string(file));
		json_object_object_add(j, "format",
				       json_object_new_string(pve  ? "proxmox" :
							      qemu ? "qemu" :
								     "libvirt"));
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

static void vm_args_free(struct vm_args *a)
{
	json_object_put(a->notes);
	free(a);
}

/* The options of a vm subcommand, @argv from its name on; NULL and *rc set on error. */
static struct vm_args *vm_parse(int argc, char **argv, int *rc)
{
	struct vm_args *a = calloc(1, sizeof(*a));

	*rc = VFCTL_FAILED;
	if (!a)
		return NULL;
	a->sub = vfctl_sub_find(&vfctl_cmd_vm, argv[0]);
	*rc = parse(argc, argv, a->sub, a);
	if (*rc < 0)
		return a;
	vm_args_free(a);
	return NULL;
}

/* xml, qemu-args, define and guest-files: the model and no operand. */
static int vm_model(int argc, char **argv, int (*body)(struct vm_args *a))
{
	struct vm_args *a;
	int rc;

	a = vm_parse(argc, argv, &rc);
	if (!a)
		return rc;
	if (optind != argc) {
		vfctl_error(vfctl_fix(argv[optind], NULL, NULL), "unexpected argument '%s'",
			    argv[optind]);
		rc = VFCTL_USAGE;
	} else {
		rc = prepare(a, body == run_guest_files);
		if (rc < 0)
			rc = body(a);
	}
	vm_args_free(a);
	return rc;
}

static int sub_xml(int argc, char **argv)
{
	return vm_model(argc, argv, run_xml);
}

static int sub_qemu_args(int argc, char **argv)
{
	return vm_model(argc, argv, run_qemu_args);
}

static int sub_define(int argc, char **argv)
{
	return vm_model(argc, argv, run_define);
}

static int sub_guest_files(int argc, char **argv)
{
	return vm_model(argc, argv, run_guest_files);
}

static int sub_check(int argc, char **argv)
{
	struct vm_args *a;
	int rc;

	a = vm_parse(argc, argv, &rc);
	if (!a)
		return rc;
	if (optind + 1 != argc) {
		vfctl_error(
			optind + 1 < argc ?
				vfctl_fix(argv[optind + 1], NULL, NULL) :
				"vfctl vm check dom.xml (save it first: virsh dumpxml NAME > dom.xml)",
			"give exactly one domain XML file");
		rc = VFCTL_USAGE;
	} else {
		rc = run_check(a, argv[optind]);
	}
	vm_args_free(a);
	return rc;
}

const struct vfctl_cmd vfctl_cmd_vm = {
	.name = "vm",
	.summary = "write, define and check the libvirt/QEMU VM of the guide",
	.subs = vm_subs,
	.usage = vm_usage,
	.example = "xml --help",
};
