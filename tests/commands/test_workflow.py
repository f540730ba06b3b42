"""The GitHub Pages workflow: valid YAML, a warm cache, and only the README's own commands."""

from __future__ import annotations

import re
import subprocess

import yaml
from sitebuild import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"


def test_the_workflow_keeps_the_cache_and_runs_the_readmes_commands():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert uses["actions/cache"]["with"]["path"] == ".cache"
    assert "run_id" in uses["actions/cache"]["with"]["key"]  # saved after every run
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "output"
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    commands = [step["run"] for step in steps if "run" in step]
    assert commands == ["make check", "make publish"]
    documented = set(
        re.findall(
            r"^\| `(make [a-z]+)[^`]*` \|",
            (ROOT / "README.md").read_text(encoding="utf-8"),
            re.MULTILINE,
        )
    )
    for command in commands:
        assert command in documented, f"{command} is not in the README's command table"
        dry = subprocess.run(
            [*command.split(), "--dry-run"], cwd=ROOT, capture_output=True, text=True
        )
        assert dry.returncode == 0, dry.stderr
