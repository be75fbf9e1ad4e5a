// SPDX-License-Identifier: MIT
/* KVMFR v20 producer: user data records, frame buffers, cursor updates. */
#include "lgmp/kvmfr_host.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lgmp/lgmp_atomic.h"

struct udata_buf {
	uint8_t b[512];
	uint32_t used;
};

static void put(struct udata_buf *u, const void *p, size_t n)
{
	if (n > sizeof(u->b) - u->used)
		n = sizeof(u->b) - u->used;
	memcpy(u->b + u->used, p, n);
	u->used += (uint32_t)n;
}

static void build_udata(struct udata_buf *u, const struct kvmfr_host_config *cfg)
{
	struct kvmfr_udata kv = { .version = KVMFR_VERSION };
	struct kvmfr_record rec = { 0 };
	struct kvmfr_vminfo vm = { 0 };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char *model = "unknown";
	const char *os = cfg->os_name ? cfg->os_name : "Linux";
	uint8_t os_type = KVMFR_OS_LINUX;

	u->used = 0;
	memcpy(kv.magic, KVMFR_MAGIC, sizeof(kv.magic));
	snprintf(kv.hostver, sizeof(kv.hostver), "%s",
		 cfg->hostver ? cfg->hostver : "lg-harness");
	kv.features = cfg->features;
	put(u, &kv, sizeof(kv));

	vm.cpus = vm.cores = (uint8_t)(cpus > 0 && cpus < 256 ? cpus : 1);
	vm.sockets = 1;
	snprintf(vm.capture, sizeof(vm.capture), "harness");
	rec.type = KVMFR_RECORD_VMINFO;
	rec.size = (uint32_t)(sizeof(vm) + strlen(model) + 1);
	put(u, &rec, sizeof(rec));
	put(u, &vm, sizeof(vm));
	put(u, model, strlen(model) + 1);

	rec.type = KVMFR_RECORD_OSINFO;
	rec.size = (uint32_t)(1 + strlen(os) + 1);
	put(u, &rec, sizeof(rec));
	put(u, &os_type, 1);
	put(u, os, strlen(os) + 1);
}

int kvmfr_host_init(struct kvmfr_host *kh, void *mem, size_t size,
		    const struct kvmfr_host_config *cfg)
{
	static const struct kvmfr_host_config defaults;
	struct udata_buf u;
	uint32_t shape, avail, i;
	int ret;

	if (!cfg)
		cfg = &defaults;
	memset(kh, 0, sizeof(*kh));
	kh->last_index = -1;
	kh->frame_align = cfg->frame_align ? cfg->frame_align : 4096;
	if (kh->frame_align & (kh->frame_align - 1) ||
	    kh->frame_align < sizeof(struct kvmfr_frame) + sizeof(uint32_t))
		return -EINVAL;
	shape = cfg->cursor_shape_bytes ?
			cfg->cursor_shape_bytes :
			KVMFR_CURSOR_MAX_DIM * KVMFR_CURSOR_MAX_DIM * 4;
	build_udata(&u, cfg);
	ret = lgmp_host_init(&kh->lgmp, mem, size, u.b, u.used);
	if (ret)
		return ret;
	ret = lgmp_host_queue_new(&kh->lgmp, KVMFR_QUEUE_FRAME,
				  KVMFR_QUEUE_FRAME_LEN, KVMFR_QUEUE_TIMEOUT_MS,
				  &kh->frame_q);
	if (!ret)
		ret = lgmp_host_queue_new(&kh->lgmp, KVMFR_QUEUE_POINTER,
					  KVMFR_QUEUE_POINTER_LEN,
					  KVMFR_QUEUE_TIMEOUT_MS, &kh->pointer_q);
	for (i = 0; !ret && i < KVMFR_QUEUE_POINTER_LEN; i++)
		ret = lgmp_host_mem_alloc(&kh->lgmp, sizeof(struct kvmfr_cursor),
					  0, &kh->cursor_mem[i]);
	for (i = 0; !ret && i < KVMFR_SHAPE_BUFFERS; i++)
		ret = lgmp_host_mem_alloc(&kh->lgmp,
					  sizeof(struct kvmfr_cursor) + shape, 0,
					  &kh->shape_mem[i]);
	if (ret)
		goto fail;
	/* Whatever is left, aligned, split in two frame buffers. */
	avail = lgmp_host_mem_avail(&kh->lgmp);
	avail = avail > kh->frame_align ? avail - (kh->frame_align - 1) : 0;
	kh->max_frame_size = (avail / KVMFR_QUEUE_FRAME_LEN) &
			     ~(kh->frame_align - 1);
	if (kh->max_frame_size <= kh->frame_align) {
		ret = -ENOSPC;
		goto fail;
	}
	for (i = 0; i < KVMFR_QUEUE_FRAME_LEN; i++) {
		struct kvmfr_frame *f;

		ret = lgmp_host_mem_alloc(&kh->lgmp, kh->max_frame_size,
					  kh->frame_align, &kh->frame_mem[i]);
		if (ret)
			goto fail;
		f = kh->frame_mem[i].ptr;
		memset(f, 0, sizeof(*f));
		/* wp sits just before the boundary, pixels start on it */
		f->offset = kh->frame_align - (uint32_t)sizeof(uint32_t);
	}
	return 0;
fail:
	lgmp_host_free(&kh->lgmp);
	return ret;
}

void kvmfr_host_free(struct kvmfr_host *kh)
{
	lgmp_host_free(&kh->lgmp);
}

uint32_t kvmfr_host_frame_capacity(const struct kvmfr_host *kh)
{
	return kh->max_frame_size - kh->frame_align;
}

static uint32_t type_bpp(uint32_t type)
{
	switch (type) {
	case KVMFR_FRAME_RGBA16F:
		return 8;
	case KVMFR_FRAME_RGB_24:
		return 3;
	case KVMFR_FRAME_BGRA:
	case KVMFR_FRAME_RGBA:
	case KVMFR_FRAME_RGBA10:
	case KVMFR_FRAME_BGR_32:
		return 4;
	default:
		return 0;
	}
}

int kvmfr_host_frame_begin(struct kvmfr_host *kh,
			   const struct kvmfr_frame_desc *d, uint8_t **pixels)
{
	uint32_t bpp = type_bpp(d->type), cap = kvmfr_host_frame_capacity(kh);
	uint32_t idx = kh->capture_index, height = d->height, flags = d->flags;
	struct kvmfr_frame *f;
	struct kvmfr_fb *fb;
	int ret;

	if (!bpp || !d->width || !d->height ||
	    d->pitch < (uint64_t)d->width * bpp ||
	    d->damage_count > KVMFR_MAX_DAMAGE_RECTS)
		return -EINVAL;
	if (lgmp_host_queue_pending(kh->frame_q) >= KVMFR_QUEUE_FRAME_LEN)
		return -EAGAIN;
	if ((uint64_t)height * d->pitch > cap) {
		height = cap / d->pitch;
		flags |= KVMFR_FRAME_FLAG_TRUNCATED;
	}
	f = kh->frame_mem[idx].ptr;
	/* Where wp sits is ours to know: f->offset is in memory the other side
	 * can write, and following it would let a client aim our writes.
	 */
	fb = (struct kvmfr_fb *)((uint8_t *)f + kh->frame_align - sizeof(uint32_t));
	/* Reset wp before the header changes so a reader of the previous
	 * frame in this buffer sees it torn rather than silently mixed.
	 */
	lgmp_store(&fb->wp, 0);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	f->format_ver = d->format_ver;
	f->type = d->type;
	f->screen_width = f->frame_width = f->data_width = d->width;
	f->screen_height = f->frame_height = d->height;
	f->data_height = height;
	f->rotation = d->rotation;
	f->stride = d->pitch / bpp;
	f->pitch = d->pitch;
	f->damage_rects_count = d->damage_count;
	if (d->damage_count)
		memcpy(f->damage_rects, d->damage,
		       d->damage_count * sizeof(*d->damage));
	f->flags = flags;
	f->offset = kh->frame_align - (uint32_t)sizeof(uint32_t);
	lgmp_store(&f->frame_serial, ++kh->frame_serial);
	ret = lgmp_host_queue_post(kh->frame_q, 0, &kh->frame_mem[idx]);
	if (ret)
		return ret;
	kh->fb = fb;
	kh->fb_size = height * d->pitch;
	kh->last_index = (int)idx;
	kh->capture_index = (idx + 1) % KVMFR_QUEUE_FRAME_LEN;
	*pixels = fb->data;
	return 0;
}

void kvmfr_host_frame_progress(struct kvmfr_host *kh, uint32_t bytes)
{
	lgmp_store(&kh->fb->wp, bytes);
}

void kvmfr_host_frame_write(struct kvmfr_host *kh, const void *src,
			    size_t size)
{
	const uint8_t *s = src;
	uint32_t done = 0;

	if (size > kh->fb_size)
		size = kh->fb_size;
	while (done < size) {
		uint32_t n = (uint32_t)size - done;

		if (n > KVMFR_FB_CHUNK_SIZE)
			n = KVMFR_FB_CHUNK_SIZE;
		memcpy(kh->fb->data + done, s + done, n);
		done += n;
		kvmfr_host_frame_progress(kh, done);
	}
}

int kvmfr_host_cursor(struct kvmfr_host *kh, uint32_t flags,
		      const struct kvmfr_cursor *cur, const void *shape)
{
	struct lgmp_mem *m;
	int ret;

	if (lgmp_host_queue_pending(kh->pointer_q) >= KVMFR_QUEUE_POINTER_LEN)
		return -EAGAIN;
	if (flags & KVMFR_CURSOR_FLAG_SHAPE) {
		uint64_t n = (uint64_t)cur->height * cur->pitch;

		m = &kh->shape_mem[kh->shape_index];
		if (n > m->size - sizeof(*cur))
			return -E2BIG;
		memcpy((uint8_t *)m->ptr + sizeof(*cur), shape, (size_t)n);
		kh->shape_index = (kh->shape_index + 1) % KVMFR_SHAPE_BUFFERS;
	} else {
		m = &kh->cursor_mem[kh->pointer_index];
		kh->pointer_index = (kh->pointer_index + 1) %
				    KVMFR_QUEUE_POINTER_LEN;
	}
	memcpy(m->ptr, cur, sizeof(*cur));
	ret = lgmp_host_queue_post(kh->pointer_q, flags, m);
	return ret == -ENOSPC ? -EAGAIN : ret;
}

int kvmfr_host_process(struct kvmfr_host *kh)
{
	int ret = lgmp_host_process(&kh->lgmp);

	if (ret)
		return ret;
	if (lgmp_host_queue_new_subs(kh->frame_q) && kh->last_index >= 0 &&
	    lgmp_host_queue_pending(kh->frame_q) < KVMFR_QUEUE_FRAME_LEN)
		lgmp_host_queue_post(kh->frame_q, 0,
				     &kh->frame_mem[kh->last_index]);
	return 0;
}
