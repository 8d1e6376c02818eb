"""Gold annotations vs parser output: per-field precision / recall / F1.

The same measures as the team's yardstick (../shared/eval/score.py), so that the project
can hold itself to them without ../shared: names compared after NFC, lower case, one
tone-mark placement and the common abbreviations expanded; directives matched to gold tasks
by the share of the task's snippet found, in order, in the directive's own text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

from .errors import InputError
from .vietnamese import fold_tone, strip_marks

_ABBREV = [
    (r"\bubnd\b", "ủy ban nhân dân"), (r"\bhđnd\b", "hội đồng nhân dân"),
    (r"\btt&tt\b", "thông tin và truyền thông"), (r"\btttt\b", "thông tin và truyền thông"),
    (r"\bkh&đt\b", "kế hoạch và đầu tư"), (r"\bgd&đt\b", "giáo dục và đào tạo"),
    (r"\btn&mt\b", "tài nguyên và môi trường"), (r"\bvp\b", "văn phòng"),
    (r"\bpct\b", "phó chủ tịch"), (r"\bct\b", "chủ tịch"),
]
SCALAR_FIELDS = ["meeting_date", "chair_name", "chair_title", "issuer", "signer_name", "repair_syllable_acc"]
SET_FIELDS = ["citations", "agencies", "leads", "deadlines"]


def norm_name(s: str | None, strip_place: bool = True) -> str:
    s = fold_tone(s)
    for pat, rep in _ABBREV:
        s = re.sub(pat, rep, s)
    s = re.sub(r"[\s\u00a0]+", " ", s).strip(" .,;:-")
    if strip_place:
        s = re.sub(r"\b(tỉnh|thành phố)( [^\s,;]+){1,3}$", r"\1", s)
    return s


def tokens(s: str, marks: bool = False) -> list[str]:
    return re.findall(r"\w+", fold_tone(s) if marks else strip_marks(s))


def norm_number(s: str | None) -> str:
    return unicodedata.normalize("NFC", s or "").upper().replace(" ", "").replace("Ð", "Đ")


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def edit_distance(a: list[str], b: list[str]) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def syllable_accuracy(reference: str, hypothesis: str) -> float:
    """1 − syllable edit distance / reference length (marks and tone placement folded)."""
    g, p = tokens(reference, marks=True), tokens(hypothesis, marks=True)
    return max(0.0, 1 - edit_distance(g, p) / max(1, len(g)))


def _walk(nodes, parent=None):
    for n in nodes or []:
        yield n, parent
        yield from _walk(n.get("children"), n)


_PLACE = re.compile(r"\b(tỉnh|thành phố)( [^\s,;]+){1,3}$")


def same_body(a: str, b: str) -> bool:
    """Two normalised full names (``norm_name(.., False)``) denote the same body: equal, or equal
    once the place is dropped where one of them names no place ('Công an tỉnh' ~ 'Công an tỉnh
    Đắk Lắk'); 'UBND thành phố Hà Nội' is not 'UBND thành phố Cần Thơ'."""
    if a == b:
        return True
    pa, pb = _PLACE.sub(r"\1", a), _PLACE.sub(r"\1", b)
    return pa == pb and (pa == a or pb == b)


def agency_match(gold_alternatives: str, pred_names: list[str]) -> bool:
    """A gold agency ('A|B' lists alternatives for one body) is among the predicted names."""
    alts = [norm_name(x, False) for x in gold_alternatives.split("|")]
    return any(same_body(g, p) for g in alts for p in pred_names)


def _snippet_score(snippet: str, text: str) -> float:
    a, b = tokens(snippet), tokens(text)
    if not a or not b:
        return 0.0
    m = SequenceMatcher(None, a, b, autojunk=False)
    return sum(bl.size for bl in m.get_matching_blocks()) / len(a)


def score_document(gold: dict, pred: dict, clean_text: str | None = None) -> dict:
    out: dict = {}
    meeting = pred.get("meeting") or {}
    chair = meeting.get("chair") or {}
    gm = gold["meeting"]
    out["meeting_date"] = float(meeting.get("date") == gm["date"])
    out["chair_name"] = float(norm_name(chair.get("name")) == norm_name(gm["chair"]["name"]))
    out["chair_title"] = float(norm_name(chair.get("title")) == norm_name(gm["chair"]["title"]))
    if gold.get("issuer"):
        issuer = (pred.get("document") or {}).get("issuer")
        out["issuer"] = float(norm_name(issuer, False) == norm_name(gold["issuer"], False))
    if gold.get("signer"):
        out["signer_name"] = float(norm_name((pred.get("signer") or {}).get("name")) == norm_name(gold["signer"]["name"]))

    gc = {norm_number(c["number"]): c for c in gold["citations"]}
    pc: dict = {}
    for c in pred.get("citations") or []:
        pc.setdefault(norm_number(c.get("number")), c)
    tp = [k for k in pc if k in gc]
    out["citations"] = (len(tp), len(pc), len(gc))
    out["citation_dates"] = (sum(pc[k].get("date") == gc[k]["date"] for k in tp), len(tp))

    # Findings (assessment items kept apart from the tasks) are units too: a gold item with no
    # assignee may match one.
    parents, nodes = {}, []
    for n, p in _walk((pred.get("directives") or []) + (pred.get("findings") or [])):
        parents[id(n)] = p
        nodes.append(n)
    cands = []
    for gi, t in enumerate(gold["tasks"]):
        for ni, n in enumerate(nodes):
            s = _snippet_score(t["snippet"], n.get("text") or "")
            if s >= 0.8:
                cands.append((s, -len(tokens(n.get("text") or "")), gi, ni))
    cands.sort(reverse=True)
    g2n, used = {}, set()
    for _s, _, gi, ni in cands:
        if gi not in g2n and ni not in used:
            g2n[gi] = ni
            used.add(ni)
    matched = {id(nodes[ni]) for ni in used}

    def covered(n):
        while n is not None:
            if id(n) in matched:
                return True
            n = parents.get(id(n))
        return False

    leaves = [n for n in nodes if not n.get("children")]
    out["tasks"] = (sum(covered(n) for n in leaves), len(leaves), len(gold["tasks"]), len(g2n))
    out["unmatched_tasks"] = [t["id"] for gi, t in enumerate(gold["tasks"]) if gi not in g2n]

    def effective(node):
        cur = node
        while cur is not None:
            if cur.get("agencies"):
                return cur["agencies"]
            cur = parents.get(id(cur))
        return []

    counts = dict.fromkeys(["ag_tp", "ag_pred", "ag_gold", "lead_tp", "lead_pred", "lead_gold",
                            "dl_tp", "dl_pred", "dl_gold", "rec_ok", "rec_n"], 0)
    for gi, t in enumerate(gold["tasks"]):
        counts["ag_gold"] += len(t["lead"] + t["support"])
        counts["lead_gold"] += len(t["lead"])
        counts["dl_gold"] += len(t["deadlines"])
        counts["rec_n"] += bool(t.get("recurrence"))
        if gi not in g2n:
            continue
        node = nodes[g2n[gi]]
        ags = effective(node)
        names = [norm_name(a.get("name"), False) for a in ags]
        leads = [norm_name(a.get("name"), False) for a in ags if a.get("role") == "lead"]
        counts["ag_pred"] += len(set(names))
        counts["lead_pred"] += len(set(leads))
        counts["ag_tp"] += sum(agency_match(g, names) for g in t["lead"] + t["support"])
        counts["lead_tp"] += sum(agency_match(g, leads) for g in t["lead"])
        dates = {d.get("date") for d in node.get("deadlines") or [] if d.get("date")}
        counts["dl_pred"] += len(dates)
        counts["dl_tp"] += len(dates & set(t["deadlines"]))
        if t.get("recurrence"):
            counts["rec_ok"] += t["recurrence"] in {d.get("recurrence") for d in node.get("deadlines") or []}
    out["agencies"] = (counts["ag_tp"], counts["ag_pred"], counts["ag_gold"])
    out["leads"] = (counts["lead_tp"], counts["lead_pred"], counts["lead_gold"])
    out["deadlines"] = (counts["dl_tp"], counts["dl_pred"], counts["dl_gold"])
    out["recurrence"] = (counts["rec_ok"], counts["rec_n"])
    if clean_text is not None:
        out["repair_syllable_acc"] = syllable_accuracy(clean_text, pred.get("text") or "")
    return out


def aggregate(docs: dict[str, dict]) -> dict:
    agg: dict = {}
    for k in SCALAR_FIELDS:
        vals = [d[k] for d in docs.values() if k in d]
        if vals:
            agg[k] = round(sum(vals) / len(vals), 4)
    for k in SET_FIELDS:
        tp, npred, ngold = (sum(d[k][i] for d in docs.values() if k in d) for i in range(3))
        p, r, f = prf(tp, npred, ngold)
        agg[k + "_f1"] = round(f, 4) if ngold or npred else None
        agg[k + "_p"], agg[k + "_r"] = round(p, 4), round(r, 4)
    cov, leaves, gold_n, found = (sum(d["tasks"][i] for d in docs.values()) for i in range(4))
    agg["tasks_p"] = round(cov / leaves, 4) if leaves else 0.0
    agg["tasks_r"] = round(found / gold_n, 4) if gold_n else 0.0
    agg["tasks_f1"] = round(prf(found, found + (leaves - cov), gold_n)[2], 4)
    cd = [d["citation_dates"] for d in docs.values()]
    agg["citation_date_acc"] = round(sum(a for a, _ in cd) / max(1, sum(b for _, b in cd)), 4)
    rc = [d["recurrence"] for d in docs.values()]
    agg["recurrence_acc"] = round(sum(a for a, _ in rc) / max(1, sum(b for _, b in rc)), 4)
    agg["missing"] = sum(1 for d in docs.values() if d.get("missing"))
    agg["docs"] = len(docs)
    return agg


def evaluate_dirs(gold_dir: str | Path, pred_dir: str | Path) -> dict:
    """Score ``pred_dir/NAME.json`` against every ``gold_dir/NAME.gold.json``."""
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    for what, folder in (("gold", gold_dir), ("prediction", pred_dir)):
        if not folder.is_dir():
            raise InputError(f"{what} folder {folder} does not exist" if not folder.exists()
                             else f"{what} folder {folder} is not a folder")
    golds = sorted(gold_dir.glob("*.gold.json"))
    if not golds:  # nothing to score: a message, not figures that look like a result
        raise InputError(f"no NAME.gold.json in {gold_dir}: nothing to score")
    docs: dict[str, dict] = {}
    for gf in golds:
        stem = gf.name[: -len(".gold.json")]
        gold = json.loads(gf.read_text(encoding="utf-8"))
        clean = gold_dir / f"{stem}.clean.txt"
        pred, missing = {}, True
        pf = pred_dir / f"{stem}.json"
        if pf.exists():
            try:
                pred, missing = json.loads(pf.read_text(encoding="utf-8")), False
            except ValueError:
                pass
        docs[stem] = score_document(gold, pred if isinstance(pred, dict) else {},
                                    clean.read_text(encoding="utf-8") if clean.exists() else None)
        if missing:
            docs[stem]["missing"] = True
    if all(d.get("missing") for d in docs.values()):
        raise InputError(f"none of the {len(docs)} gold documents has a prediction in {pred_dir}",
                         hint="expected NAME.json files as batch writes them, named like GOLD_DIR/NAME.gold.json")
    return {"aggregate": aggregate(docs), "documents": docs}


# What each position of a per-document count tuple means (score_document's tuples).
COUNT_LABELS = {
    "citations": ("tp", "pred", "gold"), "agencies": ("tp", "pred", "gold"), "leads": ("tp", "pred", "gold"),
    "deadlines": ("tp", "pred", "gold"), "citation_dates": ("correct", "of"), "recurrence": ("correct", "of"),
    "tasks": ("leaves_covered", "leaves", "gold", "gold_found"),
}


def labelled(doc: dict) -> dict:
    """A document's scores with every count tuple as a dict named by COUNT_LABELS."""
    return {k: dict(zip(COUNT_LABELS[k], v)) if k in COUNT_LABELS and isinstance(v, (list, tuple)) else v
            for k, v in doc.items()}


def format_scores(result: dict) -> str:
    lines = []
    for stem, d in result["documents"].items():
        shown = []
        for k, v in labelled(d).items():
            if k == "unmatched_tasks":
                continue
            shown.append(f"{k} " + " ".join(f"{n}={x}" for n, x in v.items()) if isinstance(v, dict) else f"{k} {v}")
        lines.append(f"{stem}: " + "; ".join(shown))
        if d.get("unmatched_tasks"):
            lines.append(f"  unmatched gold tasks: {', '.join(d['unmatched_tasks'])}")
    lines.append("aggregate " + json.dumps(result["aggregate"], ensure_ascii=False))
    return "\n".join(lines)
