// SPDX-License-Identifier: MIT
/*
 * vfctl gop extract | rom: get the Intel GOP driver out of a vendor BIOS
 * update and optionally wrap it as a PCI option ROM for the VF's romfile.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vfctl/vfctl.h"
#include "uefi/pci_optrom.h"
#include "uefi/pci_vf.h"
#include "uefi/uefi_gop.h"

#define DEFAULT_EFI "IntelGopDriver.efi"

#define EXTRACT_SYNOPSIS                                                                \
	"vfctl gop extract BIOSFILE [-o FILE.efi] [--match TEXT] [--list] [--pick N]\n" \
	"                         [--force] [--json] [-v]"
#define EXTRACT_HELP                                                                            \
	"find the GOP driver in a BIOS update, check it and write it\n"                         \
	"\n"                                                                                    \
	"The driver is the file that holds the text --match (default\n"                         \
	"\"" UEFI_GOP_DEFAULT_MATCH "\") in a BIOS update (.CAP, .1xx, .Fxx, SPI\n"             \
	"dump, capsule); it is checked and its PE body is written to -o (default\n" DEFAULT_EFI \
	"), the file the VF's romfile takes. A\n"                                               \
	"candidate that fails an integrity check or is not a GOP producer is not\n"             \
	"written unless --force (the exit code is then still 1). --list shows every\n"          \
	"candidate and writes nothing; --pick N writes candidate N of that list.\n"
#define ROM_SYNOPSIS                                                      \
	"vfctl gop rom IN.efi [-o OUT.rom] [--vendor ID] [--device ID]\n" \
	"                     [--class-code CC] [--root DIR] [--pf BDF] [--json]"
#define ROM_HELP                                                                 \
	"wrap an .efi as a PCI option ROM for the VF's romfile\n"                \
	"\n"                                                                     \
	"The ROM is laid out as EDK2 EfiRom does (default OUT: IN with .rom);\n" \
	"the device ID defaults to the host VF's (sysfs under --root,\n"         \
	"PF --pf, default " PCI_IGPU_PF "). ID: a7a0, 0xa7a0, or 8086:a7a0 /\n"  \
	"[8086:a7a0] as lspci -nn prints it; BDF: 00:02.0 or 0000:00:02.0.\n"

/* The subcommand being run, for its own --help (as in cmd_vm.c, cmd_vfs.c). */
static const char *cur_sub;

/* 'vfctl gop SUB --help' and 'vfctl help gop SUB': that subcommand only;
 * 'vfctl gop --help': all of them. */
static void gop_usage(FILE *out)
{
	const struct vfctl_sub *k = cur_sub ? vfctl_sub_find(&vfctl_cmd_gop, cur_sub) : NULL;
	const struct vfctl_sub *i;

	if (k) {
		fprintf(out, "usage: %s\n\n%s", k->synopsis, k->help);
		return;
	}
	for (i = vfctl_cmd_gop.subs; i->name; i++)
		fprintf(out, "%s %s\n", i != vfctl_cmd_gop.subs ? "      " : "usage:", i->synopsis);
	fprintf(out, "\n");
	for (i = vfctl_cmd_gop.subs; i->name; i++)
		fprintf(out, "%-8s %.*s\n", i->name, (int)strcspn(i->help, "\n"), i->help);
	fprintf(out, "\n'vfctl gop SUB --help' describes one subcommand.\n");
}

/* One word for the STATUS column; the reason follows on its own line. */
static const char *status_word(const struct uefi_gop_candidate *c)
{
	if (c->usable)
		return "ok";
	if (c->damage || c->verdict == UEFI_PE_TRUNCATED || c->verdict == UEFI_PE_INCONSISTENT)
		return "corrupt";
	if (c->verdict != UEFI_PE_OK)
		return "invalid";
	return c->role.role == UEFI_GOP_ROLE_CONSUMER ? "consumer" : "unsure";
}

/* Why a candidate is not usable: the first failed check, in order. */
static const char *reason(const struct uefi_gop_candidate *c, char *buf, size_t len)
{
	if (c->damage)
		snprintf(buf, len, "%s check failed: its bytes cannot be trusted", c->damage);
	else if (c->verdict != UEFI_PE_OK)
		uefi_pe_verdict_explain(c->verdict, &c->pe, buf, len);
	else if (c->role.role == UEFI_GOP_ROLE_CONSUMER)
		snprintf(
			buf, len,
			"not a GOP driver: it uses the Graphics Output Protocol, it does not install it");
	else if (c->role.role != UEFI_GOP_ROLE_PRODUCER)
		snprintf(
			buf, len,
			"not recognisably a GOP driver: nothing shows that it installs the Graphics Output Protocol");
	else
		return NULL;
	return buf;
}

static struct json_object *cand_json(const struct uefi_gop_candidate *c, size_t index)
{
	struct json_object *o = json_object_new_object();
	struct json_object *role = json_object_new_object();
	char why[160];
	const char *r = reason(c, why, sizeof(why));

	json_object_object_add(o, "index", json_object_new_int((int)index));
	/* A driver given as a .efi or in an option ROM is in no FFS file. */
	json_object_object_add(o, "file_guid",
			       c->file_guid[0] ? json_object_new_string(c->file_guid) : NULL);
	json_object_object_add(
		o, "file_type",
		c->file_guid[0] ? json_object_new_string(uefi_ffs_type_name(c->file_type)) : NULL);
	json_object_object_add(
		o, "section_type",
		c->section_type ? json_object_new_string(uefi_section_type_name(c->section_type)) :
				  NULL);
	json_object_object_add(o, "subtype_guid",
			       c->subtype_guid[0] ? json_object_new_string(c->subtype_guid) : NULL);
	json_object_object_add(o, "ui_name",
			       c->ui_name ? json_object_new_string(c->ui_name) : NULL);
	json_object_object_add(o, "version",
			       c->version ? json_object_new_string(c->version) : NULL);
	json_object_object_add(o, "size", json_object_new_int64((int64_t)c->len));
	json_object_object_add(o, "sha256", json_object_new_string(c->sha256));
	json_object_object_add(
		o, "offset",
		c->offset == UEFI_OFFSET_NONE ? NULL : json_object_new_int64((int64_t)c->offset));
	json_object_object_add(o, "compressed",
			       json_object_new_boolean(c->offset == UEFI_OFFSET_NONE));
	json_object_object_add(o, "copies", json_object_new_int((int)c->copies));
	json_object_object_add(o, "valid", json_object_new_boolean(c->usable));
	json_object_object_add(o, "status", json_object_new_string(status_word(c)));
	json_object_object_add(o, "reason", r ? json_object_new_string(r) : NULL);
	json_object_object_add(o, "integrity",
			       c->damage ? json_object_new_string(c->damage) : NULL);
	json_object_object_add(o, "verdict",
			       json_object_new_string(uefi_pe_verdict_str(c->verdict)));
	json_object_object_add(role, "role",
			       json_object_new_string(uefi_gop_role_str(c->role.role)));
	json_object_object_add(role, "confidence",
			       json_object_new_string(uefi_gop_confidence_str(c->role.confidence)));
	json_object_object_add(role, "evidence", json_object_new_string(c->role.why));
	json_object_object_add(o, "gop_role", role);
	json_object_object_add(o, "known", c->known ? json_object_new_string(c->known) : NULL);
	return o;
}

static void print_table(const char *path, const char *match, const struct uefi_gop_result *res)
{
	const struct uefi_image_info *img = &res->stats.image;
	char why[160];
	size_t i;

	if (img->container == UEFI_CONTAINER_PE_IMAGE ||
	    img->container == UEFI_CONTAINER_OPTION_ROM)
		printf("%s: %s, no firmware volume\n", path, img->container_name);
	else
		printf("%s: %s%s, %u volumes, %u files\n", path, img->container_name,
		       img->descriptor ? " with flash descriptor (BIOS region)" : "",
		       res->stats.volumes, res->stats.files);
	printf("match \"%s\"%s: %u file(s), %zu distinct PE image(s)\n", match,
	       res->case_folded ? " (ignoring case)" : "", res->hit_files, res->n);
	if (!res->n)
		return;
	printf("\n%-3s %-36s %-20s %-12s %8s  %-16s %s\n", "#", "FILE GUID", "NAME", "VERSION",
	       "SIZE", "SHA-256", "STATUS");
	for (i = 0; i < res->n; i++) {
		const struct uefi_gop_candidate *c = &res->cand[i];
		const char *r = reason(c, why, sizeof(why));

		printf("%-3zu %-36s %-20.20s %-12.12s %8zu  %.16s %s%s%s\n", i + 1,
		       c->file_guid[0] ? c->file_guid : "-", c->ui_name ? c->ui_name : "-",
		       c->version ? c->version : "-", c->len, c->sha256, status_word(c),
		       c->copies > 1 ? ", duplicated" : "", c->known ? ", known good" : "");
		if (r)
			printf("    %s\n", r);
		if (c->role.role != UEFI_GOP_ROLE_NONE)
			printf("    GOP %s (%s confidence): %s\n", uefi_gop_role_str(c->role.role),
			       uefi_gop_confidence_str(c->role.confidence), c->role.why);
	}
	putchar('\n');
}

/* What each kind of warning means for the user, printed once. */
static const char *const warn_meaning[UEFI_WARN_KINDS] = {
	[UEFI_WARN_TRUNCATED] =
		"the file is truncated: a driver in the missing part cannot be found and candidates in a cut volume are marked corrupt; use the complete BIOS file",
	[UEFI_WARN_CHECKSUM] =
		"checksums do not match: the file is damaged; candidates in the damaged parts are marked corrupt and are not written unless --force",
	[UEFI_WARN_UNDECODED] =
		"compressed data could not be decoded: a GOP driver inside it cannot be found; the file may be damaged or use an unknown compression",
	[UEFI_WARN_MALFORMED] =
		"parts of the file are not valid UEFI structures and were skipped: a driver there cannot be found",
	[UEFI_WARN_LIMIT] =
		"a decompression or nesting limit was reached: parts of the file were not searched",
};

static const char *const warn_name[UEFI_WARN_KINDS] = {
	[UEFI_WARN_TRUNCATED] = "truncated", [UEFI_WARN_CHECKSUM] = "checksum",
	[UEFI_WARN_UNDECODED] = "undecoded", [UEFI_WARN_MALFORMED] = "malformed",
	[UEFI_WARN_LIMIT] = "limit",
};

static bool answer_incomplete(const struct uefi_gop_result *res)
{
	return res->warn_count[UEFI_WARN_TRUNCATED] || res->warn_count[UEFI_WARN_UNDECODED] ||
	       res->warn_count[UEFI_WARN_MALFORMED] || res->warn_count[UEFI_WARN_LIMIT];
}

static void print_warnings(const struct uefi_gop_result *res, bool verbose)
{
	int k;
	size_t i;

	for (k = 0; k < UEFI_WARN_KINDS; k++) {
		if (!res->warn_count[k])
			continue;
		fprintf(stderr, "warning: %u %s problem(s): %s\n", res->warn_count[k], warn_name[k],
			warn_meaning[k]);
		if (!verbose)
			continue;
		for (i = 0; i < res->n_warnings; i++)
			if (res->warnings[i].kind == (enum uefi_warn_kind)k)
				fprintf(stderr, "  %s\n", res->warnings[i].msg);
	}
}

static struct json_object *warnings_json(const struct uefi_gop_result *res)
{
	struct json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < res->n_warnings; i++) {
		struct json_object *w = json_object_new_object();
		enum uefi_warn_kind k = res->warnings[i].kind;

		json_object_object_add(w, "kind", json_object_new_string(warn_name[k]));
		json_object_object_add(w, "message", json_object_new_string(res->warnings[i].msg));
		json_object_object_add(w, "meaning", json_object_new_string(warn_meaning[k]));
		json_object_array_add(arr, w);
	}
	return arr;
}

/* An input that cannot be read: a wrong path is a usage error. */
static int read_fail(const char *path, const char *what, int ret)
{
	char hint[64];

	if (ret == -ENODATA) {
		vfctl_error(
			"wait until the program writing it (a download, a copy) has finished, then run this again",
			"%s became shorter while it was being read: another program is writing or truncating it",
			path);
		return VFCTL_FAILED;
	}
	snprintf(hint, sizeof(hint), "check the path of the %s", what);
	vfctl_error(hint, "cannot read %s: %s", path, strerror(-ret));
	return ret == -ENOENT || ret == -EISDIR ? VFCTL_USAGE : VFCTL_FAILED;
}

struct extract_opts {
	const char *in;
	const char *out;
	const char *match;
	int pick; /* 1-based, 0 = not given */
	bool list;
	bool json;
	bool verbose;
	bool force;
};

static int extract_fail(const struct extract_opts *o, int ret)
{
	switch (ret) {
	case -EPROTONOSUPPORT:
		vfctl_error(
			"extract the image with platomav/BIOSUtilities AMI_PFAT_Extract, or use a full SPI dump of the board, then run this again on that file",
			"%s is an AMI PFAT (BIOS Guard) container; its flash image is split into signed chunks that must be joined first",
			o->in);
		return VFCTL_FAILED;
	case -ENOENT:
		vfctl_error(
			"check that this is the board's BIOS update (for example .CAP, .1xx, .Fxx or a SPI dump) and that it is complete",
			"%s holds no UEFI firmware volume, EFI driver or option ROM; it is not a BIOS image or it is truncated or encrypted",
			o->in);
		return VFCTL_FAILED;
	case -EINVAL:
		vfctl_error("pass a non-empty text without characters beyond U+FFFF",
			    "the match text '%s' cannot be searched for", o->match);
		return VFCTL_USAGE;
	}
	vfctl_error(NULL, "cannot parse %s: %s", o->in, strerror(-ret));
	return VFCTL_FAILED;
}

static int nothing_found(const struct extract_opts *o, const struct uefi_gop_result *res)
{
	if (answer_incomplete(res))
		vfctl_error(
			"the file is damaged or incomplete (see the warnings): get a complete copy of the BIOS update",
			"no readable file in %s contains the text \"%s\"", o->in, o->match);
	else if (res->stats.image.container == UEFI_CONTAINER_PE_IMAGE)
		/* A lone driver has one name to look for: it is not that one. */
		vfctl_error(
			"this file is one driver, and not Intel's GOP driver; extract the GOP from the board's BIOS update instead, or name this driver's own text with --match",
			"the driver %s does not contain the text \"%s\"", o->in, o->match);
	else
		vfctl_error(
			"make sure the update is for a board with Intel integrated graphics; try --match with another text (UEFITool's search finds it too)",
			"no file in %s contains the text \"%s\"", o->in, o->match);
	return VFCTL_FAILED;
}

/*
 * Decides which candidate to write. Returns an exit code, or -1 to write
 * *chosen (with *forced set when it is written only because of --force).
 */
static int choose(const struct extract_opts *o, const struct uefi_gop_result *res, size_t *chosen,
		  bool *forced)
{
	size_t usable = uefi_gop_usable_count(res);
	char why[160];

	*forced = false;
	if (!res->hit_files)
		return nothing_found(o, res);
	if (o->pick) {
		if ((size_t)o->pick > res->n) {
			if (!res->n) {
				vfctl_error("run with --list to see what matched",
					    "%u file(s) hold \"%s\" but none has a PE image",
					    res->hit_files, o->match);
				return VFCTL_FAILED;
			}
			vfctl_error("run with --list to see the candidates",
				    "--pick %d is out of range: there are %zu candidates", o->pick,
				    res->n);
			return VFCTL_USAGE;
		}
		*chosen = (size_t)o->pick - 1;
	} else if (usable == 1 || (usable == 0 && o->force && res->n == 1)) {
		*chosen = 0; /* usable candidates sort first */
	} else if (usable > 1) {
		vfctl_error(
			"choose one with --pick N (see the list above; the newest version is usually right)",
			"found %zu different GOP drivers", usable);
		return VFCTL_USAGE;
	} else {
		vfctl_error(res->n > 1 ? "run with --list to see why each was rejected" :
					 "the reason is listed above; --force writes it anyway",
			    "%zu image(s) matched \"%s\" but none is an intact x64 GOP driver",
			    res->n, o->match);
		return VFCTL_FAILED;
	}
	if (!res->cand[*chosen].usable) {
		if (!o->force) {
			vfctl_error("pick a candidate whose status is ok (or add --force)",
				    "candidate %zu cannot be used: %s", *chosen + 1,
				    reason(&res->cand[*chosen], why, sizeof(why)));
			return VFCTL_FAILED;
		}
		*forced = true;
	}
	return -1;
}

static struct json_object *result_json(const struct extract_opts *o,
				       const struct uefi_gop_result *res)
{
	struct json_object *j = json_object_new_object();
	struct json_object *cands = json_object_new_array();
	size_t i;

	json_object_object_add(j, "file", json_object_new_string(o->in));
	json_object_object_add(j, "container",
			       json_object_new_string(res->stats.image.container_name));
	json_object_object_add(j, "descriptor",
			       json_object_new_boolean(res->stats.image.descriptor));
	json_object_object_add(j, "volumes", json_object_new_int((int)res->stats.volumes));
	json_object_object_add(j, "files", json_object_new_int((int)res->stats.files));
	json_object_object_add(j, "match", json_object_new_string(o->match));
	json_object_object_add(j, "case_folded", json_object_new_boolean(res->case_folded));
	json_object_object_add(j, "hit_files", json_object_new_int((int)res->hit_files));
	for (i = 0; i < res->n; i++)
		json_object_array_add(cands, cand_json(&res->cand[i], i + 1));
	json_object_object_add(j, "candidates", cands);
	json_object_object_add(j, "warnings", warnings_json(res));
	return j;
}

static int extract_run(const struct extract_opts *o)
{
	struct uefi_gop_result res;
	struct json_object *j = NULL;
	const struct uefi_gop_candidate *c;
	uint8_t *buf = NULL;
	size_t len = 0, chosen = 0;
	bool forced = false;
	int ret, rc;

	/* Read, not mapped: a mapped file cut by another program while the
	 * search runs would kill the tool with SIGBUS. */
	ret = vfctl_read_file(o->in, &buf, &len);
	if (ret)
		return read_fail(o->in, "BIOS file", ret);
	ret = uefi_gop_find(buf, len, o->match, NULL, &res);
	free(buf);
	if (ret) {
		rc = extract_fail(o, ret);
		uefi_gop_result_free(&res);
		return rc;
	}

	if (o->json) {
		j = result_json(o, &res);
	} else {
		print_table(o->in, o->match, &res);
		print_warnings(&res, o->verbose);
	}

	if (o->list) {
		rc = uefi_gop_usable_count(&res) ? VFCTL_OK : VFCTL_FAILED;
		goto out;
	}
	rc = choose(o, &res, &chosen, &forced);
	if (rc >= 0)
		goto out;
	c = &res.cand[chosen];
	ret = vfctl_write_file(o->out, c->data, c->len);
	if (ret) {
		vfctl_error("choose a writable path with -o", "cannot write %s: %s", o->out,
			    strerror(-ret));
		rc = VFCTL_FAILED;
		goto out;
	}
	/* Written because of --force: the file exists, the answer is still no. */
	rc = forced ? VFCTL_FAILED : VFCTL_OK;
	if (j) {
		struct json_object *w = json_object_new_object();

		json_object_object_add(w, "path", json_object_new_string(o->out));
		json_object_object_add(w, "index", json_object_new_int((int)chosen + 1));
		json_object_object_add(w, "size", json_object_new_int64((int64_t)c->len));
		json_object_object_add(w, "sha256", json_object_new_string(c->sha256));
		json_object_object_add(w, "forced", json_object_new_boolean(forced));
		json_object_object_add(w, "known",
				       c->known ? json_object_new_string(c->known) : NULL);
		json_object_object_add(j, "written", w);
	} else {
		char why[160];

		printf("wrote %s: %zu bytes, sha256 %s\n", o->out, c->len, c->sha256);
		if (forced)
			fprintf(stderr,
				"warning: written only because of --force: %s; do not use it as a romfile unless you know why\n",
				reason(c, why, sizeof(why)));
		else if (c->known)
			printf("SHA-256 matches a known-good image: %s\n", c->known);
		else
			printf("SHA-256 is not in the list of known-good GOP images (that is common: vendors ship their own builds)\n");
	}
out:
	if (j) {
		if (rc == VFCTL_OK || o->list || forced)
			vfctl_json_print(j);
		else
			json_object_put(j);
	}
	uefi_gop_result_free(&res);
	return rc;
}

static const struct option extract_longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "match", required_argument, NULL, 'm' },
	{ "list", no_argument, NULL, 'l' },
	{ "pick", required_argument, NULL, 'p' },
	{ "force", no_argument, NULL, 'f' },
	{ "json", no_argument, NULL, 'j' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

static const char extract_shortopts[] = "o:m:lp:fjvh";

static const struct vfctl_value extract_values[] = {
	{ "output", VFCTL_VALUE_FILE },
	{ NULL },
};

static int gop_extract(int argc, char **argv)
{
	struct extract_opts o = {
		.out = DEFAULT_EFI,
		.match = UEFI_GOP_DEFAULT_MATCH,
		.json = vfctl_out_json(),
	};
	char *end;
	int c;

	cur_sub = "extract";
	while ((c = getopt_long(argc, argv, extract_shortopts, extract_longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.out = optarg;
			break;
		case 'm':
			o.match = optarg;
			break;
		case 'l':
			o.list = true;
			break;
		case 'p':
			o.pick = (int)strtol(optarg, &end, 10);
			if (*end || o.pick < 1) {
				vfctl_error(
					"--pick takes the number shown in the first column of --list",
					"invalid --pick value '%s'", optarg);
				return VFCTL_USAGE;
			}
			break;
		case 'f':
			o.force = true;
			break;
		case 'j':
			o.json = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			gop_usage(stdout);
			return VFCTL_OK;
		default:
			return vfctl_bad_usage(argc, argv, gop_usage);
		}
	}
	if (optind != argc - 1) {
		vfctl_error("usage: vfctl gop extract BIOSFILE [-o FILE.efi]",
			    "gop extract takes exactly one BIOS file");
		return VFCTL_USAGE;
	}
	o.in = argv[optind];
	return extract_run(&o);
}

static char *default_rom_name(const char *in)
{
	size_t n = strlen(in);
	char *s = malloc(n + 5);

	if (!s)
		return NULL;
	memcpy(s, in, n + 1);
	if (n > 4 && !strcasecmp(s + n - 4, ".efi"))
		s[n - 4] = 0;
	strcat(s, ".rom");
	return s;
}

struct rom_opts {
	const char *in;
	const char *out;
	const char *root;
	const char *pf;
	struct optrom_params p;
	bool have_vendor, have_device, json;
};

static int rom_run(struct rom_opts *o)
{
	struct uefi_pe_info pe;
	enum uefi_pe_verdict v;
	struct optrom_image img;
	uint8_t *buf, *rom;
	size_t len, rom_len;
	int ret;

	ret = vfctl_read_file(o->in, &buf, &len);
	if (ret)
		return read_fail(o->in, ".efi file", ret);
	v = uefi_pe_check_gop(buf, len, &pe);
	if (v == UEFI_PE_NOT_MZ || v == UEFI_PE_TRUNCATED || v == UEFI_PE_INCONSISTENT) {
		vfctl_error("give the .efi that 'vfctl gop extract' wrote",
			    "%s cannot be wrapped: %s", o->in, uefi_pe_verdict_str(v));
		free(buf);
		return VFCTL_FAILED;
	}
	if (!o->have_device) {
		uint16_t vendor;

		ret = pci_vf_ids(o->root, o->pf, &vendor, &o->p.device);
		if (ret) {
			vfctl_error(
				"pass --device 0xNNNN (the VF's ID from 'lspci -nn'), or load an SR-IOV capable driver for the iGPU",
				"cannot read the VF device ID of %s under %s: %s", o->pf, o->root,
				strerror(-ret));
			free(buf);
			return VFCTL_ENV;
		}
		if (!o->have_vendor)
			o->p.vendor = vendor;
	}
	ret = optrom_build(buf, len, &o->p, &rom, &rom_len);
	free(buf);
	if (ret) {
		vfctl_error(NULL, "cannot build an option ROM from %s: %s", o->in,
			    ret == -EFBIG ? "the image exceeds 16 MiB" : strerror(-ret));
		return VFCTL_FAILED;
	}
	/* Read it back the way firmware will. */
	if (optrom_parse(rom, rom_len, &img, 1) != 1) {
		vfctl_error("please report this as a bug", "built ROM does not parse");
		free(rom);
		return VFCTL_FAILED;
	}
	ret = vfctl_write_file(o->out, rom, rom_len);
	free(rom);
	if (ret) {
		vfctl_error("choose a writable path with -o", "cannot write %s: %s", o->out,
			    strerror(-ret));
		return VFCTL_FAILED;
	}
	if (o->json) {
		struct json_object *j = json_object_new_object();

		json_object_object_add(j, "input", json_object_new_string(o->in));
		json_object_object_add(j, "path", json_object_new_string(o->out));
		json_object_object_add(j, "size", json_object_new_int64((int64_t)rom_len));
		json_object_object_add(j, "vendor", json_object_new_int(o->p.vendor));
		json_object_object_add(j, "device", json_object_new_int(o->p.device));
		json_object_object_add(j, "machine", json_object_new_int(pe.machine));
		json_object_object_add(j, "subsystem", json_object_new_int(pe.subsystem));
		json_object_object_add(j, "efi_image_offset",
				       json_object_new_int((int)img.efi_offset));
		json_object_object_add(j, "gop_driver", json_object_new_boolean(v == UEFI_PE_OK));
		vfctl_json_print(j);
	} else {
		printf("wrote %s: %zu bytes, PCI %04x:%04x, EFI image at 0x%zx\n", o->out, rom_len,
		       o->p.vendor, o->p.device, img.efi_offset);
		if (v != UEFI_PE_OK)
			printf("note: %s\n", uefi_pe_verdict_str(v));
	}
	return VFCTL_OK;
}

static const struct option rom_longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "vendor", required_argument, NULL, 'V' },
	{ "device", required_argument, NULL, 'D' },
	{ "class-code", required_argument, NULL, 'C' },
	{ "root", required_argument, NULL, 'R' },
	{ "pf", required_argument, NULL, 'P' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

static const char rom_shortopts[] = "o:jh";

static const struct vfctl_value rom_values[] = {
	{ "output", VFCTL_VALUE_FILE },
	{ "root", VFCTL_VALUE_DIR },
	{ NULL },
};

static int gop_rom(int argc, char **argv)
{
	struct rom_opts o = {
		.root = "/",
		.pf = PCI_IGPU_PF,
		.p = { .vendor = 0x8086, .last = true },
		.json = vfctl_out_json(),
	};
	char *def = NULL, *end;
	char err[ARGS_ERR_MAX], pf[ARGS_PCI_STR];
	struct args_devid id = { 0 };
	unsigned long cc;
	int c, rc;

	cur_sub = "rom";
	while ((c = getopt_long(argc, argv, rom_shortopts, rom_longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.out = optarg;
			break;
		case 'V':
		case 'D':
			/* the shared grammar: a7a0, 0xa7a0, 8086:a7a0, [8086:a7a0] (lspci -nn) */
			if (args_devid_parse(optarg, &id, err, sizeof(err)) ||
			    (c == 'V' && id.vendor_given)) {
				vfctl_error(vfctl_fix(optarg, c == 'V' ? "8086" : "a7a0", NULL),
					    "--%s: %s", c == 'V' ? "vendor" : "device",
					    c == 'V' && id.vendor_given ?
						    "give the vendor ID alone, e.g. 8086" :
						    err);
				return VFCTL_USAGE;
			}
			if (c == 'V') {
				o.p.vendor = id.device;
				o.have_vendor = true;
			} else {
				o.p.device = id.device;
				o.have_device = true;
				if (id.vendor_given) {
					o.p.vendor = id.vendor;
					o.have_vendor = true;
				}
			}
			break;
		case 'C':
			cc = strtoul(optarg, &end, 0);
			if (*end || cc > 0xFFFFFF) {
				vfctl_error("a class code is 24 bits, e.g. 0x030000 for VGA",
					    "invalid --class-code value '%s'", optarg);
				return VFCTL_USAGE;
			}
			o.p.class_code = (uint32_t)cc;
			break;
		case 'R':
			o.root = optarg;
			break;
		case 'P':
			if (args_pci_canonical(optarg, pf, sizeof(pf), err, sizeof(err))) {
				vfctl_error(vfctl_fix(optarg, "0000:00:02.0", NULL), "%s", err);
				return VFCTL_USAGE;
			}
			o.pf = pf;
			break;
		case 'j':
			o.json = true;
			break;
		case 'h':
			gop_usage(stdout);
			return VFCTL_OK;
		default:
			return vfctl_bad_usage(argc, argv, gop_usage);
		}
	}
	if (optind != argc - 1) {
		vfctl_error("usage: vfctl gop rom IN.efi -o OUT.rom",
			    "gop rom takes exactly one .efi file");
		return VFCTL_USAGE;
	}
	o.in = argv[optind];
	if (!o.out) {
		def = default_rom_name(o.in);
		if (!def)
			return VFCTL_FAILED;
		o.out = def;
	}
	rc = rom_run(&o);
	free(def);
	return rc;
}

static const struct vfctl_sub gop_subs[] = {
	{ .name = "extract",
	  .run = gop_extract,
	  .opts = extract_longopts,
	  .shortopts = extract_shortopts,
	  .values = extract_values,
	  .synopsis = EXTRACT_SYNOPSIS,
	  .help = EXTRACT_HELP },
	{ .name = "rom",
	  .run = gop_rom,
	  .opts = rom_longopts,
	  .shortopts = rom_shortopts,
	  .values = rom_values,
	  .synopsis = ROM_SYNOPSIS,
	  .help = ROM_HELP },
	{ NULL },
};

const struct vfctl_cmd vfctl_cmd_gop = {
	.name = "gop",
	.summary = "extract the Intel GOP driver from a BIOS file; wrap it as an option ROM",
	.subs = gop_subs,
	.usage = gop_usage,
	.example = "extract --help",
};
