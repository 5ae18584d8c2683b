/*
 * The kernel command line (DESIGN.md §1): init=, root=, quiet,
 * loglevel=, kpti=, selftest=, and what Linux passes on to init: words
 * after "--" and unknown words become init's arguments, unknown
 * "name=value" words its environment.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#define CMDLINE_MAX_INIT_ARGS 32
#define CMDLINE_MAX_INIT_ENVS 32

struct cmdline {
	const char *init; /* NULL: the default search */
	const char *root; /* NULL: the initramfs stays "/" */
	int loglevel;	  /* -1: not given */
	bool quiet;
	int kpti;	      /* -1 not given, 0 off, 1 on */
	const char *selftest; /* NULL or the name of a boot self-test */
	const char *init_argv[CMDLINE_MAX_INIT_ARGS];
	int init_argc;
	const char *init_envp[CMDLINE_MAX_INIT_ENVS];
	int init_envc;
};

/*
 * Split buf (modified in place: words are NUL-terminated inside it) and
 * fill cl. Returns 0, -EINVAL for a bad value (kpti=maybe, loglevel=x),
 * or -E2BIG when init would get more arguments or variables than fit.
 */
int __must_check cmdline_parse(char *buf, struct cmdline *cl);
