/*
 * User and group ids. Tern runs everything as root and enforces no
 * permission on files, but the calls keep Linux's rules among the ids
 * themselves, so a program that drops privileges sees what it expects.
 */
#include <asm-generic/errno.h>

#include <linux/limits.h>

#include <atomic.h>
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "proc/task.h"
#include "sys/sys.h"

#define ID_KEEP ((unsigned)-1)

static bool
privileged(const struct task_cred *c)
{
	return c->euid == 0;
}

/* May an unprivileged task take value v for one of its ids? */
static bool
one_of(unsigned v, unsigned a, unsigned b, unsigned c)
{
	return v == ID_KEEP || v == a || v == b || v == c;
}

long
sys_setresuid(uid_t r, uid_t e, uid_t s)
{
	struct task_cred *c = &current_task()->cred;

	if (!privileged(c) &&
	    !(one_of(r, c->uid, c->euid, c->suid) && one_of(e, c->uid, c->euid, c->suid) &&
	      one_of(s, c->uid, c->euid, c->suid)))
		return -EPERM;
	if (r != ID_KEEP)
		c->uid = r;
	if (e != ID_KEEP)
		c->euid = e;
	if (s != ID_KEEP)
		c->suid = s;
	c->fsuid = c->euid;
	return 0;
}

long
sys_setresgid(gid_t r, gid_t e, gid_t s)
{
	struct task_cred *c = &current_task()->cred;

	if (!privileged(c) &&
	    !(one_of(r, c->gid, c->egid, c->sgid) && one_of(e, c->gid, c->egid, c->sgid) &&
	      one_of(s, c->gid, c->egid, c->sgid)))
		return -EPERM;
	if (r != ID_KEEP)
		c->gid = r;
	if (e != ID_KEEP)
		c->egid = e;
	if (s != ID_KEEP)
		c->sgid = s;
	c->fsgid = c->egid;
	return 0;
}

long
sys_setuid(uid_t uid)
{
	struct task_cred *c = &current_task()->cred;

	if (uid == ID_KEEP)
		return -EINVAL;
	if (privileged(c))
		return sys_setresuid(uid, uid, uid);
	return sys_setresuid(ID_KEEP, uid, ID_KEEP);
}

long
sys_setgid(gid_t gid)
{
	struct task_cred *c = &current_task()->cred;

	if (gid == ID_KEEP)
		return -EINVAL;
	if (privileged(c))
		return sys_setresgid(gid, gid, gid);
	return sys_setresgid(ID_KEEP, gid, ID_KEEP);
}

long
sys_setreuid(uid_t r, uid_t e)
{
	struct task_cred *c = &current_task()->cred;
	/* As Linux: the saved id follows the new effective id when the real
	 * id is set or the effective id changes to something else. */
	uid_t s = (r != ID_KEEP || (e != ID_KEEP && e != c->uid)) ? (e != ID_KEEP ? e : c->euid) :
								    ID_KEEP;

	if (!privileged(c) &&
	    !(one_of(r, c->uid, c->euid, c->uid) && one_of(e, c->uid, c->euid, c->suid)))
		return -EPERM;
	return sys_setresuid(r, e, s == ID_KEEP ? ID_KEEP : s);
}

long
sys_setregid(gid_t r, gid_t e)
{
	struct task_cred *c = &current_task()->cred;
	gid_t s = (r != ID_KEEP || (e != ID_KEEP && e != c->gid)) ? (e != ID_KEEP ? e : c->egid) :
								    ID_KEEP;

	if (!privileged(c) &&
	    !(one_of(r, c->gid, c->egid, c->gid) && one_of(e, c->gid, c->egid, c->sgid)))
		return -EPERM;
	return sys_setresgid(r, e, s);
}

long
sys_getresuid(uid_t __user *r, uid_t __user *e, uid_t __user *s)
{
	struct task_cred *c = &current_task()->cred;

	if (put_user(c->uid, r) || put_user(c->euid, e) || put_user(c->suid, s))
		return -EFAULT;
	return 0;
}

long
sys_getresgid(gid_t __user *r, gid_t __user *e, gid_t __user *s)
{
	struct task_cred *c = &current_task()->cred;

	if (put_user(c->gid, r) || put_user(c->egid, e) || put_user(c->sgid, s))
		return -EFAULT;
	return 0;
}

/* setfsuid/setfsgid return the old value and never fail, as Linux. */
long
sys_setfsuid(uid_t uid)
{
	struct task_cred *c = &current_task()->cred;
	uid_t old = c->fsuid;

	if (uid != ID_KEEP && (privileged(c) || one_of(uid, c->uid, c->euid, c->suid)))
		c->fsuid = uid;
	return old;
}

long
sys_setfsgid(gid_t gid)
{
	struct task_cred *c = &current_task()->cred;
	gid_t old = c->fsgid;

	if (gid != ID_KEEP && (privileged(c) || one_of(gid, c->gid, c->egid, c->sgid)))
		c->fsgid = gid;
	return old;
}

long
sys_getgroups(int size, gid_t __user *list)
{
	const struct group_list *g = current_task()->cred.groups;
	int n = g ? g->count : 0;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return n;
	if (size < n)
		return -EINVAL;
	if (n && copy_to_user(list, g->gid, n * sizeof(gid_t)))
		return -EFAULT;
	return n;
}

void
group_list_put(struct group_list *g)
{
	if (g && atomic_dec_acq_rel(&g->refs) == 0)
		kfree(g);
}

static void
sort_gids(gid_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			gid_t tmp = v[j];

			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
}

long
sys_setgroups(int size, const gid_t __user *list)
{
	struct task_cred *c = &current_task()->cred;
	struct group_list *g = NULL;

	if (!privileged(c))
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX)
		return -EINVAL;
	if (size) {
		g = kmalloc(sizeof(*g) + size * sizeof(gid_t));
		if (!g)
			return -ENOMEM;
		if (copy_from_user(g->gid, list, size * sizeof(gid_t))) {
			kfree(g);
			return -EFAULT;
		}
		g->refs = 1;
		g->count = size;
		/* As Linux: kept sorted (groups_sort). */
		sort_gids(g->gid, size);
	}
	group_list_put(c->groups);
	c->groups = g;
	return 0;
}
