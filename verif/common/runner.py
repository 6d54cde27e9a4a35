"""Build and run a cocotb testbench on Icarus through ``cocotb_tools.runner`` (used by make sim and pytest)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from verif.common.rtl import BUILD, INCLUDE, ROOT, require, sources


def run_cocotb(
    top: str,
    test_module: str,
    *,
    parameters: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    seed: int,
    waves: bool = False,
    build_dir: Path | None = None,
    rtl_files: list[Path] | None = None,
    tag: str = "sim",
) -> dict[str, Any]:
    """Build ``top`` (its discovered sources, or ``rtl_files``) and run ``test_module``.

    The testbench writes its results as JSON to ``$NRN_RESULTS``; they are returned (with the paths of the
    build, the waveform and the results file). Raises when the simulator is missing.
    """
    require("iverilog", "vvp")
    from cocotb_tools.runner import get_runner

    build = Path(build_dir or BUILD / tag / top)
    build.mkdir(parents=True, exist_ok=True)
    results = build / "results.json"
    if results.exists():
        results.unlink()
    runner = get_runner("icarus")
    runner.build(
        sources=[str(p) for p in (rtl_files or sources(top))],
        includes=[str(INCLUDE)],
        hdl_toplevel=top,
        parameters=parameters or {},
        build_dir=build,
        always=True,
        waves=waves,
        timescale=("1ns", "1ps"),
        log_file=build / "build.log",
    )
    extra = {
        "NRN_RESULTS": str(results),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        **(env or {}),
    }
    exit_code = 0
    try:  # under pytest the runner exits on a failing testbench; the results are still wanted here
        runner.test(
            test_module=test_module,
            hdl_toplevel=top,
            build_dir=build,
            test_dir=build,
            seed=seed,
            extra_env=extra,
            waves=waves,
            results_xml=str(build / "results.xml"),
            log_file=build / "sim.log",
        )
    except SystemExit as e:
        exit_code = e.code if isinstance(e.code, int) else 1
    if not results.exists():
        log = (build / "sim.log").read_text()[-3000:] if (build / "sim.log").exists() else ""
        raise RuntimeError(f"testbench wrote no results ({results}); end of sim.log:\n{log}")
    out = json.loads(results.read_text())
    out["failed_tests"] = failed_tests(build / "results.xml")
    out["simulator_exit_code"] = exit_code
    out["build_dir"] = str(build)
    out["results_file"] = str(results)
    wave = build / f"{top}.fst"
    out["waveform"] = str(wave) if wave.exists() else None
    return out


def failed_tests(xml: Path) -> list[str]:
    """Names of the failing (or erroring) testcases in a cocotb results.xml; a missing file is a failure."""
    import xml.etree.ElementTree as ET

    if not xml.exists():
        return ["(no results.xml)"]
    root = ET.parse(xml).getroot()
    return [tc.get("name", "?") for tc in root.iter("testcase")
            if tc.find("failure") is not None or tc.find("error") is not None]
