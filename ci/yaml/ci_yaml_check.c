// SPDX-License-Identifier: MIT
/*
 * ci_yaml_check - the CI definitions are well-formed YAML with the fields
 * their consumers require.
 *
 *   ci_yaml_check KIND FILE...
 *     github        GitHub Actions workflow: on, jobs; each job runs-on (or
 *                   uses) and steps, each step exactly one of uses / run
 *     gitlab        .gitlab-ci.yml: each job has script, trigger or extends;
 *                   its stage is one of stages
 *     lava-job      LAVA job: job_name, device_type, visibility, timeouts.job,
 *                   actions (deploy with to, boot with method, test with
 *                   definitions of name, path, from, repository)
 *     lava-testdef  lava-test-shell definition: metadata.format "Lava-Test
 *                   Test Definition 1.0", metadata.name, run.steps
 *
 * One line "FILE:LINE: problem" per problem; exit 0 when every file is
 * clean, 1 when one is not, 2 on usage errors.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

struct ctx {
	const char *file;
	yaml_document_t doc;
	int problems;
};

__attribute__((format(printf, 3, 4))) static void problem(struct ctx *c, const yaml_node_t *n,
							  const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%lu: ", c->file, n ? (unsigned long)n->start_mark.line + 1 : 0UL);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	c->problems++;
}

static yaml_node_t *node(struct ctx *c, int id)
{
	return yaml_document_get_node(&c->doc, id);
}

static bool is_map(const yaml_node_t *n)
{
	return n && n->type == YAML_MAPPING_NODE;
}

static bool is_seq(const yaml_node_t *n)
{
	return n && n->type == YAML_SEQUENCE_NODE;
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static size_t seq_len(const yaml_node_t *n)
{
	return is_seq(n) ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 0;
}

static yaml_node_t *get(struct ctx *c, const yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	if (!is_map(map))
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(node(c, p->key));

		if (k && !strcmp(k, key))
			return node(c, p->value);
	}
	return NULL;
}

/* need: a field that must be there, of a given shape. */
enum shape { ANY, SCALAR, MAP, SEQ, NONEMPTY_SEQ };

static yaml_node_t *need(struct ctx *c, const yaml_node_t *map, const char *where, const char *key,
			 enum shape shape)
{
	yaml_node_t *v = get(c, map, key);
	static const char *const names[] = { "a value", "a scalar", "a mapping", "a sequence",
					     "a non-empty sequence" };
	bool ok;

	if (!v) {
		problem(c, map, "%s has no '%s'", where, key);
		return NULL;
	}
	switch (shape) {
	case SCALAR:
		ok = scalar(v) && *scalar(v);
		break;
	case MAP:
		ok = is_map(v);
		break;
	case SEQ:
		ok = is_seq(v);
		break;
	case NONEMPTY_SEQ:
		ok = seq_len(v) > 0;
		break;
	default:
		ok = true;
	}
	if (!ok) {
		problem(c, v, "%s: '%s' must be %s", where, key, names[shape]);
		return NULL;
	}
	return v;
}

#define for_each_pair(c, map, k, v)                                             \
	for (yaml_node_pair_t *p_ = (map)->data.mapping.pairs.start;            \
	     p_ < (map)->data.mapping.pairs.top &&                              \
	     ((k) = scalar(node((c), p_->key)), (v) = node((c), p_->value), 1); \
	     p_++)

#define for_each_item(c, seq, v)                                      \
	for (yaml_node_item_t *i_ = (seq)->data.sequence.items.start; \
	     i_ < (seq)->data.sequence.items.top && ((v) = node((c), *i_), 1); i_++)

static void check_github(struct ctx *c, yaml_node_t *root)
{
	yaml_node_t *jobs, *job, *steps, *step;
	const char *name;
	char where[160];

	need(c, root, "workflow", "on", ANY);
	jobs = need(c, root, "workflow", "jobs", MAP);
	if (!jobs)
		return;
	if (jobs->data.mapping.pairs.top == jobs->data.mapping.pairs.start)
		problem(c, jobs, "workflow: 'jobs' is empty");
	for_each_pair(c, jobs, name, job)
	{
		snprintf(where, sizeof(where), "job '%s'", name ? name : "?");
		if (!is_map(job)) {
			problem(c, job, "%s must be a mapping", where);
			continue;
		}
		if (get(c, job, "uses"))
			continue; /* a reusable workflow call */
		need(c, job, where, "runs-on", ANY);
		steps = need(c, job, where, "steps", NONEMPTY_SEQ);
		if (!steps)
			continue;
		for_each_item(c, steps, step)
		{
			bool uses = get(c, step, "uses"), run = get(c, step, "run");

			if (!is_map(step) || uses == run)
				problem(c, step, "%s: a step needs exactly one of 'uses' and 'run'",
					where);
		}
	}
}

static bool gitlab_reserved(const char *k)
{
	static const char *const reserved[] = { "stages",	"variables", "default",
						"include",	"workflow",  "image",
						"services",	"cache",     "before_script",
						"after_script", "pages" };
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (!strcmp(k, reserved[i]))
			return true;
	return false;
}

static void check_gitlab(struct ctx *c, yaml_node_t *root)
{
	yaml_node_t *stages = get(c, root, "stages"), *job, *st, *s;
	const char *name;
	int jobs = 0;

	if (stages && !is_seq(stages))
		problem(c, stages, "'stages' must be a sequence");
	for_each_pair(c, root, name, job)
	{
		if (!name || name[0] == '.' || gitlab_reserved(name))
			continue;
		jobs++;
		if (!is_map(job)) {
			problem(c, job, "job '%s' must be a mapping", name);
			continue;
		}
		if (!get(c, job, "script") && !get(c, job, "trigger") && !get(c, job, "extends"))
			problem(c, job, "job '%s' has no 'script', 'trigger' or 'extends'", name);
		st = get(c, job, "stage");
		if (st && is_seq(stages)) {
			bool found = false;

			for_each_item(c, stages, s) if (scalar(s) && scalar(st) &&
							!strcmp(scalar(s), scalar(st)))
				found = true;
			if (!found)
				problem(c, st, "job '%s': stage '%s' is not in 'stages'", name,
					scalar(st) ? scalar(st) : "?");
		}
	}
	if (!jobs)
		problem(c, root, "no job");
}

static void check_lava_action(struct ctx *c, yaml_node_t *action)
{
	yaml_node_t *v, *defs, *d;
	const char *kind;
	int n = 0;

	if (!is_map(action)) {
		problem(c, action, "an action must be a mapping");
		return;
	}
	for_each_pair(c, action, kind, v)
	{
		n++;
		if (!kind || !is_map(v)) {
			problem(c, v, "action '%s' must be a mapping", kind ? kind : "?");
			continue;
		}
		if (!strcmp(kind, "deploy")) {
			need(c, v, "deploy", "to", SCALAR);
		} else if (!strcmp(kind, "boot")) {
			need(c, v, "boot", "method", SCALAR);
		} else if (!strcmp(kind, "test")) {
			if (get(c, v, "interactive") || get(c, v, "monitors"))
				continue;
			defs = need(c, v, "test", "definitions", NONEMPTY_SEQ);
			if (!defs)
				continue;
			for_each_item(c, defs, d)
			{
				need(c, d, "test definition", "name", SCALAR);
				need(c, d, "test definition", "path", SCALAR);
				need(c, d, "test definition", "from", SCALAR);
				need(c, d, "test definition", "repository", ANY);
			}
		} else if (strcmp(kind, "command")) {
			problem(c, v, "unknown action '%s'", kind);
		}
	}
	if (n != 1)
		problem(c, action, "an action has exactly one of deploy, boot, test, command");
}

static void check_lava_job(struct ctx *c, yaml_node_t *root)
{
	yaml_node_t *t, *actions, *a;

	need(c, root, "job", "job_name", SCALAR);
	need(c, root, "job", "device_type", SCALAR);
	need(c, root, "job", "visibility", ANY);
	t = need(c, root, "job", "timeouts", MAP);
	if (t)
		need(c, t, "timeouts", "job", MAP);
	actions = need(c, root, "job", "actions", NONEMPTY_SEQ);
	if (!actions)
		return;
	for_each_item(c, actions, a) check_lava_action(c, a);
}

static void check_lava_testdef(struct ctx *c, yaml_node_t *root)
{
	yaml_node_t *meta, *fmt, *run, *steps, *s;

	meta = need(c, root, "test definition", "metadata", MAP);
	if (meta) {
		fmt = need(c, meta, "metadata", "format", SCALAR);
		if (fmt && strcmp(scalar(fmt), "Lava-Test Test Definition 1.0"))
			problem(c, fmt, "metadata.format must be 'Lava-Test Test Definition 1.0'");
		need(c, meta, "metadata", "name", SCALAR);
	}
	run = need(c, root, "test definition", "run", MAP);
	steps = run ? need(c, run, "run", "steps", NONEMPTY_SEQ) : NULL;
	if (steps)
		for_each_item(c, steps, s) if (!scalar(s))
			problem(c, s, "run.steps: each step is a string");
}

static int check_file(const char *kind, const char *file)
{
	struct ctx c = { .file = file };
	yaml_parser_t parser;
	yaml_node_t *root;
	FILE *f;

	f = fopen(file, "rb");
	if (!f) {
		perror(file);
		return 1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &c.doc)) {
		fprintf(stderr, "%s:%lu: YAML: %s %s\n", file,
			(unsigned long)parser.problem_mark.line + 1,
			parser.problem ? parser.problem : "error",
			parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		fclose(f);
		return 1;
	}
	root = yaml_document_get_root_node(&c.doc);
	if (!is_map(root)) {
		problem(&c, root, "the document is not a mapping");
	} else if (!strcmp(kind, "github")) {
		check_github(&c, root);
	} else if (!strcmp(kind, "gitlab")) {
		check_gitlab(&c, root);
	} else if (!strcmp(kind, "lava-job")) {
		check_lava_job(&c, root);
	} else {
		check_lava_testdef(&c, root);
	}
	yaml_document_delete(&c.doc);
	yaml_parser_delete(&parser);
	fclose(f);
	if (!c.problems)
		printf("%s: ok (%s)\n", file, kind);
	return c.problems ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const char *const kinds[] = { "github", "gitlab", "lava-job", "lava-testdef" };
	int i, status = 0;
	size_t k;

	if (argc < 3) {
		fprintf(stderr,
			"usage: ci_yaml_check github|gitlab|lava-job|lava-testdef FILE...\n");
		return 2;
	}
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (!strcmp(argv[1], kinds[k]))
			break;
	if (k == sizeof(kinds) / sizeof(kinds[0])) {
		fprintf(stderr, "ci_yaml_check: unknown kind '%s'\n", argv[1]);
		return 2;
	}
	for (i = 2; i < argc; i++)
		status |= check_file(argv[1], argv[i]);
	return status;
}
