/*
 * pid 1. Its task starts in the kernel, opens the console as fds 0, 1
 * and 2, and execs the init program with the arguments and environment
 * the command line gives it; a missing init= program is fatal, as on
 * Linux ("Requested init ... failed").
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <asm-generic/resource.h>
#include <asm-generic/signal.h>

#include "printk/printk.h"
#include "fs/file.h"
#include "fs/fs_context.h"
#include "fs/fsops.h"
#include "fs/vfs.h"
#include "lib/cmdline.h"
#include "lib/string.h"
#include "proc/exec.h"
#include "proc/init.h"
#include "proc/rlimit.h"
#include "sched/sched.h"
#include "proc/signal.h"
#include "proc/task.h"

static const char *const default_inits[] = { "/init", "/sbin/init", "/bin/sh" };

static void
open_console(struct task *t)
{
	struct file *f;

	if (vfs_open(vfs_root, "/dev/console", O_RDWR, 0, &f) < 0) {
		pr_err("tern: cannot open /dev/console for init");
		return;
	}
	for (int fd = 0; fd < 3; fd++) {
		file_get(f);
		if (fd_install(t->files, f, fd, false, FD_MAX_DEFAULT) != fd)
			panic("open_console: fd %d taken", fd);
	}
	file_put(f);
}

static int
try_init(const char *path, const struct cmdline *cl)
{
	struct exec_strings args = { 0 };
	int err = exec_strings_add(&args, path, strlen(path));

	for (int i = 0; !err && i < cl->init_argc; i++)
		err = exec_strings_add(&args, cl->init_argv[i], strlen(cl->init_argv[i]));
	args.argc = 1 + cl->init_argc;
	/* As Linux: init's environment starts with HOME=/ and TERM=linux. */
	if (!err)
		err = exec_strings_add(&args, "HOME=/", 6);
	if (!err)
		err = exec_strings_add(&args, "TERM=linux", 10);
	for (int i = 0; !err && i < cl->init_envc; i++)
		err = exec_strings_add(&args, cl->init_envp[i], strlen(cl->init_envp[i]));
	args.envc = 2 + cl->init_envc;
	if (!err)
		err = exec_program(path, &args);
	exec_strings_free(&args);
	return err;
}

static void
init_entry(void *arg)
{
	const struct cmdline *cl = arg;
	struct task *t = current_task();
	int err;

	open_console(t);
	if (cl->init) {
		err = try_init(cl->init, cl);
		if (err)
			panic("init_entry: requested init %s failed (error %d)", cl->init, err);
	} else {
		err = -ENOENT;
		for (size_t i = 0; i < ARRAY_SIZE(default_inits) && err; i++)
			err = try_init(default_inits[i], cl);
		if (err)
			panic("init_entry: no working init found (tried /init, /sbin/init, /bin/sh)");
	}
	task_return_to_user();
}

void
init_start(const struct cmdline *cl)
{
	struct task *t = task_create("init", init_entry, (void *)cl);

	if (!t)
		panic("init_start: no memory for pid 1");
	t->tid = t->tgid = pid_alloc();
	KASSERT(t->tid == 1);
	t->files = files_create();
	t->fs = fs_context_create(vfs_root);
	if (!t->files || !t->fs)
		panic("init_start: no memory for pid 1");
	rlimit_init_defaults(t->rlim);
	if (signal_task_init(t, NULL, false))
		panic("init_start: no memory for pid 1");
	t->pgid = t->sid = t->tgid;
	t->group_leader = t;
	t->exit_signal = SIGCHLD;
	spin_lock(&tasklist_lock);
	list_add_tail(&t->all_link, &all_tasks);
	spin_unlock(&tasklist_lock);
	init_task = t;
	sched_add(t);
}
