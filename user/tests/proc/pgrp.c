/*
 * pgrp: process groups and sessions, as setpgid(2), setsid(2), getsid(2)
 * give them. Children inherit the group and session; setpgid moves a
 * process into its own or another group of its session and refuses a
 * session leader, another session's group, a group that does not exist
 * (EPERM), a process that is neither the caller nor its child (ESRCH) and
 * a negative group (EINVAL); setsid makes a new session unless the caller
 * already leads a group (EPERM); getpgid/getsid of a missing process are
 * ESRCH. Each scenario runs in a child (the test itself may be a group
 * leader: it is pid 1 on Tern) that records what each call returned in a
 * shared page; the parent prints the records. Values are printed as
 * relations (the child's own pid, the parent's group), never as pids.
 */
#include "checks.h"

struct rec {
	long ret;
	int err;
};

static struct rec *r; /* shared page: what the child saw */
static pid_t my_pgid, my_sid;

#define REC(i, expr) (errno = 0, r[i].ret = (long)(expr), r[i].err = errno)

/* r[i] was a success returning want. */
static void
show_ret(int i, const char *what, long want)
{
	errno = r[i].err;
	expect_ret(what, r[i].ret, want);
}

/* r[i] was a failure with want. */
static void
show_err(int i, const char *what, int want)
{
	errno = r[i].err;
	expect_err(what, r[i].ret, want);
}

static int
inherit_and_own_group(void *arg)
{
	pid_t me = getpid();

	(void)arg;
	REC(0, getpgid(0) == my_pgid);
	REC(1, getsid(0) == my_sid);
	REC(2, getpgid(me) == getpgid(0));
	REC(3, getsid(getppid()) == my_sid);
	REC(4, setpgid(0, 0));
	REC(5, getpgid(0) == me);
	REC(6, setsid());
	REC(7, setpgid(0, my_pgid));
	REC(8, getpgid(0) == my_pgid);
	REC(9, setpgid(me, me));
	REC(10, setpgid(0, -1));
	REC(11, setpgid(-1, 0));
	REC(12, setpgid(getppid(), 0));
	return 0;
}

static void
inheritance(void)
{
	int st = in_child(inherit_and_own_group, NULL);

	printf("child: %s\n", status_str(st));
	show_ret(0, "child's getpgid(0) is the parent's group", 1);
	show_ret(1, "child's getsid(0) is the parent's session", 1);
	show_ret(2, "getpgid(own pid) equals getpgid(0)", 1);
	show_ret(3, "getsid(parent) is the parent's session", 1);
	show_ret(4, "setpgid(0, 0)", 0);
	show_ret(5, "  now leads its own group", 1);
	show_err(6, "setsid() as a group leader", EPERM);
	show_ret(7, "setpgid(0, parent's group)", 0);
	show_ret(8, "  back in the parent's group", 1);
	show_ret(9, "setpgid(own pid, own pid)", 0);
	show_err(10, "setpgid(0, -1)", EINVAL);
	show_err(11, "setpgid(-1, 0)", EINVAL);
	show_err(12, "setpgid(parent, 0)", ESRCH);
}

static int
spin_until_told(void *arg)
{
	(void)arg;
	while (!r[15].ret)
		sched_yield();
	return 0;
}

static int
new_session(void *arg)
{
	pid_t me = getpid(), kid, kid2;

	(void)arg;
	REC(0, setsid() == me);
	REC(1, getsid(0) == me);
	REC(2, getpgid(0) == me);
	REC(3, setsid());
	REC(4, setpgid(0, my_pgid));
	REC(5, setpgid(0, 0));
	REC(6, getsid(getppid()) == my_sid);
	/* A child of the session leader: in the new session and group. */
	kid = fork();
	if (kid == 0)
		_exit(spin_until_told(NULL));
	kid2 = fork();
	if (kid2 == 0)
		_exit(spin_until_told(NULL));
	REC(7, getsid(kid) == me);
	REC(8, getpgid(kid) == me);
	REC(9, setpgid(kid, kid));
	REC(10, getpgid(kid) == kid);
	REC(11, setpgid(kid, me));
	/* kid2 leads no group: there is no group to move kid into. */
	REC(12, setpgid(kid, kid2));
	r[15].ret = 1;
	waitpid(kid, NULL, 0);
	waitpid(kid2, NULL, 0);
	REC(13, getpgid(kid));
	REC(14, getsid(kid));
	return 0;
}

static void
sessions(void)
{
	int st = in_child(new_session, NULL);

	printf("child: %s\n", status_str(st));
	show_ret(0, "setsid() returns the caller's pid", 1);
	show_ret(1, "  getsid(0) is the caller", 1);
	show_ret(2, "  getpgid(0) is the caller", 1);
	show_err(3, "setsid() again", EPERM);
	show_err(4, "setpgid(0, group of the old session)", EPERM);
	show_err(5, "setpgid(0, 0) as session leader", EPERM);
	show_ret(6, "getsid(parent) is still the old session", 1);
	show_ret(7, "its child is in the new session", 1);
	show_ret(8, "  and in its group", 1);
	show_ret(9, "setpgid(child, child)", 0);
	show_ret(10, "  the child leads a group", 1);
	show_ret(11, "setpgid(child, own group)", 0);
	show_err(12, "setpgid(child, pid that leads no group)", EPERM);
	show_err(13, "getpgid(a reaped child)", ESRCH);
	show_err(14, "getsid(a reaped child)", ESRCH);
}

static int
own_session_then_spin(void *arg)
{
	(void)arg;
	REC(0, setsid() == getpid());
	return spin_until_told(NULL);
}

/* Fork fn without waiting. */
static pid_t
spawn(int (*fn)(void *))
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fn(NULL));
	return pid;
}

static void
parent_moves_children(void)
{
	pid_t a, s;

	memset(r, 0, PAGE);
	a = spawn(spin_until_told);
	expect_ret("setpgid(child, child) from the parent", setpgid(a, a), 0);
	expect_ret("  getpgid(child) is the child", getpgid(a) == a, 1);
	expect_ret("setpgid(child, own group) from the parent", setpgid(a, my_pgid), 0);
	expect_ret("  getpgid(child) is the parent's group", getpgid(a) == my_pgid, 1);
	s = spawn(own_session_then_spin);
	while (!r[0].ret)
		sched_yield();
	expect_err("setpgid(child in another session, itself)", setpgid(s, s), EPERM);
	expect_ret("getsid(that child) is the child", getsid(s) == s, 1);
	r[15].ret = 1;
	expect_status("the first child", a, 0);
	expect_status("the second child", s, 0);
	expect_err("setpgid(a reaped child, 0)", setpgid(a, 0), ESRCH);
	expect_err("getpgid(a reaped child)", getpgid(a), ESRCH);
	expect_err("getsid(a reaped child)", getsid(a), ESRCH);
}

int
main(void)
{
	test_setup();
	r = shared_page(PAGE);
	my_pgid = getpgid(0);
	my_sid = getsid(0);
	inheritance();
	memset(r, 0, PAGE);
	sessions();
	parent_moves_children();
	return test_result();
}
