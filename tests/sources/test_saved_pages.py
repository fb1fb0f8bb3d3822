

def test_audit_of_a_tar_reads_its_saved_pages(tmp_path: Path) -> None:
    import tarfile

    folder = mk.make_saved_pages(tmp_path / "site")
    archive = tmp_path / "saved.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            tf.add(file, file.relative_to(folder).as_posix())
    code, rows = _audit(archive, tmp_path / "out")
    assert code == 0
    assert rows == {f"{archive}!saved/cafe.mhtml": ("scanned", ""), f"{archive}!saved/fest.MHT": ("scanned", ""),
                    f"{archive}!story.html": ("scanned", "")}
