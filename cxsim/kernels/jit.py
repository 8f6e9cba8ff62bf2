"""What the compiled kernels share: the numba decorator, the model's generators inside compiled
code, and numpy's summation order.

Bit-identical to numpy. The compiled kernels (``organisation``, ``customers``, ``network``) compute
exactly what the plain numpy kernels of this package compute, bit for bit, so a run gives the
same numbers with either (``tests/test_compiled_*.py``; ``benchmarks/check_identical.py`` on whole
runs). Three things make that possible:

* **The same random numbers.** A compiled kernel draws from the model's own
  ``numpy.random.Generator`` through numba's port of numpy's ``Generator`` methods, which call
  the generator's own bit generator (its C functions and state), so they advance the same
  stream by the same amount as the numpy calls they replace, in the same order. Passing a
  ``Generator`` object to a compiled function costs ~7 µs (numba rebuilds its function pointers
  from ``ctypes`` on every call), so the kernels take the address of its ``bitgen_t`` instead
  (:func:`address`, numpy's documented C interface: state pointer then ``next_uint64``,
  ``next_uint32``, ``next_double``) and rebuild the generator in compiled code
  (:func:`generator_at`). The Python ``Generator`` must stay alive during the call (the model
  holds it).
* **The same arithmetic.** Same operations in the same order, float32 where numpy computes in
  float32 (NEP 50: a Python float meets a float32 array as a float32), no fast-math.
* **The same sums.** numpy adds a float array pairwise (:func:`pairwise_sum`, blocks of eight
  up to 128 elements), and in chunks of 8,192 elements when it casts while it sums
  (:func:`cast_sum`); integer sums are exact in any order.

Compiled code is cached on disk (``cache=True``: ``__pycache__`` beside this package, shared by
every process of the machine, so sweep workers and test workers load it instead of compiling);
the first process after a change of a kernel's source compiles it (``make bench`` measures that
cold start, docs/performance.md).
"""

from __future__ import annotations

import ctypes

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic
from numba.np.random.generator_core import next_float

__all__ = ["jit", "address", "generator_at", "pairwise_sum", "cast_sum", "fill_float32", "CAST_CHUNK"]

#: numba.njit as every kernel uses it: cached on disk, numpy's rules for division by zero
#: (inf/nan, no exception checks), no fast-math (it would reorder sums).
jit = numba.njit(cache=True, error_model="numpy")

CAST_CHUNK = 8192  # numpy's buffer size: a sum that casts adds chunks of this many elements

_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype = ctypes.c_void_p
_capsule_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]


def address(generator: np.random.Generator) -> int:
    """The address of ``generator``'s ``bitgen_t`` (numpy's C interface to its bit generator)."""
    return _capsule_pointer(generator.bit_generator.capsule, b"BitGenerator")


_GENERATOR = types.NumPyRandomGeneratorType("generator")
_BIT_GENERATOR = types.NumPyRandomBitGeneratorType("bit_generator")


@intrinsic
def generator_at(typingctx, bitgen_address):
    """In compiled code: the ``Generator`` whose ``bitgen_t`` is at ``bitgen_address`` (an
    integer from :func:`address`), on which numba's ``random``, ``integers``, ``normal``, …
    draw exactly as numpy's do."""
    if not isinstance(bitgen_address, types.Integer):
        return None

    def codegen(context, builder, sig, args):
        word = context.get_value_type(types.uintp)
        base = builder.inttoptr(args[0], word.as_pointer())

        def field(i):  # bitgen_t: void *state; next_uint64; next_uint32; next_double; next_raw
            return builder.load(builder.gep(base, [ir.Constant(ir.IntType(32), i)]))

        bitgen = cgutils.create_struct_proxy(_BIT_GENERATOR)(context, builder)
        bitgen.state_address = field(0)
        bitgen.state = field(0)
        bitgen.fnptr_next_uint64 = field(1)
        bitgen.fnptr_next_uint32 = field(2)
        bitgen.fnptr_next_double = field(3)
        bitgen.bit_generator = builder.zext(args[0], word) if args[0].type != word else args[0]
        gen = cgutils.create_struct_proxy(_GENERATOR)(context, builder)
        gen.bit_generator = bitgen._getvalue()
        return gen._getvalue()

    return _GENERATOR(bitgen_address), codegen


@jit
def _block_sum(a, lo, n):
    """numpy's pairwise_sum for n ≤ 128: eight accumulators, then the rest in order."""
    if n < 8:
        res = a.dtype.type(0.0)
        for i in range(lo, lo + n):
            res += a[i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i = 8
    end = n - n % 8
    while i < end:
        r0 += a[lo + i]
        r1 += a[lo + i + 1]
        r2 += a[lo + i + 2]
        r3 += a[lo + i + 3]
        r4 += a[lo + i + 4]
        r5 += a[lo + i + 5]
        r6 += a[lo + i + 6]
        r7 += a[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@jit
def _pairwise(a, lo, n):
    """numpy's pairwise_sum of a[lo:lo + n]: halves (cut at a multiple of 8) summed
    recursively down to blocks of ≤ 128, as an explicit stack (numba caches recursion badly)."""
    if n <= 128:
        return _block_sum(a, lo, n)
    los = np.empty(64, np.int64)
    ns = np.empty(64, np.int64)
    stage = np.zeros(64, np.int64)
    vals = np.empty(64, a.dtype)
    top, nv = 0, 0
    los[0], ns[0] = lo, n
    while top >= 0:
        first, size = los[top], ns[top]
        if size <= 128:
            vals[nv] = _block_sum(a, first, size)
            nv += 1
            top -= 1
            continue
        half = size // 2
        half -= half % 8
        if stage[top] == 0:
            stage[top] = 1
            top += 1
            los[top], ns[top], stage[top] = first, half, 0
        elif stage[top] == 1:
            stage[top] = 2
            top += 1
            los[top], ns[top], stage[top] = first + half, size - half, 0
        else:
            vals[nv - 2] = vals[nv - 2] + vals[nv - 1]
            nv -= 1
            top -= 1
    return vals[0]


@jit
def pairwise_sum(a):
    """``a.sum()`` of a contiguous 1-D float64 or float32 array, bit for bit (numpy's pairwise
    summation, in the array's own precision)."""
    return _pairwise(a, 0, a.size)


@jit
def cast_sum(a):
    """``a.sum(dtype=np.float64)`` of a contiguous 1-D float32 array, bit for bit: pairwise
    within chunks of :data:`CAST_CHUNK` elements, the chunks added in order."""
    b = np.empty(min(a.size, CAST_CHUNK))
    total = 0.0
    for lo in range(0, a.size, CAST_CHUNK):
        n = min(CAST_CHUNK, a.size - lo)
        for i in range(n):
            b[i] = a[lo + i]
        part = _pairwise(b, 0, n)
        total = part if lo == 0 else total + part
    return total


@jit
def fill_float32(rng, out):
    """``rng.random(out.size, dtype=np.float32, out=out)`` inside compiled code (no allocation)."""
    bitgen = rng.bit_generator
    for i in range(out.size):
        out[i] = next_float(bitgen)
    return out
