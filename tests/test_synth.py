"""Checks of the FPGA synthesis flow (``synth/flow.py``) and of its committed reports.

* The parsers and the harness generator are tested on small captured snippets (no tools needed).
* The committed ``synth/reports/summary.md`` must be what regenerating it from the committed JSON gives, and
  every registered unit must have a report made from its current RTL (staleness checks, no tools needed).
* The whole flow runs for ``sc_lfsr`` (a few seconds) into a temporary directory and its numbers must be sane
  (marked ``synth`` and ``slow``: it needs Yosys and nextpnr-ice40, and fails, never skips, without them).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from golden.registry import units
from synth import flow

# Captured from `tee -o ... stat -json` after `synth_ice40 -top sc_sng` (Yosys 0.23), trimmed.
STAT_SNIPPET = {
    "creator": "Yosys 0.23 (git sha1 7ce5011c24b)",
    "modules": {"\\sc_sng": {"num_cells": 64}},
    "design": {
        "num_cells": 65,
        "num_cells_by_type": {
            "SB_CARRY": 16,
            "SB_DFFER": 9,
            "SB_DFFES": 8,
            "SB_LUT4": 31,
            "SB_MAC16": 1,
            "SB_RAM40_4K": 2,
            "SB_SPRAM256KA": 1,
            "sc_lfsr": 1,  # a black box: not counted
        },
    },
}

# Captured from `nextpnr-ice40 --report` (0.4), trimmed to the two first and the last step of each path.
REPORT_SNIPPET = {
    "fmax": {"clk_i$SB_IO_IN_$glb_clk": {"achieved": 190.73486328125, "constraint": 100}},
    "critical_paths": [
        {
            "from": "<async>",
            "to": "posedge clk_i$SB_IO_IN_$glb_clk",
            "path": [
                {
                    "type": "source",
                    "delay": 0,
                    "from": {"cell": "in_q_SB_DFF_Q_DFFLC", "port": "D_IN_0"},
                    "to": {"cell": "sin_i$sb_io", "port": "D_IN_0"},
                },
            ],
        },
        {
            "from": "posedge clk_i$SB_IO_IN_$glb_clk",
            "to": "posedge clk_i$SB_IO_IN_$glb_clk",
            "path": [
                {
                    "type": "clk-to-q",
                    "delay": 0.54,
                    "from": {"cell": "u_core.x_i_SB_CARRY_I0_14$CARRY", "port": "CLK"},
                    "to": {"cell": "in_q_SB_DFF_Q_3_DFFLC", "port": "O"},
                },
                {
                    "type": "routing",
                    "delay": 1.27,
                    "net": "in_q[3]",
                    "from": {"cell": "in_q_SB_DFF_Q_3_DFFLC", "port": "O"},
                    "to": {"cell": "u_core.x_i_SB_CARRY_I0_14$CARRY", "port": "I1"},
                },
                {
                    "type": "setup",
                    "delay": 0.1,
                    "from": {"cell": "u_core.bit_q_SB_DFFER_Q_D_SB_LUT4_O_LC", "port": "I3"},
                    "to": {"cell": "u_core.bit_q_SB_DFFER_Q_D_SB_LUT4_O_LC", "port": "I3"},
                },
            ],
        },
    ],
    "utilization": {
        "ICESTORM_LC": {"available": 7680, "used": 69},
        "ICESTORM_RAM": {"available": 32, "used": 0},
        "SB_IO": {"available": 256, "used": 4},
    },
}

NRN_LIF_PORTS = [
    flow.Port("clk_i", "input", 1),
    flow.Port("rst_ni", "input", 1),
    flow.Port("leak_k_i", "input", 16),
    flow.Port("gain_k_i", "input", 16),
    flow.Port("i_t_i", "input", 16),
    flow.Port("noise_i", "input", 16),
    flow.Port("spike_o", "output", 1),
    flow.Port("v_o", "output", 16),
]


def test_parse_stat_counts_ice40_cells():
    area = flow.parse_stat(STAT_SNIPPET)
    assert area == flow.Area(lut4=31, carry=16, ff=17, dsp=1, ram=3)
    assert "sc_lfsr" not in flow.cell_counts(STAT_SNIPPET)
    with pytest.raises(ValueError, match="stat -json"):
        flow.parse_stat({"modules": {}})


def test_parse_fmax_and_critical_path():
    assert flow.clock_net(REPORT_SNIPPET, "clk_i") == "clk_i$SB_IO_IN_$glb_clk"
    assert flow.parse_fmax(REPORT_SNIPPET, "clk_i") == pytest.approx(190.734863)
    path = flow.critical_path(REPORT_SNIPPET, "clk_i$SB_IO_IN_$glb_clk")
    assert path == {
        "start": "in_q_SB_DFF_Q_3_DFFLC",
        "end": "u_core.bit_q_SB_DFFER_Q_D_SB_LUT4_O_LC",
        "end_port": "I3",
        "through_core": True,
    }
    assert flow.utilization(REPORT_SNIPPET) == {"ICESTORM_LC": 69, "SB_IO": 4}
    with pytest.raises(ValueError, match="clk"):
        flow.parse_fmax(REPORT_SNIPPET, "clk")
    with pytest.raises(ValueError, match="no 'fmax'"):
        flow.parse_fmax({"fmax": {}}, "clk_i")


def test_harness_of_a_wide_core_fits_four_pins():
    h = flow.harness_for("nrn_lif", NRN_LIF_PORTS)
    assert (h.clock, h.reset, h.reset_active_low) == ("clk_i", "rst_ni", True)
    assert (h.in_bits, h.out_bits) == (64, 17)
    assert h.xor_stages == [5, 2, 1]
    assert h.pins == ["clk_i", "rst_ni", "sin_i", "sout_o"]
    text = flow.wrapper_verilog(h)
    assert "module synth_wrap_nrn_lif (" in text and "GENERATED" in text
    assert ".leak_k_i(in_q[15:0])" in text and ".gain_k_i(in_q[31:16])" in text
    assert ".rst_ni(rst_ni)" in text and ".v_o(out_w[16:1])" in text
    assert "xor1_q <= {out_q[16], ^out_q[15:12], ^out_q[11:8], ^out_q[7:4], ^out_q[3:0]};" in text
    assert "(* blackbox *)" in flow.blackbox_verilog(h, NRN_LIF_PORTS)


def test_harness_rejects_ambiguous_ports():
    ports = [*NRN_LIF_PORTS, flow.Port("clk", "input", 1)]
    with pytest.raises(ValueError, match="more than one clock"):
        flow.harness_for("nrn_lif", ports)
    with pytest.raises(ValueError, match="no output"):
        flow.harness_for("x", [flow.Port("clk_i", "input", 1)])


def test_missing_tools_fail_with_install_hint(monkeypatch):
    monkeypatch.setattr(flow.rtl.shutil, "which", lambda tool: None)
    with pytest.raises(RuntimeError, match="apt-get install"):
        flow.tool_versions()


def test_committed_summary_is_current():
    committed = (flow.REPORTS / flow.SUMMARY).read_text()
    assert committed == flow.summary_markdown(flow.REPORTS), (
        "synth/reports/summary.md is stale: run `python -m synth.flow --summary-only`"
    )


def test_committed_reports_cover_registered_units_and_current_rtl():
    reports = {r["unit"]: r for r in flow.load_reports(flow.REPORTS)}
    missing = sorted(set(units()) - set(reports))
    assert not missing, f"no synthesis report for {missing}: run `python -m synth.flow --unit all`"
    for key, rep in reports.items():
        text = (flow.REPORTS / f"{key}.json").read_text()
        canonical = json.dumps(rep, indent=2, sort_keys=True) + "\n"
        assert text == canonical, f"{key}.json is not in canonical form (sorted keys, indent 2)"
        assert str(flow.ROOT) not in text, f"{key}.json holds an absolute path"
        for src in rep["sources"]:
            now = hashlib.sha256((flow.ROOT / src["path"]).read_bytes()).hexdigest()
            assert now == src["sha256"], (
                f"{src['path']} changed since synth/reports/{key}.json was made: "
                f"run `python -m synth.flow --unit {key}`"
            )


@pytest.mark.synth
@pytest.mark.slow
def test_flow_sc_lfsr(tmp_path: Path):
    reports = tmp_path / "reports"
    rep = flow.run(["sc_lfsr"], report_dir=reports, build_dir=tmp_path / "build", echo=False)["sc_lfsr"]
    assert json.loads((reports / "sc_lfsr.json").read_text()) == rep
    assert set(rep["targets"]) == set(flow.TARGETS)
    h = rep["harness"]
    assert (h["serial_in_bits"], h["captured_out_bits"]) == (1, 16)
    for key, t in rep["targets"].items():
        area = t["area"]
        assert area["lut4"] > 0, key
        assert area["ff"] >= 16, f"{key}: a 16-bit LFSR needs 16 FF, got {area['ff']}"
        assert area["ram"] == 0, key
        if "-dsp" not in t["synth_ice40"]:
            assert area["dsp"] == 0, key
        assert 0 < t["fmax_mhz"] < 1000, key
        assert t["critical_path"]["through_core"], key
        over = t["wrapper_overhead"]
        # shift register + capture + XOR stages
        assert over["ff"] == 1 + 16 + sum(h["xor_stages"]), key
        assert t["wrapped"] == {k: area[k] + over[k] for k in area}, key
        assert "-top sc_lfsr" in " ".join(t["commands"]["yosys_script"]), key
    summary = (reports / flow.SUMMARY).read_text()
    assert summary == flow.summary_markdown(reports)
    assert summary.count("| sc_lfsr |") == len(flow.TARGETS)
    assert (tmp_path / "build" / "sc_lfsr" / "synth_wrap_sc_lfsr.v").exists()
