#!/usr/bin/env python3
"""The dropfoot swing, written the way a researcher would with SciPy: numpy + solve_ivp (RK45).

Usage: scipy_swing.py SWING.json [--repeats N] [--target-mm 0.05] [--quick]

SWING.json is written by bench/peers/swing-export.ts (segments, foot points, the driven hip/knee
curves as Fourier coefficients, muscle parameters, motor plan, the stride's drivers) together with
the reference MTC of the dropfoot simulator at converged accuracy. This file re-implements the
equations from the model description (MODEL.md section 2-3), not from dropfoot's code:

  I_A theta_ddot_foot = tau_TA + tau_SOL + tau_passive - m3 (a_A + g z) . (J c)
  theta_ddot = phi3_ddot - phi2_ddot,   phi3 = phi2 + theta (foot = shank + ankle angle)

with the ankle point's acceleration a_A from the driven thigh and shank, Hill-type TA and soleus
(rigid tendon, De Groote 2016 curves), first-order activation (Thelen 2003), the end-range
ligament torque (Anderson & Pandy 1999), a gastrocnemius surrogate from Riener & Edrich 1999 and
joint damping. MTC = toe height at the first local minimum after the swing maximum, located with
solve_ivp events on the toe's vertical velocity.

It tunes rtol (atol = rtol * 1e-3) from loose to tight and keeps the loosest setting whose MTC is
within --target-mm of the reference and of the next tighter setting, then times repeated solves.
Prints one JSON document on stdout.
"""
import json
import math
import resource
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

# De Groote et al. 2016 (Ann Biomed Eng 44:2922), supplementary curves, as in OpenSim
# DeGrooteFregly2016Muscle.
B1 = np.array([0.815067, 0.433005, 0.1])
B2 = np.array([1.055033, 0.716775, 1.0])
B3 = np.array([0.162385, -0.029947, 0.353553])
B4 = np.array([0.063303, 0.200357, 0.0])
D1, D2, D3, D4 = -0.321135, -8.149, -0.374, 0.882533
# Anderson & Pandy 1999 end-range ankle torque (coefficients as in Falisse et al. 2019).
K1, K2, K3, K4, UP, LOW = -2.03, 38.11, 0.18, -12.12, 0.52, -0.74
# Riener & Edrich 1999 passive ankle moment, knee-dependent part (gastrocnemius surrogate).
RE_A0, RE_AA, RE_AK = 2.1016, 0.0843, 0.0176
KNEE_SLACK = math.pi / 2
DAMPING = 0.1
DEG = 180 / math.pi


class Swing:
    def __init__(self, d):
        self.d = d
        c = d['chain']
        self.m = np.array(c['massKg'])
        self.inertia = np.array(c['inertiaKgM2'])
        self.com = np.array(c['comLocalM']).reshape(3, 2)
        self.joint = np.array(c['jointLocalM']).reshape(3, 2)
        self.g = c['gravityMps2']
        self.toe_local = np.array(d['toeLocalM'])
        self.toe_standing = d['toeStandingZM']
        p = d['pattern']
        self.p = p
        dr = d['drivers']
        self.dr = dr
        self.T = p['strideTimeS'] * dr['strideTimeScale']
        self.swing = (1 - p['toeOffPhase']) * self.T
        self.series = {k: (p[k]['a0'], np.array(p[k]['a']), np.array(p[k]['b']))
                       for k in ('pelvisTiltRad', 'hipFlexionRad', 'kneeFlexionRad', 'ankleDorsiflexionRad', 'hipHeightOffsetM')}
        self.ff = np.array(d['feedforwardExcitation'])
        self.ff_x = np.linspace(0, 1, len(self.ff))
        self.foot_inertia = self.inertia[2] + self.m[2] * (self.com[2] @ self.com[2])
        self.nfev = 0

    def fourier(self, key, phase):
        """value, d/dphase, d2/dphase2 of a Fourier series."""
        a0, a, b = self.series[key]
        k = np.arange(1, len(a) + 1)
        w = 2 * np.pi * k
        c = np.cos(w * phase)
        s = np.sin(w * phase)
        return (a0 + a @ c + b @ s,
                w @ (b * c - a * s),
                -(w * w) @ (a * c + b * s))

    def kinematics(self, t):
        """Driven angles (thigh, shank, their rates and accelerations), knee, ankle plan, hip height."""
        p, dr = self.p, self.dr
        phase = p['toeOffPhase'] + t / self.T
        w = 1 / self.T
        tilt = self.fourier('pelvisTiltRad', phase)
        hip = self.fourier('hipFlexionRad', phase)
        knee = self.fourier('kneeFlexionRad', phase)
        ankle = self.fourier('ankleDorsiflexionRad', phase)
        height = self.fourier('hipHeightOffsetM', phase)
        hip_mean = self.series['hipFlexionRad'][0]
        knee_mean = self.series['kneeFlexionRad'][0]
        hs, ks = dr['hipAmplitudeScale'], dr['kneeAmplitudeScale']
        thigh = (tilt[0] + hip_mean + hs * (hip[0] - hip_mean), (tilt[1] + hs * hip[1]) * w, (tilt[2] + hs * hip[2]) * w * w)
        kappa = (knee_mean + ks * (knee[0] - knee_mean), ks * knee[1] * w, ks * knee[2] * w * w)
        shank = (thigh[0] - kappa[0], thigh[1] - kappa[1], thigh[2] - kappa[2])
        hsc = p['heightScale']
        return thigh, shank, kappa[0], (ankle[0], ankle[1] * w), (height[0] * hsc, height[1] * hsc * w, height[2] * hsc * w * w)

    @staticmethod
    def rot(local, phi):
        """World vector of a local point (p forward, l distal) on a segment at angle phi from the downward vertical."""
        pl, ll = local
        return np.array([pl * math.cos(phi) + ll * math.sin(phi), pl * math.sin(phi) - ll * math.cos(phi)])

    def muscle_torque(self, mus, q, theta, theta_dot):
        """Rigid-tendon Hill muscle: signed moment arm x tendon force, N m."""
        c = mus['momentArmCoefficientsM']
        r = c[0] + theta * (c[1] + theta * (c[2] + theta * c[3]))
        lmt = mus['mtLengthAtNeutralM'] - theta * (c[0] + theta * (c[1] / 2 + theta * (c[2] / 3 + theta * c[3] / 4)))
        along = lmt - mus['tendonSlackLengthM']
        if along <= 0:
            return 0.0, r, 0.0, 0.0
        lm = math.hypot(mus['fiberWidthM'], along)
        cos_a = along / lm
        lopt = mus['optimalFiberLengthM']
        ln = lm / lopt
        vn = -r * theta_dot * cos_a / (mus['maxContractionVelocityLoptPerS'] * lopt)
        fl = float(np.sum(B1 * np.exp(-0.5 * ((ln - B2) / (B3 + B4 * ln)) ** 2)))
        fv = max(0.0, D1 * math.asinh(D2 * vn + D3) + D4)
        fpe = max(0.0, (math.exp(mus['passiveSlope'] * (ln - 1)) - mus['passiveOffset']) / mus['passiveDenominator'])
        fmax = mus['maxIsometricForceN']
        active = fmax * fl * fv * cos_a
        passive = fmax * fpe * cos_a
        return r * (q * active + passive), r, active, passive

    def rhs(self, t, y):
        self.nfev += 1
        theta, theta_dot, a_ta, a_sol = y
        a_ta = min(max(a_ta, 0.0), 1.0)
        a_sol = min(max(a_sol, 0.0), 1.0)
        thigh, shank, knee, plan, height = self.kinematics(t)
        d, dr = self.d, self.dr
        # TA excitation: drive x clamp(feedforward + feedback on the planned ankle angle)
        ff = np.interp(t / self.swing, self.ff_x, self.ff)
        u = ff + d['feedbackGainPerRad'] * (plan[0] - theta) + d['feedbackGainPerRadS'] * (plan[1] - theta_dot) + dr['excitationOffset']
        u_ta = dr['neuralDrive'] * min(max(u, 0.0), 1.0)
        act = d['activation']

        def activation_rate(u, a):
            z = 0.5 + 1.5 * a
            return (u - a) / (act['tauActivationS'] * z) if u > a else (u - a) * z / act['tauDeactivationS']

        # muscles and passive joint torque (+ dorsiflexion)
        tau_ta = self.muscle_torque(d['muscles']['ta'], a_ta * dr['taCapacity'], theta, theta_dot)[0]
        tau_sol = self.muscle_torque(d['muscles']['sol'], a_sol, theta, theta_dot)[0]
        limit = K1 * math.exp(K2 * (theta - UP)) + K3 * math.exp(K4 * (theta - LOW))
        km = min(knee, KNEE_SLACK)
        gastro = -math.exp(RE_A0 + RE_AA * theta * DEG) * (math.exp(-RE_AK * km * DEG) - math.exp(-RE_AK * KNEE_SLACK * DEG))
        tau = tau_ta + tau_sol + limit + gastro - DAMPING * theta_dot
        # ankle-point acceleration from the driven thigh and shank (+ the hip's vertical motion)
        acc = np.array([0.0, height[2]])
        for j, (phi, phid, phidd) in enumerate((thigh, shank)):
            w = self.rot(self.joint[j], phi)
            acc += np.array([-w[1], w[0]]) * phidd - w * phid * phid
        # foot about the moving ankle: I_A phi3'' = tau - m3 (a_A + g z) . (J c)
        phi3 = shank[0] + theta
        c = self.rot(self.com[2], phi3)
        jc = np.array([-c[1], c[0]])
        phi3_dd = (tau - self.m[2] * ((acc + np.array([0.0, self.g])) @ jc)) / self.foot_inertia
        return [theta_dot, phi3_dd - shank[2], activation_rate(u_ta, a_ta), activation_rate(d['soleusExcitation'], a_sol)]

    def toe(self, t, y):
        """Toe clearance (m) and its vertical velocity (m/s)."""
        thigh, shank, _, _, height = self.kinematics(t)
        phi3 = shank[0] + y[0]
        phi3_dot = shank[1] + y[1]
        z = 0.0
        vz = height[1]
        for j, (phi, phid, _) in enumerate((thigh, shank)):
            w = self.rot(self.joint[j], phi)
            z += w[1]
            vz += w[0] * phid
        wt = self.rot(self.toe_local, phi3)
        z += wt[1]
        vz += wt[0] * phi3_dot
        return z - self.toe_standing + height[0] + self.dr['hipHeightOffsetM'], vz

    def initial_state(self):
        _, _, _, plan, _ = self.kinematics(0.0)
        # the planned activation at toe-off scaled by drive; soleus at its swing excitation
        return [plan[0], plan[1], min(max(self.dr['neuralDrive'] * self.d['feedforwardActivationAtToeOff'], 0.0), 1.0), self.d['soleusExcitation']]

    def solve(self, rtol):
        """One swing: MTC (first local minimum of toe height after the swing maximum), m."""
        self.nfev = 0
        # toe-velocity events: + -> - is a maximum, - -> + a minimum
        maximum = lambda t, y: self.toe(t, y)[1]  # noqa: E731
        maximum.direction = -1
        minimum = lambda t, y: self.toe(t, y)[1]  # noqa: E731
        minimum.direction = 1
        sol = solve_ivp(self.rhs, (0.0, self.swing), self.initial_state(), method='RK45', rtol=rtol, atol=rtol * 1e-3,
                        events=[maximum, minimum])
        if len(sol.t_events[0]) > 0:
            t_max = sol.t_events[0][0]
            for t, y in zip(sol.t_events[1], sol.y_events[1]):
                if t > t_max:
                    return self.toe(t, y)[0], sol.nfev
            # no local minimum after the maximum: the lowest accepted step after it
            return min(self.toe(t, y)[0] for t, y in zip(sol.t, sol.y.T) if t >= t_max), sol.nfev
        return self.toe(sol.t[-1], sol.y[:, -1])[0], sol.nfev


def main():
    args = sys.argv[1:]
    if not args or args[0] in ('-h', '--help'):
        print(__doc__)
        sys.exit(0 if args else 2)
    repeats = int(args[args.index('--repeats') + 1]) if '--repeats' in args else 10
    target_m = float(args[args.index('--target-mm') + 1]) / 1000 if '--target-mm' in args else 5e-5
    with open(args[0]) as f:
        doc = json.load(f)
    swing = Swing(doc['swing'])
    ref = doc['referenceMtcM']
    tolerances = [1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 3e-7, 1e-7, 1e-8]
    if '--quick' in args:
        tolerances = tolerances[:3]
    trials = []
    for rtol in tolerances:
        mtc, nfev = swing.solve(rtol)
        trials.append({'rtol': rtol, 'mtcM': float(mtc), 'errorMm': float(abs(mtc - ref) * 1000), 'nfev': int(nfev)})
    chosen = None
    for i, tr in enumerate(trials[:-1]):
        if tr['errorMm'] < target_m * 1000 and abs(tr['mtcM'] - trials[i + 1]['mtcM']) < target_m:
            chosen = tr
            break
    if chosen is None:
        chosen = trials[-1]
    swing.solve(chosen['rtol'])  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        swing.solve(chosen['rtol'])
        times.append(time.process_time() - t0)
    med = float(np.median(times))
    out = {
        'tool': f'SciPy {__import__("scipy").__version__} solve_ivp RK45, NumPy {np.__version__}, Python {sys.version.split()[0]}',
        'rtol': chosen['rtol'],
        'atol': chosen['rtol'] * 1e-3,
        'mtcM': chosen['mtcM'],
        'referenceMtcM': ref,
        'mtcErrorMm': chosen['errorMm'],
        'withinTarget': bool(chosen['errorMm'] < target_m * 1000),
        'rhsEvaluations': chosen['nfev'],
        'secondsPerSwing': med,
        'swingsPerSecond': 1 / med,
        'cv': float(np.std(times, ddof=1) / np.mean(times)) if len(times) > 1 else 0.0,
        'repeats': repeats,
        'tolerances': trials,
        'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    json.dump(out, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
