/*
 * Arch hooks of the context switch.
 */
#pragma once

struct task;

/* Point this hart's trap entry at next's kernel stack and switch to its
 * address space. Called with the run queue lock held, before arch_switch. */
void arch_sched_switch_in(struct task *next);
