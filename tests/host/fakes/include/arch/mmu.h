/*
 * The real interface header: page tables behind opaque PTEs are plain
 * declarations (pte_set() is a store). fakes/fake_mmu.c implements them
 * over a software page table that only host tests walk.
 */
#pragma once

#include "../../../../../kernel/arch/riscv/include/arch/mmu.h"
