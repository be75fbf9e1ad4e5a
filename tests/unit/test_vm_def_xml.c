// SPDX-License-Identifier: MIT
/*
 * lib/vm: the generated libvirt domain, read back with libxml2 element by
 * element, then judged by libvirt itself on its built-in test driver
 * (test:///default, no daemon) for a matrix of options; broken variants
 * must be rejected with libvirt's own message. Also the QEMU command line.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/unit/vm_def_util.h"
#include "vm/vm_domain.h"
#include "vm/vm_libvirt.h"
#include "vm/vm_qemu_args.h"
#include "vm/vm_xml.h"

static xmlDocPtr build(const struct vm_domain *d, char **text)
{
	xmlDocPtr doc;
	char *xml;
	size_t len;

	assert_int_equal(vm_xml_build(d, &xml, &len), 0);
	assert_int_equal(strlen(xml), len);
	doc = t_vm_parse(xml);
	if (text)
		*text = xml;
	else
		free(xml);
	return doc;
}

static void assert_str(xmlDocPtr doc, const char *xpath, const char *want)
{
	char *s = t_vm_str(doc, xpath);

	if (strcmp(s, want))
		fail_msg("%s = '%s', wanted '%s'", xpath, s, want);
	free(s);
}

static void test_default_domain(void **state)
{
	struct vm_domain d;
	xmlDocPtr doc;
	char *xml, *s;

	(void)state;
	t_vm_domain(&d);
	doc = build(&d, &xml);
	assert_str(doc, "string(/domain/@type)", "kvm");
	assert_str(doc, "string(/domain/name)", "win11");
	assert_str(doc, "string(/domain/os/type/@machine)", "q35");
	assert_str(doc, "string(/domain/os/type/@arch)", "x86_64");
	assert_str(doc, "string(/domain/os/loader/@type)", "pflash");
	assert_str(doc, "string(/domain/os/loader/@readonly)", "yes");
	s = t_vm_str(doc, "string(/domain/os/loader)");
	assert_string_equal(s, d.fw.code);
	/* the descriptor's file really exists: it is what QEMU will map */
	assert_int_equal(access(s, R_OK), 0);
	free(s);
	s = t_vm_str(doc, "string(/domain/os/nvram/@template)");
	assert_int_equal(access(s, R_OK), 0);
	free(s);
	assert_str(doc, "string(/domain/memory)", "8192");
	assert_str(doc, "string(/domain/memory/@unit)", "MiB");
	assert_str(doc, "string(/domain/vcpu)", "4");
	assert_str(doc, "string(/domain/cpu/@mode)", "host-passthrough");
	assert_str(doc, "string(/domain/cpu/topology/@cores)", "4");
	assert_str(doc, "string(/domain/cpu/feature[@name='vmx']/@policy)", "disable");
	assert_int_equal(t_vm_count(doc, "/domain/cpu/feature[@name='hypervisor']"), 0);
	assert_str(doc, "string(/domain/features/hyperv/@mode)", "custom");
	assert_int_equal(t_vm_count(doc, "/domain/features/hyperv/evmcs"), 0);
	assert_str(doc, "string(/domain/features/hyperv/vendor_id/@value)", "GenuineIntel");
	assert_int_equal(t_vm_count(doc, "/domain/features/kvm/hidden"), 0);

	/* the VF */
	assert_int_equal(t_vm_count(doc, "/domain/devices/hostdev"), 1);
	assert_str(doc, "string(/domain/devices/hostdev/@managed)", "yes");
	assert_str(doc, "string(/domain/devices/hostdev/@type)", "pci");
	assert_str(doc, "string(/domain/devices/hostdev/source/address/@bus)", "0x00");
	assert_str(doc, "string(/domain/devices/hostdev/source/address/@slot)", "0x02");
	assert_str(doc, "string(/domain/devices/hostdev/source/address/@function)", "0x1");
	assert_str(doc, "string(/domain/devices/hostdev/rom/@file)", d.romfile);

	/* IVSHMEM on kvmfr through qemu:commandline, JSON syntax, 32 MiB */
	assert_int_equal(t_vm_count(doc, "/domain/devices/shmem"), 0);
	assert_int_equal(t_vm_count(doc, "/domain/qemu:commandline/qemu:arg"), 4);
	assert_str(doc, "string(/domain/qemu:commandline/qemu:arg[1]/@value)", "-object");
	assert_str(doc, "string(/domain/qemu:commandline/qemu:arg[2]/@value)",
		   "{'qom-type':'memory-backend-file','id':'looking-glass',"
		   "'mem-path':'/dev/kvmfr0','size':33554432,'share':true}");
	assert_str(doc, "string(/domain/qemu:commandline/qemu:arg[3]/@value)", "-device");
	assert_str(doc, "string(/domain/qemu:commandline/qemu:arg[4]/@value)",
		   "{'driver':'ivshmem-plain','id':'shmem0','memdev':'looking-glass'}");

	/* input, display, video, balloon */
	assert_int_equal(t_vm_count(doc, "/domain/devices/input[@bus='virtio']"), 2);
	assert_int_equal(t_vm_count(doc, "/domain/devices/input[@type='keyboard']"), 1);
	assert_str(doc, "string(/domain/devices/graphics/@type)", "spice");
	assert_str(doc, "string(/domain/devices/graphics/listen/@address)", "127.0.0.1");
	/* a fixed port, the one client.ini dials (the guide author's setup) */
	assert_str(doc, "string(/domain/devices/graphics/@port)", "5900");
	assert_str(doc, "string(/domain/devices/graphics/@autoport)", "no");
	/* no width known: no limit written */
	assert_int_equal(t_vm_count(doc, "/domain/cpu/maxphysaddr"), 0);
	assert_int_equal(t_vm_count(doc, "/domain/qemu:commandline/qemu:arg[@value='-global']"), 0);
	assert_str(doc, "string(/domain/devices/video/model/@type)", "none");
	assert_str(doc, "string(/domain/devices/memballoon/@model)", "none");
	assert_int_equal(t_vm_count(doc, "/domain/devices/disk"), 0);
	/* the NIC on libvirt's NAT network; no serial port, no direct kernel */
	assert_str(doc, "string(/domain/devices/interface/@type)", "network");
	assert_str(doc, "string(/domain/devices/interface/source/@network)", "default");
	assert_str(doc, "string(/domain/devices/interface/model/@type)", "e1000e");
	assert_int_equal(t_vm_count(doc, "/domain/devices/serial"), 0);
	assert_int_equal(t_vm_count(doc, "/domain/os/kernel"), 0);

	/* what vm check reads later */
	assert_str(doc, "string(/domain/metadata/vfctl:looking-glass/@hdr)", "no");
	assert_str(doc, "string(/domain/metadata/vfctl:looking-glass/vfctl:mode/@width)", "1920");
	assert_str(doc, "string(/domain/metadata/vfctl:looking-glass/vfctl:mode/@height)", "1080");
	xmlFreeDoc(doc);
	free(xml);
}

static void test_shm_file_qxl_no_display(void **state)
{
	struct vm_domain d;
	xmlDocPtr doc;
	char *xml;

	(void)state;
	t_vm_domain(&d);
	d.shm = VM_SHM_FILE;
	d.qxl = true;
	d.display = VM_DISPLAY_NONE;
	d.disk = "/var/lib/libvirt/images/win11.qcow2";
	doc = build(&d, &xml);
	assert_int_equal(t_vm_count(doc, "/domain/qemu:commandline"), 0);
	/* no qemu namespace when nothing uses it */
	assert_null(strstr(xml, VM_XML_QEMU_NS));
	assert_str(doc, "string(/domain/devices/shmem/@name)", "looking-glass");
	assert_str(doc, "string(/domain/devices/shmem/model/@type)", "ivshmem-plain");
	assert_str(doc, "string(/domain/devices/shmem/size)", "32");
	assert_str(doc, "string(/domain/devices/shmem/size/@unit)", "M");
	assert_str(doc, "string(/domain/devices/video/model/@type)", "qxl");
	assert_int_equal(t_vm_count(doc, "/domain/devices/graphics"), 0);
	assert_str(doc, "string(/domain/devices/disk/driver/@type)", "qcow2");
	assert_str(doc, "string(/domain/devices/disk/source/@file)", d.disk);
	assert_str(doc, "string(/domain/devices/disk/target/@bus)", "sata");
	xmlFreeDoc(doc);
	free(xml);
}

/* What a host without a VF or KVM boots (tests/vmdef): TCG, no hostdev. */
static void test_emulated_domain(void **state)
{
	struct vm_libvirt_result r;
	struct vm_domain d;
	xmlDocPtr doc;
	char *xml;

	(void)state;
	t_vm_domain(&d);
	d.has_vf = false;
	d.romfile = NULL;
	d.accel = VM_ACCEL_TCG;
	d.net = VM_NET_NONE;
	d.shm = VM_SHM_FILE;
	d.shm_name = "vmdef-test";
	d.serial = "/var/log/vm/com1.log";
	d.kernel = "/boot/vmlinuz";
	d.initrd = "/boot/initrd.img";
	d.cmdline = "console=ttyS0 quiet";
	doc = build(&d, &xml);
	assert_str(doc, "string(/domain/@type)", "qemu");
	assert_str(doc, "string(/domain/cpu/@mode)", "custom");
	assert_str(doc, "string(/domain/cpu/model)", "qemu64");
	assert_str(doc, "string(/domain/cpu/model/@fallback)", "forbid");
	assert_str(doc, "string(/domain/cpu/feature[@name='vmx']/@policy)", "disable");
	/* the same enlightenments and OVMF as the real VM */
	assert_str(doc, "string(/domain/features/hyperv/vendor_id/@value)", "GenuineIntel");
	assert_str(doc, "string(/domain/os/loader/@type)", "pflash");
	assert_str(doc, "string(/domain/os/kernel)", "/boot/vmlinuz");
	assert_str(doc, "string(/domain/os/initrd)", "/boot/initrd.img");
	assert_str(doc, "string(/domain/os/cmdline)", "console=ttyS0 quiet");
	assert_int_equal(t_vm_count(doc, "/domain/devices/hostdev"), 0);
	assert_int_equal(t_vm_count(doc, "/domain/devices/interface"), 0);
	assert_str(doc, "string(/domain/devices/serial/@type)", "file");
	assert_str(doc, "string(/domain/devices/serial/source/@path)", "/var/log/vm/com1.log");
	assert_str(doc, "string(/domain/devices/shmem/@name)", "vmdef-test");
	assert_str(doc, "string(/domain/devices/shmem/size)", "32");
	xmlFreeDoc(doc);

	/* libvirt keeps all of it */
	assert_int_equal(vm_libvirt_define(VM_LIBVIRT_TEST_URI, xml,
					   VM_LIBVIRT_VALIDATE | VM_LIBVIRT_UNDEFINE, &r),
			 0);
	doc = t_vm_parse(r.xml);
	assert_str(doc, "string(/domain/@type)", "qemu");
	assert_str(doc, "string(/domain/os/kernel)", "/boot/vmlinuz");
	assert_str(doc, "string(/domain/devices/serial/source/@path)", "/var/log/vm/com1.log");
	assert_str(doc, "string(/domain/devices/shmem/@name)", "vmdef-test");
	xmlFreeDoc(doc);
	free(r.xml);
	free(xml);

	/* user networking, and a named libvirt network */
	d.net = VM_NET_USER;
	doc = build(&d, NULL);
	assert_str(doc, "string(/domain/devices/interface/@type)", "user");
	assert_int_equal(t_vm_count(doc, "/domain/devices/interface/source"), 0);
	xmlFreeDoc(doc);
	d.net = VM_NET_NETWORK;
	d.network = "lg-net";
	doc = build(&d, NULL);
	assert_str(doc, "string(/domain/devices/interface/source/@network)", "lg-net");
	xmlFreeDoc(doc);
}

static void test_largest_mode_sizes_memory(void **state)
{
	struct vm_resolution r4k = { 3840, 2160, 60 }, r1440 = { 2560, 1440, 144 };
	struct vm_domain d;
	xmlDocPtr doc;

	(void)state;
	t_vm_domain(&d);
	assert_int_equal(vm_domain_add_resolution(&d, &r4k), 0);
	assert_int_equal(vm_domain_add_resolution(&d, &r1440), 0);
	d.hdr = true;
	d.kvmfr_minor = 3;
	doc = build(&d, NULL);
	/* 4K HDR: 256 MiB (research table) on /dev/kvmfr3 */
	assert_str(doc, "string(/domain/qemu:commandline/qemu:arg[2]/@value)",
		   "{'qom-type':'memory-backend-file','id':'looking-glass',"
		   "'mem-path':'/dev/kvmfr3','size':268435456,'share':true}");
	assert_int_equal(t_vm_count(doc, "//vfctl:mode"), 3);
	assert_str(doc, "string(//vfctl:mode[3]/@refresh)", "144");
	assert_str(doc, "string(/domain/metadata/vfctl:looking-glass/@hdr)", "yes");
	xmlFreeDoc(doc);
}

static void test_invalid_models_are_refused(void **state)
{
	struct vm_domain d;
	char *xml = NULL;
	const char *why = NULL;

	(void)state;
	t_vm_domain(&d);
	assert_int_equal(vm_bdf_parse("00:02.0", &d.vf), 0);
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
	assert_non_null(strstr(why, "physical function"));
	assert_int_equal(vm_xml_build(&d, &xml, NULL), -EINVAL);
	assert_null(xml);

	t_vm_domain(&d);
	d.romfile = NULL;
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
	assert_non_null(strstr(why, "Code 43"));

	t_vm_domain(&d);
	d.romfile = "IntelGopDriver.efi"; /* relative: QEMU would look elsewhere */
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);

	t_vm_domain(&d);
	d.name = "bad name";
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);

	t_vm_domain(&d);
	d.n_res = 0;
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);

	t_vm_domain(&d);
	d.fw.code[0] = '\0';
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
	assert_non_null(strstr(why, "ovmf"));

	/* 8K HDR on kvmfr needs 1024 MiB: still fine; on kvmfr the limit is 1 GiB */
	t_vm_domain(&d);
	d.res[0] = (struct vm_resolution){ 7680, 4320, 60 };
	d.hdr = true;
	assert_int_equal(vm_domain_validate(&d, &why), 0);
	d.res[0] = (struct vm_resolution){ 16384, 8640, 60 };
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
	d.shm = VM_SHM_FILE;
	assert_int_equal(vm_domain_validate(&d, &why), 0);

	/* the emulated-VM options */
	t_vm_domain(&d);
	d.initrd = "/boot/initrd.img"; /* nothing to hand it to */
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
	assert_non_null(strstr(why, "kernel"));
	d.initrd = NULL;
	d.cmdline = "quiet";
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
	d.kernel = "vmlinuz";
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
	d.kernel = "/boot/vmlinuz";
	assert_int_equal(vm_domain_validate(&d, &why), 0);

	t_vm_domain(&d);
	d.serial = "com1.log";
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);

	t_vm_domain(&d);
	d.shm_name = "lg"; /* a /dev/shm name, but the domain uses kvmfr */
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
	d.shm = VM_SHM_FILE;
	assert_int_equal(vm_domain_validate(&d, &why), 0);
	d.shm_name = "../etc/passwd";
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
	d.shm_name = "..";
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);

	t_vm_domain(&d);
	d.network = "my net";
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
	d.network = "lg";
	d.net = VM_NET_NONE; /* a network name without a NIC */
	assert_int_equal(vm_domain_validate(&d, &why), -EINVAL);
}

/* Every combination of the options must be accepted by libvirt's schema and parser. */
static void test_libvirt_accepts_matrix(void **state)
{
	struct vm_resolution r1440 = { 2560, 1440, 120 };
	unsigned int combo;

	(void)state;
	for (combo = 0; combo < 64; combo++) {
		struct vm_libvirt_result r;
		struct vm_domain d;
		xmlDocPtr doc;
		char *xml, name[32];
		int ret;

		t_vm_domain(&d);
		snprintf(name, sizeof(name), "vm-%u", combo);
		d.name = name;
		d.shm = combo & 1 ? VM_SHM_FILE : VM_SHM_KVMFR;
		d.qxl = combo & 2;
		d.display = combo & 4 ? VM_DISPLAY_NONE : VM_DISPLAY_SPICE;
		d.hdr = combo & 8;
		d.disk = combo & 16 ? "/var/lib/libvirt/images/w.qcow2" : NULL;
		if (combo & 32) {
			/* the guide author's: width limit, bridge, install media, port */
			d.phys_bits = 39;
			d.net = VM_NET_BRIDGE;
			d.bridge = "br0";
			d.cdrom = "/var/lib/libvirt/iso/Win11.iso";
			d.spice_port = 5901;
		}
		if (combo & 8)
			assert_int_equal(vm_domain_add_resolution(&d, &r1440), 0);
		assert_int_equal(vm_xml_build(&d, &xml, NULL), 0);
		ret = vm_libvirt_define(VM_LIBVIRT_TEST_URI, xml,
					VM_LIBVIRT_VALIDATE | VM_LIBVIRT_UNDEFINE, &r);
		if (ret)
			fail_msg("combination %u rejected by libvirt: %s\n%s", combo, r.error, xml);
		assert_string_equal(r.name, name);
		assert_int_equal(strlen(r.uuid), 36);
		/* libvirt kept what matters (its own parse, written back) */
		assert_non_null(r.xml);
		doc = t_vm_parse(r.xml);
		assert_str(doc, "string(/domain/devices/hostdev/rom/@file)", d.romfile);
		assert_str(doc, "string(/domain/devices/hostdev/@managed)", "yes");
		assert_str(doc, "string(/domain/os/type/@machine)", "q35");
		assert_str(doc, "string(/domain/devices/video/model/@type)",
			   d.qxl ? "qxl" : "none");
		if (d.shm == VM_SHM_FILE)
			assert_int_equal(t_vm_count(doc, "/domain/devices/shmem"), 1);
		if (combo & 32) {
			/* a -global on the host CPU's type: mode='emulate' would
			 * be ignored by QEMU's host model, limit= dropped by
			 * libvirt 9.0; the test driver keeps no <qemu:...>,
			 * so the written domain is read */
			xmlDocPtr own = t_vm_parse(xml);

			assert_int_equal(t_vm_count(doc, "/domain/cpu/maxphysaddr"), 0);
			assert_str(own, "string(/domain/qemu:commandline/qemu:arg[1]/@value)",
				   "-global");
			assert_str(own, "string(/domain/qemu:commandline/qemu:arg[2]/@value)",
				   "host-x86_64-cpu.host-phys-bits-limit=39");
			xmlFreeDoc(own);
			assert_str(doc, "string(/domain/devices/interface/@type)", "bridge");
			assert_str(doc, "string(/domain/devices/interface/source/@bridge)", "br0");
			assert_str(doc,
				   "string(/domain/devices/disk[@device='cdrom']/source/@file)",
				   d.cdrom);
			assert_int_equal(
				t_vm_count(doc, "/domain/devices/disk[@device='cdrom']/readonly"),
				1);
			assert_int_equal(t_vm_count(doc, "/domain/os/boot[@dev='cdrom']"), 1);
		}
		if (d.display == VM_DISPLAY_SPICE)
			assert_str(doc, "string(/domain/devices/graphics/@port)",
				   combo & 32 ? "5901" : "5900");
		xmlFreeDoc(doc);
		free(r.xml);
		free(xml);
	}
}

static char *replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	char *out;

	assert_non_null(p);
	out = malloc(strlen(s) - strlen(from) + strlen(to) + 1);
	assert_non_null(out);
	sprintf(out, "%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
	return out;
}

static void expect_rejected(const char *xml, unsigned int flags, const char *msg_part)
{
	struct vm_libvirt_result r;

	assert_int_equal(vm_libvirt_define(VM_LIBVIRT_TEST_URI, xml, flags | VM_LIBVIRT_UNDEFINE,
					   &r),
			 -EINVAL);
	assert_null(r.xml);
	if (!strstr(r.error, msg_part))
		fail_msg("libvirt said '%s', expected it to mention '%s'", r.error, msg_part);
}

static void test_libvirt_rejects_broken(void **state)
{
	struct vm_domain d;
	char *xml, *bad;

	(void)state;
	t_vm_domain(&d);
	assert_int_equal(vm_xml_build(&d, &xml, NULL), 0);

	/* schema: a vCPU count that is not a number */
	bad = replace(xml, ">4</vcpu>", ">four</vcpu>");
	expect_rejected(bad, VM_LIBVIRT_VALIDATE, "schema");
	free(bad);
	/* parser, no schema: a video model libvirt does not know */
	bad = replace(xml, "<model type=\"none\"/>", "<model type=\"qxlz\"/>");
	expect_rejected(bad, 0, "qxlz");
	free(bad);
	/* parser: PCI function 9 does not exist */
	bad = replace(xml, "function=\"0x1\"", "function=\"0x9\"");
	expect_rejected(bad, 0, "function");
	free(bad);
	/* not even XML */
	bad = replace(xml, "</domain>", "</domian>");
	expect_rejected(bad, 0, "domian");
	free(bad);
	free(xml);
}

static bool has_arg(const struct vm_argv *a, const char *opt, const char *val)
{
	size_t i;

	for (i = 0; i + 1 < a->n; i++)
		if (!strcmp(a->v[i], opt) && !strcmp(a->v[i + 1], val))
			return true;
	return false;
}

static void test_qemu_args(void **state)
{
	struct vm_domain d;
	struct vm_argv a;
	char want[VM_PATH_MAX + 64];

	(void)state;
	t_vm_domain(&d);
	assert_int_equal(vm_qemu_args(&d, NULL, &a), -EINVAL); /* no NVRAM copy named */
	d.nvram = "/var/lib/libvirt/qemu/nvram/win11_VARS.fd";
	assert_int_equal(vm_qemu_args(&d, NULL, &a), 0);
	assert_string_equal(a.v[0], "qemu-system-x86_64");
	assert_null(a.v[a.n]);
	assert_true(has_arg(&a, "-machine", "q35,accel=kvm,vmport=off"));
	assert_true(has_arg(
		&a, "-device",
		"vfio-pci,host=0000:00:02.1,romfile=/var/lib/libvirt/vbios/IntelGopDriver.efi"));
	assert_true(has_arg(
		&a, "-object",
		"memory-backend-file,id=looking-glass,mem-path=/dev/kvmfr0,size=32M,share=on"));
	assert_true(has_arg(&a, "-device", "ivshmem-plain,id=shmem0,memdev=looking-glass"));
	snprintf(want, sizeof(want), "if=pflash,unit=0,format=raw,readonly=on,file=%s", d.fw.code);
	assert_true(has_arg(&a, "-drive", want));
	assert_true(has_arg(
		&a, "-drive",
		"if=pflash,unit=1,format=raw,file=/var/lib/libvirt/qemu/nvram/win11_VARS.fd"));
	assert_true(has_arg(
		&a, "-cpu",
		"host,-vmx,hv-relaxed,hv-vapic,hv-spinlocks=0x1fff,hv-vendor-id=GenuineIntel,hv-time"));
	assert_true(has_arg(&a, "-device", "virtio-keyboard-pci"));
	assert_true(has_arg(&a, "-device", "virtio-mouse-pci"));
	assert_true(has_arg(&a, "-spice", "port=5900,addr=127.0.0.1,disable-ticketing=on"));
	assert_false(has_arg(&a, "-device", "qxl-vga"));
	assert_true(has_arg(&a, "-netdev", "user,id=net0,hostfwd=tcp:127.0.0.1:3389-:3389"));
	vm_argv_free(&a);
	/* the guide author's script: host-phys-bits-limit, bridge, install media */
	d.phys_bits = 39;
	d.net = VM_NET_BRIDGE;
	d.bridge = "br0";
	d.cdrom = "/var/lib/libvirt/iso/Win11.iso";
	d.spice_port = 5901;
	assert_int_equal(vm_qemu_args(&d, NULL, &a), 0);
	assert_true(has_arg(
		&a, "-cpu",
		"host,-vmx,hv-relaxed,hv-vapic,hv-spinlocks=0x1fff,hv-vendor-id=GenuineIntel,"
		"hv-time,host-phys-bits=on,host-phys-bits-limit=39"));
	assert_true(has_arg(&a, "-netdev", "bridge,id=net0,br=br0"));
	assert_true(has_arg(
		&a, "-drive",
		"if=none,id=cd0,format=raw,readonly=on,file=/var/lib/libvirt/iso/Win11.iso"));
	assert_true(has_arg(&a, "-spice", "port=5901,addr=127.0.0.1,disable-ticketing=on"));
	d.phys_bits = 0;
	d.net = VM_NET_USER;
	d.bridge = NULL;
	d.cdrom = NULL;
	d.spice_port = 0;
	vm_argv_free(&a);

	d.shm = VM_SHM_FILE;
	d.qxl = true;
	d.display = VM_DISPLAY_NONE;
	d.has_vf = false;
	assert_int_equal(
		vm_qemu_args(&d, &(struct vm_qemu_opts){ .accel = "tcg", .cpu = "max" }, &a), 0);
	assert_true(has_arg(&a, "-machine", "q35,accel=tcg,vmport=off"));
	assert_true(has_arg(&a, "-cpu", "max"));
	assert_true(has_arg(
		&a, "-object",
		"memory-backend-file,id=looking-glass,mem-path=/dev/shm/looking-glass,size=32M,share=on"));
	assert_true(has_arg(&a, "-device", "qxl-vga"));
	assert_true(has_arg(&a, "-display", "none"));
	assert_false(has_arg(&a, "-spice", "port=5900,addr=127.0.0.1,disable-ticketing=on"));
	vm_argv_free(&a);

	/* the domain's own accelerator, no NIC, COM1 to a file, a kernel */
	d.accel = VM_ACCEL_TCG;
	d.qxl = false;
	d.net = VM_NET_NONE;
	d.shm_name = "vmdef-q";
	d.serial = "/var/log/vm/com1.log";
	d.kernel = "/boot/vmlinuz";
	d.initrd = "/boot/initrd.img";
	d.cmdline = "console=ttyS0 quiet";
	assert_int_equal(vm_qemu_args(&d, NULL, &a), 0);
	assert_true(has_arg(&a, "-machine", "q35,accel=tcg,vmport=off"));
	assert_true(has_arg(
		&a, "-cpu",
		"qemu64,-vmx,hv-relaxed,hv-vapic,hv-spinlocks=0x1fff,hv-vendor-id=GenuineIntel,hv-time"));
	assert_true(has_arg(&a, "-serial", "file:/var/log/vm/com1.log"));
	assert_true(has_arg(&a, "-kernel", "/boot/vmlinuz"));
	assert_true(has_arg(&a, "-initrd", "/boot/initrd.img"));
	assert_true(has_arg(&a, "-append", "console=ttyS0 quiet"));
	assert_true(has_arg(
		&a, "-object",
		"memory-backend-file,id=looking-glass,mem-path=/dev/shm/vmdef-q,size=32M,share=on"));
	for (size_t i = 0; i < a.n; i++) {
		assert_string_not_equal(a.v[i], "-netdev");
		assert_null(strstr(a.v[i], "vfio-pci"));
	}
	vm_argv_free(&a);
}

/* The shell form must give back exactly the vector when a shell reads it. */
static void test_qemu_args_shell_roundtrip(void **state)
{
	struct vm_domain d;
	struct vm_argv a;
	char *sh, *cmd, out[16384];
	size_t n, i, off = 0;
	FILE *p;

	(void)state;
	t_vm_domain(&d);
	d.name = "w11";
	d.nvram = "/tmp/x y/VARS's.fd"; /* quotes and spaces need quoting */
	d.romfile = "/roms/GOP's rom.efi";
	assert_int_equal(vm_qemu_args(&d, NULL, &a), 0);
	sh = vm_argv_shell(&a);
	assert_non_null(sh);
	assert_int_equal(
		asprintf(&cmd, "set -- %s\nfor x; do printf '%%s\\n' \"$x\"; done", sh) > 0, 1);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	for (i = 0; i < a.n; i++) {
		size_t len = strlen(a.v[i]);

		if (strncmp(out + off, a.v[i], len) || out[off + len] != '\n')
			fail_msg("argument %zu: '%s' did not survive the shell", i, a.v[i]);
		off += len + 1;
	}
	assert_int_equal(off, n);
	free(cmd);
	free(sh);
	vm_argv_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_domain),
		cmocka_unit_test(test_shm_file_qxl_no_display),
		cmocka_unit_test(test_emulated_domain),
		cmocka_unit_test(test_largest_mode_sizes_memory),
		cmocka_unit_test(test_invalid_models_are_refused),
		cmocka_unit_test(test_libvirt_accepts_matrix),
		cmocka_unit_test(test_libvirt_rejects_broken),
		cmocka_unit_test(test_qemu_args),
		cmocka_unit_test(test_qemu_args_shell_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
