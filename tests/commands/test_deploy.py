"""make deploy: sends the published build with rsync; refuses a failed, missing or stale one."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from sitebuild import ROOT, PublishedSite


def deploy(site: PublishedSite, target) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scripts.deploy", "--target", str(target)]
    command += ["--content", str(site.content), "--output", str(site.output)]
    command += ["--releases", str(site.releases)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, encoding="utf-8", timeout=300)


def tree(folder) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return PublishedSite.published(tmp_path_factory.mktemp("deploy"))


def test_deploy_sends_the_published_site_with_its_compressed_copies(site, tmp_path):
    target = tmp_path / "www"
    result = deploy(site, target)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Đang đưa output/ (bản mới nhất: ")
    assert "Đã triển khai bản " in result.stdout
    assert tree(target) == site.tree()
    assert (target / "index.html.gz").is_file() and (target / "index.html.br").is_file()


def test_deploy_refuses_a_stale_build_then_sends_the_rolled_back_one(site, tmp_path):
    target = tmp_path / "www"
    published = site.tree()
    site.edit("Một câu sửa sau khi xuất bản.")
    stale = deploy(site, target)
    assert stale.returncode == 1
    assert stale.stderr.startswith("Không triển khai: Bản trong output/ (")
    assert (
        "đã cũ: nội dung, giao diện hoặc cấu hình đã thay đổi sau lần 'make publish'"
        in stale.stderr
    )
    assert not target.exists()

    code, output = site.run()  # publish the edit, then change our mind
    assert code == 0, output
    code, output = site.run("--rollback")
    assert code == 0, output
    result = deploy(site, target)
    assert result.returncode == 0, result.stderr
    assert "bản đã quay lại bằng 'make rollback'" in result.stdout
    assert tree(target) == published


def test_deploy_refuses_when_nothing_is_published_or_no_target_is_given(tmp_path):
    site = PublishedSite(tmp_path)
    nothing = deploy(site, tmp_path / "www")
    assert nothing.returncode == 1
    assert nothing.stderr.startswith(
        "Không triển khai: Chưa có bản xuất bản hoàn chỉnh trong output/"
    )
    no_target = deploy(site, "")
    assert no_target.stderr.startswith(
        "Không triển khai: Chưa ghi nơi đưa trang lên. Cách sửa: make deploy DEPLOY_TARGET="
    )
