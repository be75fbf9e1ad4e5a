// SPDX-License-Identifier: MIT
/*
 * QEMU's -cpu and -spice values (see vm_native_qemu.h), read once for a
 * command line and for a Proxmox args: line alike.
 */
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_native_qemu.h"
#include "vm/vm_qemu_opt.h"

#define X(s) ((const xmlChar *)(s))

static bool get(const char *arg, const char *key, char *val, size_t n)
{
	if (vm_qemu_opt_get(arg, key, val, n) == 1)
		return true;
	val[0] = '\0';
	return false;
}

/* A legacy key without '=' ("unix"): present as a flag. */
static bool has_flag(const char *arg, const char *key)
{
	size_t k = strlen(key);
	const char *p = arg;

	if (vm_qemu_opt_is_json(arg))
		return false;
	while ((p = strstr(p, key))) {
		if ((p == arg || p[-1] == ',') && (p[k] == ',' || !p[k]))
			return true;
		p += k;
	}
	return false;
}

static bool on(const char *v)
{
	bool b;

	return !vm_qemu_bool_parse(v, &b) && b;
}

void vm_qemu_cpu_parse(const char *v, struct vm_qemu_cpu *cpu)
{
	char buf[1024], *save = NULL, *tok;
	bool first = true;

	memset(cpu, 0, sizeof(*cpu));
	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save), first = false) {
		char *eq = strchr(tok, '='), *k;
		bool state = true;

		if (first) {
			snprintf(cpu->model, sizeof(cpu->model), "%s", tok);
			continue;
		}
		if (*tok == '+' || *tok == '-')
			state = *tok++ == '+';
		if (eq) {
			*eq++ = '\0';
			state = on(eq);
		}
		/* QEMU takes '_' for '-' */
		for (k = tok; *k; k++)
			if (*k == '_')
				*k = '-';
		if (!strcmp(tok, "vmx"))
			cpu->vmx_off = !state;
		else if (!strcmp(tok, "hypervisor"))
			cpu->hypervisor_off = !state;
		else if (!strcmp(tok, "kvm"))
			cpu->kvm_hidden = !state;
		else if (!strcmp(tok, "host-phys-bits"))
			cpu->host_phys_bits = state, cpu->host_phys_bits_set = true;
		else if (!strcmp(tok, "host-phys-bits-limit") && eq)
			cpu->phys_limit = strtoul(eq, NULL, 0);
		else if (!strcmp(tok, "phys-bits") && eq)
			cpu->phys_bits = strtoul(eq, NULL, 0);
		else if (!strcmp(tok, "hv-passthrough"))
			cpu->hv_passthrough = state;
		else if (!strcmp(tok, "hv-evmcs"))
			cpu->hv_evmcs = state;
		if (!strncmp(tok, "hv-", 3))
			cpu->hv_any = true;
	}
}

void vm_qemu_spice_parse(const char *v, struct vm_qemu_spice *s)
{
	char u[16];

	memset(s, 0, sizeof(*s));
	get(v, "port", s->port, sizeof(s->port));
	if (!s->port[0])
		get(v, "tls-port", s->port, sizeof(s->port));
	get(v, "addr", s->addr, sizeof(s->addr));
	s->unix_socket = (get(v, "unix", u, sizeof(u)) && on(u)) || has_flag(v, "unix");
}

static bool prop(xmlNodePtr n, const char *name, const char *val)
{
	return n && xmlNewProp(n, X(name), X(val));
}

bool vm_qemu_spice_xml(xmlNodePtr devices, const struct vm_qemu_spice *s)
{
	xmlNodePtr g = xmlNewChild(devices, NULL, X("graphics"), NULL);
	xmlNodePtr l = g ? xmlNewChild(g, NULL, X("listen"), NULL) : NULL;

	if (!prop(g, "type", "spice"))
		return false;
	if (s->unix_socket)
		return prop(l, "type", "socket");
	/* neither port nor tls-port: QEMU's SPICE listens nowhere */
	if (!s->port[0] || !strcmp(s->port, "0"))
		return prop(l, "type", "none");
	return prop(g, "port", s->port) && prop(g, "autoport", "no") &&
	       prop(l, "type", "address") && (!s->addr[0] || prop(l, "address", s->addr));
}
