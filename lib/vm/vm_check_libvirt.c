// SPDX-License-Identifier: MIT
/*
 * `vm check`: what this host's libvirt makes of the domain. A libvirt that
 * does not know an attribute drops it without a word when the domain is
 * defined (virsh define validates nothing by default), so a setting the
 * domain relies on can be gone. The domain goes through libvirt's own
 * parser, its in-process test driver (no daemon, nothing kept), and what
 * matters is compared before and after. A domain the configuration code
 * shared by all drivers refuses, virsh define refuses too: an error.
 */
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_check_internal.h"
#include "vm/vm_libvirt.h"
#include "vm/vm_libvirt_dl.h"

#define X(s) ((const xmlChar *)(s))
#define LIMIT_XPATH "string(/domain/cpu/maxphysaddr[@mode='passthrough']/@limit)"

static char *xpath_str(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr xp = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xp ? xmlXPathEvalExpression(X(xpath), xp) : NULL;
	xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
	char *r = s ? strdup((const char *)s) : NULL;

	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(xp);
	return r;
}

static void version_str(char *buf, size_t n)
{
	const struct vm_libvirt_api *lv = vm_libvirt_api(NULL, 0);
	unsigned long v = 0;

	if (!lv || lv->virGetVersion(&v, NULL, NULL) < 0 || !v)
		snprintf(buf, n, "here");
	else
		snprintf(buf, n, "%lu.%lu.%lu", v / 1000000, v / 1000 % 1000, v % 1000);
}

/*
 * <maxphysaddr mode='passthrough' limit='N'/> (the guide author's form):
 * libvirt before the limit attribute (Debian 12's 9.0 among them) keeps
 * mode='passthrough' and drops limit, so the guest gets the host's whole
 * width, the case the limit was there to avoid (mode='emulate' is no way
 * out: a host-passthrough CPU ignores it, see ck_physaddr()).
 */
static void ck_limit(struct vm_ck *c, const char *limit, xmlDocPtr parsed)
{
	char *kept = xpath_str(parsed, LIMIT_XPATH), ver[32], hint[256];

	if (!kept) {
		c->err = -ENOMEM;
		return;
	}
	/* a -global limit holds whatever libvirt makes of <maxphysaddr> */
	if (!kept[0] && !vm_ck_global_phys_limit(c)) {
		version_str(ver, sizeof(ver));
		snprintf(
			hint, sizeof(hint),
			"add <qemu:arg value='-global'/><qemu:arg value='host-x86_64-cpu.host-phys-bits-limit=%.8s'/> to <qemu:commandline>: the same limit, which every libvirt passes on (vfctl vm xml writes it)",
			limit);
		vm_ck_add(
			c, "phys-bits-limit-dropped", VM_SEV_WARNING, hint,
			"this host's libvirt (%s) does not know limit='%.8s' of <maxphysaddr mode='passthrough'> and drops it when the domain is defined: the guest is then told the host's full physical-address width, unlimited, and OVMF can crash at boot (edk2 bug 4373)",
			ver, limit);
	}
	free(kept);
}

/*
 * The domain under a name and UUID of its own, so that it can clash with
 * nothing the test driver holds (its own domain is called "test").
 */
static xmlChar *renamed(xmlDocPtr doc, int *size)
{
	xmlDocPtr copy = xmlCopyDoc(doc, 1);
	xmlNodePtr n, next;
	xmlChar *text = NULL;

	if (!copy)
		return NULL;
	for (n = xmlDocGetRootElement(copy)->children; n; n = next) {
		next = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrcmp(n->name, X("name"))) {
			xmlNodeSetContent(n, X("vfctl-vm-check"));
		} else if (!xmlStrcmp(n->name, X("uuid"))) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
	}
	xmlDocDumpMemory(copy, &text, size);
	xmlFreeDoc(copy);
	return text;
}

/*
 * vfctl loads libvirt only here (vm_libvirt_dl.h): a host without it, or
 * with one older than vfctl's build, still gets every other finding, and
 * this one says what was not checked and why.
 */
static bool libvirt_loaded(struct vm_ck *c)
{
	char why[512];

	if (vm_libvirt_api(why, sizeof(why)))
		return true;
	vm_ck_add(
		c, "libvirt-not-loaded", VM_SEV_INFO,
		"install libvirt (apt-get install libvirt0) and check again, or define the domain with 'virsh define' and compare 'virsh dumpxml' with the file",
		"libvirt cannot be loaded (%s), so what this host's libvirt refuses or drops from the domain is not checked",
		why);
	return false;
}

void vm_ck_libvirt(struct vm_ck *c)
{
	struct vm_libvirt_result res;
	char *limit = NULL;
	xmlChar *text = NULL;
	xmlDocPtr parsed;
	int size = 0, ret;
	char ver[32];

	if (!libvirt_loaded(c))
		return;
	limit = vm_ck_str(c, LIMIT_XPATH);
	if (!limit)
		goto out;
	text = renamed(c->doc, &size);
	if (!text) {
		c->err = -ENOMEM;
		goto out;
	}
	ret = vm_libvirt_define(VM_LIBVIRT_TEST_URI, (const char *)text, VM_LIBVIRT_UNDEFINE, &res);
	xmlFree(text);
	if (ret == -ENOMEM) {
		c->err = ret;
		goto out;
	}
	if (ret == -EINVAL && res.conf_error) {
		version_str(ver, sizeof(ver));
		vm_ck_add(
			c, "libvirt-rejects", VM_SEV_ERROR,
			"change what libvirt's message names and check again (a domain dumped by a newer libvirt can carry settings this one refuses)",
			"this host's libvirt (%s) refuses the domain, so virsh define fails: %s",
			ver, res.error);
		goto out;
	}
	if (ret || !res.xml) {
		vm_ck_add(
			c, "libvirt-parse-unavailable", VM_SEV_INFO,
			"define it with 'virsh define' and compare 'virsh dumpxml' with the file",
			"libvirt's test driver could not take the domain, so what this libvirt drops from it is not checked: %s",
			res.error[0] ? res.error : strerror(-ret));
		free(res.xml);
		goto out;
	}
	parsed = xmlReadMemory(res.xml, (int)strlen(res.xml), "libvirt.xml", NULL,
			       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(res.xml);
	if (!parsed) {
		c->err = -ENOMEM;
		goto out;
	}
	if (limit[0])
		ck_limit(c, limit, parsed);
	xmlFreeDoc(parsed);
out:
	free(limit);
}
