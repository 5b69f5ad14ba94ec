"""The local Neo4j's class archive, without a JVM: when a start writes one, when it maps
it, what is kept after a clean or an unclean stop, and what makes a new one."""

from __future__ import annotations

import os
from pathlib import Path

from kg.neo4j_local.class_share import ClassArchive, archive_key, mapped


def _jars(tmp_path: Path) -> list[Path]:
    lib = tmp_path / "lib"
    lib.mkdir()
    jars = [lib / "neo4j-kernel.jar", lib / "neo4j-bolt.jar"]
    for jar in jars:
        jar.write_bytes(b"PK" + jar.name.encode())
    return jars


def test_the_first_start_writes_an_archive_and_the_next_maps_it(tmp_path: Path) -> None:
    share = ClassArchive(tmp_path / "cds", "k1")
    options, partial = share.options(tmp_path / "cds.log")
    assert partial is not None and options[0] == f"-XX:ArchiveClassesAtExit={partial}"
    assert options[1:] == [
        "-Xlog:cds=off",
        f"-Xlog:cds=warning:file={tmp_path / 'cds.log'}:none:filecount=0",
    ]
    partial.write_bytes(b"classes")  # what the JVM writes as it exits
    assert share.settle(partial, clean=True)
    assert share.path.read_bytes() == b"classes" and not partial.exists()
    options, partial = share.options(tmp_path / "cds.log")
    assert partial is None
    assert options[:2] == [f"-XX:SharedArchiveFile={share.path}", "-Xshare:auto"]
    assert options[2].startswith(f"-Xlog:cds=info:file={tmp_path / 'cds.log'}:")


def test_an_unclean_stop_or_an_empty_file_keeps_nothing(tmp_path: Path) -> None:
    share = ClassArchive(tmp_path / "cds", "k1")
    _, killed = share.options(tmp_path / "cds.log")
    assert killed is not None
    killed.write_bytes(b"half")  # killed while writing: maybe a truncated archive
    assert not share.settle(killed, clean=False)
    _, empty = share.options(tmp_path / "cds.log")
    assert empty is not None
    empty.write_bytes(b"")
    assert not share.settle(empty, clean=True)
    _, never = share.options(tmp_path / "cds.log")  # the JVM exited before writing anything
    assert not share.settle(never, clean=True)
    assert not share.exists() and list(share.folder.iterdir()) == []


def test_concurrent_starts_write_separate_files_and_the_fuller_archive_stays(
    tmp_path: Path,
) -> None:
    share = ClassArchive(tmp_path / "cds", "k1")
    _, ran_queries = share.options(tmp_path / "cds.log")
    _, bare = share.options(tmp_path / "cds.log")
    assert ran_queries is not None and bare is not None and ran_queries != bare
    ran_queries.write_bytes(b"kernel, bolt and planner classes")
    bare.write_bytes(b"kernel, bolt")
    assert share.settle(ran_queries, clean=True)
    assert not share.settle(bare, clean=True)  # stopped later, but holds fewer classes
    assert share.path.read_bytes() == b"kernel, bolt and planner classes"
    assert not bare.exists()


def test_a_kept_archive_removes_the_other_keys(tmp_path: Path) -> None:
    old = ClassArchive(tmp_path / "cds", "old")
    _, partial = old.options(tmp_path / "cds.log")
    assert partial is not None
    partial.write_bytes(b"old classes")
    old.settle(partial, clean=True)
    new = ClassArchive(tmp_path / "cds", "new")
    _, partial = new.options(tmp_path / "cds.log")
    assert partial is not None
    partial.write_bytes(b"new classes")
    new.settle(partial, clean=True)
    assert new.exists() and not old.exists()


def test_a_refused_archive_is_dropped_and_written_again(tmp_path: Path) -> None:
    share = ClassArchive(tmp_path / "cds", "k1")
    share.folder.mkdir()
    share.path.write_bytes(b"not an archive")
    share.drop()
    _, partial = share.options(tmp_path / "cds.log")
    assert partial is not None


def test_the_key_changes_with_the_jvm_and_every_jar(tmp_path: Path) -> None:
    jars = _jars(tmp_path)
    java = "/usr/bin/java"
    key = archive_key(java, 'openjdk version "17.0.15"', jars)
    assert key == archive_key(java, 'openjdk version "17.0.15"\n', jars)
    assert key != archive_key(java, 'openjdk version "17.0.16"', jars)
    assert key != archive_key(java, 'openjdk version "17.0.15"', jars[:1])
    assert key != archive_key(java, 'openjdk version "17.0.15"', jars[::-1])
    st = jars[0].stat()
    os.utime(jars[0], ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # replaced jar
    assert key != archive_key(java, 'openjdk version "17.0.15"', jars)


def test_mapped_reads_the_jvms_cds_log() -> None:
    used = "trying to map /c/k1.jsa\nMapped dynamic region #0 at base 0x7f (ReadWrite)\n"
    assert mapped(used)
    assert not mapped("")  # no log: the JVM never tried
    assert not mapped("UseSharedSpaces: The shared archive file has a bad magic number.\n")
    assert not mapped(used + "UseSharedSpaces: shared class paths mismatch\n")
