/*
 * Compiler attributes and the sparse annotations Tern relies on.
 */
#pragma once

#ifdef __CHECKER__
#define __user	__attribute__((noderef, address_space(__user)))
#define __force __attribute__((force))
#else
#define __user
#define __force
#endif

#define __must_check   __attribute__((warn_unused_result))
#define __noreturn     __attribute__((noreturn))
#define __packed       __attribute__((packed))
#define __aligned(x)   __attribute__((aligned(x)))
#define __section(s)   __attribute__((section(s)))
#define __unused       __attribute__((unused))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define likely(x)      __builtin_expect(!!(x), 1)
#define unlikely(x)    __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)			(sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b)	 ((a) < (b) ? (a) : (b))
#define MAX(a, b)	 ((a) > (b) ? (a) : (b))

/* Read or write a shared variable exactly once, as the source says. */
#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
