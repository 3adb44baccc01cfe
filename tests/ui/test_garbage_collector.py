"""Cycles are collected on the UI thread only: a collection inside a worker would free Qt objects off their
thread and crash the app (seen as a segfault while a report was being built)."""
import gc
import threading

from ui.worker import Worker


def test_cycles_made_by_a_worker_are_collected_on_the_ui_thread(qtbot):
    assert not gc.isenabled()
    ui_thread = threading.get_ident()
    collecting_threads = []

    def watch(phase, info):
        if phase == "start":
            collecting_threads.append(threading.get_ident())

    def job(progress, cancelled):
        junk = []
        for _ in range(100_000):
            cycle = []
            cycle.append(cycle)  # cyclic garbage: only the collector frees it
            junk.append(cycle)
        del junk
        return "done"

    gc.callbacks.append(watch)
    try:
        worker = Worker(job, show_dialog=False)
        results = []
        worker.done.connect(results.append)
        worker.start()
        qtbot.waitUntil(lambda: results == ["done"], timeout=30000)
        qtbot.waitUntil(lambda: bool(collecting_threads), timeout=5000)  # the UI thread's timer collects
    finally:
        gc.callbacks.remove(watch)
    assert set(collecting_threads) == {ui_thread}
