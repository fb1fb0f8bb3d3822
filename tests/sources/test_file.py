"""A folder walk finds the articles, not a repository's dependencies and metadata files."""

from __future__ import annotations

from pathlib import Path

from integrity.sources.file import iter_paths

ARTICLE = "<html><body><article><h1>Council budget</h1><p>By Ana Ruiz</p><p>The council said so.</p></article></body></html>"


def _tree(root: Path) -> None:
    for rel in (
        "articles/story.html", "articles/licensing-deal.html", "articles/environment.txt", "env-desk/notes.txt",
        "node_modules/pkg/index.html", ".venv/lib/site.html", "venv/README.txt", "vendor/lib/doc.html",
        "pkg.egg-info/SOURCES.txt", "requirements.txt", "requirements-dev.txt", "LICENSE.txt", "robots.txt",
        "CHANGELOG.txt", "content/posts/budget.md", "content/posts/flood.markdown", "README.md", "CONTRIBUTING.md",
        "archetypes/default.md", "layouts/_default/single.html", "_includes/head.html",
    ):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE, encoding="utf-8")


def test_a_walk_skips_dependency_folders_and_metadata_files(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = sorted(p.relative_to(tmp_path).as_posix() for p in iter_paths(tmp_path))
    assert found == [
        "articles/environment.txt", "articles/licensing-deal.html", "articles/story.html",
        "content/posts/budget.md", "content/posts/flood.markdown", "env-desk/notes.txt",
    ]


def test_a_file_named_on_the_command_line_is_always_scanned(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert list(iter_paths(tmp_path / "LICENSE.txt")) == [tmp_path / "LICENSE.txt"]
    # a skipped folder named on the command line is walked: the user asked for it
    assert list(iter_paths(tmp_path / "node_modules")) == [tmp_path / "node_modules" / "pkg" / "index.html"]


def test_the_pre_commit_hook_passes_articles_and_not_metadata_files() -> None:
    import re

    import yaml

    from tests.conftest import ROOT

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def passed(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    for article in ("story.txt", "content/licensing-deal.html", "environment.txt", "news/changes-at-the-top.html",
                    "content/posts/budget.md", "content/posts/readme-of-the-week.md"):
        assert passed(article), article
    for other in ("requirements.txt", "docs/requirements-dev.txt", "LICENSE.txt", "robots.txt",
                  "node_modules/pkg/index.html", ".venv/lib/x.html", "pkg.egg-info/SOURCES.txt", "README.md",
                  "docs/CONTRIBUTING.md", "archetypes/default.md", "layouts/_default/single.html"):
        assert not passed(other), other


def _sample(glob: str) -> str:
    """A name a not_articles glob matches: '*' as 'x', a character class as its first character."""
    import re

    return re.sub(r"\[(.)[^\]]*\]", r"\1", glob).replace("*", "x")


def test_the_pre_commit_hook_excludes_every_name_a_walk_skips() -> None:
    import fnmatch
    import re

    import yaml

    from integrity.sources.selection import not_articles
    from tests.conftest import ROOT

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    folders, names = not_articles()
    for glob in folders:
        path = f"site/{_sample(glob)}/story.html"
        assert exclude.search(path), f"the hook passes {path}, which a walk skips ({glob!r})"
    for glob in names:
        name = _sample(glob)
        assert fnmatch.fnmatchcase(name, glob), (glob, name)
        for path in (name, f"content/{name}"):
            assert not (files.search(path) and not exclude.search(path)), f"the hook passes {path} ({glob!r})"


def test_markdown_is_read_as_markdown_from_a_file_and_from_an_archive(tmp_path: Path) -> None:
    import zipfile

    from integrity.sources.archives import ArchiveLimits, list_members, read_member
    from integrity.sources.file import read_document

    site = tmp_path / "site"
    (site / "static" / "images").mkdir(parents=True)
    (site / "content" / "posts").mkdir(parents=True)
    post = site / "content" / "posts" / "story.md"
    post.write_text("---\nauthor: Ana Ruiz\n---\n\nThe council said so.\n", encoding="utf-8")
    doc = read_document(post, 10_000)
    assert doc.kind == "markdown" and doc.folder == post.parent
    assert doc.site_folder == (site / "static").resolve()  # where /images/… is served from
    assert read_document(tmp_path / "site" / "content" / "posts" / "story.md", 10_000).kind == "markdown"
    (tmp_path / "plain.txt").write_text("The council said so.", encoding="utf-8")
    assert read_document(tmp_path / "plain.txt", 10_000).site_folder is None

    bundle = tmp_path / "posts.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("posts/story.md", post.read_text(encoding="utf-8"))
    (ref,) = list(list_members(bundle, ArchiveLimits()))
    assert read_member(ref, ArchiveLimits()).kind == "markdown"
