/*
 * cred: umask and the user/group id calls. umask returns the old mask,
 * keeps only 0777, applies to files created, and is per process (a
 * child's change stays in the child). The ids start as root; a child
 * drops them and then meets Linux's rules: an unprivileged process may
 * only take ids it already holds (EPERM otherwise), the saved id follows
 * setreuid's rule, setfsuid returns the old value and never fails,
 * setgroups needs privilege. Hostile pointers to getresuid, getresgid,
 * getgroups and setgroups give EFAULT. Children record what they saw in
 * a shared page; the parent prints it.
 *
 * Linux's init starts with umask 0022 and as root: the reference run
 * must start the same way.
 */
#include "checks.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/fsuid.h>
#include <sys/stat.h>

struct rec {
	long ret;
	int err;
};

static struct rec *r;

#define REC(i, expr) (errno = 0, r[i].ret = (long)(expr), r[i].err = errno)

static void
show(int i, const char *what, long want, int want_err)
{
	errno = r[i].err;
	if (want_err)
		expect_err(what, r[i].ret, want_err);
	else
		expect_ret(what, r[i].ret, want);
}

static int
child_umask(void *arg)
{
	(void)arg;
	REC(0, umask(0));
	return 0;
}

static void
umask_checks(void)
{
	char path[64];
	struct stat st;
	int fd, status;

	printf("initial umask: %04o\n", (unsigned)umask(027));
	expect_ret("umask(0777|07000) returns the previous 027", umask(0777 | 07000), 027);
	expect_ret("umask(027) returns 0777 (high bits dropped)", umask(027), 0777);
	snprintf(path, sizeof(path), "/tmp/tern-cred-%d", (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd >= 0 && fstat(fd, &st) == 0)
		printf("file created 0666 under umask 027: mode %04o\n", st.st_mode & 07777);
	else
		printf("cannot create %s: %s\n", path, err_name(errno));
	all_ok = all_ok && fd >= 0 && (st.st_mode & 07777) == 0640;
	close(fd);
	unlink(path);
	status = in_child(child_umask, NULL);
	show(0, "the child inherits umask 027", 027, 0);
	check("the child's umask(0) leaves the parent's alone", status == 0 && umask(022) == 027);
}

/* glibc passes a uid_t of -1 as 0xffffffff; Linux reads the low 32 bits. */
static int
minus_one(void *arg)
{
	uid_t a, b, c;
	gid_t d, e, f;

	(void)arg;
	REC(0, setuid(-1));
	REC(1, setgid(-1));
	REC(2, getresuid(&a, &b, &c) == 0 && getresgid(&d, &e, &f) == 0 && !a && !b && !c && !d &&
		       !e && !f);
	return 0;
}

static int
drop_privileges(void *arg)
{
	uid_t a, b, c;

	(void)arg;
	REC(0, setresgid(2000, 2001, 2002));
	REC(1, setresuid(1000, 1001, 1002));
	REC(2, getresuid(&a, &b, &c) == 0 && a == 1000 && b == 1001 && c == 1002);
	REC(3, getuid() == 1000 && geteuid() == 1001);
	REC(4, getgid() == 2000 && getegid() == 2001);
	REC(5, setuid(0));
	REC(6, setresuid(5, -1, -1));
	REC(7, setresuid(-1, 1002, -1));
	REC(8, geteuid() == 1002);
	REC(9, setreuid(1001, -1));
	REC(10, setgid(0));
	REC(11, setresgid(-1, 2002, 2000));
	REC(12, setgroups(0, NULL));
	REC(13, setfsuid(4242));
	REC(14, setfsuid(-1));
	REC(15, setuid(1000));
	REC(16, getresuid(&a, &b, &c) == 0 && a == 1000 && b == 1000 && c == 1002);
	return 0;
}

static int
saved_ids(void *arg)
{
	uid_t a, b, c;

	(void)arg;
	REC(0, seteuid(1000));
	REC(1, getresuid(&a, &b, &c) == 0 && a == 0 && b == 1000 && c == 0);
	REC(2, seteuid(0));
	REC(3, setreuid(1000, 1000));
	REC(4, getresuid(&a, &b, &c) == 0 && a == 1000 && b == 1000 && c == 1000);
	REC(5, seteuid(0));
	return 0;
}

static int
groups(void *arg)
{
	gid_t list[4] = { 5, 6 };

	(void)arg;
	REC(0, setgroups(2, list));
	REC(1, getgroups(0, NULL));
	REC(2, getgroups(4, list) == 2 && list[0] == 5 && list[1] == 6);
	REC(3, getgroups(1, list));
	REC(4, syscall(SYS_getgroups, -1, list));
	REC(5, syscall(SYS_setgroups, -1, list));
	REC(6, setgroups(65537, list));
	REC(7, setgroups(0, NULL));
	REC(8, getgroups(0, NULL));
	REC(9, setuid(1000));
	REC(10, setgroups(0, NULL));
	return 0;
}

static void
id_checks(void)
{
	uid_t a = 1, b = 1, c = 1;
	gid_t d = 1, e = 1, f = 1;
	int st;

	check("getresuid: all 0", getresuid(&a, &b, &c) == 0 && !a && !b && !c);
	check("getresgid: all 0", getresgid(&d, &e, &f) == 0 && !d && !e && !f);
	check("getuid, geteuid, getgid, getegid: all 0",
	      !getuid() && !geteuid() && !getgid() && !getegid());
	/* In a child: a kernel that took -1 as an id would stop being root. */
	st = in_child(minus_one, NULL);
	printf("child calling setuid(-1), setgid(-1): %s\n", status_str(st));
	show(0, "setuid(-1)", 0, EINVAL);
	show(1, "setgid(-1)", 0, EINVAL);
	show(2, "  the child is still root", 1, 0);

	st = in_child(drop_privileges, NULL);
	printf("child dropping privileges: %s\n", status_str(st));
	show(0, "setresgid(2000, 2001, 2002)", 0, 0);
	show(1, "setresuid(1000, 1001, 1002)", 0, 0);
	show(2, "  getresuid gives 1000 1001 1002", 1, 0);
	show(3, "  getuid 1000, geteuid 1001", 1, 0);
	show(4, "  getgid 2000, getegid 2001", 1, 0);
	show(5, "setuid(0) unprivileged", 0, EPERM);
	show(6, "setresuid(5, -1, -1) unprivileged", 0, EPERM);
	show(7, "setresuid(-1, saved uid, -1)", 0, 0);
	show(8, "  geteuid is the saved uid", 1, 0);
	show(9, "setreuid(1001, -1): 1001 is neither the real nor the effective uid", 0, EPERM);
	show(10, "setgid(0) unprivileged", 0, EPERM);
	show(11, "setresgid(-1, saved gid, real gid)", 0, 0);
	show(12, "setgroups(0) unprivileged", 0, EPERM);
	show(13, "setfsuid(4242) returns the old fsuid (the euid 1002)", 1002, 0);
	show(14, "setfsuid(-1) returns it unchanged (4242 was refused)", 1002, 0);
	show(15, "setuid(real uid) unprivileged", 0, 0);
	show(16, "  sets only the effective uid: 1000 1000 1002", 1, 0);

	st = in_child(saved_ids, NULL);
	printf("child using the saved uid: %s\n", status_str(st));
	show(0, "seteuid(1000) as root", 0, 0);
	show(1, "  getresuid gives 0 1000 0", 1, 0);
	show(2, "seteuid(0) back through the saved uid", 0, 0);
	show(3, "setreuid(1000, 1000)", 0, 0);
	show(4, "  the saved uid follows: 1000 1000 1000", 1, 0);
	show(5, "seteuid(0) now", 0, EPERM);

	st = in_child(groups, NULL);
	printf("child setting groups: %s\n", status_str(st));
	show(0, "setgroups(2, {5, 6})", 0, 0);
	show(1, "getgroups(0, NULL) counts them", 2, 0);
	show(2, "getgroups(4, list) gives 5 6", 1, 0);
	show(3, "getgroups(1, list) (too small)", 0, EINVAL);
	show(4, "getgroups(-1, list)", 0, EINVAL);
	show(5, "setgroups(-1, list)", 0, EINVAL);
	show(6, "setgroups(65537, list)", 0, EINVAL);
	show(7, "setgroups(0, NULL)", 0, 0);
	show(8, "getgroups(0, NULL) then", 0, 0);
	show(9, "setuid(1000)", 0, 0);
	show(10, "setgroups(0, NULL) unprivileged", 0, EPERM);
}

static int
bad_group_list(void *arg)
{
	gid_t one = 7;
	char *top = top_page();

	REC(0, setgroups(1, &one));
	REC(1, getgroups(1, arg));
	REC(2, getgroups(1, KERNEL_ADDR));
	REC(3, getgroups(1, (gid_t *)(top + PAGE - 2)));
	REC(4, setgroups(1, arg));
	REC(5, setgroups(1, KERNEL_ADDR));
	REC(6, setgroups(2, (gid_t *)(top + PAGE - 4)));
	REC(7, setgroups(1, NULL));
	return 0;
}

static void
bad_pointers(void)
{
	void *unmapped = unmapped_page();
	uid_t u;
	int st;

	expect_err("getresuid(NULL, &u, &u)", getresuid(NULL, &u, &u), EFAULT);
	expect_err("getresuid(&u, unmapped, &u)", getresuid(&u, unmapped, &u), EFAULT);
	expect_err("getresuid(&u, &u, kernel)", getresuid(&u, &u, KERNEL_ADDR), EFAULT);
	expect_err("getresgid(straddling, &u, &u)", getresgid((gid_t *)0x3ffffffffeUL, &u, &u),
		   EFAULT);
	st = in_child(bad_group_list, unmapped);
	printf("child with hostile group lists: %s\n", status_str(st));
	show(0, "setgroups(1, {7})", 0, 0);
	show(1, "getgroups(1, unmapped)", 0, EFAULT);
	show(2, "getgroups(1, kernel)", 0, EFAULT);
	show(3, "getgroups(1, straddling the top)", 0, EFAULT);
	show(4, "setgroups(1, unmapped)", 0, EFAULT);
	show(5, "setgroups(1, kernel)", 0, EFAULT);
	show(6, "setgroups(2, straddling the top)", 0, EFAULT);
	show(7, "setgroups(1, NULL)", 0, EFAULT);
}

int
main(void)
{
	test_setup();
	r = shared_page(PAGE);
	umask_checks();
	id_checks();
	bad_pointers();
	return test_result();
}
