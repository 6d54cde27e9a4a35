"""Trainable spiking cells (torch): the ten training cells of the catalogue.

Every cell is a ``torch.nn.Module`` that advances a population of neurons by ONE time step::

    spikes, state = cell(input, state)        # state=None: start from the cell's resting state
    spikes, trace = cell.simulate(inputs)     # inputs (T, ...): loop over the leading time axis

``input`` is the synaptic current already weighted (a ``Linear`` layer in front of the cell makes a layer); the
state is a ``NamedTuple`` of tensors shaped like the input (``cell.State._fields`` names them). The cells work
on any device and dtype: they take them from the input (no ``.cuda()`` anywhere), and their constants are
0-dimensional float64 tensors, which torch's type promotion lets float32 inputs keep their dtype.

Spike condition and reset. Each cell's forward pass applies exactly the update, spike test (``v >= threshold``,
``H(0) = 1``) and reset of its golden model in :mod:`golden.models` (named in each docstring; the tests
compare trajectories step by step in float64). The spike is ``s = surrogate((v - threshold) / norm)`` with one
of :mod:`golden.training.surrogates`: the forward value is the exact step, the backward pass the surrogate's
derivative; ``norm`` (a fixed positive constant per cell, documented) puts the surrogate's width in units of the
cell's threshold distance so that the default scales suit normalised and millivolt cells alike.

By default the reset does not carry a gradient (``detach_reset=True``): the surrogate's derivative through the
reset jump would otherwise feed back into the membrane it was computed from, the choice most surrogate-gradient
work makes (Zenke & Vogels 2021, Neural Comput. 33(4):899, study it among their variations).
``detach_reset=False`` keeps that path; the forward values are identical either way.

Learnable parameters. ``learn_threshold`` / ``learn_decay`` (where a cell has them) turn the threshold and the
decay into ``nn.Parameter``s. A decay in (0, 1) is stored through its logit, a time constant through its
logarithm, so gradient steps cannot leave the legal range; fixed parameters are buffers. Parameter values
may be scalars or per-neuron arrays (broadcast against the input).

Parameter errors are ``ValueError``s naming the parameter, the value and the allowed range.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import torch
from torch import nn

from golden.models.synaptic import exp_conv, exp_conv_t
from golden.training.surrogates import Surrogate, as_surrogate

_F64 = torch.float64


def _check(name: str, value: Any, lo: float = -math.inf, hi: float = math.inf, lo_open: bool = False,
           hi_open: bool = False, integer: bool = False) -> np.ndarray:
    arr = np.asarray(value, dtype=np.float64)
    lo_s, hi_s = ("(" if lo_open else "["), (")" if hi_open else "]")
    rng = f"{lo_s}{lo:g}, {hi:g}{hi_s}"
    bad = ~np.isfinite(arr)
    bad |= (arr <= lo) if lo_open else (arr < lo)
    bad |= (arr >= hi) if hi_open else (arr > hi)
    if integer:
        bad |= arr != np.round(arr)
    if np.any(bad):
        v = arr[bad].flat[0] if arr.ndim else float(arr)
        kind = "an integer " if integer else ""
        raise ValueError(f"{name} must be {kind}in {rng}, got {v!r}")
    return arr


class SpikingCell(nn.Module):
    """Base of the cells: parameter storage, surrogate, state creation and the time loop."""

    State: type = NamedTuple
    #: learnable parameters the cell offers: flag name -> parameter names
    learnable: dict[str, tuple[str, ...]] = {}

    def __init__(self, surrogate: str | Surrogate | None = None, scale: float | None = None,
                 detach_reset: bool = True) -> None:
        super().__init__()
        self.spike_fn = as_surrogate(surrogate, scale)
        self.detach_reset = bool(detach_reset)
        self._kinds: dict[str, str] = {}

    # -- parameters ------------------------------------------------------------------------------------------
    def _add(self, name: str, value: np.ndarray, learn: bool, kind: str = "real") -> None:
        """Store ``value``: a buffer, or with ``learn`` a Parameter in the unconstrained coordinate of ``kind``."""
        t = torch.as_tensor(np.asarray(value, dtype=np.float64), dtype=_F64)
        self._kinds[name] = kind
        if not learn:
            self.register_buffer("_" + name, t)
            return
        if kind == "positive":
            t = torch.log(t)
        elif kind == "unit":
            if bool(((t <= 0) | (t >= 1)).any()):
                raise ValueError(f"a learnable {name} must be in (0, 1), got {value!r}")
            t = torch.log(t) - torch.log1p(-t)
        self.register_parameter("_" + name, nn.Parameter(t))

    def p(self, name: str) -> torch.Tensor:
        """The current value of parameter ``name`` (a float64 tensor, scalar or per neuron)."""
        t = getattr(self, "_" + name)
        if not isinstance(t, nn.Parameter):
            return t
        kind = self._kinds[name]
        if kind == "positive":
            return torch.exp(t)
        if kind == "unit":
            return torch.sigmoid(t)
        return t

    # -- spikes and resets -----------------------------------------------------------------------------------
    def _spike(self, v: torch.Tensor, threshold: torch.Tensor, norm: float) -> torch.Tensor:
        return self.spike_fn((v - threshold) / norm)

    def _reset(self, s: torch.Tensor, v_after: torch.Tensor, v_before: torch.Tensor) -> torch.Tensor:
        """``v_after`` where ``s`` fired else ``v_before``, exact in value; the gradient through ``s`` unless
        ``detach_reset``."""
        out = torch.where(s > 0, v_after, v_before)
        if self.detach_reset or not s.requires_grad:
            return out
        return out + (s - s.detach()) * (v_after - v_before).detach()

    # -- state and time loop ---------------------------------------------------------------------------------
    def rest(self) -> dict[str, Any]:
        """Resting values of the state fields (scalars or tensors; zeros unless a cell says otherwise)."""
        return {}

    def initial_state(self, x: torch.Tensor) -> NamedTuple:
        """The resting state shaped like (and on the device, in the dtype of) the input ``x``."""
        rest = self.rest()
        fields = {}
        for f in self.State._fields:
            val = rest.get(f, 0.0)
            z = torch.zeros_like(x)
            fields[f] = z + torch.as_tensor(val, dtype=_F64, device=x.device).detach().to(x.dtype)
        return self.State(**fields)

    def simulate(self, inputs: torch.Tensor, state: NamedTuple | None = None, *extra: torch.Tensor,
                 ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """Run over the leading (time) axis of ``inputs``: (spikes (T, ...), {state field: trace (T, ...)})."""
        if inputs.ndim < 1 or inputs.shape[0] < 1:
            raise ValueError(f"inputs must have a leading time axis of length >= 1, got shape {tuple(inputs.shape)}")
        spikes, traces = [], {f: [] for f in self.State._fields}
        for t in range(inputs.shape[0]):
            s, state = self(inputs[t], state, *(e[t] for e in extra))
            spikes.append(s)
            for f in self.State._fields:
                traces[f].append(getattr(state, f))
        return torch.stack(spikes), {f: torch.stack(v) for f, v in traces.items()}

    def extra_repr(self) -> str:
        return f"surrogate={self.spike_fn!r}, detach_reset={self.detach_reset}"


# ---------------------------------------------------------------------------------------------------------------
class LIFState(NamedTuple):
    v: torch.Tensor


class LIFCell(SpikingCell):
    """Leaky integrate-and-fire cell in the discrete form of the network exporter (reset to a value).

    One step (``leak`` = dt / tau_m)::

        v_next = v + leak (v_rest - v) + I
        s      = H(v_next - threshold)          (fires when v_next >= threshold)
        v      = v_reset if s else v_next

    This is the forward-Euler step of ``tau_m dv/dt = -(v - v_rest) + R I`` (Lapicque 1907; Gerstner & Kistler
    2002, Spiking Neuron Models, ch. 4) with ``I`` in units of potential per step, and it is exactly the layer
    update of :mod:`golden.export.network` (same operation order). Golden model: ``StochasticLIFNeuron`` with
    ``noise_std = 0``, ``refractory_period = 0``, ``resistance = 1``, ``dt = 1``, ``tau_mem = 1 / leak``.

    Parameters: ``leak`` in (0, 1] (0.05), ``threshold`` (1.0), ``v_rest`` (0.0), ``v_reset`` (0.0,
    < threshold). Learnable: ``learn_decay`` (leak, through its logit; then leak must be < 1) and
    ``learn_threshold``. Surrogate argument normalised by ``threshold - v_rest`` at construction.
    """

    reference = "Lapicque 1907; forward Euler as in Gerstner & Kistler 2002, Spiking Neuron Models, ch. 4"

    State = LIFState
    learnable = {"learn_decay": ("leak",), "learn_threshold": ("threshold",)}

    def __init__(self, leak: Any = 0.05, threshold: Any = 1.0, v_rest: Any = 0.0, v_reset: Any = 0.0,
                 learn_decay: bool = False, learn_threshold: bool = False, surrogate: str | Surrogate | None = None,
                 scale: float | None = None, detach_reset: bool = True) -> None:
        super().__init__(surrogate, scale, detach_reset)
        leak = _check("leak", leak, 0.0, 1.0, lo_open=True)
        th = _check("threshold", threshold)
        vr = _check("v_rest", v_rest)
        vz = _check("v_reset", v_reset)
        if np.any(vz >= th):
            raise ValueError(f"v_reset must be < threshold, got v_reset={v_reset!r}, threshold={threshold!r}")
        if np.any(vr >= th):
            raise ValueError(f"v_rest must be < threshold, got v_rest={v_rest!r}, threshold={threshold!r}")
        self._add("leak", leak, learn_decay, "unit")
        self._add("threshold", th, learn_threshold)
        self._add("v_rest", vr, False)
        self._add("v_reset", vz, False)
        self.norm = float(np.min(th - vr))

    def rest(self):
        return {"v": self.p("v_rest")}

    def forward(self, x: torch.Tensor, state: LIFState | None = None) -> tuple[torch.Tensor, LIFState]:
        if state is None:
            state = self.initial_state(x)
        v = state.v
        v_next = v + self.p("leak") * (self.p("v_rest") - v) + x
        s = self._spike(v_next, self.p("threshold"), self.norm)
        return s, LIFState(self._reset(s, self.p("v_reset").to(v_next.dtype).expand_as(v_next), v_next))


# ---------------------------------------------------------------------------------------------------------------
class IFState(NamedTuple):
    v: torch.Tensor


class IFCell(SpikingCell):
    """Perfect (non-leaky) integrate-and-fire cell with reset by subtraction.

    One step (``I`` in units of potential per step; ``span = threshold - v_reset``)::

        v = v + I
        s = H(v - threshold)
        if s:  v = v - span;  if still v >= threshold:  v = v_reset + ((v - v_reset) mod span)

    Reset by subtraction keeps the overshoot, so the spike count over T steps of a constant input I is
    ``I T / span`` up to one spike for any step (at most one spike per step is reported). Model: the
    integrate-and-fire neuron without leak (Gerstein & Mandelbrot 1964, Biophys. J. 4:41; Gerstner & Kistler
    2002, ch. 4). Golden model: ``PerfectIntegratorNeuron`` with ``C = dt`` (so that ``I dt / C = I``).

    Parameters: ``threshold`` (1.0), ``v_reset`` (0.0, < threshold). Learnable: ``learn_threshold`` (no decay).
    Surrogate argument normalised by ``span`` at construction.
    """

    reference = "Gerstein & Mandelbrot 1964, Biophys. J. 4:41"

    State = IFState
    learnable = {"learn_threshold": ("threshold",)}

    def __init__(self, threshold: Any = 1.0, v_reset: Any = 0.0, learn_threshold: bool = False,
                 surrogate: str | Surrogate | None = None, scale: float | None = None,
                 detach_reset: bool = True) -> None:
        super().__init__(surrogate, scale, detach_reset)
        th = _check("threshold", threshold)
        vz = _check("v_reset", v_reset)
        if np.any(vz >= th):
            raise ValueError(f"v_reset must be < threshold, got v_reset={v_reset!r}, threshold={threshold!r}")
        self._add("threshold", th, learn_threshold)
        self._add("v_reset", vz, False)
        self.norm = float(np.min(th - vz))

    def rest(self):
        return {"v": self.p("v_reset")}

    def forward(self, x: torch.Tensor, state: IFState | None = None) -> tuple[torch.Tensor, IFState]:
        if state is None:
            state = self.initial_state(x)
        th, vz = self.p("threshold"), self.p("v_reset")
        span = th - vz
        v_next = state.v + x
        s = self._spike(v_next, th, self.norm)
        v1 = v_next - span
        d = v1 - vz
        v2 = torch.where(v1 >= th, vz + (d - span * torch.floor(d / span)), v1)
        return s, IFState(self._reset(s, v2, v_next))


# ---------------------------------------------------------------------------------------------------------------
class SynapticState(NamedTuple):
    i: torch.Tensor
    v: torch.Tensor


class SynapticCell(SpikingCell):
    """LIF cell with an exponentially decaying synaptic current (current-based synapse), discrete form.

    One step::

        i_next = alpha i + I                      (alpha = exp(-dt / tau_syn): the synaptic decay per step)
        v_next = v + leak (v_rest - v) + i_next   (leak = dt / tau_m)
        s      = H(v_next - threshold);   v = v_reset if s else v_next   (the current is not reset)

    The discrete-time current-based LIF neuron of surrogate-gradient learning (Neftci, Mostafa & Zenke 2019,
    IEEE Signal Process. Mag. 36(6):51, eqs. of the discrete model, here with the current entering the membrane
    in the same step and a reset to ``v_reset``). No golden model has this exact discretisation (the
    exactly-integrated form is :class:`SecondOrderLIFCell`); the test compares it with the equations above
    written out in numpy.

    Parameters: ``alpha`` in [0, 1) (0.9), ``leak`` in (0, 1] (0.1), ``threshold`` (1.0), ``v_rest`` (0.0),
    ``v_reset`` (0.0, < threshold). Learnable: ``learn_decay`` (alpha and leak, through their logits) and
    ``learn_threshold``. Surrogate argument normalised by ``threshold - v_rest``.
    """

    reference = "Neftci, Mostafa & Zenke 2019, IEEE Signal Process. Mag. 36:51"

    State = SynapticState
    learnable = {"learn_decay": ("alpha", "leak"), "learn_threshold": ("threshold",)}

    def __init__(self, alpha: Any = 0.9, leak: Any = 0.1, threshold: Any = 1.0, v_rest: Any = 0.0,
                 v_reset: Any = 0.0, learn_decay: bool = False, learn_threshold: bool = False,
                 surrogate: str | Surrogate | None = None, scale: float | None = None,
                 detach_reset: bool = True) -> None:
        super().__init__(surrogate, scale, detach_reset)
        a = _check("alpha", alpha, 0.0, 1.0, hi_open=True)
        leak = _check("leak", leak, 0.0, 1.0, lo_open=True)
        th, vr, vz = _check("threshold", threshold), _check("v_rest", v_rest), _check("v_reset", v_reset)
        if np.any(vz >= th) or np.any(vr >= th):
            raise ValueError(f"v_rest and v_reset must be < threshold, got v_rest={v_rest!r}, v_reset={v_reset!r},"
                             f" threshold={threshold!r}")
        self._add("alpha", a, learn_decay, "unit")
        self._add("leak", leak, learn_decay, "unit")
        self._add("threshold", th, learn_threshold)
        self._add("v_rest", vr, False)
        self._add("v_reset", vz, False)
        self.norm = float(np.min(th - vr))

    def rest(self):
        return {"v": self.p("v_rest")}

    def forward(self, x: torch.Tensor, state: SynapticState | None = None) -> tuple[torch.Tensor, SynapticState]:
        if state is None:
            state = self.initial_state(x)
        i = self.p("alpha") * state.i + x
        v = state.v
        v_next = v + self.p("leak") * (self.p("v_rest") - v) + i
        s = self._spike(v_next, self.p("threshold"), self.norm)
        return s, SynapticState(i, self._reset(s, self.p("v_reset").to(v_next.dtype).expand_as(v_next), v_next))


# ---------------------------------------------------------------------------------------------------------------
class ALIFState(NamedTuple):
    v: torch.Tensor
    a: torch.Tensor
    z: torch.Tensor
    refractory: torch.Tensor


class ALIFCell(SpikingCell):
    """Adaptive LIF cell of LSNNs / e-prop (Bellec et al. 2018, NeurIPS; Bellec et al. 2020, Nat. Commun.
    11:3625, Methods).

    One step (``alpha = exp(-dt/tau_m)``, ``rho = exp(-dt/tau_a)``, ``z`` the previous step's spike)::

        v = alpha v + I - z v_th                    (reset by subtracting the baseline threshold, one step late)
        A = v_th + beta a                           (adaptive threshold, with a of the previous step)
        z = H(v - A), 0 while refractory;  a = rho a + z
        after a spike: refractory for round(t_ref / dt) steps (no spike; v keeps integrating)

    Golden model: ``EPropALIFNeuron`` (whose eligibility traces are the e-prop learning rule, not needed here:
    backpropagation through time computes the exact gradient with this cell). The surrogate argument is
    ``(v - A) / v_th`` (the paper's normalisation); ``Surrogate("triangular", 1.0)`` is the paper's
    pseudo-derivative up to its dampening factor (0.3).

    Parameters: ``tau_m`` ms > 0 (20), ``tau_a`` ms > 0 (200), ``v_th`` > 0 (1.0), ``beta`` >= 0 (0.07),
    ``t_ref`` ms >= 0 (2), ``dt`` ms > 0 (1). Learnable: ``learn_decay`` (tau_m and tau_a, through their
    logarithms) and ``learn_threshold`` (v_th, through its logarithm).
    """

    reference = "Bellec et al. 2020, Nat. Commun. 11:3625"

    State = ALIFState
    learnable = {"learn_decay": ("tau_m", "tau_a"), "learn_threshold": ("v_th",)}

    def __init__(self, tau_m: Any = 20.0, tau_a: Any = 200.0, v_th: Any = 1.0, beta: Any = 0.07, t_ref: float = 2.0,
                 dt: float = 1.0, learn_decay: bool = False, learn_threshold: bool = False,
                 surrogate: str | Surrogate | None = "triangular", scale: float | None = None,
                 detach_reset: bool = True) -> None:
        super().__init__(surrogate, scale, detach_reset)
        self._add("tau_m", _check("tau_m", tau_m, 0.0, lo_open=True), learn_decay, "positive")
        self._add("tau_a", _check("tau_a", tau_a, 0.0, lo_open=True), learn_decay, "positive")
        vth = _check("v_th", v_th, 0.0, lo_open=True)
        self._add("v_th", vth, learn_threshold, "positive")
        self._add("beta", _check("beta", beta, 0.0), False)
        _check("t_ref", t_ref, 0.0)
        _check("dt", dt, 0.0, lo_open=True)
        self.dt = float(dt)
        self.ref_steps = int(round(float(t_ref) / float(dt)))
        self.norm = float(np.min(vth))

    def forward(self, x: torch.Tensor, state: ALIFState | None = None) -> tuple[torch.Tensor, ALIFState]:
        if state is None:
            state = self.initial_state(x)
        alpha = torch.exp(-self.dt / self.p("tau_m"))
        rho = torch.exp(-self.dt / self.p("tau_a"))
        v_th = self.p("v_th")
        z_prev = state.z.detach() if self.detach_reset else state.z
        v = alpha * state.v + x - z_prev * v_th
        thr = v_th + self.p("beta") * state.a
        free = (state.refractory <= 0).to(x.dtype)
        z = self.spike_fn((v - thr) / self.norm) * free
        a = rho * state.a + z.detach()
        refractory = torch.where(z > 0, torch.full_like(x, float(self.ref_steps)),
                                 torch.where(free > 0, state.refractory, state.refractory - 1.0))
        return z, ALIFState(v, a, z, refractory)


# ---------------------------------------------------------------------------------------------------------------
class RecurrentLIFState(NamedTuple):
    v: torch.Tensor
    s: torch.Tensor


class RecurrentLIFCell(SpikingCell):
    """A layer of ``n`` :class:`LIFCell` neurons with all-to-all recurrent weights (one step of delay).

    One step (``s`` the spikes of the previous step, ``W_rec`` an (n, n) weight, ``W_rec[i, j]`` from j to i)::

        v_next = v + leak (v_rest - v) + I + W_rec s
        s      = H(v_next - threshold);   v = v_reset if s else v_next

    The recurrent spiking network of surrogate-gradient training (Neftci, Mostafa & Zenke 2019, the recurrent
    weights ``V`` of its discrete model). Golden model: ``n`` ``StochasticLIFNeuron``s (as for
    :class:`LIFCell`) each driven by ``I + W_rec s`` computed from the golden neurons' own previous spikes.

    Parameters: ``n`` >= 1, ``leak`` in (0, 1] (0.05), ``threshold`` (1.0), ``v_rest`` (0.0), ``v_reset``
    (0.0), ``w_scale`` >= 0 (0.5): ``W_rec`` starts as ``N(0, w_scale^2 / n)`` from torch's generator (seed it
    with ``torch.manual_seed``), with a zero diagonal (no self-connection). ``W_rec`` is always learnable;
    ``learn_decay`` / ``learn_threshold`` as in :class:`LIFCell`. The last dimension of the input is ``n``.
    """

    reference = "Neftci, Mostafa & Zenke 2019, IEEE Signal Process. Mag. 36:51"

    State = RecurrentLIFState
    learnable = {"learn_decay": ("leak",), "learn_threshold": ("threshold",)}

    def __init__(self, n: int, leak: Any = 0.05, threshold: Any = 1.0, v_rest: Any = 0.0, v_reset: Any = 0.0,
                 w_scale: float = 0.5, learn_decay: bool = False, learn_threshold: bool = False,
                 surrogate: str | Surrogate | None = None, scale: float | None = None,
                 detach_reset: bool = True) -> None:
        super().__init__(surrogate, scale, detach_reset)
        _check("n", n, 1.0, integer=True)
        _check("w_scale", w_scale, 0.0)
        self.n = int(n)
        self.lif = LIFCell(leak, threshold, v_rest, v_reset, learn_decay, learn_threshold, self.spike_fn,
                           detach_reset=detach_reset)
        w = torch.randn(self.n, self.n, dtype=_F64) * (float(w_scale) / math.sqrt(self.n))
        w.fill_diagonal_(0.0)
        self.weight = nn.Parameter(w)
        self.norm = self.lif.norm

    def rest(self):
        return {"v": self.lif.p("v_rest")}

    def forward(self, x: torch.Tensor, state: RecurrentLIFState | None = None,
                ) -> tuple[torch.Tensor, RecurrentLIFState]:
        if x.shape[-1] != self.n:
            raise ValueError(f"input's last dimension must be n={self.n}, got shape {tuple(x.shape)}")
        if state is None:
            state = self.initial_state(x)
        rec = torch.matmul(state.s, self.weight.to(x.dtype).t())
        s, lif_state = self.lif(x + rec, LIFState(state.v))
        return s, RecurrentLIFState(lif_state.v, s)


# ---------------------------------------------------------------------------------------------------------------
class AdExState(NamedTuple):
    v: torch.Tensor
    w: torch.Tensor


class ExpIFState(NamedTuple):
    v: torch.Tensor


def _check_eif(C, g_L, E_L, V_T, Delta_T, V_peak, V_r, dt, order, tau_w=None):
    C = _check("C", C, 0.0, lo_open=True)
    g_L = _check("g_L", g_L, 0.0, lo_open=True)
    E_L = _check("E_L", E_L, -200.0, 100.0)
    V_T = _check("V_T", V_T, -200.0, 100.0)
    Delta_T = _check("Delta_T", Delta_T, 0.01, 50.0)
    V_peak = _check("V_peak", V_peak, -200.0, 100.0)
    V_r = _check("V_r", V_r, -200.0, 100.0)
    _check("dt", dt, 0.0, 10.0, lo_open=True)
    _check("order", order, 1.0, 2.0, integer=True)
    if np.any(V_peak <= V_T):
        raise ValueError(f"V_peak must be > V_T, got V_peak={V_peak}, V_T={V_T} mV")
    if np.any(V_r >= V_peak):
        raise ValueError(f"V_r must be < V_peak, got V_r={V_r}, V_peak={V_peak} mV")
    if np.any((V_peak - V_T) / Delta_T > 500.0):
        raise ValueError("(V_peak - V_T)/Delta_T must be <= 500 so that exp() stays finite")
    tau_min = float(np.min(C / g_L)) if tau_w is None else min(float(np.min(C / g_L)), float(np.min(tau_w)))
    if dt > 0.2 * tau_min:
        raise ValueError(f"dt must be <= 0.2 x the shortest time constant ({tau_min:g} ms) for a stable explicit "
                         f"step, got dt={dt}")
    return C, g_L, E_L, V_T, Delta_T, V_peak, V_r


class AdExCell(SpikingCell):
    """Adaptive exponential integrate-and-fire cell (Brette & Gerstner 2005, J. Neurophysiol. 94:3637).

    Model::

        C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) - w + I
        tau_w dw/dt = a (V - E_L) - w
        V >= V_peak  ->  spike, V <- V_r, w <- w + b

    Integration, exactly as the golden ``AdExNeuron``: one explicit step of ``dt`` per call, forward Euler
    (``order=1``) or Heun (``order=2``); the exponent is capped at ``(V_peak - V_T)/Delta_T``; a spike when
    the Euler predictor reaches ``V_peak`` (then ``w <- w + dt dw/dt + b``) or, for Heun, when the corrected V
    does (``w <- w_Heun + b``). Units as the golden model: mV, pA, nS, pF, ms. The surrogate argument is
    ``(V - V_peak) / Delta_T`` (V the predictor if it crossed, else the corrected value).

    Parameters (defaults of Brette & Gerstner 2005, as ``AdExNeuron``): ``C`` 281 pF, ``g_L`` 30 nS, ``E_L``
    -70.6 mV, ``V_T`` -50.4 mV, ``Delta_T`` 2 mV [0.01, 50], ``tau_w`` 144 ms, ``a`` 4 nS, ``b`` 80.5 pA,
    ``V_r`` -70.6 mV, ``V_peak`` 0 mV (> V_T), ``dt`` 0.1 ms (<= 0.2 min(C/g_L, tau_w)), ``order`` 1 or 2 (2).
    Learnable: ``learn_decay`` (g_L and tau_w, through their logarithms), ``learn_threshold`` (V_T, the
    soft threshold of the exponential; V_peak is only the numerical cut-off).
    """

    reference = "Brette & Gerstner 2005, J. Neurophysiol. 94:3637"

    State = AdExState
    learnable = {"learn_decay": ("g_L", "tau_w"), "learn_threshold": ("V_T",)}
    _adaptive = True

    def __init__(self, C: Any = 281.0, g_L: Any = 30.0, E_L: Any = -70.6, V_T: Any = -50.4, Delta_T: Any = 2.0,
                 tau_w: Any = 144.0, a: Any = 4.0, b: Any = 80.5, V_r: Any = -70.6, V_peak: Any = 0.0,
                 dt: float = 0.1, order: int = 2, learn_decay: bool = False, learn_threshold: bool = False,
                 surrogate: str | Surrogate | None = None, scale: float | None = None,
                 detach_reset: bool = True) -> None:
        super().__init__(surrogate, scale, detach_reset)
        tau_w = _check("tau_w", tau_w, 0.0, lo_open=True) if self._adaptive else None
        C, g_L, E_L, V_T, Delta_T, V_peak, V_r = _check_eif(C, g_L, E_L, V_T, Delta_T, V_peak, V_r, dt, order,
                                                            tau_w)
        self._add("C", C, False)
        self._add("g_L", g_L, learn_decay, "positive")
        self._add("E_L", E_L, False)
        self._add("V_T", V_T, learn_threshold)
        self._add("Delta_T", Delta_T, False)
        self._add("V_peak", V_peak, False)
        self._add("V_r", V_r, False)
        if self._adaptive:
            self._add("tau_w", tau_w, learn_decay, "positive")
            self._add("a", _check("a", a, -1000.0, 1000.0), False)
            self._add("b", _check("b", b, -10000.0, 10000.0), False)
        self.dt = float(dt)
        self.order = int(order)
        self.norm = float(np.min(Delta_T))

    def rest(self):
        return {"v": self.p("E_L")}

    def _derivs(self, v, w, x):
        g_l, e_l, dT = self.p("g_L"), self.p("E_L"), self.p("Delta_T")
        e = torch.clamp((v - self.p("V_T")) / dT, max=(self.p("V_peak") - self.p("V_T")) / dT)
        dv = (g_l * (e_l - v) + g_l * dT * torch.exp(e) - w + x) / self.p("C")
        if not self._adaptive:
            return dv, None
        dw = (self.p("a") * (v - e_l) - w) / self.p("tau_w")
        return dv, dw

    def _step(self, x, v, w):
        h, peak = self.dt, self.p("V_peak")
        dv1, dw1 = self._derivs(v, w, x)
        vp = v + h * dv1
        wp = w + h * dw1 if self._adaptive else w
        if self.order == 1:
            v_new, w_new, v_test, w_spk = vp, wp, vp, wp
        else:
            dv2, dw2 = self._derivs(vp, wp, x)
            v_new = v + 0.5 * h * (dv1 + dv2)
            w_new = w + 0.5 * h * (dw1 + dw2) if self._adaptive else w
            pred = vp >= peak
            v_test = torch.where(pred, vp, v_new)
            w_spk = torch.where(pred, wp, w_new) if self._adaptive else w
        s = self._spike(v_test, peak, self.norm)
        v_out = self._reset(s, self.p("V_r").to(v_test.dtype).expand_as(v_test), v_new)
        if not self._adaptive:
            return s, v_out, None
        w_out = torch.where(s > 0, w_spk + self.p("b"), w_new)
        return s, v_out, w_out

    def forward(self, x: torch.Tensor, state: AdExState | None = None) -> tuple[torch.Tensor, AdExState]:
        if state is None:
            state = self.initial_state(x)
        s, v, w = self._step(x, state.v, state.w)
        return s, AdExState(v, w)


class ExpIFCell(AdExCell):
    """Exponential integrate-and-fire cell (Fourcaud-Trocme, Hansel, van Vreeswijk & Brunel 2003, J. Neurosci.
    23:11628): :class:`AdExCell` without adaptation.

    Model::

        C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) + I;   V >= V_peak -> spike, V <- V_r

    Integration: one forward-Euler (``order=1``) or Heun (``order=2``) step per call with the capped exponent,
    the update of the golden ``AdExNeuron`` with ``a = b = 0`` (which is this model exactly; the golden
    ``ExpIFNeuron`` adds adaptive micro-steps and a refractory period, which a trainable cell does not need).
    Defaults: the EIF fit of the paper (as ``ExpIFNeuron``): ``C`` 1 uF/cm^2, ``g_L`` 0.1 mS/cm^2, ``E_L``
    -65 mV, ``V_T`` -59.9 mV, ``Delta_T`` 3.48 mV, ``V_peak`` -30 mV, ``V_r`` -68 mV, ``dt`` 0.1 ms,
    ``order`` 2; input in uA/cm^2. Learnable: ``learn_decay`` (g_L), ``learn_threshold`` (V_T).
    """

    reference = "Fourcaud-Trocme, Hansel, van Vreeswijk & Brunel 2003, J. Neurosci. 23:11628"

    State = ExpIFState
    learnable = {"learn_decay": ("g_L",), "learn_threshold": ("V_T",)}
    _adaptive = False

    def __init__(self, C: Any = 1.0, g_L: Any = 0.1, E_L: Any = -65.0, V_T: Any = -59.9, Delta_T: Any = 3.48,
                 V_peak: Any = -30.0, V_r: Any = -68.0, dt: float = 0.1, order: int = 2, learn_decay: bool = False,
                 learn_threshold: bool = False, surrogate: str | Surrogate | None = None,
                 scale: float | None = None, detach_reset: bool = True) -> None:
        super().__init__(C=C, g_L=g_L, E_L=E_L, V_T=V_T, Delta_T=Delta_T, V_r=V_r, V_peak=V_peak, dt=dt,
                         order=order, learn_decay=learn_decay, learn_threshold=learn_threshold,
                         surrogate=surrogate, scale=scale, detach_reset=detach_reset)

    def forward(self, x: torch.Tensor, state: ExpIFState | None = None) -> tuple[torch.Tensor, ExpIFState]:
        if state is None:
            state = self.initial_state(x)
        s, v, _ = self._step(x, state.v, 0.0)
        return s, ExpIFState(v)


# ---------------------------------------------------------------------------------------------------------------
class LapicqueState(NamedTuple):
    v: torch.Tensor
    refractory: torch.Tensor


class LapicqueCell(SpikingCell):
    """Lapicque's RC integrate-and-fire cell, integrated exactly, with an absolute refractory period.

    Model (Lapicque 1907, J. Physiol. Pathol. Gen. 9:620; Brunel & van Rossum 2007, Biol. Cybern. 97:337)::

        C dV/dt = -(V - V_rest)/R + I;   V >= V_th -> spike, V <- V_reset, held there for t_ref

    One step, with the input constant over the step (exact)::

        V_inf = V_rest + R I;   V = V_inf + (V - V_inf) exp(-dt / (R C))

    Golden model: ``LapicqueNeuron`` (same parameters and units: mV, nA, MOhm, nF, ms). Defaults: ``V_rest`` -65,
    ``V_reset`` -65, ``V_th`` -50 (above both), ``R`` 10, ``C`` 1 (tau_m 10 ms), ``t_ref`` 2, ``dt`` 0.1.
    Learnable: ``learn_decay`` (tau_m = R C, through its logarithm; R stays the input gain),
    ``learn_threshold`` (V_th). Surrogate argument normalised by ``V_th - V_rest``.
    """

    reference = "Lapicque 1907, J. Physiol. Pathol. Gen. 9:620"

    State = LapicqueState
    learnable = {"learn_decay": ("tau_m",), "learn_threshold": ("V_th",)}

    def __init__(self, V_rest: Any = -65.0, V_reset: Any = -65.0, V_th: Any = -50.0, R: Any = 10.0, C: Any = 1.0,
                 t_ref: float = 2.0, dt: float = 0.1, learn_decay: bool = False, learn_threshold: bool = False,
                 surrogate: str | Surrogate | None = None, scale: float | None = None,
                 detach_reset: bool = True) -> None:
        super().__init__(surrogate, scale, detach_reset)
        vr = _check("V_rest", V_rest, -200.0, 100.0)
        vz = _check("V_reset", V_reset, -200.0, 100.0)
        th = _check("V_th", V_th, -200.0, 100.0)
        R = _check("R", R, 0.0, lo_open=True)
        C = _check("C", C, 0.0, lo_open=True)
        _check("t_ref", t_ref, 0.0, 1000.0)
        _check("dt", dt, 0.0, 100.0, lo_open=True)
        if np.any(vr >= th) or np.any(vz >= th):
            raise ValueError(f"V_rest and V_reset must be < V_th, got V_rest={V_rest!r}, V_reset={V_reset!r}, "
                             f"V_th={V_th!r}")
        self._add("V_rest", vr, False)
        self._add("V_reset", vz, False)
        self._add("V_th", th, learn_threshold)
        self._add("R", R, False)
        self._add("tau_m", R * C, learn_decay, "positive")
        self.dt = float(dt)
        self.ref_steps = int(round(float(t_ref) / float(dt)))
        self.norm = float(np.min(th - vr))

    def rest(self):
        return {"v": self.p("V_rest")}

    def forward(self, x: torch.Tensor, state: LapicqueState | None = None) -> tuple[torch.Tensor, LapicqueState]:
        if state is None:
            state = self.initial_state(x)
        decay = torch.exp(-self.dt / self.p("tau_m"))
        v_inf = self.p("V_rest") + self.p("R") * x
        v_int = v_inf + (state.v - v_inf) * decay
        free = state.refractory <= 0
        s = self._spike(v_int, self.p("V_th"), self.norm) * free.to(x.dtype)
        v_reset = self.p("V_reset").to(x.dtype).expand_as(v_int)
        v = self._reset(s, v_reset, torch.where(free, v_int, v_reset))
        refractory = torch.where(s > 0, torch.full_like(x, float(self.ref_steps)),
                                 torch.where(free, state.refractory, state.refractory - 1.0))
        return s, LapicqueState(v, refractory)


# ---------------------------------------------------------------------------------------------------------------
class AlphaState(NamedTuple):
    v: torch.Tensor
    refractory: torch.Tensor
    x_exc: torch.Tensor
    i_exc: torch.Tensor
    x_inh: torch.Tensor
    i_inh: torch.Tensor


class AlphaCell(SpikingCell):
    """LIF cell driven by excitatory and inhibitory alpha-function synaptic currents, integrated exactly.

    A spike of weight w adds ``w (t/tau) exp(1 - t/tau)`` to a synaptic current (Rall 1967, J. Neurophysiol.
    30:1138; peak w at t = tau), realised by a trace x and a current i per synapse, and the membrane is
    ``tau_v dv/dt = -(v - v_rest) + i_exc - i_inh``. One step is the exact propagator of this linear system
    (Rotter & Diesmann 1999, Biol. Cybern. 81:381), with the step's input weights arriving at its start::

        x += w;  v = v_rest + E_v (v - v_rest) + (P_vi i + P_vx x)_exc - (P_vi i + P_vx x)_inh
        i = E_s (i + e dt / tau_s x);  x = E_s x
        s = H(v - v_threshold) unless refractory;  v = v_reset (held for refractory_period steps)

    Golden model: ``AlphaNeuron`` (same parameters; the propagator constants are computed by the same helpers
    of :mod:`golden.models.synaptic`). ``forward(exc, state, inh=None)``. Defaults: ``v_rest`` 0, ``v_reset`` 0,
    ``v_threshold`` 1, ``tau_v`` 20 ms, ``tau_exc`` 5 ms, ``tau_inh`` 10 ms, ``dt`` 1 ms,
    ``refractory_period`` 0 steps. Learnable: ``learn_threshold`` only (the time constants enter through the
    exact propagator constants, fixed at construction). Surrogate argument normalised by
    ``v_threshold - v_rest``.
    """

    reference = "Rall 1967, J. Neurophysiol. 30:1138; exact integration after Rotter & Diesmann 1999"

    State = AlphaState
    learnable = {"learn_threshold": ("v_threshold",)}

    def __init__(self, v_rest: float = 0.0, v_reset: float = 0.0, v_threshold: Any = 1.0, tau_v: float = 20.0,
                 tau_exc: float = 5.0, tau_inh: float = 10.0, dt: float = 1.0, refractory_period: int = 0,
                 learn_threshold: bool = False, surrogate: str | Surrogate | None = None,
                 scale: float | None = None, detach_reset: bool = True) -> None:
        super().__init__(surrogate, scale, detach_reset)
        th = _check("v_threshold", v_threshold)
        vr, vz = _check("v_rest", v_rest), _check("v_reset", v_reset)
        for name, val in (("tau_v", tau_v), ("tau_exc", tau_exc), ("tau_inh", tau_inh), ("dt", dt)):
            _check(name, val, 0.0, lo_open=True)
        _check("refractory_period", refractory_period, 0.0, integer=True)
        if np.any(vz >= th) or np.any(vr >= th):
            raise ValueError(f"v_rest and v_reset must be < v_threshold, got v_rest={v_rest!r}, "
                             f"v_reset={v_reset!r}, v_threshold={v_threshold!r}")
        self._add("v_threshold", th, learn_threshold)
        self._add("v_rest", vr, False)
        self._add("v_reset", vz, False)
        h = float(dt)
        consts = {"e_v": math.exp(-h / tau_v)}
        for syn, tau in (("exc", float(tau_exc)), ("inh", float(tau_inh))):
            consts[f"e_{syn}"] = math.exp(-h / tau)
            consts[f"c_{syn}"] = math.e * h / tau
            consts[f"pvi_{syn}"] = exp_conv(h, tau, float(tau_v))
            consts[f"pvx_{syn}"] = math.e / tau * exp_conv_t(h, tau, float(tau_v))
        for k, val in consts.items():
            self._add(k, np.float64(val), False)
        self.ref_steps = int(refractory_period)
        self.norm = float(np.min(th - vr))

    def rest(self):
        return {"v": self.p("v_rest")}

    def forward(self, exc: torch.Tensor, state: AlphaState | None = None, inh: torch.Tensor | None = None,
                ) -> tuple[torch.Tensor, AlphaState]:
        if state is None:
            state = self.initial_state(exc)
        if inh is None:
            inh = torch.zeros_like(exc)
        p = self.p
        x_exc = state.x_exc + exc
        x_inh = state.x_inh + inh
        v_rest = p("v_rest")
        v = (v_rest + p("e_v") * (state.v - v_rest) + (p("pvi_exc") * state.i_exc + p("pvx_exc") * x_exc)
             - (p("pvi_inh") * state.i_inh + p("pvx_inh") * x_inh))
        i_exc = p("e_exc") * (state.i_exc + p("c_exc") * x_exc)
        i_inh = p("e_inh") * (state.i_inh + p("c_inh") * x_inh)
        x_exc = p("e_exc") * x_exc
        x_inh = p("e_inh") * x_inh
        free = state.refractory <= 0
        s = self._spike(v, p("v_threshold"), self.norm) * free.to(exc.dtype)
        v_reset = p("v_reset").to(exc.dtype).expand_as(v)
        v = self._reset(s, v_reset, torch.where(free, v, v_reset))
        refractory = torch.where(s > 0, torch.full_like(exc, float(self.ref_steps)),
                                 torch.where(free, state.refractory, state.refractory - 1.0))
        return s, AlphaState(v, refractory, x_exc, i_exc, x_inh, i_inh)


# ---------------------------------------------------------------------------------------------------------------
class SecondOrderLIFState(NamedTuple):
    i: torch.Tensor
    v: torch.Tensor


class SecondOrderLIFCell(SpikingCell):
    """LIF cell with an exponential synaptic current, the second-order linear system integrated exactly.

    Model (current-based LIF with first-order synapses; the PSP is a difference of exponentials)::

        tau_syn di/dt = -i + sum_k w_k tau_syn delta(t - t_k)     (a spike of weight w makes i jump by w)
        tau_mem dv/dt = -(v - v_rest) + i
        v >= threshold -> spike, v <- v_reset (i is not reset)

    One step of ``dt`` is the exact propagator of the linear system (Rotter & Diesmann 1999, Biol. Cybern.
    81:381), with the step's input arriving at its start::

        i += I;   v = v_rest + E_m (v - v_rest) + P i;   i = E_s i
        E_m = exp(-dt/tau_mem),  E_s = exp(-dt/tau_syn),  P = (dt/tau_mem) E_m (e^z - 1)/z,  z = dt/tau_mem - dt/tau_syn

    so the membrane after a single input of weight w from rest is sampled exactly from
    ``w tau_syn / (tau_syn - tau_mem) (exp(-t/tau_syn) - exp(-t/tau_mem))`` (and ``w t/tau exp(-t/tau)`` when
    the two time constants are equal), for any ``dt``. :class:`SynapticCell` is the same system in the
    per-step (alpha, leak) form common in machine learning. No golden model integrates exactly this system; the
    test checks the cell against the closed-form PSP and against the equations above written out in numpy.

    Parameters: ``tau_mem`` ms > 0 (10), ``tau_syn`` ms > 0 (5), ``dt`` ms > 0 (1), ``threshold`` (1.0),
    ``v_rest`` (0.0), ``v_reset`` (0.0, < threshold). Learnable: ``learn_decay`` (tau_mem and tau_syn, through
    their logarithms), ``learn_threshold``. Surrogate argument normalised by ``threshold - v_rest``.
    """

    reference = "exact propagator of Rotter & Diesmann 1999, Biol. Cybern. 81:381"

    State = SecondOrderLIFState
    learnable = {"learn_decay": ("tau_mem", "tau_syn"), "learn_threshold": ("threshold",)}

    def __init__(self, tau_mem: Any = 10.0, tau_syn: Any = 5.0, dt: float = 1.0, threshold: Any = 1.0,
                 v_rest: Any = 0.0, v_reset: Any = 0.0, learn_decay: bool = False, learn_threshold: bool = False,
                 surrogate: str | Surrogate | None = None, scale: float | None = None,
                 detach_reset: bool = True) -> None:
        super().__init__(surrogate, scale, detach_reset)
        self._add("tau_mem", _check("tau_mem", tau_mem, 0.0, lo_open=True), learn_decay, "positive")
        self._add("tau_syn", _check("tau_syn", tau_syn, 0.0, lo_open=True), learn_decay, "positive")
        _check("dt", dt, 0.0, lo_open=True)
        th, vr, vz = _check("threshold", threshold), _check("v_rest", v_rest), _check("v_reset", v_reset)
        if np.any(vz >= th) or np.any(vr >= th):
            raise ValueError(f"v_rest and v_reset must be < threshold, got v_rest={v_rest!r}, v_reset={v_reset!r},"
                             f" threshold={threshold!r}")
        self._add("threshold", th, learn_threshold)
        self._add("v_rest", vr, False)
        self._add("v_reset", vz, False)
        self.dt = float(dt)
        self.norm = float(np.min(th - vr))

    def rest(self):
        return {"v": self.p("v_rest")}

    def propagators(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(E_m, E_s, P) for the current time constants."""
        h, tm, ts = self.dt, self.p("tau_mem"), self.p("tau_syn")
        e_m, e_s = torch.exp(-h / tm), torch.exp(-h / ts)
        z = h / tm - h / ts
        safe = torch.where(z == 0, torch.ones_like(z), z)
        phi1 = torch.where(z == 0, torch.ones_like(z), torch.expm1(safe) / safe)
        return e_m, e_s, (h / tm) * e_m * phi1

    def forward(self, x: torch.Tensor, state: SecondOrderLIFState | None = None,
                ) -> tuple[torch.Tensor, SecondOrderLIFState]:
        if state is None:
            state = self.initial_state(x)
        e_m, e_s, prop = self.propagators()
        i = state.i + x
        v_rest = self.p("v_rest")
        v_next = v_rest + e_m * (state.v - v_rest) + prop * i
        s = self._spike(v_next, self.p("threshold"), self.norm)
        v = self._reset(s, self.p("v_reset").to(v_next.dtype).expand_as(v_next), v_next)
        return s, SecondOrderLIFState(e_s * i, v)


CELLS: dict[str, type[SpikingCell]] = {
    c.__name__: c
    for c in (LIFCell, IFCell, SynapticCell, ALIFCell, RecurrentLIFCell, ExpIFCell, AdExCell, LapicqueCell,
              AlphaCell, SecondOrderLIFCell)
}
