"""Noisy leaky integrate-and-fire neuron (the seed's ``StochasticLIFNeuron``)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class StochasticLIFParams(ParamSet):
    v_rest: float = param(0.0, units="a.u.", doc="resting potential")
    v_reset: float = param(0.0, units="a.u.", doc="potential after a spike")
    v_threshold: float = param(1.0, units="a.u.", doc="spike threshold (fires when v >= v_threshold)")
    tau_mem: float = positive(20.0, units="ms", doc="membrane time constant")
    dt: float = positive(1.0, units="ms", doc="time step")
    noise_std: float = param(0.0, units="a.u./sqrt(ms)", lo=0.0, doc="noise intensity sigma")
    resistance: float = param(1.0, units="a.u.", doc="input resistance R (I in a.u.)")
    refractory_period: int = param(0, units="steps", lo=0, integer=True, doc="steps clamped at v_rest after a spike")

    def check(self) -> None:
        if self.dt > self.tau_mem:
            raise ValueError(
                f"dt must be <= tau_mem for the forward-Euler leak to stay stable, got dt={self.dt} > "
                f"tau_mem={self.tau_mem} ms"
            )
        if self.v_reset >= self.v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={self.v_reset} >= {self.v_threshold}")


@register(
    family="core-sc",
    reference="Lapicque 1907 (J. Physiol. Pathol. Gén. 9:620); "
    "Gerstner & Kistler, Spiking Neuron Models, CUP 2002, ch. 4",
    units="normalised potential (a.u.), time in ms",
    rtl=None,
)
class StochasticLIFNeuron(Neuron):
    """Discrete-time noisy leaky integrate-and-fire neuron.

    Equations (forward Euler for the leak, Euler-Maruyama for the noise), per step of ``dt`` ms::

        if refractory > 0:  refractory -= 1;  v = v_rest;  no spike
        else:
            v += -(v - v_rest) * dt / tau_mem  +  R * I * dt  +  noise_std * sqrt(dt) * xi,   xi ~ N(0, 1)
            if v >= v_threshold:  spike;  v = v_reset;  refractory = refractory_period

    Parameters (normalised units, defaults after Gerstner & Kistler 2002): ``v_rest`` 0, ``v_reset`` 0,
    ``v_threshold`` 1, ``tau_mem`` 20 ms (> 0), ``dt`` 1 ms (0 < dt <= tau_mem), ``noise_std`` 0 (>= 0),
    ``resistance`` 1, ``refractory_period`` 0 steps (integer >= 0); ``seed`` seeds this neuron's own
    random generator (one standard normal is drawn per step while ``noise_std > 0``).

    With constant input the deterministic neuron fires when ``R*I*tau_mem > v_threshold - v_rest``
    (rheobase ``I = (v_threshold - v_rest) / (R * tau_mem)``), with inter-spike interval
    ``T = -tau ln(1 - (theta - v_rest) / (R I tau))`` in the continuous limit.

    Example
    -------
    >>> neuron = StochasticLIFNeuron(v_threshold=1.0, tau_mem=20.0, noise_std=0.0)
    >>> spikes = [neuron.step(1.5) for _ in range(50)]
    >>> sum(spikes) > 0
    True
    >>> neuron.get_state()  # membrane voltage + refractory counter  # doctest: +ELLIPSIS
    {'v': ..., 'refractory': 0}
    """

    Params = StochasticLIFParams
    state_vars = {"v": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "a.u.", "input current I"),)
    randoms = {"xi": "normal"}

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest, "refractory": 0}

    @staticmethod
    def derive(p):
        return {
            "v_rest": p.v_rest,
            "v_reset": p.v_reset,
            "v_th": p.v_threshold,
            "decay": p.dt / p.tau_mem,
            "r": p.resistance,
            "dt": p.dt,
            "noise_scale": p.noise_std * math.sqrt(p.dt),
            "ref_steps": p.refractory_period,
        }

    @staticmethod
    def noise_active(p):
        return p.noise_std > 0.0

    @staticmethod
    def kernel(v, refractory, input_current, xi, v_rest, v_reset, v_th, decay, r, dt, noise_scale, ref_steps):
        if refractory > 0:
            return v_rest, refractory - 1, 0
        v = v + (-(v - v_rest) * decay + r * input_current * dt + noise_scale * xi)
        if v >= v_th:
            return v_reset, ref_steps, 1
        return v, refractory, 0

    def process_bitstream(self, input_bits, input_scale: float = 1.0) -> np.ndarray:
        """Drive the neuron with a bitstream: bit b is the current ``b * input_scale`` for one step.

        Returns the spikes as a uint8 array of the same length.

        >>> import numpy as np
        >>> neuron = StochasticLIFNeuron(noise_std=0.0)
        >>> bits = np.array([1, 0, 1, 1, 0, 1, 0, 0], dtype=np.uint8)
        >>> neuron.reset_state()
        >>> out = neuron.process_bitstream(bits, input_scale=2.0)
        >>> out.shape
        (8,)
        """
        bits = np.asarray(input_bits)
        if bits.ndim != 1 or (bits.size and not np.isin(bits, (0, 1)).all()):
            raise ValueError(f"input_bits must be a 1-D array of 0/1, got shape {bits.shape}")
        if not math.isfinite(input_scale):
            raise ValueError(f"input_scale must be finite, got {input_scale!r}")
        if bits.size == 0:
            return np.zeros(0, dtype=np.uint8)
        out = self.simulate(bits.size, input_current=bits.astype(np.float64) * input_scale)
        return out["spike"].astype(np.uint8)
