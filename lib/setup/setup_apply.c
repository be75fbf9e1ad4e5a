// SPDX-License-Identifier: MIT
/*
 * apply and undo. Every change is journaled (and synced) before it is made,
 * so at any point, a crash included, the journal describes at least every
 * change in the tree and undo can put the tree back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "setup/setup.h"
#include "setup/setup_fs.h"
#include "setup/setup_journal.h"

/* /bin/sh -c CMD, in a chroot for another root; stdin from /dev/null. */
static int sh_run(void *priv, const char *root, const char *cmd)
{
	pid_t pid;
	int status;

	(void)priv;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd >= 0)
			dup2(fd, 0);
		if (root && *root && strcmp(root, "/") && (chroot(root) || chdir("/")))
			_exit(127);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const struct setup_runner sh_runner = { .run = sh_run };

static void fail(struct setup_result *res, const char *step, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct setup_result *res, const char *step, const char *fmt, ...)
{
	va_list ap;

	res->failed_step = step;
	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
}

static int journal(const char *root, enum setup_rec_kind kind, const struct setup_rec *r)
{
	struct host_mkdirs made = { 0 };
	size_t len;
	char *rec = setup_journal_record(kind, r, &len);
	int ret;

	if (!rec)
		return -ENOMEM;
	ret = setup_fs_append(root, SETUP_JOURNAL, rec, len, &made);
	free(rec);
	return ret;
}

/* The journal exists, starting with its magic and the directories it needed. */
static int journal_open(const char *root)
{
	struct host_mkdirs made = { 0 };
	struct setup_fs_old old;
	int ret = setup_fs_read(root, SETUP_JOURNAL, &old);

	if (ret)
		return ret;
	free(old.text);
	if (old.exists)
		return 0;
	ret = setup_fs_missing_dirs(root, SETUP_JOURNAL, &made);
	if (!ret)
		ret = setup_fs_append(root, SETUP_JOURNAL, SETUP_JOURNAL_MAGIC,
				      strlen(SETUP_JOURNAL_MAGIC), &(struct host_mkdirs){ 0 });
	for (unsigned int i = 0; !ret && i < made.n; i++)
		ret = journal(root, SETUP_REC_MKDIR,
			      &(struct setup_rec){ .a = made.path[i],
						   .alen = strlen(made.path[i]) });
	return ret;
}

static bool same_old(const struct setup_file *f, const struct setup_fs_old *cur)
{
	if (!f->old)
		return !cur->exists;
	return cur->exists && cur->len == f->old_len && !memcmp(cur->text, f->old, f->old_len);
}

static int apply_file(const char *root, const struct setup_step *s, const struct setup_file *f,
		      const struct setup_runner *run, struct setup_result *res)
{
	struct host_mkdirs made;
	struct setup_fs_old cur;
	int ret;

	ret = setup_fs_read(root, f->path, &cur);
	if (ret) {
		fail(res, s->id, "%s: %s%s", f->path, strerror(-ret),
		     ret == -ELOOP ? " (a symlink: vfctl never writes through one)" : "");
		return ret;
	}
	if (!same_old(f, &cur)) {
		free(cur.text);
		fail(res, s->id, "%s changed since the plan was made: run 'vfctl setup plan' again",
		     f->path);
		return -ESTALE;
	}
	ret = setup_fs_missing_dirs(root, f->path, &made);
	for (unsigned int i = 0; !ret && i < made.n; i++)
		ret = journal(root, SETUP_REC_MKDIR,
			      &(struct setup_rec){ .a = made.path[i],
						   .alen = strlen(made.path[i]) });
	if (!ret)
		ret = journal(root, SETUP_REC_FILE,
			      &(struct setup_rec){ .a = f->path,
						   .alen = strlen(f->path),
						   .b = cur.text,
						   .blen = cur.exists ? cur.len : 0,
						   .exists = cur.exists,
						   .mode = cur.mode,
						   .uid = cur.uid,
						   .gid = cur.gid });
	free(cur.text);
	if (ret) {
		fail(res, s->id, "the journal could not be written: %s", strerror(-ret));
		return ret;
	}
	if (run->before_write)
		ret = run->before_write(run->priv, s->id, f->path);
	if (!ret)
		ret = f->new ? setup_fs_write(root, f->path, f->new, f->new_len, f->mode, (uid_t)-1,
					      (gid_t)-1, false, &made) :
			       setup_fs_remove(root, f->path);
	if (ret) {
		fail(res, s->id, "%s could not be written: %s%s", f->path, strerror(-ret),
		     ret == -ELOOP ? " (a symlink: vfctl never writes through one)" : "");
		return ret;
	}
	res->files++;
	return 0;
}

static int apply_cmd(const char *root, const struct setup_step *s, const struct setup_cmd *c,
		     const struct setup_runner *run, struct setup_result *res)
{
	int ret, status;

	ret = journal(root, SETUP_REC_CMD,
		      &(struct setup_rec){ .a = c->run,
					   .alen = strlen(c->run),
					   .b = c->undo,
					   .blen = strlen(c->undo) });
	if (ret) {
		fail(res, s->id, "the journal could not be written: %s", strerror(-ret));
		return ret;
	}
	status = run->run(run->priv, root, c->run);
	res->cmds++;
	ret = journal(root, SETUP_REC_RAN,
		      &(struct setup_rec){ .status = status < 0 ? 256 - status : status });
	if (status) {
		fail(res, s->id, "'%s' failed (%s %d)", c->run,
		     status < 0 ? "error" : "exit status", status < 0 ? -status : status);
		return -EIO;
	}
	return ret;
}

int setup_apply(const struct setup_plan *p, const struct setup_runner *run,
		struct setup_result *res)
{
	const char *root = p->o.root;
	int ret = 0;

	memset(res, 0, sizeof(*res));
	if (!run)
		run = &sh_runner;
	if (!setup_plan_todo(p))
		return 0;
	ret = journal_open(root);
	if (ret) {
		fail(res, p->step[0].id, "%s: %s%s", SETUP_JOURNAL, strerror(-ret),
		     ret == -ELOOP ? " (a symlink: vfctl never writes through one)" : "");
		return ret;
	}
	for (unsigned int i = 0; i < p->n; i++) {
		const struct setup_step *s = &p->step[i];

		if (s->state != SETUP_TODO)
			continue;
		ret = journal(root, SETUP_REC_STEP,
			      &(struct setup_rec){ .a = s->id, .alen = strlen(s->id) });
		for (unsigned int k = 0; !ret && k < s->nfile; k++)
			ret = apply_file(root, s, &s->file[k], run, res);
		for (unsigned int k = 0; !ret && k < s->ncmd; k++)
			ret = apply_cmd(root, s, &s->cmd[k], run, res);
		if (ret) {
			if (!res->failed_step)
				fail(res, s->id, "the journal could not be written: %s",
				     strerror(-ret));
			return ret;
		}
		res->steps++;
		res->reboot |= s->reboot;
	}
	return 0;
}

static int undo_file(const char *root, const struct setup_rec *r, const char *step,
		     const struct setup_runner *run, struct setup_result *res)
{
	char path[SETUP_PATH_MAX];
	int ret = 0;

	snprintf(path, sizeof(path), "%.*s", (int)r->alen, r->a);
	if (run->before_write)
		ret = run->before_write(run->priv, step, path);
	if (!ret)
		ret = r->exists ? setup_fs_write(root, path, r->b, r->blen, r->mode, r->uid, r->gid,
						 true, NULL) :
				  setup_fs_remove(root, path);
	if (ret) {
		fail(res, step, "%s could not be restored: %s%s", path, strerror(-ret),
		     ret == -ELOOP ? " (a symlink: vfctl never writes through one)" : "");
		return ret;
	}
	res->files++;
	return 0;
}

/* The inverse commands of one step, newest first; then mark them undone. */
static int undo_cmds(const char *root, const struct setup_journal *j, const size_t *idx, size_t n,
		     const char *step, const struct setup_runner *run, struct setup_result *res)
{
	for (size_t k = 0; k < n; k++) {
		const struct setup_rec *c = &j->rec[idx[k]];
		char cmd[SETUP_CMD_MAX];
		int status;

		snprintf(cmd, sizeof(cmd), "%.*s", (int)c->blen, c->b);
		status = run->run(run->priv, root, cmd);
		res->cmds++;
		if (status) {
			fail(res, step, "'%s' failed (exit status %d)", cmd, status);
			return -EIO;
		}
		if (journal(root, SETUP_REC_UNDONE, &(struct setup_rec){ .status = (long)idx[k] }))
			return -EIO;
	}
	return 0;
}

int setup_undo(const char *root, const struct setup_runner *run, struct setup_result *res)
{
	struct setup_fs_old old;
	struct setup_journal j;
	size_t *pending = NULL, npending = 0;
	bool *undone = NULL;
	char step[64] = "";
	int ret;

	memset(res, 0, sizeof(*res));
	if (!run)
		run = &sh_runner;
	ret = setup_fs_read(root, SETUP_JOURNAL, &old);
	if (ret || !old.exists) {
		fail(res, "", "%s: %s", SETUP_JOURNAL,
		     ret ? strerror(-ret) : "no journal: nothing to undo");
		return ret ? ret : -ENOENT;
	}
	ret = setup_journal_parse(old.text, old.len, &j);
	if (ret) {
		fail(res, "", "%s is damaged (%s): nothing was changed", SETUP_JOURNAL,
		     strerror(-ret));
		free(old.text);
		return ret;
	}
	undone = calloc(j.n + 1, sizeof(*undone));
	pending = calloc(j.n + 1, sizeof(*pending));
	if (!undone || !pending) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < j.n; i++)
		if (j.rec[i].kind == SETUP_REC_UNDONE)
			undone[j.rec[i].status] = true;
	for (size_t i = j.n; i-- > 0 && !ret;) {
		const struct setup_rec *r = &j.rec[i];

		switch (r->kind) {
		case SETUP_REC_FILE:
			if (undone[i])
				break;
			ret = undo_file(root, r, step[0] ? step : "?", run, res);
			if (!ret)
				ret = journal(root, SETUP_REC_UNDONE,
					      &(struct setup_rec){ .status = (long)i });
			break;
		case SETUP_REC_CMD:
			/* only a command that ran and succeeded is reversed */
			if (!undone[i] && r->blen && i + 1 < j.n &&
			    j.rec[i + 1].kind == SETUP_REC_RAN && j.rec[i + 1].status == 0)
				pending[npending++] = i;
			break;
		case SETUP_REC_STEP:
			snprintf(step, sizeof(step), "%.*s", (int)r->alen, r->a);
			ret = undo_cmds(root, &j, pending, npending, step, run, res);
			npending = 0;
			res->steps++;
			break;
		default:
			break;
		}
		/* the step's name is known only at its first record: look ahead */
		if (!ret && r->kind != SETUP_REC_STEP) {
			for (size_t k = i; k-- > 0;)
				if (j.rec[k].kind == SETUP_REC_STEP) {
					snprintf(step, sizeof(step), "%.*s", (int)j.rec[k].alen,
						 j.rec[k].a);
					break;
				}
		}
	}
	if (!ret && npending)
		ret = undo_cmds(root, &j, pending, npending, "?", run, res);
	if (ret)
		goto out;
	ret = setup_fs_remove(root, SETUP_JOURNAL);
	for (size_t i = j.n; i-- > 0 && !ret;)
		if (j.rec[i].kind == SETUP_REC_MKDIR) {
			char path[SETUP_PATH_MAX];

			snprintf(path, sizeof(path), "%.*s", (int)j.rec[i].alen, j.rec[i].a);
			ret = setup_fs_rmdir(root, path);
		}
	if (ret)
		fail(res, "", "the journal could not be removed: %s", strerror(-ret));
out:
	free(undone);
	free(pending);
	setup_journal_free(&j);
	free(old.text);
	return ret;
}
