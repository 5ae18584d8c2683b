/*
 * Host fake of panic() (fake_panic.c): it prints the message and aborts,
 * unless a test asked to catch the next panic.
 */
#pragma once

#include <setjmp.h>

/* The last panic's message, when caught. */
extern char fake_panic_message[512];

/* When not NULL, panic() stores its message and longjmps here (value 1)
 * instead of aborting; it is reset to NULL first. */
extern jmp_buf *fake_panic_catch;

/* Run fn(arg); returns the panic message if it panicked, else NULL. */
const char *fake_panic_run(void (*fn)(void *arg), void *arg);
