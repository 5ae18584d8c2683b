/*
 * Unit tests of ramfs (kernel/fs/ramfs/ramfs.c) through the VFS calls
 * the system calls make (kernel/fs/fsops.c, rename.c, open.c, attr.c,
 * file.c): creating, linking, unlinking and renaming names with Linux's
 * rules and link counts, reading directories with stable positions, and
 * file data through the page array (holes, truncation, SEEK_DATA).
 */
/* UAPI headers first: <linux/stat.h> hides S_IF* once glibc's are in. */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>

#include <criterion/criterion.h>
#include <dirent.h>
#include <string.h>

#include "fakes/fake_mem.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "ramfs_root.h"

TestSuite(ramfs, .init = fs_setup);
TestSuite(ramfs_rename, .init = fs_setup);
TestSuite(ramfs_readdir, .init = fs_setup);
TestSuite(ramfs_data, .init = fs_setup);

static int
mknod(const char *path, mode_t mode)
{
	return vfs_mknod(vfs_root, path, mode, 0);
}

static int
rename2(const char *from, const char *to, unsigned flags)
{
	return vfs_rename(vfs_root, from, vfs_root, to, flags);
}

static int
link_path(const char *from, const char *to)
{
	struct inode *src = fs_lookup(from, 0);
	int err = vfs_link(src, vfs_root, to);

	inode_put(src);
	return err;
}

static bool
exists(const char *path)
{
	return fs_lookup_err(path, 0) == 0;
}

static uint64_t
ino_of(const char *path)
{
	struct inode *ino = fs_lookup(path, 0);
	uint64_t n = ino->ino;

	inode_put(ino);
	return n;
}

/* Write a file's whole contents from offset 0. */
static void
put_file(const char *path, const char *data)
{
	fs_write_at(path, 0, data, strlen(data));
}

/* Read len bytes of path at off into buf: the count or an errno. */
static ssize_t
read_at(const char *path, uint64_t off, void *buf, size_t len)
{
	struct file *f = fs_open(path, O_RDONLY);
	struct uio u;
	ssize_t n;

	uio_init_kernel(&u, buf, len);
	n = file_read(f, &u, &off);
	file_put(f);
	return n;
}

static int
truncate_path(const char *path, uint64_t size)
{
	struct inode *ino = fs_lookup(path, 0);
	int err = vfs_truncate(ino, size);

	inode_put(ino);
	return err;
}

static uint64_t
blocks_of(const char *path)
{
	struct inode *ino = fs_lookup(path, 0);
	struct kstat st;

	vfs_getattr(ino, &st);
	inode_put(ino);
	return st.blocks;
}

/* ---- creation ---------------------------------------------------------------- */

Test(ramfs, a_new_file_is_empty_with_one_link)
{
	struct inode *ino;

	cr_assert_eq(mknod("/f", S_IFREG | 0640), 0);
	ino = fs_lookup("/f", 0);
	cr_assert_eq(ino->mode, S_IFREG | 0640);
	cr_assert_eq(ino->nlink, 1);
	cr_assert_eq(ino->size, 0);
	inode_put(ino);
}

Test(ramfs, mknod_of_type_zero_makes_a_regular_file)
{
	struct inode *ino;

	cr_assert_eq(mknod("/f", 0644), 0);
	ino = fs_lookup("/f", 0);
	cr_assert(S_ISREG(ino->mode));
	inode_put(ino);
}

Test(ramfs, mknod_of_an_unknown_type_is_einval)
{
	cr_assert_eq(mknod("/f", 0170000), -EINVAL);
	cr_assert_not(exists("/f"));
}

Test(ramfs, mkdir_gives_two_links_and_the_parent_one_more)
{
	uint32_t root_links = fs_nlink("/");

	fs_mkdir("/d");
	cr_assert_eq(fs_nlink("/d"), 2);
	cr_assert_eq(fs_nlink("/"), root_links + 1);
	fs_mkdir("/d/e");
	cr_assert_eq(fs_nlink("/d"), 3);
	fs_touch("/d/f");
	cr_assert_eq(fs_nlink("/d"), 3, "files do not link back");
}

Test(ramfs, every_inode_gets_its_own_number)
{
	fs_touch("/a");
	fs_touch("/b");
	fs_mkdir("/c");
	cr_assert_neq(ino_of("/a"), ino_of("/b"));
	cr_assert_neq(ino_of("/b"), ino_of("/c"));
	cr_assert_neq(ino_of("/a"), ino_of("/"));
}

Test(ramfs, creating_an_existing_name_is_eexist)
{
	fs_touch("/f");
	fs_mkdir("/d");
	fs_symlink("f", "/l");
	cr_assert_eq(mknod("/f", S_IFREG | 0644), -EEXIST);
	cr_assert_eq(mknod("/d", S_IFDIR | 0755), -EEXIST);
	cr_assert_eq(mknod("/l", S_IFREG | 0644), -EEXIST, "a symlink is not followed");
	cr_assert_eq(vfs_symlink(vfs_root, "/d", "x"), -EEXIST);
}

Test(ramfs, creating_dot_dotdot_or_the_root_is_eexist)
{
	fs_mkdir("/d");
	cr_assert_eq(mknod("/d/.", S_IFDIR | 0755), -EEXIST);
	cr_assert_eq(mknod("/d/..", S_IFDIR | 0755), -EEXIST);
	cr_assert_eq(mknod("/", S_IFDIR | 0755), -EEXIST);
}

Test(ramfs, a_trailing_slash_is_allowed_only_on_a_new_directory)
{
	cr_assert_eq(mknod("/f/", S_IFREG | 0644), -ENOENT);
	cr_assert_not(exists("/f"));
	cr_assert_eq(mknod("/d/", S_IFDIR | 0755), 0);
	cr_assert(exists("/d"));
}

Test(ramfs, creating_in_a_missing_directory_is_enoent)
{
	cr_assert_eq(mknod("/missing/f", S_IFREG | 0644), -ENOENT);
}

Test(ramfs, creating_a_name_longer_than_name_max_is_enametoolong)
{
	char path[NAME_MAX_LEN + 3] = "/";

	memset(path + 1, 'x', NAME_MAX_LEN + 1);
	path[NAME_MAX_LEN + 2] = '\0';
	cr_assert_eq(mknod(path, S_IFREG | 0644), -ENAMETOOLONG);
	path[NAME_MAX_LEN + 1] = '\0';
	cr_assert_eq(mknod(path, S_IFREG | 0644), 0);
}

Test(ramfs, creating_without_memory_is_enospc_and_leaves_nothing)
{
	struct fs_usage before;

	fs_touch("/f");
	fs_mkdir("/d");
	before = fs_usage();
	fake_mem_exhaust();
	cr_assert_eq(mknod("/g", S_IFREG | 0644), -ENOSPC);
	cr_assert_eq(mknod("/e", S_IFDIR | 0755), -ENOSPC);
	cr_assert_eq(vfs_symlink(vfs_root, "/l", "f"), -ENOSPC);
	cr_assert_eq(link_path("/f", "/h"), -ENOSPC);
	cr_assert_eq(rename2("/f", "/d/f", 0), -ENOSPC);
	fake_mem_release();
	fs_assert_usage(before);
	cr_assert_not(exists("/g"));
	cr_assert_not(exists("/e"));
	cr_assert_not(exists("/l"));
	cr_assert_not(exists("/h"));
	cr_assert(exists("/f"));
	cr_assert_eq(fs_nlink("/f"), 1);
	cr_assert_eq(fs_nlink("/"), 3);
}

/* ---- symlinks ------------------------------------------------------------------ */

Test(ramfs, a_symlink_keeps_its_target_as_its_contents)
{
	struct inode *ino;
	char buf[32];

	fs_symlink("some/where", "/l");
	ino = fs_lookup("/l", 0);
	cr_assert(S_ISLNK(ino->mode));
	cr_assert_eq(ino->size, 10);
	cr_assert_eq(vfs_readlink(ino, buf, sizeof(buf)), 10);
	cr_assert_eq(memcmp(buf, "some/where", 10), 0);
	cr_assert_eq(vfs_readlink(ino, buf, 4), 4, "readlink truncates");
	cr_assert_eq(memcmp(buf, "some", 4), 0);
	inode_put(ino);
}

Test(ramfs, readlink_of_a_file_is_einval)
{
	struct inode *ino;
	char buf[8];

	fs_touch("/f");
	ino = fs_lookup("/f", 0);
	cr_assert_eq(vfs_readlink(ino, buf, sizeof(buf)), -EINVAL);
	inode_put(ino);
}

Test(ramfs, a_symlink_with_an_empty_target_is_enoent)
{
	cr_assert_eq(vfs_symlink(vfs_root, "/l", ""), -ENOENT);
	cr_assert_not(exists("/l"));
}

/* ---- hard links ---------------------------------------------------------------- */

Test(ramfs, link_adds_a_name_and_a_link)
{
	fs_mkdir("/d");
	fs_touch("/f");
	cr_assert_eq(link_path("/f", "/d/g"), 0);
	cr_assert_eq(ino_of("/f"), ino_of("/d/g"));
	cr_assert_eq(fs_nlink("/f"), 2);
	cr_assert_eq(fs_nlink("/d"), 2, "a file link is not a subdirectory");
}

Test(ramfs, link_to_a_directory_is_eperm)
{
	fs_mkdir("/d");
	cr_assert_eq(link_path("/d", "/e"), -EPERM);
	cr_assert_eq(fs_nlink("/d"), 2);
}

Test(ramfs, link_onto_an_existing_name_is_eexist)
{
	fs_touch("/f");
	fs_touch("/g");
	cr_assert_eq(link_path("/f", "/g"), -EEXIST);
	cr_assert_eq(fs_nlink("/f"), 1);
}

Test(ramfs, link_of_a_file_without_links_is_enoent)
{
	struct inode *ino;

	fs_touch("/f");
	ino = fs_lookup("/f", 0);
	cr_assert_eq(vfs_unlink(vfs_root, "/f"), 0);
	cr_assert_eq(vfs_link(ino, vfs_root, "/g"), -ENOENT);
	cr_assert_not(exists("/g"));
	inode_put(ino);
}

/* ---- unlink and rmdir ------------------------------------------------------------- */

Test(ramfs, unlink_removes_one_name_and_one_link)
{
	fs_touch("/f");
	cr_assert_eq(link_path("/f", "/g"), 0);
	cr_assert_eq(vfs_unlink(vfs_root, "/f"), 0);
	cr_assert_not(exists("/f"));
	cr_assert_eq(fs_nlink("/g"), 1);
}

Test(ramfs, unlink_of_a_directory_or_dots_is_eisdir)
{
	fs_mkdir("/d");
	cr_assert_eq(vfs_unlink(vfs_root, "/d"), -EISDIR);
	cr_assert_eq(vfs_unlink(vfs_root, "/d/."), -EISDIR);
	cr_assert_eq(vfs_unlink(vfs_root, "/d/.."), -EISDIR);
	cr_assert_eq(vfs_unlink(vfs_root, "/"), -EISDIR);
	cr_assert(exists("/d"));
}

Test(ramfs, unlink_of_a_file_with_a_trailing_slash_is_enotdir)
{
	fs_touch("/f");
	cr_assert_eq(vfs_unlink(vfs_root, "/f/"), -ENOTDIR);
	cr_assert(exists("/f"));
}

Test(ramfs, unlink_of_a_missing_name_is_enoent)
{
	cr_assert_eq(vfs_unlink(vfs_root, "/f"), -ENOENT);
	cr_assert_eq(vfs_unlink(vfs_root, "/missing/f"), -ENOENT);
}

Test(ramfs, unlink_of_a_symlink_removes_the_link_not_its_target)
{
	fs_touch("/f");
	fs_symlink("f", "/l");
	cr_assert_eq(vfs_unlink(vfs_root, "/l"), 0);
	cr_assert_not(exists("/l"));
	cr_assert(exists("/f"));
}

Test(ramfs, an_unlinked_open_file_lives_until_its_last_reference)
{
	struct fs_usage before = fs_usage();
	struct file *f;
	char buf[8] = { 0 };

	fs_touch("/f");
	put_file("/f", "data");
	f = fs_open("/f", O_RDWR);
	cr_assert_eq(vfs_unlink(vfs_root, "/f"), 0);
	cr_assert_eq(f->inode->nlink, 0);
	cr_assert_eq(fs_read(f, buf, sizeof(buf)), 4);
	cr_assert_str_eq(buf, "data");
	file_put(f);
	fs_assert_usage(before);
}

Test(ramfs, rmdir_removes_an_empty_directory_and_its_parent_link)
{
	uint32_t links = fs_nlink("/");

	fs_mkdir("/d");
	cr_assert_eq(vfs_rmdir(vfs_root, "/d"), 0);
	cr_assert_not(exists("/d"));
	cr_assert_eq(fs_nlink("/"), links);
}

Test(ramfs, rmdir_of_a_non_empty_directory_is_enotempty)
{
	fs_mkdir("/d");
	fs_touch("/d/f");
	cr_assert_eq(vfs_rmdir(vfs_root, "/d"), -ENOTEMPTY);
	cr_assert(exists("/d/f"));
	cr_assert_eq(vfs_unlink(vfs_root, "/d/f"), 0);
	cr_assert_eq(vfs_rmdir(vfs_root, "/d"), 0);
}

Test(ramfs, rmdir_of_a_file_is_enotdir)
{
	fs_touch("/f");
	cr_assert_eq(vfs_rmdir(vfs_root, "/f"), -ENOTDIR);
	cr_assert_eq(vfs_rmdir(vfs_root, "/missing"), -ENOENT);
}

Test(ramfs, rmdir_of_dot_dotdot_and_the_root_fails_as_on_linux)
{
	fs_mkdir("/d");
	cr_assert_eq(vfs_rmdir(vfs_root, "/d/."), -EINVAL);
	cr_assert_eq(vfs_rmdir(vfs_root, "/d/.."), -ENOTEMPTY);
	cr_assert_eq(vfs_rmdir(vfs_root, "/"), -EBUSY);
	cr_assert(exists("/d"));
}

Test(ramfs, a_removed_directory_is_dead_with_no_links)
{
	struct inode *d;

	fs_mkdir("/d");
	d = fs_lookup("/d", 0);
	cr_assert_eq(vfs_rmdir(vfs_root, "/d"), 0);
	cr_assert_eq(d->nlink, 0);
	cr_assert(inode_is_dead(d));
	inode_put(d);
}

Test(ramfs, removing_everything_frees_everything)
{
	struct fs_usage before = fs_usage();

	fs_mkdir("/d");
	fs_mkdir("/d/e");
	fs_touch("/d/e/f");
	put_file("/d/e/f", "contents");
	fs_symlink("/d", "/l");
	cr_assert_eq(vfs_unlink(vfs_root, "/l"), 0);
	cr_assert_eq(vfs_unlink(vfs_root, "/d/e/f"), 0);
	cr_assert_eq(vfs_rmdir(vfs_root, "/d/e"), 0);
	cr_assert_eq(vfs_rmdir(vfs_root, "/d"), 0);
	fs_assert_usage(before);
}

/* ---- rename ---------------------------------------------------------------------- */

Test(ramfs_rename, a_file_moves_between_directories)
{
	uint64_t ino;

	fs_mkdir("/a");
	fs_mkdir("/b");
	fs_touch("/a/f");
	ino = ino_of("/a/f");
	cr_assert_eq(rename2("/a/f", "/b/g", 0), 0);
	cr_assert_not(exists("/a/f"));
	cr_assert_eq(ino_of("/b/g"), ino);
	cr_assert_eq(fs_nlink("/b/g"), 1);
}

Test(ramfs_rename, a_file_replaces_an_existing_file)
{
	struct inode *old;
	uint64_t ino;

	fs_touch("/f");
	fs_touch("/g");
	put_file("/g", "old contents");
	ino = ino_of("/f");
	old = fs_lookup("/g", 0);
	cr_assert_eq(rename2("/f", "/g", 0), 0);
	cr_assert_not(exists("/f"));
	cr_assert_eq(ino_of("/g"), ino);
	cr_assert_eq(old->nlink, 0, "the replaced file lost its link");
	inode_put(old);
}

Test(ramfs_rename, the_replaced_file_is_freed)
{
	struct fs_usage before;

	fs_touch("/f");
	before = fs_usage();
	fs_touch("/g");
	put_file("/g", "old contents");
	cr_assert_eq(rename2("/f", "/g", 0), 0);
	fs_assert_usage(before);
}

Test(ramfs_rename, a_directory_replaces_an_empty_directory)
{
	uint32_t links = fs_nlink("/");

	fs_mkdir("/a");
	fs_mkdir("/b");
	fs_touch("/a/f");
	cr_assert_eq(rename2("/a", "/b", 0), 0);
	cr_assert(exists("/b/f"));
	cr_assert_not(exists("/a"));
	cr_assert_eq(fs_nlink("/"), links + 1);
}

Test(ramfs_rename, a_directory_over_a_non_empty_directory_is_enotempty)
{
	fs_mkdir("/a");
	fs_mkdir("/b");
	fs_touch("/b/f");
	cr_assert_eq(rename2("/a", "/b", 0), -ENOTEMPTY);
	cr_assert(exists("/a"));
	cr_assert(exists("/b/f"));
}

Test(ramfs_rename, a_directory_over_a_file_is_enotdir)
{
	fs_mkdir("/d");
	fs_touch("/f");
	cr_assert_eq(rename2("/d", "/f", 0), -ENOTDIR);
}

Test(ramfs_rename, a_file_over_a_directory_is_eisdir)
{
	fs_mkdir("/d");
	fs_touch("/f");
	cr_assert_eq(rename2("/f", "/d", 0), -EISDIR);
}

Test(ramfs_rename, a_directory_into_its_own_subtree_is_einval)
{
	fs_mkdir("/a");
	fs_mkdir("/a/b");
	cr_assert_eq(rename2("/a", "/a/b/c", 0), -EINVAL);
	cr_assert_eq(rename2("/a", "/a/c", 0), -EINVAL);
	cr_assert(exists("/a/b"));
}

Test(ramfs_rename, an_ancestor_over_a_non_empty_target_is_enotempty)
{
	/* Linux: the target "/a" is an ancestor of the source's directory. */
	fs_mkdir("/a");
	fs_mkdir("/a/b");
	fs_mkdir("/a/b/c");
	cr_assert_eq(rename2("/a/b/c", "/a", 0), -ENOTEMPTY);
}

Test(ramfs_rename, a_directory_move_moves_its_parent_link)
{
	struct inode *d, *b;

	fs_mkdir("/a");
	fs_mkdir("/b");
	fs_mkdir("/a/d");
	cr_assert_eq(rename2("/a/d", "/b/d", 0), 0);
	cr_assert_eq(fs_nlink("/a"), 2);
	cr_assert_eq(fs_nlink("/b"), 3);
	d = fs_lookup("/b/d", 0);
	b = fs_lookup("/b", 0);
	cr_assert_eq(d->parent, b);
	inode_put(d);
	inode_put(b);
}

Test(ramfs_rename, noreplace_onto_an_existing_name_is_eexist)
{
	fs_touch("/f");
	fs_touch("/g");
	cr_assert_eq(rename2("/f", "/g", RENAME_NOREPLACE), -EEXIST);
	cr_assert(exists("/f"));
	cr_assert_eq(rename2("/f", "/h", RENAME_NOREPLACE), 0);
}

Test(ramfs_rename, exchange_swaps_a_file_and_a_directory)
{
	uint64_t f, d;
	struct inode *dir, *a;

	fs_mkdir("/a");
	fs_touch("/f");
	fs_mkdir("/a/d");
	f = ino_of("/f");
	d = ino_of("/a/d");
	cr_assert_eq(rename2("/f", "/a/d", RENAME_EXCHANGE), 0);
	cr_assert_eq(ino_of("/f"), d);
	cr_assert_eq(ino_of("/a/d"), f);
	cr_assert_eq(fs_nlink("/a"), 2, "/a lost its subdirectory");
	dir = fs_lookup("/f", 0);
	cr_assert_eq(dir->parent, vfs_root);
	inode_put(dir);
	a = fs_lookup("/f/..", 0);
	cr_assert_eq(a, vfs_root);
	inode_put(a);
}

Test(ramfs_rename, exchange_with_a_missing_name_is_enoent)
{
	fs_touch("/f");
	cr_assert_eq(rename2("/f", "/g", RENAME_EXCHANGE), -ENOENT);
	cr_assert(exists("/f"));
}

Test(ramfs_rename, bad_flags_are_einval)
{
	fs_touch("/f");
	cr_assert_eq(rename2("/f", "/g", RENAME_NOREPLACE | RENAME_EXCHANGE), -EINVAL);
	cr_assert_eq(rename2("/f", "/g", RENAME_WHITEOUT), -EINVAL);
	cr_assert_eq(rename2("/f", "/g", 1u << 7), -EINVAL);
	cr_assert(exists("/f"));
}

Test(ramfs_rename, dots_and_the_root_are_ebusy)
{
	fs_mkdir("/d");
	cr_assert_eq(rename2("/d/.", "/e", 0), -EBUSY);
	cr_assert_eq(rename2("/d/..", "/e", 0), -EBUSY);
	cr_assert_eq(rename2("/d", "/d/..", 0), -EBUSY);
	cr_assert_eq(rename2("/", "/e", 0), -EBUSY);
}

Test(ramfs_rename, onto_another_link_of_the_same_file_does_nothing)
{
	fs_touch("/f");
	cr_assert_eq(link_path("/f", "/g"), 0);
	cr_assert_eq(rename2("/f", "/g", 0), 0);
	cr_assert(exists("/f"), "as Linux: both names stay");
	cr_assert(exists("/g"));
	cr_assert_eq(fs_nlink("/f"), 2);
}

Test(ramfs_rename, a_trailing_slash_on_a_file_is_enotdir)
{
	fs_touch("/f");
	fs_mkdir("/d");
	cr_assert_eq(rename2("/f/", "/g", 0), -ENOTDIR);
	cr_assert_eq(rename2("/f", "/g/", 0), -ENOTDIR);
	cr_assert_eq(rename2("/d/", "/e/", 0), 0);
}

Test(ramfs_rename, a_missing_source_is_enoent)
{
	fs_mkdir("/d");
	cr_assert_eq(rename2("/f", "/g", 0), -ENOENT);
	cr_assert_eq(rename2("/missing/f", "/g", 0), -ENOENT);
	cr_assert_eq(rename2("/d", "/missing/d", 0), -ENOENT);
}

/* ---- readdir ------------------------------------------------------------------------- */

#define MAX_ENTRIES 16

struct dirlist {
	int n;
	int stop_after; /* refuse entries past this many (0: take all) */
	char name[MAX_ENTRIES][NAME_MAX_LEN + 1];
	uint64_t ino[MAX_ENTRIES];
	unsigned type[MAX_ENTRIES];
	uint64_t next[MAX_ENTRIES];
};

static int
collect(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type, uint64_t next)
{
	struct dirlist *l = ctx;

	if ((l->stop_after && l->n == l->stop_after) || l->n == MAX_ENTRIES)
		return 1;
	memcpy(l->name[l->n], name, len);
	l->name[l->n][len] = '\0';
	l->ino[l->n] = ino;
	l->type[l->n] = type;
	l->next[l->n] = next;
	l->n++;
	return 0;
}

/* Read the entries of the open directory f from its offset on. */
static struct dirlist
read_entries(struct file *f, int stop_after)
{
	struct dirlist l = { .stop_after = stop_after };

	cr_assert_eq(file_readdir(f, collect, &l), 0);
	return l;
}

static void
assert_names_are(const struct dirlist *l, const char *const *want, int n)
{
	cr_assert_eq(l->n, n, "%d entries, not %d", l->n, n);
	for (int i = 0; i < n; i++)
		cr_assert_str_eq(l->name[i], want[i], "entry %d", i);
}

Test(ramfs_readdir, lists_dot_dotdot_then_entries_in_creation_order)
{
	static const char *const want[] = { ".", "..", "zeta", "alpha", "mid" };
	struct file *f;
	struct dirlist l;

	fs_mkdir("/d");
	fs_touch("/d/zeta");
	fs_mkdir("/d/alpha");
	fs_symlink("x", "/d/mid");
	f = fs_open("/d", O_RDONLY | O_DIRECTORY);
	l = read_entries(f, 0);
	assert_names_are(&l, want, 5);
	cr_assert_eq(l.ino[0], ino_of("/d"));
	cr_assert_eq(l.ino[1], ino_of("/"));
	cr_assert_eq(l.ino[2], ino_of("/d/zeta"));
	cr_assert_eq(l.type[0], DT_DIR);
	cr_assert_eq(l.type[2], DT_REG);
	cr_assert_eq(l.type[3], DT_DIR);
	cr_assert_eq(l.type[4], DT_LNK);
	cr_assert_eq(read_entries(f, 0).n, 0, "at the end");
	file_put(f);
}

Test(ramfs_readdir, dotdot_of_the_root_is_the_root)
{
	struct file *f = fs_open("/", O_RDONLY);
	struct dirlist l = read_entries(f, 0);

	cr_assert_eq(l.n, 2);
	cr_assert_eq(l.ino[1], vfs_root->ino);
	file_put(f);
}

Test(ramfs_readdir, a_read_resumes_after_the_last_entry_taken)
{
	static const char *const first[] = { ".", "..", "a" };
	static const char *const rest[] = { "b", "c" };
	struct file *f;
	struct dirlist l;

	fs_mkdir("/d");
	fs_touch("/d/a");
	fs_touch("/d/b");
	fs_touch("/d/c");
	f = fs_open("/d", O_RDONLY);
	l = read_entries(f, 3);
	assert_names_are(&l, first, 3);
	cr_assert_eq(f->pos, l.next[2], "the offset is the last entry's d_off");
	l = read_entries(f, 0);
	assert_names_are(&l, rest, 2);
	file_put(f);
}

Test(ramfs_readdir, positions_survive_removals_and_creations)
{
	static const char *const rest[] = { "c", "new" };
	struct file *f;
	struct dirlist l;

	fs_mkdir("/d");
	fs_touch("/d/a");
	fs_touch("/d/b");
	fs_touch("/d/c");
	f = fs_open("/d", O_RDONLY);
	l = read_entries(f, 3); /* ".", "..", "a" */
	cr_assert_eq(vfs_unlink(vfs_root, "/d/a"), 0);
	cr_assert_eq(vfs_unlink(vfs_root, "/d/b"), 0);
	fs_touch("/d/new");
	l = read_entries(f, 0);
	assert_names_are(&l, rest, 2);
	file_put(f);
}

Test(ramfs_readdir, seeking_back_to_an_offset_rereads_from_there)
{
	static const char *const from_b[] = { "b", "c" };
	struct file *f;
	struct dirlist l;

	fs_mkdir("/d");
	fs_touch("/d/a");
	fs_touch("/d/b");
	fs_touch("/d/c");
	f = fs_open("/d", O_RDONLY);
	l = read_entries(f, 0);
	cr_assert_eq(file_llseek(f, (int64_t)l.next[2], SEEK_SET), (int64_t)l.next[2]);
	l = read_entries(f, 0);
	assert_names_are(&l, from_b, 2);
	cr_assert_eq(file_llseek(f, 0, SEEK_SET), 0);
	cr_assert_eq(read_entries(f, 0).n, 5);
	cr_assert_eq(file_llseek(f, 0, SEEK_END), -EINVAL, "directories seek by position only");
	file_put(f);
}

Test(ramfs_readdir, a_renamed_entry_moves_to_the_end)
{
	static const char *const want[] = { ".", "..", "b", "c", "a2" };
	struct file *f;
	struct dirlist l;

	fs_mkdir("/d");
	fs_touch("/d/a");
	fs_touch("/d/b");
	fs_touch("/d/c");
	cr_assert_eq(rename2("/d/a", "/d/a2", 0), 0);
	f = fs_open("/d", O_RDONLY);
	l = read_entries(f, 0);
	assert_names_are(&l, want, 5);
	file_put(f);
}

Test(ramfs_readdir, a_directory_is_twenty_bytes_per_entry)
{
	/* As tmpfs: "." and ".." count too. */
	fs_mkdir("/d");
	cr_assert_eq(fs_size("/d"), 40);
	fs_touch("/d/a");
	fs_mkdir("/d/b");
	cr_assert_eq(fs_size("/d"), 80);
	cr_assert_eq(vfs_unlink(vfs_root, "/d/a"), 0);
	cr_assert_eq(fs_size("/d"), 60);
	cr_assert_eq(rename2("/d/b", "/c", 0), 0);
	cr_assert_eq(fs_size("/d"), 40);
}

Test(ramfs_readdir, reading_a_removed_directory_is_enoent)
{
	struct file *f;
	struct dirlist l = { 0 };

	fs_mkdir("/d");
	f = fs_open("/d", O_RDONLY);
	cr_assert_eq(vfs_rmdir(vfs_root, "/d"), 0);
	cr_assert_eq(file_readdir(f, collect, &l), -ENOENT);
	cr_assert_eq(l.n, 0);
	file_put(f);
}

Test(ramfs_readdir, reading_a_file_as_a_directory_is_enotdir)
{
	struct file *f;
	struct dirlist l = { 0 };

	fs_touch("/f");
	f = fs_open("/f", O_RDONLY);
	cr_assert_eq(file_readdir(f, collect, &l), -ENOTDIR);
	file_put(f);
}

/* ---- file data --------------------------------------------------------------------------- */

Test(ramfs_data, written_bytes_read_back_and_set_the_size)
{
	char buf[16] = { 0 };

	fs_touch("/f");
	put_file("/f", "hello, world");
	cr_assert_eq(fs_size("/f"), 12);
	cr_assert_eq(read_at("/f", 0, buf, sizeof(buf)), 12);
	cr_assert_str_eq(buf, "hello, world");
	cr_assert_eq(read_at("/f", 7, buf, 3), 3);
	cr_assert_eq(memcmp(buf, "wor", 3), 0);
}

Test(ramfs_data, a_read_at_or_past_eof_returns_zero)
{
	char buf[4];

	fs_touch("/f");
	put_file("/f", "abc");
	cr_assert_eq(read_at("/f", 3, buf, sizeof(buf)), 0);
	cr_assert_eq(read_at("/f", 1000, buf, sizeof(buf)), 0);
}

Test(ramfs_data, the_file_offset_advances_with_each_read_and_write)
{
	struct file *f;
	char buf[4] = { 0 };

	fs_touch("/f");
	f = fs_open("/f", O_RDWR);
	cr_assert_eq(fs_write(f, "abc", 3), 3);
	cr_assert_eq(fs_write(f, "def", 3), 3);
	cr_assert_eq(f->pos, 6);
	cr_assert_eq(file_llseek(f, 2, SEEK_SET), 2);
	cr_assert_eq(fs_read(f, buf, 3), 3);
	cr_assert_str_eq(buf, "cde");
	cr_assert_eq(f->pos, 5);
	file_put(f);
}

Test(ramfs_data, a_write_across_pages_reads_back_whole)
{
	enum {
		LEN = 3 * PAGE_SIZE
	};
	static char in[LEN], out[LEN];

	for (size_t i = 0; i < LEN; i++)
		in[i] = (char)(i * 7 + i / PAGE_SIZE);
	fs_touch("/f");
	fs_write_at("/f", 100, in, LEN);
	cr_assert_eq(fs_size("/f"), 100 + LEN);
	cr_assert_eq(read_at("/f", 100, out, LEN), LEN);
	cr_assert_eq(memcmp(in, out, LEN), 0);
	cr_assert_eq(blocks_of("/f"), 4 * (PAGE_SIZE / 512), "four pages hold it");
}

Test(ramfs_data, a_write_past_eof_leaves_a_hole_that_reads_as_zeros)
{
	static char buf[3 * PAGE_SIZE];
	static const char zeros[2 * PAGE_SIZE];

	fs_touch("/f");
	fs_write_at("/f", 2 * PAGE_SIZE, "x", 1);
	cr_assert_eq(fs_size("/f"), 2 * PAGE_SIZE + 1);
	cr_assert_eq(blocks_of("/f"), PAGE_SIZE / 512, "only the written page is stored");
	memset(buf, 0xff, sizeof(buf));
	cr_assert_eq(read_at("/f", 0, buf, sizeof(buf)), 2 * PAGE_SIZE + 1);
	cr_assert_eq(memcmp(buf, zeros, sizeof(zeros)), 0);
	cr_assert_eq(buf[2 * PAGE_SIZE], 'x');
}

Test(ramfs_data, o_append_writes_at_the_end)
{
	struct file *f;
	char buf[8] = { 0 };

	fs_touch("/f");
	put_file("/f", "abc");
	f = fs_open("/f", O_WRONLY | O_APPEND);
	cr_assert_eq(fs_write(f, "de", 2), 2);
	file_put(f);
	cr_assert_eq(read_at("/f", 0, buf, sizeof(buf)), 5);
	cr_assert_str_eq(buf, "abcde");
}

Test(ramfs_data, o_trunc_empties_an_existing_file)
{
	fs_touch("/f");
	put_file("/f", "abc");
	file_put(fs_open("/f", O_RDONLY | O_TRUNC));
	cr_assert_eq(fs_size("/f"), 0);
	cr_assert_eq(blocks_of("/f"), 0);
}

Test(ramfs_data, truncate_shrinks_and_regrowth_reads_zeros)
{
	char buf[8];

	fs_touch("/f");
	put_file("/f", "abcdefgh");
	cr_assert_eq(truncate_path("/f", 3), 0);
	cr_assert_eq(fs_size("/f"), 3);
	cr_assert_eq(truncate_path("/f", 8), 0);
	cr_assert_eq(read_at("/f", 0, buf, 8), 8);
	cr_assert_eq(memcmp(buf, "abc\0\0\0\0\0", 8), 0);
}

Test(ramfs_data, truncate_frees_the_pages_past_the_new_size)
{
	static char page[PAGE_SIZE];
	size_t free_pages;

	fs_touch("/f");
	memset(page, 'p', sizeof(page));
	for (int i = 0; i < 4; i++)
		fs_write_at("/f", (uint64_t)i * PAGE_SIZE, page, PAGE_SIZE);
	cr_assert_eq(blocks_of("/f"), 4 * (PAGE_SIZE / 512));
	free_pages = fs_usage().free_pages;
	cr_assert_eq(truncate_path("/f", PAGE_SIZE + 1), 0);
	cr_assert_eq(blocks_of("/f"), 2 * (PAGE_SIZE / 512));
	cr_assert_eq(fs_usage().free_pages, free_pages + 2);
	cr_assert_eq(truncate_path("/f", 0), 0);
	cr_assert_eq(blocks_of("/f"), 0);
	cr_assert_eq(fs_usage().free_pages, free_pages + 4);
}

Test(ramfs_data, truncate_of_a_non_file_is_refused)
{
	fs_mkdir("/d");
	fs_symlink("d", "/l");
	cr_assert_eq(truncate_path("/d", 0), -EISDIR);
	cr_assert_eq(truncate_path("/l", 0), -EINVAL);
}

Test(ramfs_data, truncate_past_the_largest_file_is_efbig)
{
	fs_touch("/f");
	cr_assert_eq(truncate_path("/f", UINT64_MAX / 2), -EFBIG);
	cr_assert_eq(fs_size("/f"), 0);
}

Test(ramfs_data, a_write_without_memory_is_enospc)
{
	struct file *f;

	fs_touch("/f");
	f = fs_open("/f", O_WRONLY);
	fake_mem_exhaust();
	cr_assert_eq(fs_write(f, "abc", 3), -ENOSPC);
	fake_mem_release();
	cr_assert_eq(fs_size("/f"), 0);
	file_put(f);
}

Test(ramfs_data, seek_data_and_seek_hole_find_written_pages)
{
	struct file *f;

	fs_touch("/f");
	fs_write_at("/f", 2 * PAGE_SIZE + 10, "x", 1);
	fs_write_at("/f", 5 * PAGE_SIZE, "y", 1);
	f = fs_open("/f", O_RDONLY);
	cr_assert_eq(file_llseek(f, 0, SEEK_DATA), 2 * PAGE_SIZE);
	cr_assert_eq(file_llseek(f, 2 * PAGE_SIZE + 5, SEEK_DATA), 2 * PAGE_SIZE + 5);
	cr_assert_eq(file_llseek(f, 0, SEEK_HOLE), 0);
	cr_assert_eq(file_llseek(f, 2 * PAGE_SIZE, SEEK_HOLE), 3 * PAGE_SIZE);
	cr_assert_eq(file_llseek(f, 3 * PAGE_SIZE, SEEK_DATA), 5 * PAGE_SIZE);
	cr_assert_eq(file_llseek(f, 5 * PAGE_SIZE, SEEK_HOLE), 5 * PAGE_SIZE + 1,
		     "EOF ends the last hole");
	cr_assert_eq(file_llseek(f, 5 * PAGE_SIZE + 1, SEEK_DATA), -ENXIO);
	cr_assert_eq(file_llseek(f, -1, SEEK_HOLE), -ENXIO);
	file_put(f);
}

Test(ramfs_data, mapped_pages_are_the_files_pages)
{
	struct file *f;
	struct page *p;

	fs_touch("/f");
	fs_write_at("/f", PAGE_SIZE, "mapped", 6);
	f = fs_open("/f", O_RDONLY);
	cr_assert_null(file_get_page(f, 0), "a hole has no page");
	p = file_get_page(f, 1);
	cr_assert_not_null(p);
	cr_assert_eq(memcmp(page_to_kva(p), "mapped", 6), 0);
	cr_assert_null(file_get_page(f, 2), "past the page array");
	page_put(p);
	file_put(f);
}

Test(ramfs_data, a_file_being_executed_cannot_be_opened_for_writing)
{
	struct inode *ino;
	struct file *f;

	fs_touch("/f");
	ino = fs_lookup("/f", 0);
	cr_assert_eq(inode_deny_write_access(ino), 0);
	cr_assert_eq(vfs_open(vfs_root, "/f", O_WRONLY, 0, &f), -ETXTBSY);
	cr_assert_eq(vfs_truncate(ino, 0), -ETXTBSY);
	inode_allow_write_access(ino);
	f = fs_open("/f", O_WRONLY);
	cr_assert_eq(inode_deny_write_access(ino), -ETXTBSY, "open for writing");
	file_put(f);
	inode_put(ino);
}

Test(ramfs_data, io_against_the_open_mode_is_ebadf)
{
	struct file *f;
	char c;

	fs_touch("/f");
	f = fs_open("/f", O_WRONLY);
	cr_assert_eq(fs_read(f, &c, 1), -EBADF);
	file_put(f);
	f = fs_open("/f", O_RDONLY);
	cr_assert_eq(fs_write(f, "x", 1), -EBADF);
	file_put(f);
}

Test(ramfs_data, reading_a_directory_is_eisdir)
{
	struct file *f;
	char c;

	fs_mkdir("/d");
	f = fs_open("/d", O_RDONLY);
	cr_assert_eq(fs_read(f, &c, 1), -EISDIR);
	file_put(f);
	cr_assert_eq(vfs_open(vfs_root, "/d", O_WRONLY, 0, &f), -EISDIR);
}
