"""ui/heap.py: the objects alive after a page's first run are frozen once per page and process, so the
collector's full collections skip them; later runs of the page freeze nothing more."""
import gc

from ui import heap


def test_the_first_run_of_a_page_freezes_what_is_alive_and_later_runs_do_not(monkeypatch):
    monkeypatch.setattr(heap, "_SETTLED", set())
    gc.unfreeze()
    try:
        before = gc.get_freeze_count()
        kept = [object() for _ in range(10)], {"a": [1, 2]}        # alive, tracked containers
        assert heap.settle_after_first_run("staffing") is True
        frozen = gc.get_freeze_count()
        assert frozen > before
        assert not any(o is kept[1] for o in gc.get_objects())       # frozen: the collector skips it
        assert heap.settle_after_first_run("staffing") is False      # once per page
        assert gc.get_freeze_count() == frozen
        assert heap.settle_after_first_run("journey") is True        # another page's modules
    finally:
        gc.unfreeze()


def test_cyclic_garbage_of_the_first_run_is_collected_not_frozen(monkeypatch):
    monkeypatch.setattr(heap, "_SETTLED", set())
    gc.unfreeze()
    try:
        import weakref

        class Node:
            pass
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b                                                     # a cycle: only the collector frees it
        heap.settle_after_first_run("servqual")
        assert gone() is None
    finally:
        gc.unfreeze()
