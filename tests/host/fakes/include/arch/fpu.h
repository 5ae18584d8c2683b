/* The real interface header: it is plain declarations. */
#pragma once

#include "../../../../../kernel/arch/riscv/include/arch/fpu.h"
