// SPDX-License-Identifier: MIT
/*
 * Helpers of the lib/vm tests (see vm_def_util.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "tests/unit/vm_def_util.h"
#include "vm/vm_domain.h"
#include "vm/vm_firmware.h"
#include "vm/vm_xml.h"

void t_vm_domain(struct vm_domain *d)
{
	struct vm_resolution r = { 1920, 1080, 60 };

	vm_domain_init(d);
	d->name = "win11";
	assert_int_equal(vm_bdf_parse("0000:00:02.1", &d->vf), 0);
	d->romfile = "/var/lib/libvirt/vbios/IntelGopDriver.efi";
	assert_int_equal(vm_domain_add_resolution(d, &r), 0);
	/* The real descriptors of the ovmf package (scripts/deps/vm-def.txt). */
	assert_int_equal(vm_firmware_find("/", &d->fw), 0);
}

xmlDocPtr t_vm_parse(const char *xml)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	assert_non_null(doc);
	return doc;
}

static xmlXPathObjectPtr eval(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;

	assert_non_null(ctx);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"qemu", (const xmlChar *)VM_XML_QEMU_NS);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"vfctl", (const xmlChar *)VM_XML_VFCTL_NS);
	o = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
	xmlXPathFreeContext(ctx);
	assert_non_null(o);
	return o;
}

int t_vm_count(xmlDocPtr doc, const char *xpath)
{
	xmlXPathObjectPtr o = eval(doc, xpath);
	int n = o->nodesetval ? o->nodesetval->nodeNr : 0;

	xmlXPathFreeObject(o);
	return n;
}

char *t_vm_str(xmlDocPtr doc, const char *xpath)
{
	xmlXPathObjectPtr o = eval(doc, xpath);
	xmlChar *s = xmlXPathCastToString(o);
	char *r = strdup(s ? (const char *)s : "");

	xmlFree(s);
	xmlXPathFreeObject(o);
	assert_non_null(r);
	return r;
}

void t_vm_write(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

int t_vm_check_fixture(const char *domain, const struct vm_check_opts *o, struct vm_check_report *r)
{
	char path[256];
	FILE *f;
	char *buf;
	long len;
	int ret;

	snprintf(path, sizeof(path), "tests/fixtures/vm/%s", domain);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	ret = vm_check_xml(buf, (size_t)len, o, r);
	free(buf);
	return ret;
}

size_t t_vm_count_findings(const struct vm_check_report *r, const char *prefix)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += !strncmp(r->f[i].id, prefix, strlen(prefix));
	return n;
}
