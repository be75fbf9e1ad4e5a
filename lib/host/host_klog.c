// SPDX-License-Identifier: MIT
/*
 * Kernel log reading and normalisation (see host_klog.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/host_fs.h"
#include "host/host_klog.h"

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* "6,1234,5678,-;" or "6,1234,5678,c,caller=T1;": returns the header length;
 * @seq gets the record's sequence number (1234). */
static size_t kmsg_header(const char *s, size_t n, int *level, unsigned long long *seq)
{
	size_t i = 0, commas = 0;
	unsigned long long sq = 0;
	int prio = 0;

	while (i < n && is_digit(s[i]) && i < 9)
		prio = prio * 10 + (s[i++] - '0');
	if (!i || i >= n || s[i] != ',')
		return 0;
	for (; i < n && s[i] != ';'; i++) {
		if (s[i] == ',')
			commas++;
		else if (commas < 3 && !is_digit(s[i]))
			return 0;
		else if (commas == 1 && sq < 1000000000000ULL)
			sq = sq * 10 + (unsigned long long)(s[i] - '0');
	}
	if (i >= n || commas < 3)
		return 0;
	*level = prio & 7;
	*seq = sq;
	return i + 1;
}

/* "[    1.234567] ", or `dmesg -T`'s "[Tue Aug 26 16:02:58 2025] " */
static size_t stamp(const char *s, size_t n)
{
	size_t i = 1;

	if (!n || s[0] != '[')
		return 0;
	while (i < n && (s[i] == ' ' || is_digit(s[i]) || s[i] == '.'))
		i++;
	/* -T: "Www Mmm dd hh:mm:ss yyyy", letters, digits, spaces and colons only */
	if (i < n && i == 1 && n > 26 && s[25] == ']') {
		for (i = 1; i < 25; i++)
			if (!(is_digit(s[i]) || s[i] == ' ' || s[i] == ':' ||
			      (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
				return 0;
		if (s[4] != ' ' || s[8] != ' ' || s[14] != ':' || s[17] != ':')
			return 0;
	}
	if (i >= n || s[i] != ']' || i == 1)
		return 0;
	i++;
	if (i < n && s[i] == ' ')
		i++;
	return i;
}

/* "<6>" or "<14>" (facility * 8 + level) as printed by `dmesg -r` */
static size_t raw_level(const char *s, size_t n, int *level)
{
	size_t i = 1;
	int v = 0;

	if (!n || s[0] != '<')
		return 0;
	while (i < n && i < 4 && is_digit(s[i]))
		v = v * 10 + (s[i++] - '0');
	if (i == 1 || i >= n || s[i] != '>')
		return 0;
	*level = v & 7;
	return i + 1;
}

/* `dmesg -x`: "kern  :err   : " (facility, level, each padded). */
static size_t decoded_level(const char *s, size_t n, int *level)
{
	static const char *const names[] = { "emerg", "alert",	"crit", "err",
					     "warn",  "notice", "info", "debug" };
	size_t i = 0, j, w;
	int l;

	while (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (!i || i > 8)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || s[i] != ':')
		return 0;
	j = ++i;
	while (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	w = i - j;
	for (l = 0; l < 8; l++)
		if (w == strlen(names[l]) && !memcmp(s + j, names[l], w))
			break;
	if (l == 8)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || s[i] != ':')
		return 0;
	i++;
	if (i < n && s[i] == ' ')
		i++;
	*level = l;
	return i;
}

/* "May 01 10:00:00 host kernel: " (journalctl -k, syslog) */
static size_t journal(const char *s, size_t n)
{
	static const char tag[] = " kernel: ";
	size_t i;

	if (n < 16 || s[3] != ' ' || s[9] != ':' || s[12] != ':')
		return 0;
	for (i = 15; i + sizeof(tag) - 1 <= n; i++)
		if (!memcmp(s + i, tag, sizeof(tag) - 1))
			return i + sizeof(tag) - 1;
	return 0;
}

static int add(struct host_klog *log, const char *s, size_t n, int level)
{
	struct host_klog_line *l;
	char *t;
	size_t i;

	l = realloc(log->l, (log->n + 1) * sizeof(*l));
	if (!l)
		return -ENOMEM;
	log->l = l;
	t = malloc(n + 1);
	if (!t)
		return -ENOMEM;
	/* NULs would cut a message short for strstr(); make them visible. */
	for (i = 0; i < n; i++)
		t[i] = s[i] ? s[i] : ' ';
	t[n] = '\0';
	l[log->n].text = t;
	l[log->n].level = level;
	log->n++;
	return 0;
}

/* "[    0.000000] ": the stamp of the boot's first messages. */
static bool stamp_zero(const char *s, size_t h)
{
	size_t i;

	for (i = 1; i + 1 < h && s[i] != ']'; i++)
		if (s[i] != ' ' && s[i] != '0' && s[i] != '.')
			return false;
	return i > 1 && i + 1 <= h && s[i] == ']';
}

int host_klog_parse(const char *text, size_t len, struct host_klog *log)
{
	bool first = true;
	size_t pos = 0;
	int ret;

	memset(log, 0, sizeof(*log));
	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, h;
		unsigned long long seq = 1;
		bool kmsg, zero;
		int level = -1;

		pos += n + 1;
		if (n && s[n - 1] == '\r')
			n--;
		/* kmsg continuation lines (" SUBSYSTEM=pci") carry dictionary data. */
		if (n && s[0] == ' ')
			continue;
		h = kmsg_header(s, n, &level, &seq);
		kmsg = h;
		if (!h)
			h = journal(s, n);
		s += h, n -= h;
		h = raw_level(s, n, &level);
		if (!h)
			h = decoded_level(s, n, &level);
		s += h, n -= h;
		h = stamp(s, n);
		zero = h && stamp_zero(s, h);
		s += h, n -= h;
		if (!n)
			continue;
		/* The oldest record: kmsg's first (sequence 0), the boot's first
		 * stamp, or the kernel's banner, which the boot prints first. */
		if (first)
			log->from_boot = (kmsg && !seq) || zero;
		first = false;
		if (n >= 14 && !memcmp(s, "Linux version ", 14))
			log->from_boot = true;
		ret = add(log, s, n, level);
		if (ret) {
			host_klog_free(log);
			return ret;
		}
	}
	return 0;
}

/*
 * /dev/kmsg hands out one record per read() and EAGAIN at the end (with
 * O_NONBLOCK); a regular file (a fixture, a saved copy) reads to EOF.
 * EPIPE means records were overwritten while reading: keep going.
 */
static int read_kmsg(const char *path, char **text, size_t *len)
{
	size_t cap = 0, used = 0;
	char *buf = NULL, *tmp;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n;

		if (cap - used < 8192 + 1) {
			if (cap >= HOST_READ_MAX)
				break;
			cap = cap ? cap * 2 : 65536;
			tmp = realloc(buf, cap);
			if (!tmp) {
				ret = -ENOMEM;
				break;
			}
			buf = tmp;
		}
		n = read(fd, buf + used, 8192);
		if (n < 0) {
			if (errno == EINTR || errno == EPIPE)
				continue;
			if (errno != EAGAIN)
				ret = -errno;
			break;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		/* A record without its newline would merge with the next one. */
		if (buf[used - 1] != '\n')
			buf[used++] = '\n';
	}
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	*text = buf;
	*len = used;
	return 0;
}

int host_klog_load(const char *root, const char *file, struct host_klog *log)
{
	char path[HOST_PATH_MAX], *text = NULL;
	size_t len = 0;
	int ret;

	memset(log, 0, sizeof(*log));
	if (file) {
		ret = host_read(NULL, file, &text, &len);
		if (ret)
			return ret;
	} else {
		ret = host_path(root, "/dev/kmsg", path, sizeof(path));
		if (ret)
			return ret;
		ret = read_kmsg(path, &text, &len);
		if (ret)
			return ret;
	}
	ret = host_klog_parse(text, len, log);
	free(text);
	if (!ret)
		snprintf(log->source, sizeof(log->source), "%s", file ? file : "/dev/kmsg");
	return ret;
}

long host_klog_find(const struct host_klog *log, size_t from, const char *needle)
{
	size_t i;

	for (i = from; i < log->n; i++)
		if (strstr(log->l[i].text, needle))
			return (long)i;
	return -1;
}

long host_klog_find2(const struct host_klog *log, const char *a, const char *b)
{
	size_t i;

	for (i = 0; i < log->n; i++)
		if (strstr(log->l[i].text, a) && strstr(log->l[i].text, b))
			return (long)i;
	return -1;
}

void host_klog_free(struct host_klog *log)
{
	size_t i;

	for (i = 0; i < log->n; i++)
		free(log->l[i].text);
	free(log->l);
	log->l = NULL;
	log->n = 0;
}
