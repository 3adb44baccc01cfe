"""Guard against a reference-count bug in PySide6 6.12 on Python 3.11: every call of a Qt method that returns
nothing (QLabel.setText, QTableWidgetItem.setForeground, …) drops one reference to None without taking it.
Python 3.11 starts with about 5,000 references to None, so after some thousands of such calls the process
dies with "Fatal Python error: none_dealloc: deallocating None" (measured: a loop of 5,200 QLabel.setText
calls; the dashboard of a city-scale ledger on its first load).

Python 3.12 made None immortal (PEP 683), so there the bug is harmless. On older Pythons we give None the same
property: a very large reference count, so the lost references can never bring it to zero. None is never
deallocated in a healthy process anyway, so this changes nothing else.
"""
from __future__ import annotations

import sys

HEADROOM = 1 << 40


# The same loss was then seen for True and False ("Fatal Python error: bool_dealloc: deallocating True or False"
# at the end of a long test session, with many Qt calls taking or returning a bool): they get the same headroom.
SINGLETONS = (None, True, False)


def protect_none() -> bool:
    """Make None, True and False effectively immortal on CPython < 3.12; returns whether anything was done."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import ctypes

    done = False
    for singleton in SINGLETONS:
        if sys.getrefcount(singleton) > HEADROOM // 2:
            continue
        ctypes.c_ssize_t.from_address(id(singleton)).value += HEADROOM   # ob_refcnt is PyObject's first field
        done = True
    return done
