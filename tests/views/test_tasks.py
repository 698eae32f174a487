import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.views.tasks import Progress, TaskRunner


def _on_interface_thread() -> bool:
    app = QApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def test_result_and_progress_arrive_on_the_interface_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    worker_threads: list[bool] = []
    seen: list[tuple[int, int, str, bool]] = []
    results: list[tuple[object, bool]] = []

    def work(progress: Progress) -> int:
        worker_threads.append(threading.current_thread() is threading.main_thread())
        for i in range(3):
            progress(i + 1, 3, f"step {i + 1}")
        return 42

    task = runner.run(
        work,
        on_success=lambda r: results.append((r, _on_interface_thread())),
        on_progress=lambda d, t, m: seen.append((d, t, m, _on_interface_thread())),
    )
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert worker_threads == [False]  # the work itself ran off the interface thread
    assert results == [(42, True)]
    assert seen == [(1, 3, "step 1", True), (2, 3, "step 2", True), (3, 3, "step 3", True)]
    assert runner.wait(5000)


def test_failure_is_delivered_with_its_exception(qtbot: QtBot) -> None:
    runner = TaskRunner()
    failures: list[tuple[BaseException, bool]] = []

    def work(progress: Progress) -> None:
        raise ValueError("postal code 99999 unknown")

    task = runner.run(work, on_failure=lambda e: failures.append((e, _on_interface_thread())))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert len(failures) == 1
    error, main = failures[0]
    assert isinstance(error, ValueError) and str(error) == "postal code 99999 unknown"
    assert main


def test_cancel_stops_at_the_next_progress_report(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    release = threading.Event()
    reached: list[int] = []

    def work(progress: Progress) -> str:
        started.set()
        release.wait(5)
        for i in range(1000):
            progress(i, 1000)
            reached.append(i)
        return "not expected"

    results: list[object] = []
    task = runner.run(work, on_success=results.append)
    assert started.wait(5)
    task.cancel()
    release.set()
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        pass
    assert results == []
    assert reached == []  # the first report raised TaskCancelled
    assert runner.wait(5000)
    assert runner.active == 0


def test_single_worker_runs_everything_on_one_thread_in_order(qtbot: QtBot) -> None:
    runner = TaskRunner.single_worker()
    idents: list[int] = []
    order: list[int] = []
    tasks = []
    for n in range(5):
        def work(progress: Progress, n: int = n) -> int:
            idents.append(threading.get_ident())
            order.append(n)
            return n
        tasks.append(runner.run(work))
    with qtbot.waitSignals([t.finished for t in tasks], timeout=5000):
        pass
    assert order == [0, 1, 2, 3, 4]
    assert len(set(idents)) == 1 and idents[0] != threading.main_thread().ident
