"""Scans in several processes read the registry while ``integrity registry add`` writes to it."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from PIL import Image

from integrity.cli import main
from integrity.config import Config
from integrity.known_images import KnownImageStore, compute_hashes, open_known_images
from tests.conftest import ROOT
from tests.known_images.photos import jpeg

WRITES = 12
SCANS = 3


def _picture(seed: int) -> bytes:
    import numpy as np

    blocks = np.random.default_rng(1000 + seed).integers(0, 255, size=(6, 8, 3), dtype=np.uint8)
    return jpeg(Image.fromarray(blocks).resize((240, 180), Image.BILINEAR))


def _writer(reg: str, folder: str, start, out) -> None:  # type: ignore[no-untyped-def]
    try:
        start.wait(30)
        for i in range(WRITES):
            img = Path(folder) / f"w{i}.jpg"
            img.write_bytes(_picture(i))
            code = main(["registry", "add", str(img), "--label", "stock", "--url", f"https://stock.example/{i}",
                         "--registry", reg])
            if code != 0:
                out.put(("writer", False, f"registry add exited {code}"))
                return
        out.put(("writer", True, ""))
    except BaseException:  # noqa: BLE001 - reported to the parent
        out.put(("writer", False, traceback.format_exc()))


def _reader(name: str, reg: str, page: str, start, out) -> None:  # type: ignore[no-untyped-def]
    try:
        from integrity.pipeline import Checker

        start.wait(30)
        seen = 0
        for _ in range(SCANS):
            report = Checker(Config(registry=Path(reg))).check_file(Path(page))
            ids = {f.rule_id for f in report.findings}
            if not report.ok or report.errors or "image/previously-published" not in ids:
                out.put((name, False, f"status {report.document.status}, errors {report.errors}, rules {sorted(ids)}"))
                return
            size = open_known_images(reg).size
            if size < seen:
                out.put((name, False, f"the registry shrank from {seen} to {size}"))
                return
            seen = size
        out.put((name, True, ""))
    except BaseException:  # noqa: BLE001
        out.put((name, False, traceback.format_exc()))


def test_concurrent_scans_and_adds_neither_fail_nor_corrupt(tmp_path: Path) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method")
    photo = _picture(999)
    reg = tmp_path / "registry.sqlite"
    with KnownImageStore(reg, create=True) as store:
        store.add(compute_hashes(photo), "published", source_url="https://archive.example.org/2023/flood",
                  first_published="2023-03-01")
    (tmp_path / "lead.jpg").write_bytes(photo)
    page = tmp_path / "story.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2025-03-10"></head><body><article>'
        '<figure><img src="lead.jpg" alt="Flood"><figcaption>The flood on Monday.</figcaption></figure>'
        "<p>The river rose, the police said.</p></article></body></html>", encoding="utf-8")

    ctx = multiprocessing.get_context("fork")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(reg), str(tmp_path), start, out))]
    procs += [ctx.Process(target=_reader, args=(f"reader{i}", str(reg), str(page), start, out)) for i in range(3)]
    for p in procs:
        p.start()
    start.set()
    # and a real command-line scan in yet another process, while the others run
    cli = subprocess.run([sys.executable, "-m", "integrity", "scan", str(page), "--registry", str(reg),
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=240)
    results = [out.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(60)
    assert [r for r in results if not r[1]] == []
    assert all(p.exitcode == 0 for p in procs)
    assert cli.returncode == 0, cli.stderr
    assert "image/previously-published" in cli.stdout
    with KnownImageStore(reg, readonly=True) as store:
        assert store.integrity_check() == "ok"
        assert store.count() == 1 + WRITES
    assert open_known_images(reg).size == 1 + WRITES
