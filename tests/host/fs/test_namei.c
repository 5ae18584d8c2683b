/*
 * Unit tests of path lookup (kernel/fs/namei.c) over a real ramfs root:
 * absolute and relative walks, ".", "..", trailing slashes, symlinks
 * (relative, absolute, dangling, loops, the 40-link limit), name lengths,
 * the parent walk that creation and removal use, and the path of a
 * directory (getcwd).
 */
/* UAPI headers first: <linux/stat.h> hides S_IF* once glibc's are in. */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <linux/stat.h>

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "ramfs_root.h"

TestSuite(namei, .init = fs_setup);

/* A name of n bytes, all 'n'. */
static char *
long_name(size_t n)
{
	static char buf[PATH_MAX_LEN];

	cr_assert_lt(n, sizeof(buf));
	memset(buf, 'n', n);
	buf[n] = '\0';
	return buf;
}

/* Does path (from the root, flags) name the same inode as want? */
static void
assert_names(const char *path, unsigned flags, const char *want)
{
	struct inode *a = fs_lookup(path, flags), *b = fs_lookup(want, 0);

	cr_assert_eq(a, b, "%s is inode %lu, not %s (inode %lu)", path, (unsigned long)a->ino, want,
		     (unsigned long)b->ino);
	inode_put(a);
	inode_put(b);
}

/* A chain of n symlinks ending at target: /c0 -> /c1 -> ... -> /c<n-1>
 * -> target. */
static void
make_chain(int n, const char *target)
{
	char name[32], next[32];

	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "/c%d", i);
		snprintf(next, sizeof(next), "/c%d", i + 1);
		fs_symlink(i == n - 1 ? target : next, name);
	}
}

/* ---- plain walks ---------------------------------------------------------- */

Test(namei, absolute_path_finds_a_file_in_a_subdirectory)
{
	struct inode *ino;

	fs_mkdir("/a");
	fs_mkdir("/a/b");
	fs_touch("/a/b/f");
	ino = fs_lookup("/a/b/f", 0);
	cr_assert(S_ISREG(ino->mode));
	inode_put(ino);
}

Test(namei, relative_path_starts_from_the_given_directory)
{
	struct inode *a, *f;

	fs_mkdir("/a");
	fs_touch("/a/f");
	a = fs_lookup("/a", 0);
	f = fs_lookup_at(a, "f", 0);
	cr_assert(S_ISREG(f->mode));
	cr_assert_eq(vfs_lookup(vfs_root, "f", 0, &f), -ENOENT, "f is not in the root");
	inode_put(f);
	inode_put(a);
}

Test(namei, absolute_path_ignores_the_starting_directory)
{
	struct inode *a, *f;

	fs_mkdir("/a");
	fs_touch("/f");
	a = fs_lookup("/a", 0);
	f = fs_lookup_at(a, "/f", 0);
	cr_assert(S_ISREG(f->mode));
	inode_put(f);
	inode_put(a);
}

Test(namei, repeated_slashes_separate_like_one)
{
	fs_mkdir("/a");
	fs_touch("/a/f");
	assert_names("//a///f", 0, "/a/f");
}

Test(namei, a_path_of_slashes_is_the_root)
{
	struct inode *ino = fs_lookup("///", 0);

	cr_assert_eq(ino, vfs_root);
	inode_put(ino);
}

Test(namei, empty_path_is_enoent)
{
	struct inode *ino;

	cr_assert_eq(vfs_lookup(vfs_root, "", LOOKUP_FOLLOW, &ino), -ENOENT);
}

Test(namei, missing_component_is_enoent)
{
	fs_mkdir("/a");
	cr_assert_eq(fs_lookup_err("/a/missing", 0), -ENOENT);
	cr_assert_eq(fs_lookup_err("/missing/a", 0), -ENOENT);
}

Test(namei, a_successful_lookup_takes_one_reference)
{
	struct inode *ino;
	uint32_t before;

	fs_touch("/f");
	ino = fs_lookup("/f", 0);
	before = ino->refcount;
	inode_put(fs_lookup("/f", 0));
	cr_assert_eq(ino->refcount, before);
	inode_put(fs_lookup("/./f", 0));
	cr_assert_eq(ino->refcount, before);
	inode_put(ino);
}

/* ---- "." and ".." ----------------------------------------------------------- */

Test(namei, dot_is_the_directory_itself)
{
	fs_mkdir("/a");
	assert_names("/a/.", 0, "/a");
	assert_names("/a/./././", 0, "/a");
}

Test(namei, dotdot_is_the_parent)
{
	fs_mkdir("/a");
	fs_mkdir("/a/b");
	fs_touch("/a/f");
	assert_names("/a/b/..", 0, "/a");
	assert_names("/a/b/../f", 0, "/a/f");
}

Test(namei, dotdot_of_the_root_is_the_root)
{
	fs_mkdir("/a");
	assert_names("/..", 0, "/");
	assert_names("/../../..", 0, "/");
	assert_names("/../a", 0, "/a");
	assert_names("..", 0, "/");
}

Test(namei, dotdot_relative_to_a_directory_climbs_from_it)
{
	struct inode *b, *ino, *a;

	fs_mkdir("/a");
	fs_mkdir("/a/b");
	b = fs_lookup("/a/b", 0);
	a = fs_lookup("/a", 0);
	ino = fs_lookup_at(b, "..", 0);
	cr_assert_eq(ino, a);
	inode_put(ino);
	ino = fs_lookup_at(b, "../../..", 0);
	cr_assert_eq(ino, vfs_root);
	inode_put(ino);
	inode_put(a);
	inode_put(b);
}

/* ---- names and non-directories ------------------------------------------------- */

Test(namei, a_component_of_name_max_bytes_is_found)
{
	char path[NAME_MAX_LEN + 2] = "/";

	strcat(path, long_name(NAME_MAX_LEN));
	fs_touch(path);
	cr_assert_eq(fs_lookup_err(path, 0), 0);
}

Test(namei, a_component_longer_than_name_max_is_enametoolong)
{
	char path[NAME_MAX_LEN + 8] = "/";

	strcat(path, long_name(NAME_MAX_LEN + 1));
	cr_assert_eq(fs_lookup_err(path, 0), -ENAMETOOLONG);
	fs_mkdir("/a");
	strcpy(path, "/a/");
	strcat(path, long_name(NAME_MAX_LEN + 1));
	cr_assert_eq(fs_lookup_err(path, 0), -ENAMETOOLONG);
}

Test(namei, a_long_name_below_a_missing_directory_is_enoent)
{
	/* As Linux: the length is checked when the component is looked up. */
	char path[NAME_MAX_LEN + 16] = "/missing/";

	strcat(path, long_name(NAME_MAX_LEN + 1));
	cr_assert_eq(fs_lookup_err(path, 0), -ENOENT);
}

Test(namei, walking_through_a_file_is_enotdir)
{
	fs_touch("/f");
	cr_assert_eq(fs_lookup_err("/f/x", 0), -ENOTDIR);
	cr_assert_eq(fs_lookup_err("/f/.", 0), -ENOTDIR);
	cr_assert_eq(fs_lookup_err("/f/..", 0), -ENOTDIR);
}

Test(namei, a_trailing_slash_on_a_file_is_enotdir)
{
	fs_touch("/f");
	cr_assert_eq(fs_lookup_err("/f/", 0), -ENOTDIR);
	cr_assert_eq(fs_lookup_err("/f//", LOOKUP_FOLLOW), -ENOTDIR);
}

Test(namei, a_trailing_slash_on_a_directory_is_allowed)
{
	fs_mkdir("/a");
	assert_names("/a/", 0, "/a");
	assert_names("/a//", 0, "/a");
}

Test(namei, lookup_directory_rejects_a_file)
{
	fs_touch("/f");
	fs_mkdir("/a");
	cr_assert_eq(fs_lookup_err("/f", LOOKUP_DIRECTORY), -ENOTDIR);
	cr_assert_eq(fs_lookup_err("/a", LOOKUP_DIRECTORY), 0);
}

/* ---- symlinks ------------------------------------------------------------------ */

Test(namei, a_relative_symlink_resolves_from_its_own_directory)
{
	fs_mkdir("/d");
	fs_mkdir("/d/sub");
	fs_touch("/d/sub/f");
	fs_symlink("sub", "/d/l");
	assert_names("/d/l/f", 0, "/d/sub/f");
	assert_names("/d/l", LOOKUP_FOLLOW, "/d/sub");
}

Test(namei, an_absolute_symlink_restarts_at_the_root)
{
	fs_mkdir("/d");
	fs_mkdir("/e");
	fs_touch("/e/f");
	fs_symlink("/e", "/d/abs");
	assert_names("/d/abs/f", 0, "/e/f");
}

Test(namei, a_symlink_target_may_climb_with_dotdot)
{
	fs_mkdir("/d");
	fs_mkdir("/d/sub");
	fs_touch("/d/f");
	fs_symlink("../f", "/d/sub/up");
	assert_names("/d/sub/up", LOOKUP_FOLLOW, "/d/f");
}

Test(namei, dotdot_after_a_symlink_is_the_targets_parent)
{
	/* As Linux: ".." is physical, not the lexical parent of the link. */
	fs_mkdir("/a");
	fs_mkdir("/b");
	fs_mkdir("/b/c");
	fs_symlink("/b/c", "/a/l");
	assert_names("/a/l/..", 0, "/b");
}

Test(namei, a_final_symlink_is_followed_only_when_asked)
{
	struct inode *ino;

	fs_touch("/f");
	fs_symlink("f", "/l");
	ino = fs_lookup("/l", 0);
	cr_assert(S_ISLNK(ino->mode), "without LOOKUP_FOLLOW the link itself");
	inode_put(ino);
	assert_names("/l", LOOKUP_FOLLOW, "/f");
}

Test(namei, a_trailing_slash_follows_a_final_symlink_to_a_directory)
{
	fs_mkdir("/d");
	fs_symlink("d", "/l");
	assert_names("/l/", 0, "/d");
	assert_names("/l/.", 0, "/d");
}

Test(namei, a_trailing_slash_follows_every_symlink_of_a_chain_to_a_directory)
{
	/* As Linux: a trailing slash means LOOKUP_FOLLOW | LOOKUP_DIRECTORY
	 * for the whole last component, links it leads to included. */
	fs_mkdir("/d");
	fs_symlink("/l2", "/l1");
	fs_symlink("d", "/l2");
	assert_names("/l1/", 0, "/d");
	assert_names("/l1//.", 0, "/d");
}

Test(namei, a_trailing_slash_on_a_symlink_to_a_file_is_enotdir)
{
	fs_touch("/f");
	fs_symlink("f", "/l");
	cr_assert_eq(fs_lookup_err("/l/", 0), -ENOTDIR);
	cr_assert_eq(fs_lookup_err("/l/", LOOKUP_FOLLOW), -ENOTDIR);
}

Test(namei, a_dangling_symlink_is_enoent_when_followed)
{
	struct inode *ino;

	fs_symlink("/nowhere", "/l");
	cr_assert_eq(fs_lookup_err("/l", LOOKUP_FOLLOW), -ENOENT);
	cr_assert_eq(fs_lookup_err("/l/x", 0), -ENOENT);
	ino = fs_lookup("/l", 0);
	cr_assert(S_ISLNK(ino->mode));
	inode_put(ino);
}

Test(namei, a_symlink_in_the_middle_is_followed_without_lookup_follow)
{
	fs_mkdir("/d");
	fs_touch("/d/f");
	fs_symlink("d", "/l");
	assert_names("/l/f", 0, "/d/f");
}

Test(namei, a_symlink_to_itself_is_eloop)
{
	fs_symlink("l", "/l");
	cr_assert_eq(fs_lookup_err("/l", LOOKUP_FOLLOW), -ELOOP);
	cr_assert_eq(fs_lookup_err("/l/x", 0), -ELOOP);
}

Test(namei, two_symlinks_pointing_at_each_other_are_eloop)
{
	int err;

	fs_symlink("/b", "/a");
	fs_symlink("/a", "/b");
	cr_assert_eq(fs_lookup_err("/a", LOOKUP_FOLLOW), -ELOOP);
	err = fs_lookup_err("/b/", 0);
	cr_assert_eq(err, -ELOOP, "/b/: %d", err);
}

Test(namei, forty_symlinks_in_a_row_are_followed)
{
	fs_touch("/f");
	make_chain(SYMLINK_MAX, "/f");
	assert_names("/c0", LOOKUP_FOLLOW, "/f");
}

Test(namei, the_forty_first_symlink_is_eloop)
{
	fs_touch("/f");
	make_chain(SYMLINK_MAX + 1, "/f");
	cr_assert_eq(fs_lookup_err("/c0", LOOKUP_FOLLOW), -ELOOP);
	assert_names("/c1", LOOKUP_FOLLOW, "/f");
}

Test(namei, symlinks_in_the_middle_count_toward_the_limit)
{
	fs_mkdir("/d");
	fs_touch("/d/f");
	make_chain(SYMLINK_MAX, "/d");
	assert_names("/c0/f", 0, "/d/f");
	fs_symlink("/c0", "/over");
	cr_assert_eq(fs_lookup_err("/over/f", 0), -ELOOP);
}

Test(namei, failed_lookups_leave_no_reference_or_memory_behind)
{
	struct fs_usage before;
	uint32_t refs;

	fs_mkdir("/d");
	fs_touch("/f");
	fs_symlink("/nowhere", "/dangling");
	fs_symlink("/loop", "/loop");
	refs = vfs_root->refcount;
	before = fs_usage();
	cr_assert_eq(fs_lookup_err("/d/missing", 0), -ENOENT);
	cr_assert_eq(fs_lookup_err("/f/x", 0), -ENOTDIR);
	cr_assert_eq(fs_lookup_err("/f/", 0), -ENOTDIR);
	cr_assert_eq(fs_lookup_err("/dangling", LOOKUP_FOLLOW), -ENOENT);
	cr_assert_eq(fs_lookup_err("/loop", LOOKUP_FOLLOW), -ELOOP);
	cr_assert_eq(fs_lookup_err("/d/../loop/x", 0), -ELOOP);
	cr_assert_eq(fs_lookup_err("/f", LOOKUP_DIRECTORY), -ENOTDIR);
	fs_assert_usage(before);
	cr_assert_eq(vfs_root->refcount, refs);
}

/* ---- a removed directory --------------------------------------------------------- */

Test(namei, names_in_a_removed_directory_are_enoent)
{
	struct inode *d, *ino;

	fs_mkdir("/d");
	d = fs_lookup("/d", 0);
	cr_assert_eq(vfs_rmdir(vfs_root, "/d"), 0);
	cr_assert_eq(vfs_lookup(d, "x", 0, &ino), -ENOENT);
	cr_assert_eq(vfs_mknod(d, "x", S_IFREG | 0644, 0), -ENOENT);
	inode_put(d);
}

/* ---- the parent walk (creation, removal, rename) ----------------------------------- */

Test(namei, the_parent_walk_stops_before_the_last_component)
{
	struct nameidata nd;
	struct inode *a;

	fs_mkdir("/a");
	cr_assert_eq(vfs_lookup_parent(vfs_root, "/a/new", &nd), 0);
	a = fs_lookup("/a", 0);
	cr_assert_eq(nd.dir, a);
	cr_assert_eq(nd.last_len, 3);
	cr_assert_eq(memcmp(nd.last, "new", 3), 0);
	cr_assert_eq(nd.last_type, LAST_NORM);
	cr_assert_not(nd.trailing_slash);
	nd_release(&nd);
	inode_put(a);
}

Test(namei, the_parent_walk_reports_a_trailing_slash)
{
	struct nameidata nd;

	cr_assert_eq(vfs_lookup_parent(vfs_root, "new//", &nd), 0);
	cr_assert_eq(nd.dir, vfs_root);
	cr_assert_eq(nd.last_len, 3);
	cr_assert(nd.trailing_slash);
	nd_release(&nd);
}

Test(namei, the_parent_walk_classifies_dots_and_the_root)
{
	static const struct {
		const char *path;
		enum last_type type;
	} cases[] = { { "/a/.", LAST_DOT }, { "/a/..", LAST_DOTDOT }, { "/", LAST_ROOT },
		      { "//", LAST_ROOT },  { "/a/..b", LAST_NORM },  { "/a/.b", LAST_NORM } };

	fs_mkdir("/a");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nameidata nd;

		cr_assert_eq(vfs_lookup_parent(vfs_root, cases[i].path, &nd), 0, "%s",
			     cases[i].path);
		cr_assert_eq(nd.last_type, cases[i].type, "%s: type %d", cases[i].path,
			     nd.last_type);
		nd_release(&nd);
	}
}

Test(namei, the_dots_target_of_a_parent_walk_is_the_directory_named)
{
	struct nameidata nd;
	struct inode *a, *t;

	fs_mkdir("/a");
	fs_mkdir("/a/b");
	a = fs_lookup("/a", 0);
	cr_assert_eq(vfs_lookup_parent(vfs_root, "/a/b/..", &nd), 0);
	t = nd_dots_target(&nd);
	cr_assert_eq(t, a);
	inode_put(t);
	nd_release(&nd);
	cr_assert_eq(vfs_lookup_parent(vfs_root, "/a/.", &nd), 0);
	t = nd_dots_target(&nd);
	cr_assert_eq(t, a);
	inode_put(t);
	nd_release(&nd);
	inode_put(a);
}

Test(namei, the_parent_walk_follows_symlinks_but_not_the_last)
{
	struct nameidata nd;
	struct inode *d;

	fs_mkdir("/d");
	fs_symlink("/d", "/l");
	cr_assert_eq(vfs_lookup_parent(vfs_root, "/l/l", &nd), 0);
	d = fs_lookup("/d", 0);
	cr_assert_eq(nd.dir, d);
	cr_assert_eq(nd.last_len, 1);
	nd_release(&nd);
	inode_put(d);
}

Test(namei, the_parent_walk_fails_like_a_lookup)
{
	struct nameidata nd;
	char path[NAME_MAX_LEN + 8] = "/";

	fs_touch("/f");
	cr_assert_eq(vfs_lookup_parent(vfs_root, "", &nd), -ENOENT);
	cr_assert_eq(vfs_lookup_parent(vfs_root, "/missing/x", &nd), -ENOENT);
	cr_assert_eq(vfs_lookup_parent(vfs_root, "/f/x", &nd), -ENOTDIR);
	strcat(path, long_name(NAME_MAX_LEN + 1));
	strcat(path, "/x");
	cr_assert_eq(vfs_lookup_parent(vfs_root, path, &nd), -ENAMETOOLONG);
}

Test(namei, following_a_dangling_last_symlink_names_its_target)
{
	struct nameidata nd;
	struct inode *link, *d;

	fs_mkdir("/d");
	fs_symlink("/d/target", "/l");
	cr_assert_eq(vfs_lookup_parent(vfs_root, "/l", &nd), 0);
	link = fs_lookup("/l", 0);
	cr_assert_eq(vfs_follow_last(&nd, link), 0);
	d = fs_lookup("/d", 0);
	cr_assert_eq(nd.dir, d);
	cr_assert_eq(nd.last_len, 6);
	cr_assert_eq(memcmp(nd.last, "target", 6), 0);
	nd_release(&nd);
	inode_put(d);
	inode_put(link);
}

Test(namei, following_a_last_symlink_counts_toward_the_limit)
{
	struct nameidata nd;
	struct inode *link;

	fs_symlink("/l", "/l");
	cr_assert_eq(vfs_lookup_parent(vfs_root, "/l", &nd), 0);
	link = fs_lookup("/l", 0);
	nd.links = SYMLINK_MAX;
	cr_assert_eq(vfs_follow_last(&nd, link), -ELOOP);
	/* On failure nd is released already. */
	inode_put(link);
}

/* ---- open(2)'s use of lookup ----------------------------------------------------- */

Test(namei, o_creat_through_a_dangling_symlink_creates_the_target)
{
	struct file *f;

	fs_mkdir("/d");
	fs_symlink("/d/new", "/l");
	cr_assert_eq(vfs_open(vfs_root, "/l", O_CREAT | O_WRONLY, 0644, &f), 0);
	file_put(f);
	cr_assert_eq(fs_lookup_err("/d/new", 0), 0);
}

Test(namei, o_nofollow_on_a_final_symlink_is_eloop)
{
	struct file *f;

	fs_touch("/f");
	fs_symlink("f", "/l");
	cr_assert_eq(vfs_open(vfs_root, "/l", O_RDONLY | O_NOFOLLOW, 0, &f), -ELOOP);
	cr_assert_eq(vfs_open(vfs_root, "/l", O_CREAT | O_RDONLY | O_NOFOLLOW, 0, &f), -ELOOP);
	/* Only the last component: a link in the middle is followed. */
	fs_mkdir("/d");
	fs_touch("/d/g");
	fs_symlink("d", "/dl");
	cr_assert_eq(vfs_open(vfs_root, "/dl/g", O_RDONLY | O_NOFOLLOW, 0, &f), 0);
	file_put(f);
}

Test(namei, o_path_with_o_nofollow_opens_the_symlink_itself)
{
	struct file *f;

	fs_touch("/f");
	fs_symlink("f", "/l");
	cr_assert_eq(vfs_open(vfs_root, "/l", O_PATH | O_NOFOLLOW, 0, &f), 0);
	cr_assert(S_ISLNK(f->inode->mode));
	file_put(f);
}

/* ---- ancestors and a directory's path ------------------------------------------- */

Test(namei, a_directory_is_its_own_ancestor_and_below_its_parents)
{
	struct inode *a, *b, *c;

	fs_mkdir("/a");
	fs_mkdir("/a/b");
	fs_mkdir("/c");
	a = fs_lookup("/a", 0);
	b = fs_lookup("/a/b", 0);
	c = fs_lookup("/c", 0);
	cr_assert(vfs_is_ancestor(a, a));
	cr_assert(vfs_is_ancestor(a, b));
	cr_assert(vfs_is_ancestor(vfs_root, b));
	cr_assert_not(vfs_is_ancestor(b, a));
	cr_assert_not(vfs_is_ancestor(c, b));
	inode_put(a);
	inode_put(b);
	inode_put(c);
}

Test(namei, the_path_of_a_directory_is_absolute)
{
	char buf[64];
	struct inode *b = (fs_mkdir("/a"), fs_mkdir("/a/bb"), fs_lookup("/a/bb", 0));

	cr_assert_eq(vfs_dir_path(b, buf, sizeof(buf)), 5);
	cr_assert_str_eq(buf, "/a/bb");
	cr_assert_eq(vfs_dir_path(vfs_root, buf, sizeof(buf)), 1);
	cr_assert_str_eq(buf, "/");
	inode_put(b);
}

Test(namei, the_path_of_a_directory_must_fit_with_its_nul)
{
	char buf[8];
	struct inode *b = (fs_mkdir("/abc"), fs_mkdir("/abc/de"), fs_lookup("/abc/de", 0));

	/* "/abc/de" is 7 bytes: 8 fit it with its NUL, 7 do not. */
	cr_assert_eq(vfs_dir_path(b, buf, 8), 7);
	cr_assert_str_eq(buf, "/abc/de");
	cr_assert_eq(vfs_dir_path(b, buf, 7), -ENAMETOOLONG);
	cr_assert_eq(vfs_dir_path(vfs_root, buf, 1), -ENAMETOOLONG);
	inode_put(b);
}

Test(namei, the_path_of_a_removed_directory_is_enoent)
{
	char buf[64];
	struct inode *d = (fs_mkdir("/d"), fs_lookup("/d", 0));

	cr_assert_eq(vfs_rmdir(vfs_root, "/d"), 0);
	cr_assert_eq(vfs_dir_path(d, buf, sizeof(buf)), -ENOENT);
	inode_put(d);
}

Test(namei, the_path_follows_a_renamed_directory)
{
	char buf[64];
	struct inode *d = (fs_mkdir("/a"), fs_mkdir("/a/d"), fs_mkdir("/b"), fs_lookup("/a/d", 0));

	cr_assert_eq(vfs_rename(vfs_root, "/a/d", vfs_root, "/b/e", 0), 0);
	cr_assert_eq(vfs_dir_path(d, buf, sizeof(buf)), 4);
	cr_assert_str_eq(buf, "/b/e");
	assert_names("/b/e/..", 0, "/b");
	inode_put(d);
}
