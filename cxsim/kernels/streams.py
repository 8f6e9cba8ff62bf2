"""The model's random streams inside compiled code, drawn exactly as numpy draws them.

A compiled kernel receives a stream as :func:`handle` (three integers) and opens it with
:func:`stream`. Draws then advance the numpy ``Generator``'s own state by exactly what the
numpy call they replace would (``random``, ``random(dtype=float32)``, ``integers`` into int8
arrays, ``integers(0, high)``, ``normal``), so numpy and compiled code can take turns on one
generator and the numbers stay those of the plain kernels.

Why not numba's ``Generator`` methods alone: they call the bit generator through C function
pointers, ~4 ns a number, and a week draws ~60,000 numbers (the learning step alone draws one
per employee and dimension). The model's generators are PCG64 (``np.random.default_rng``,
``np.random.PCG64`` per weekly substream), whose step is one 128-bit multiply-add and a
rotation; done inline it costs ~1.7 ns. That needs the layout of numpy's ``pcg64_state`` (a
pointer to {128-bit state, 128-bit increment}, then ``has_uint32`` and ``uinteger``, the
buffered upper half of the last 64-bit output that ``next_uint32`` hands out next), which is
not a public interface: :data:`INLINE` is True only if it is verified at import on a generator
of known state (and ``CXSIM_INLINE_STREAMS`` is not ``0``). Otherwise, and for any other bit generator, the same functions go through
the function pointers (numba's port of numpy's ``Generator``), slower and identical.
Normal draws always do (ziggurat, few per week).
"""

from __future__ import annotations

import ctypes
import os
import sys

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic
from numba.np.random.generator_core import next_double as _fn_next_double
from numba.np.random.generator_core import next_uint32 as _fn_next_uint32

from .jit import address, generator_at, jit

__all__ = ["INLINE", "handle", "stream", "skip", "reseedable", "reseed", "seed_states", "next_double", "next_float", "next_uint32", "fill_float32", "fill_int8", "bounded",
           "normal"]

# PCG64's multiplier (numpy: PCG_DEFAULT_MULTIPLIER_128)
_MULTIPLIER = (2549297995355413924 << 64) | 4865540595714422341
_WORD = ctypes.sizeof(ctypes.c_void_p)


@intrinsic
def _pcg_next64(typingctx, pcg):
    """Advance the PCG64 state at address ``pcg`` (state, increment: 128-bit, native order) and
    return its XSL-RR output (numpy's pcg64_random_r)."""

    def codegen(context, builder, sig, args):
        i128, i64 = ir.IntType(128), ir.IntType(64)
        p = builder.inttoptr(args[0], i128.as_pointer())
        state = builder.add(builder.mul(builder.load(p), ir.Constant(i128, _MULTIPLIER)),
                            builder.load(builder.gep(p, [ir.Constant(ir.IntType(32), 1)])))
        builder.store(state, p)
        x = builder.xor(builder.trunc(builder.lshr(state, ir.Constant(i128, 64)), i64), builder.trunc(state, i64))
        rot = builder.trunc(builder.lshr(state, ir.Constant(i128, 122)), i64)
        return builder.or_(builder.lshr(x, rot), builder.shl(x, builder.and_(builder.neg(rot), ir.Constant(i64, 63))))

    return types.uint64(types.intp), codegen


@intrinsic
def _load_u32(typingctx, where):
    def codegen(context, builder, sig, args):
        return builder.load(builder.inttoptr(args[0], ir.IntType(32).as_pointer()))

    return types.uint32(types.intp), codegen


@intrinsic
def _store_u32(typingctx, where, value):
    def codegen(context, builder, sig, args):
        builder.store(args[1], builder.inttoptr(args[0], ir.IntType(32).as_pointer()))
        return context.get_dummy_value()

    return types.void(types.intp, types.uint32), codegen


def _pointer_at(where: int) -> int:
    return ctypes.c_void_p.from_address(where).value or 0


def _pcg_pointers(generator: np.random.Generator) -> tuple[int, int]:
    """(pcg64_state*, pcg64_random_t*) of a PCG64 generator."""
    state = _pointer_at(address(generator))  # bitgen_t.state
    return state, _pointer_at(state)


def _layout_verified() -> bool:
    """numpy's pcg64_state as this module assumes it, checked on a generator of known state."""
    if sys.byteorder != "little" or _WORD != 8:
        return False
    try:
        gen = np.random.Generator(np.random.PCG64(0))
        s, inc, extra = (1 << 127) + 12345, (1 << 100) + 3, 0xDEADBEEF
        gen.bit_generator.state = {"bit_generator": "PCG64", "state": {"state": s, "inc": inc}, "has_uint32": 1, "uinteger": extra}
        state, pcg = _pcg_pointers(gen)
        raw = ctypes.string_at(pcg, 32)
        flags = ctypes.string_at(state + _WORD, 8)
        return (int.from_bytes(raw[:16], "little") == s and int.from_bytes(raw[16:], "little") == inc
                and int.from_bytes(flags[:4], "little") == 1 and int.from_bytes(flags[4:], "little") == extra)
    except Exception:  # noqa: BLE001 - any surprise means: use the function pointers
        return False


#: draw inline (True) or through the function pointers; ``CXSIM_INLINE_STREAMS=0`` in the
#: environment forces the function pointers (same numbers, slower: the identity check's second mode)
INLINE = os.environ.get("CXSIM_INLINE_STREAMS", "1") != "0" and _layout_verified()


def handle(generator: np.random.Generator, inline: bool | None = None) -> np.ndarray:
    """What a compiled kernel needs to draw from ``generator``: [bitgen_t address, pcg64_state
    address, pcg64_random_t address], the last two 0 when the stream goes through the function
    pointers (not PCG64, or :data:`INLINE` is False, or ``inline=False``)."""
    use = INLINE if inline is None else inline and INLINE
    if use and type(generator.bit_generator) is np.random.PCG64:
        state, pcg = _pcg_pointers(generator)
        return np.array([address(generator), state, pcg], dtype=np.int64)
    return np.array([address(generator), 0, 0], dtype=np.int64)


@jit
def stream(h):
    """In compiled code: the stream of a :func:`handle` (a tuple the draw functions take)."""
    return (h[2] != 0, h[1], h[2], generator_at(h[0]))


@jit
def next_uint32(s):
    """numpy's next_uint32: the buffered upper half of the last 64-bit output, else a new one."""
    if not s[0]:
        return _fn_next_uint32(s[3].bit_generator)
    if _load_u32(s[1] + 8):
        _store_u32(s[1] + 8, np.uint32(0))
        return _load_u32(s[1] + 12)
    value = _pcg_next64(s[2])
    _store_u32(s[1] + 8, np.uint32(1))
    _store_u32(s[1] + 12, np.uint32(value >> np.uint64(32)))
    return np.uint32(value & np.uint64(0xFFFFFFFF))


@jit
def next_double(s):
    """``Generator.random()``: the top 53 bits of a 64-bit output."""
    if not s[0]:
        return _fn_next_double(s[3].bit_generator)
    return np.float64(_pcg_next64(s[2]) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@jit
def next_float(s):
    """``Generator.random(dtype=np.float32)``: the top 24 bits of a 32-bit output."""
    return np.float32(next_uint32(s) >> np.uint32(8)) * np.float32(1.0 / 16777216.0)


@jit
def fill_float32(s, out):
    """``generator.random(out.size, dtype=np.float32, out=out)``."""
    for i in range(out.size):
        out[i] = next_float(s)


@jit
def fill_int8(s, low, high, out):
    """``out[...] = generator.integers(low, high, size=out.shape, dtype=np.int8)`` (numpy's
    buffered Lemire method: four bytes of each 32-bit output, the buffer local to the call)."""
    rng = np.uint8(high - 1 - low)
    flat = out.reshape(-1)
    if rng == 0:
        flat[:] = low
        return
    rng_excl = np.uint16(rng) + np.uint16(1)
    threshold = np.uint16((np.uint8(255) - rng) % rng_excl)
    buf = np.uint32(0)
    bcnt = 0
    for i in range(flat.size):
        while True:
            if bcnt == 0:
                buf = next_uint32(s)
                bcnt = 3
            else:
                buf >>= np.uint32(8)
                bcnt -= 1
            m = np.uint16(np.uint16(buf & np.uint32(0xFF)) * rng_excl)
            if np.uint16(m & np.uint16(0xFF)) >= threshold:
                break
        flat[i] = np.int8(low + np.int64(m >> np.uint16(8)))


@jit
def bounded(s, high):
    """``generator.integers(0, high)`` for one int64, 1 ≤ high ≤ 2**32 (numpy's Lemire method on
    32-bit outputs; no draw when high is 1)."""
    rng = np.uint64(high - 1)
    if rng == 0:
        return np.int64(0)
    if rng == np.uint64(0xFFFFFFFF):
        return np.int64(next_uint32(s))
    rng_excl = rng + np.uint64(1)
    m = np.uint64(next_uint32(s)) * rng_excl
    leftover = m & np.uint64(0xFFFFFFFF)
    if leftover < rng_excl:
        threshold = (np.uint64(0xFFFFFFFF) - rng) % rng_excl
        while leftover < threshold:
            m = np.uint64(next_uint32(s)) * rng_excl
            leftover = m & np.uint64(0xFFFFFFFF)
    return np.int64(m >> np.uint64(32))


@jit
def normal(s, loc, scale, n):
    """``generator.normal(loc, scale, n)`` (numpy's ziggurat, through the function pointers)."""
    return s[3].normal(loc, scale, n)


# numpy's SeedSequence (bit_generator.pyx): hash constants, pool of four 32-bit words
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R, _XSHIFT, _POOL = 0xCA01F9DD, 0x4973F715, 16, 4
_U32 = np.uint32


def _words(value: int) -> list[int]:
    """numpy's _int_to_uint32_array: the little-endian 32-bit words of a non-negative int."""
    out = [value & 0xFFFFFFFF]
    value >>= 32
    while value:
        out.append(value & 0xFFFFFFFF)
        value >>= 32
    return out


def seed_states(entropy, first: int, counters) -> np.ndarray:
    """``SeedSequence(entropy, spawn_key=(first, c)).generate_state(4, np.uint64)`` for every c
    of ``counters`` at once, (len(counters), 4) uint64: numpy's hash mixing, vectorised over the
    keys (its hash constants do not depend on the data). ``entropy``: non-negative ints."""
    counters = np.asarray(counters, dtype=np.int64)
    if counters.size and counters.max() >= 2**32:
        return np.stack([np.random.SeedSequence(list(entropy), spawn_key=(first, int(c))).generate_state(4, np.uint64) for c in counters])
    run = [w for v in entropy for w in _words(int(v))]
    run += [0] * (_POOL - len(run)) if len(run) < _POOL else []  # padded when there is a spawn key
    words = [np.full(counters.size, w, _U32) for w in run + _words(first)] + [counters.astype(_U32)]
    h = [_INIT_A]

    def hashmix(value):
        value = value ^ _U32(h[0])
        h[0] = (h[0] * _MULT_A) & 0xFFFFFFFF
        value = value * _U32(h[0])
        return value ^ (value >> _U32(_XSHIFT))

    def mix(x, y):
        r = _U32(_MIX_L) * x - _U32(_MIX_R) * y
        return r ^ (r >> _U32(_XSHIFT))

    with np.errstate(over="ignore"):
        pool = [hashmix(words[i] if i < len(words) else np.zeros(counters.size, _U32)) for i in range(_POOL)]
        for src in range(_POOL):
            for dst in range(_POOL):
                if src != dst:
                    pool[dst] = mix(pool[dst], hashmix(pool[src]))
        for src in range(_POOL, len(words)):
            for dst in range(_POOL):
                pool[dst] = mix(pool[dst], hashmix(words[src]))
        out32, hb = [], _INIT_B
        for i in range(8):
            value = pool[i % _POOL] ^ _U32(hb)
            hb = (hb * _MULT_B) & 0xFFFFFFFF
            value = value * _U32(hb)
            out32.append(value ^ (value >> _U32(_XSHIFT)))
    return np.stack([out32[2 * i].astype(np.uint64) | (out32[2 * i + 1].astype(np.uint64) << np.uint64(32)) for i in range(4)], axis=1)


@intrinsic
def _pcg_seed(typingctx, pcg, s0, s1, s2, s3):
    """numpy's pcg64_set_seed: seed = s0·2⁶⁴ + s1, sequence = s2·2⁶⁴ + s3; state 0, increment
    2·sequence + 1, one step, state += seed, one step."""

    def codegen(context, builder, sig, args):
        i128 = ir.IntType(128)
        p = builder.inttoptr(args[0], i128.as_pointer())
        q = builder.gep(p, [ir.Constant(ir.IntType(32), 1)])

        def wide(hi, lo):
            return builder.or_(builder.shl(builder.zext(hi, i128), ir.Constant(i128, 64)), builder.zext(lo, i128))

        seed, seq = wide(args[1], args[2]), wide(args[3], args[4])
        inc = builder.or_(builder.shl(seq, ir.Constant(i128, 1)), ir.Constant(i128, 1))
        mult = ir.Constant(i128, _MULTIPLIER)
        state = builder.add(builder.mul(ir.Constant(i128, 0), mult), inc)
        state = builder.add(state, seed)
        state = builder.add(builder.mul(state, mult), inc)
        builder.store(state, p)
        builder.store(inc, q)
        return context.get_dummy_value()

    return types.void(types.intp, types.uint64, types.uint64, types.uint64, types.uint64), codegen


@jit
def _reseed(handles, seeds):
    for r in range(handles.shape[0]):
        _pcg_seed(handles[r, 2], seeds[r, 0], seeds[r, 1], seeds[r, 2], seeds[r, 3])
        _store_u32(handles[r, 1] + 8, np.uint32(0))
        _store_u32(handles[r, 1] + 12, np.uint32(0))


def reseedable(generators) -> np.ndarray | None:
    """The handles (one row each) under which :func:`reseed` can reseed ``generators`` in place,
    or None when it cannot (not PCG64, or :data:`INLINE` is False)."""
    if not INLINE or any(type(g.bit_generator) is not np.random.PCG64 for g in generators):
        return None
    return np.stack([handle(g) for g in generators])


def reseed(handles: np.ndarray, seeds: np.ndarray) -> None:
    """Put generator r of ``handles`` (from :func:`reseedable`) in the state of a new
    ``PCG64(SeedSequence(...))`` whose ``generate_state(4, np.uint64)`` is ``seeds[r]`` (from
    :func:`seed_states`), in place. This is how the model opens a week's substreams without
    building new objects (~1 µs instead of ~15 µs a stream); the generators' ``seed_seq``
    attribute is left as it was."""
    _reseed(handles, seeds)


def _jump_tables(size: int) -> tuple[np.ndarray, np.ndarray]:
    """(A, S) as (size + 1, 2) uint64 (low, high words): d 64-bit outputs advance the state
    to A[d] × state + S[d] × increment (mod 2¹²⁸), A[d] = M^d, S[d] = 1 + M + … + M^(d−1)."""
    mask = (1 << 128) - 1
    a_tab, s_tab = np.zeros((size + 1, 2), np.uint64), np.zeros((size + 1, 2), np.uint64)
    a, s = 1, 0
    for d in range(size + 1):
        a_tab[d] = (a & 0xFFFFFFFFFFFFFFFF, a >> 64)
        s_tab[d] = (s & 0xFFFFFFFFFFFFFFFF, s >> 64)
        a, s = (a * _MULTIPLIER) & mask, (s * _MULTIPLIER + 1) & mask
    return a_tab, s_tab


JUMP = 1024  # longest jump of one table lookup; longer skips chain jumps
_JUMP_A, _JUMP_S = _jump_tables(JUMP)


@intrinsic
def _pcg_jump(typingctx, pcg, a_lo, a_hi, s_lo, s_hi):
    def codegen(context, builder, sig, args):
        i128 = ir.IntType(128)
        p = builder.inttoptr(args[0], i128.as_pointer())
        q = builder.gep(p, [ir.Constant(ir.IntType(32), 1)])

        def wide(lo, hi):
            return builder.or_(builder.shl(builder.zext(hi, i128), ir.Constant(i128, 64)), builder.zext(lo, i128))

        state = builder.add(builder.mul(builder.load(p), wide(args[1], args[2])), builder.mul(builder.load(q), wide(args[3], args[4])))
        builder.store(state, p)
        return context.get_dummy_value()

    return types.void(types.intp, types.uint64, types.uint64, types.uint64, types.uint64), codegen


@jit
def skip(s, count):
    """Advance the stream by ``count`` 64-bit outputs without computing them, as ``count``
    calls of :func:`next_double` would (a jump: O(1) per :data:`JUMP` outputs). The buffered
    32-bit half (``next_uint32``) is left as it is, as those calls leave it."""
    if count <= 0:
        return
    if not s[0]:
        for _ in range(count):
            _fn_next_double(s[3].bit_generator)
        return
    while count > 0:
        d = min(count, JUMP)
        _pcg_jump(s[2], _JUMP_A[d, 0], _JUMP_A[d, 1], _JUMP_S[d, 0], _JUMP_S[d, 1])
        count -= d
