/*
 * Command-line parsing. Words are separated by spaces or tabs; no
 * quoting (Linux's double quotes are not needed by anything Tern runs).
 */
#include <asm-generic/errno.h>

#include "lib/cmdline.h"
#include "lib/string.h"

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Next word of *p, NUL-terminated in place; NULL at the end. */
static char *
next_word(char **p)
{
	char *s = *p, *w;

	while (is_space(*s))
		s++;
	if (!*s)
		return NULL;
	w = s;
	while (*s && !is_space(*s))
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

static int
parse_int(const char *s, int *out)
{
	int v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000)
			return -EINVAL;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

static int
add_init_word(struct cmdline *cl, const char *w, bool env)
{
	if (env) {
		if (cl->init_envc >= CMDLINE_MAX_INIT_ENVS)
			return -E2BIG;
		cl->init_envp[cl->init_envc++] = w;
	} else {
		if (cl->init_argc >= CMDLINE_MAX_INIT_ARGS)
			return -E2BIG;
		cl->init_argv[cl->init_argc++] = w;
	}
	return 0;
}

static int
parse_word(struct cmdline *cl, const char *w)
{
	if (!strncmp(w, "init=", 5))
		cl->init = w + 5;
	else if (!strncmp(w, "root=", 5))
		cl->root = w + 5;
	else if (!strcmp(w, "quiet"))
		cl->quiet = true;
	else if (!strncmp(w, "loglevel=", 9))
		return parse_int(w + 9, &cl->loglevel);
	else if (!strcmp(w, "kpti=on"))
		cl->kpti = 1;
	else if (!strcmp(w, "kpti=off"))
		cl->kpti = 0;
	else if (!strncmp(w, "kpti=", 5))
		return -EINVAL;
	else if (!strncmp(w, "selftest=", 9))
		cl->selftest = w + 9;
	else
		return add_init_word(cl, w, strchr(w, '=') != NULL);
	return 0;
}

int
cmdline_parse(char *buf, struct cmdline *cl)
{
	char *p = buf, *w;
	bool to_init = false;
	int err = 0;

	*cl = (struct cmdline){ .loglevel = -1, .kpti = -1 };
	while (!err && (w = next_word(&p))) {
		if (to_init)
			err = add_init_word(cl, w, false);
		else if (!strcmp(w, "--"))
			to_init = true;
		else
			err = parse_word(cl, w);
	}
	return err;
}
