/*
 * execve: replacing the current process image.
 */
#pragma once

#include <compiler.h>
#include <types.h>

/*
 * Argument and environment strings, copied into the kernel before the
 * old image is touched: count strings back to back in buf.
 */
struct exec_strings {
	char *buf;   /* kmalloc'd */
	size_t used; /* bytes used in buf */
	size_t size; /* bytes allocated */
	int argc;
	int envc; /* strings after the first argc are the environment */
};

/* Append a kernel string; -E2BIG past the limit, -ENOMEM. */
int exec_strings_add(struct exec_strings *s, const char *str, size_t len);
/* Append a NULL-terminated user array of strings; counts into *count. */
int exec_strings_add_user(struct exec_strings *s, const char __user *const __user *arr, int *count);
void exec_strings_free(struct exec_strings *s);

/* Can path be opened for execution? 0 or the errno execve would give. */
int exec_check_file(const char *path);

/*
 * Replace the current image with the program at path (relative to the
 * cwd), with the strings in args (argc then envc). Returns only on
 * failure, with the old image intact: -ENOENT, -EACCES, -ENOEXEC,
 * -E2BIG, -ENOMEM, -ELOOP... On success the task returns to user mode
 * at the new entry point. Context: process, may sleep.
 */
int exec_program(const char *path, struct exec_strings *args);
