# ruff: noqa
"""A record of the twelfth session's first-sight measurement, as run: see README.md here."""

import json, numpy as np, sys, warnings, itertools
from sklearn.linear_model import LogisticRegression

warnings.filterwarnings("ignore")
D = "/work/main/var/judge/"
rows = json.load(open(D + "rows.json"))
V = np.load(D + "vecs.npy")
ORDER = [
    "reports",
    "heldout",
    "probes",
    "probes2",
    "probes3",
    "probes4",
    "probes5",
    "probes6",
    "probes7",
]
FIRST = {"probes4": "e9103ee", "probes5": "ec325b0", "probes6": "2852b9f", "probes7": "8caeabb"}


def alts(e):
    return [str(c) for c in e] if isinstance(e, list) else [str(e)]


def sl(lang):
    return slice(0, 512) if lang == "zh" else slice(512, 896)


def iszh(t):
    return any("\u4e00" <= ch <= "\u9fff" for ch in t)


class Fold:
    def __init__(self, f, lang, train_files, sfx, rules_name, C=10.0, onto=True):
        self.lang = lang
        s = sl(lang)
        self.H = np.load(D + f"hz{sfx}.npy")[:, s]
        self.hz = json.load(open(D + f"hz{sfx}.json"))
        hzset = set(self.hz)
        self.rules = json.load(open(D + f"rules_{rules_name}.json"))
        X = []
        y = []
        G = []
        g = []
        for i, r in enumerate(rows):
            if r["file"] not in train_files or r["lang"] != lang:
                continue
            G.append(V[i, s])
            g.append(int(r["incident"]))
            if r["incident"]:
                for e in r["hazards"]:
                    a = [c for c in alts(e) if c in hzset]
                    if a:
                        X.append(V[i, s])
                        y.append(a[0])
        if onto:
            OV = np.load(D + f"onto_vecs{sfx}.npy")
            orows = json.load(open(D + f"onto_rows{sfx}.json"))
            for (c, t), v in zip(orows, OV):
                if (lang == "zh") == iszh(t) and v[s].any() and c in hzset:
                    X.append(v[s])
                    y.append(c)
        self.clf = LogisticRegression(C=C, max_iter=300).fit(np.array(X), y)
        self.gate = LogisticRegression(C=1.0, max_iter=300, class_weight="balanced").fit(
            np.array(G), g
        )
        self.te = [i for i, r in enumerate(rows) if r["file"] == f and r["lang"] == lang]
        s_ = s
        Xt = V[self.te][:, s_]
        self.P = self.clf.predict_proba(Xt)
        self.cls = list(self.clf.classes_)
        self.S = (1 + Xt @ self.H.T) / 2
        self.pinc = self.gate.predict_proba(Xt)[:, 1]


def decide(fold, k, i, cfg):
    ru = fold.rules[i]
    r = rows[i]
    if ru["named"]:
        return ru["named"], []
    if ru["occasion"]:
        return [], ru["occ"]
    sims = fold.S[k]
    o = np.argsort(-sims)[:5]
    near = [fold.hz[j] for j in o]
    best = sims[o[0]]
    po = np.argsort(-fold.P[k])
    judge = [fold.cls[j] for j in po[:5]]
    p1 = fold.P[k][po[0]]
    pinc = fold.pinc[k]
    if best >= 0.72 and not (cfg.get("veto") and pinc < cfg["veto"]):
        return [near[j] for j in range(2) if sims[o[j]] >= 0.99 * best], []
    if cfg.get("accept") and p1 >= cfg["accept"] and pinc >= cfg.get("gate", 0):
        return [judge[0]], []
    if ru["trapped"]:
        return ["12YX2"], []
    ch = cfg.get("choices", "near")
    if ch == "near":
        seq = ru["partial"] + near
    elif ch == "judge":
        seq = ru["partial"] + judge + near
    elif ch == "mix":
        seq = ru["partial"] + [x for pair in zip(judge, near) for x in pair]
    elif ch == "judge_nopartial":
        seq = judge + ru["partial"] + near
    out = []
    for x in seq:
        if x not in out:
            out.append(x)
    return [], out[:5]


def score(fold, cfg):
    tp = fp = fn = 0
    off = n = 0
    rej = nn = 0
    for k, i in enumerate(fold.te):
        r = rows[i]
        got, sug = decide(fold, k, i, cfg)
        if not r["incident"]:
            nn += 1
            rej += not got
            continue
        exp = [set(alts(e)) for e in r["hazards"]]
        acc = set().union(*exp) if exp else set()
        m = sum(1 for a in exp if a & set(got))
        tp += m
        fn += len(exp) - m
        fp += sum(1 for g in got if g not in acc)
        offered = (got or sug)[:3]
        off += sum(1 for a in exp if a & set(offered))
        n += len(exp)
    p = tp / (tp + fp) if tp + fp else 0
    rr = tp / (tp + fn) if tp + fn else 0
    f1 = 2 * p * rr / (p + rr) if p + rr else 0
    return f1, off / n, rej, nn


CFGS = {
    "base": {},
    "ch_judge": {"choices": "judge"},
    "ch_mix": {"choices": "mix"},
    "ch_judge_np": {"choices": "judge_nopartial"},
    "veto.5": {"veto": 0.5},
    **{f"acc{a}": {"accept": a, "choices": "judge"} for a in (0.3, 0.4, 0.5, 0.6, 0.7)},
    **{f"acc{a}g.5": {"accept": a, "gate": 0.5, "choices": "judge"} for a in (0.3, 0.4, 0.5, 0.6)},
}


def run(protocol):
    folds = []
    for lang in ("zh", "en"):
        for f in ORDER[2:] if protocol == "A" else list(FIRST):
            if protocol == "A":
                fo = Fold(f, lang, set(ORDER) - {f}, "_now", "now")
            else:
                fo = Fold(f, lang, set(ORDER[: ORDER.index(f)]), "_e9103ee", FIRST[f])
            folds.append((lang, f, fo))
    for name, cfg in CFGS.items():
        for lang in ("zh", "en"):
            res = [(f, score(fo, cfg)) for l, f, fo in folds if l == lang]
            m = np.mean([x[1][0] for x in res]), np.mean([x[1][1] for x in res])
            print(
                f"{protocol} {name:12s} {lang} meanF1 {m[0]:.3f} off3 {m[1]:.3f} rej {sum(x[1][2] for x in res)}/{sum(x[1][3] for x in res)} | "
                + " ".join(f"{f[6:] or '1'}:{x[0]:.2f}/{x[1]:.2f}/{x[2]}" for f, x in res)
            )


run(sys.argv[1])
