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
	snprintf(kv.hostver, sizeof(kv.hostver), "%s", cfg->hostver ? cfg->hostver : "lg-harness");
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

/*
 * The size of each frame buffer, as B7 sizes it: what is left, less one
 * alignment step minus one byte, rounded down to the alignment and halved,
 * then rounded up to the alignment (B7's allocator rounds sizes so). With
 * a memory size that is a whole number of pages both buffers always fit;
 * with another size they may not, B7 then fails to start and we take one
 * alignment step less instead. Returns 0 when nothing fits.
 */
static uint32_t frame_buffer_size(const struct lgmp_host *h, uint32_t align)
{
	uint64_t first = ((uint64_t)h->next_free + align - 1) & ~(uint64_t)(align - 1);
	uint32_t avail = lgmp_host_mem_avail(h);
	uint64_t size;

	if (avail <= align)
		return 0;
	size = ((avail - (align - 1)) & ~(uint64_t)(align - 1)) / KVMFR_QUEUE_FRAME_LEN;
	size = (size + align - 1) & ~(uint64_t)(align - 1);
	if (first + size * KVMFR_QUEUE_FRAME_LEN > h->size)
		size = size > align ? size - align : 0;
	return (uint32_t)size;
}

int kvmfr_host_init(struct kvmfr_host *kh, void *mem, size_t size,
		    const struct kvmfr_host_config *cfg)
{
	static const struct kvmfr_host_config defaults;
	struct udata_buf u;
	uint32_t shape, i;
	int ret;

	if (!cfg)
		cfg = &defaults;
	memset(kh, 0, sizeof(*kh));
	kh->last_index = -1;
	kh->last_shape = -1;
	kh->frame_align = cfg->frame_align ? cfg->frame_align : 4096;
	kh->publish_chunk = cfg->publish_chunk ? cfg->publish_chunk : KVMFR_FB_CHUNK_SIZE;
	if (kh->frame_align & (kh->frame_align - 1) ||
	    kh->frame_align < sizeof(struct kvmfr_frame) + sizeof(uint32_t))
		return -EINVAL;
	shape = cfg->cursor_shape_bytes ? cfg->cursor_shape_bytes :
					  KVMFR_CURSOR_MAX_DIM * KVMFR_CURSOR_MAX_DIM * 4;
	build_udata(&u, cfg);
	ret = lgmp_host_init(&kh->lgmp, mem, size, u.b, u.used);
	if (ret)
		return ret;
	ret = lgmp_host_queue_new(&kh->lgmp, KVMFR_QUEUE_FRAME, KVMFR_QUEUE_FRAME_LEN,
				  KVMFR_QUEUE_TIMEOUT_MS, &kh->frame_q);
	if (!ret)
		ret = lgmp_host_queue_new(&kh->lgmp, KVMFR_QUEUE_POINTER, KVMFR_QUEUE_POINTER_LEN,
					  KVMFR_QUEUE_TIMEOUT_MS, &kh->pointer_q);
	for (i = 0; !ret && i < KVMFR_QUEUE_POINTER_LEN; i++)
		ret = lgmp_host_mem_alloc(&kh->lgmp, sizeof(struct kvmfr_cursor), 0,
					  &kh->cursor_mem[i]);
	for (i = 0; !ret && i < KVMFR_SHAPE_BUFFERS; i++)
		ret = lgmp_host_mem_alloc(&kh->lgmp, sizeof(struct kvmfr_cursor) + shape, 0,
					  &kh->shape_mem[i]);
	if (ret)
		goto fail;
	kh->max_frame_size = frame_buffer_size(&kh->lgmp, kh->frame_align);
	if (kh->max_frame_size <= kh->frame_align) {
		ret = -ENOSPC;
		goto fail;
	}
	for (i = 0; i < KVMFR_QUEUE_FRAME_LEN; i++) {
		struct kvmfr_frame *f;

		ret = lgmp_host_mem_alloc(&kh->lgmp, kh->max_frame_size, kh->frame_align,
					  &kh->frame_mem[i]);
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

/* The B7 description with every size that was left 0 filled in. */
struct frame_geometry {
	uint32_t bpp, screen_w, screen_h, data_w, data_h, stride;
};

static int frame_geometry(const struct kvmfr_frame_desc *d, struct frame_geometry *g)
{
	g->bpp = kvmfr_frame_bpp(d->type);
	if (!g->bpp || !d->width || !d->height || d->damage_count > KVMFR_MAX_DAMAGE_RECTS)
		return -EINVAL;
	g->screen_w = d->screen_width ? d->screen_width : d->width;
	g->screen_h = d->screen_height ? d->screen_height : d->height;
	g->data_w = d->data_width ? d->data_width : d->width;
	g->data_h = d->data_height ? d->data_height : d->height;
	g->stride = d->stride ? d->stride : d->pitch / g->bpp;
	if (d->pitch < (uint64_t)g->data_w * g->bpp || g->stride < g->data_w ||
	    (uint64_t)g->stride * g->bpp > d->pitch)
		return -EINVAL;
	return 0;
}

int kvmfr_host_frame_begin(struct kvmfr_host *kh, const struct kvmfr_frame_desc *d,
			   uint8_t **pixels)
{
	uint32_t cap = kvmfr_host_frame_capacity(kh);
	uint32_t idx = kh->capture_index, flags = d->flags;
	struct frame_geometry g;
	struct kvmfr_frame *f;
	struct kvmfr_fb *fb;
	int ret = frame_geometry(d, &g);

	if (ret)
		return ret;
	if (lgmp_host_queue_pending(kh->frame_q) >= KVMFR_QUEUE_FRAME_LEN)
		return -EAGAIN;
	if ((uint64_t)g.data_h * d->pitch > cap) {
		g.data_h = cap / d->pitch;
		flags |= KVMFR_FRAME_FLAG_TRUNCATED;
		if (!g.data_h)
			return -EINVAL;
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
	f->screen_width = g.screen_w;
	f->screen_height = g.screen_h;
	f->frame_width = d->width;
	f->frame_height = d->height;
	f->data_width = g.data_w;
	f->data_height = g.data_h;
	f->rotation = d->rotation;
	f->stride = g.stride;
	f->pitch = d->pitch;
	f->damage_rects_count = d->damage_count;
	if (d->damage_count)
		memcpy(f->damage_rects, d->damage, d->damage_count * sizeof(*d->damage));
	f->flags = flags;
	f->offset = kh->frame_align - (uint32_t)sizeof(uint32_t);
	lgmp_store(&f->frame_serial, kh->next_serial);
	/* This frame is what a client subscribing now gets (B7 clears the
	 * count on every new capture); clear before posting, so one that
	 * joins after the post still has the last frame re-posted to it.
	 */
	lgmp_host_queue_new_subs(kh->frame_q);
	kh->frame_resend = false;
	ret = lgmp_host_queue_post(kh->frame_q, 0, &kh->frame_mem[idx]);
	if (ret)
		return ret;
	kh->frame_serial = kh->next_serial++;
	kh->fb = fb;
	kh->fb_size = g.data_h * d->pitch;
	kh->last_index = (int)idx;
	kh->capture_index = (idx + 1) % KVMFR_QUEUE_FRAME_LEN;
	*pixels = fb->data;
	return 0;
}

void kvmfr_host_frame_progress(struct kvmfr_host *kh, uint32_t bytes)
{
	lgmp_store(&kh->fb->wp, bytes);
}

void kvmfr_host_frame_write(struct kvmfr_host *kh, const void *src, size_t size)
{
	const uint8_t *s = src;
	uint32_t done = 0;

	if (size > kh->fb_size)
		size = kh->fb_size;
	while (done < size) {
		uint32_t n = (uint32_t)size - done;

		if (n > kh->publish_chunk)
			n = kh->publish_chunk;
		memcpy(kh->fb->data + done, s + done, n);
		done += n;
		kvmfr_host_frame_progress(kh, done);
	}
}

static int post_cursor(struct kvmfr_host *kh, uint32_t flags, const struct lgmp_mem *m)
{
	int ret = lgmp_host_queue_post(kh->pointer_q, flags, m);

	return ret == -ENOSPC ? -EAGAIN : ret;
}

int kvmfr_host_cursor(struct kvmfr_host *kh, uint32_t flags, const struct kvmfr_cursor *cur,
		      const void *shape)
{
	struct lgmp_mem *m;
	int shape_idx = -1;
	int ret;

	if (lgmp_host_queue_pending(kh->pointer_q) >= KVMFR_QUEUE_POINTER_LEN)
		return -EAGAIN;
	if (flags & KVMFR_CURSOR_FLAG_SHAPE) {
		uint64_t n = (uint64_t)cur->height * cur->pitch;

		shape_idx = (int)kh->shape_index;
		m = &kh->shape_mem[shape_idx];
		if (n > m->size - sizeof(*cur))
			return -E2BIG;
		memcpy((uint8_t *)m->ptr + sizeof(*cur), shape, (size_t)n);
		kh->shape_index = (kh->shape_index + 1) % KVMFR_SHAPE_BUFFERS;
	} else {
		m = &kh->cursor_mem[kh->pointer_index];
		kh->pointer_index = (kh->pointer_index + 1) % KVMFR_QUEUE_POINTER_LEN;
	}
	memcpy(m->ptr, cur, sizeof(*cur));
	ret = post_cursor(kh, flags, m);
	if (ret)
		return ret;
	if (shape_idx >= 0) {
		kh->last_shape = shape_idx;
		kh->cursor.type = cur->type;
		kh->cursor.hx = cur->hx;
		kh->cursor.hy = cur->hy;
		kh->cursor.width = cur->width;
		kh->cursor.height = cur->height;
		kh->cursor.pitch = cur->pitch;
	}
	if (flags & KVMFR_CURSOR_FLAG_POSITION) {
		kh->cursor.x = cur->x;
		kh->cursor.y = cur->y;
	}
	kh->cursor_visible = flags & KVMFR_CURSOR_FLAG_VISIBLE;
	return 0;
}

/*
 * What B7 sends a new pointer subscriber: the last shape (its buffer, with
 * the current position written into its header) or, before any shape, a
 * position-only message; always the position, and the visibility.
 */
static int cursor_resend(struct kvmfr_host *kh)
{
	uint32_t flags = KVMFR_CURSOR_FLAG_POSITION;
	struct kvmfr_cursor *c;
	struct lgmp_mem *m;

	if (kh->last_shape >= 0) {
		m = &kh->shape_mem[kh->last_shape];
		flags |= KVMFR_CURSOR_FLAG_SHAPE;
	} else {
		m = &kh->cursor_mem[kh->pointer_index];
		kh->pointer_index = (kh->pointer_index + 1) % KVMFR_QUEUE_POINTER_LEN;
	}
	if (kh->cursor_visible)
		flags |= KVMFR_CURSOR_FLAG_VISIBLE;
	c = m->ptr;
	if (kh->last_shape < 0)
		memcpy(c, &kh->cursor, sizeof(*c));
	c->x = kh->cursor.x;
	c->y = kh->cursor.y;
	return post_cursor(kh, flags, m);
}

int kvmfr_host_process(struct kvmfr_host *kh)
{
	int ret = lgmp_host_process(&kh->lgmp);

	if (ret)
		return ret;
	if (lgmp_host_queue_new_subs(kh->frame_q) && kh->last_index >= 0)
		kh->frame_resend = true;
	if (lgmp_host_queue_new_subs(kh->pointer_q))
		kh->cursor_resend = true;
	/* a full queue only delays a re-send to the next call */
	if (kh->frame_resend && lgmp_host_queue_pending(kh->frame_q) < KVMFR_QUEUE_FRAME_LEN)
		kh->frame_resend =
			lgmp_host_queue_post(kh->frame_q, 0, &kh->frame_mem[kh->last_index]) != 0;
	if (kh->cursor_resend)
		kh->cursor_resend = cursor_resend(kh) == -EAGAIN;
	return 0;
}
