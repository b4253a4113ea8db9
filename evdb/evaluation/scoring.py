"""Scoring a tagger on gold phrases and gold documents.

Phrases (:func:`score_rows`): each row's sentence (or the phrase alone) is tagged with the row's
reference time; the expressions overlapping the phrase are its predictions, scored with the
rules of ``matching.py``. "exact" accepts the expected value only, "lenient" any reading listed
in ``expected_alt`` too. Rows without a checkable value are counted apart; rows of kind ``none``
are negatives: any expression found in them is a false positive.

Documents (:func:`score_documents`, TempEval-3 style): each document is tagged whole with its DCT;
a gold expression is found strictly (same span) or relaxed (overlapping span, each prediction
answering one gold expression at most, the one it overlaps most); value accuracy is counted on
relaxed matches; value F1 needs an overlapping span and the right value.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from evdb.errors import EvdbError
from evdb.evaluation.contract import tag_to_dicts, wall_clock
from evdb.evaluation.gold import GoldDocument, GoldError, GoldRow
from evdb.evaluation.matching import matches, rank_for_instant, scorable
from evdb.evaluation.values import grain_of, read_duration, read_prediction, read_value

Tagger = Callable[[str, str, str], list[dict]]


def engine_tagger(text: str, lang: str, dct: str) -> list[dict]:
    return tag_to_dicts(text, lang, dct)


def _describe(text: str, hits: list[dict]) -> str:
    return "; ".join(f"{text[h['char_start']:h['char_end']]}={h.get('value')}"
                     + (f"({h['mod']})" if h.get("mod") else "") for h in hits) or "nothing"


@dataclass(frozen=True)
class Failure:
    id: str
    text: str
    reference: str
    expected: str
    got: str
    category: str
    where: str = ""


@dataclass
class PhraseReport:
    counts: dict[str, list[int]] = field(default_factory=dict)  # subset -> [scored, exact, lenient]
    unscored: Counter = field(default_factory=Counter)          # kind -> rows without a checkable value
    failures: list[Failure] = field(default_factory=list)
    negatives: int = 0
    false_positives: list[Failure] = field(default_factory=list)

    def subsets(self) -> list[str]:
        kinds = sorted(k for k in self.counts if k.startswith("kind="))
        cats = sorted((k for k in self.counts if k.startswith("cat=")), key=lambda k: (-self.counts[k][0], k))
        return (["ALL"] if "ALL" in self.counts else []) + kinds + cats

    def to_dict(self) -> dict:
        def share(a: int, n: int) -> float | None:
            return round(a / n, 4) if n else None
        return {
            "subsets": {k: {"n": n, "exact": a, "lenient": b, "accuracy": share(a, n), "lenient_accuracy": share(b, n)}
                        for k in self.subsets() for n, a, b in [self.counts[k]]},
            "unscored": dict(self.unscored),
            "negatives": {"n": self.negatives, "false_positives": len(self.false_positives)},
            "failures": [vars(f) for f in self.failures],
            "false_positives": [vars(f) for f in self.false_positives],
        }


def _overlapping(timexes: list[dict], span: tuple[int, int]) -> list[dict]:
    start, end = span
    return sorted((t for t in timexes if t.get("char_start", -1) < end and t.get("char_end", -1) > start),
                  key=lambda t: t["char_start"])


def score_rows(rows: list[GoldRow], tagger: Tagger = engine_tagger) -> PhraseReport:
    report = PhraseReport()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        text = row.tagged_text
        try:
            found = tagger(text, row.lang, row.reference_time)
        except EvdbError as exc:  # an unknown language or a bad reference time: name the row
            raise GoldError(exc.message, hint=exc.hint, where=row.where) from exc
        hits = _overlapping(found, row.span)
        got = _describe(text, hits)
        if row.negative:
            report.negatives += 1
            if hits:
                report.false_positives.append(Failure(row.id, row.text, row.reference_time, "nothing", got,
                                                      row.category, row.where))
            continue
        if not scorable(row.kind, row.value):
            report.unscored[row.kind] += 1
            continue
        readings = [read_prediction(h.get("type", ""), h.get("value"), h.get("mod")) for h in hits]
        best_first = rank_for_instant(readings, [h["char_end"] - h["char_start"] for h in hits])
        ref = wall_clock(row.reference_time)
        exact = matches(row.kind, row.value, row.grain, readings, best_first, ref)
        lenient = exact or any(matches(row.kind, alt, row.grain, readings, best_first, ref)
                               for alt in row.alternatives)
        for key in ("ALL", f"kind={row.kind}", f"cat={row.category}"):
            counts[key][0] += 1
            counts[key][1] += exact
            counts[key][2] += lenient
        if not exact:
            report.failures.append(Failure(row.id, row.text, row.reference_time, f"{row.value}@{row.grain}", got,
                                           row.category, row.where))
    report.counts = dict(counts)
    return report


# ----------------------------------------------------------------------------- documents
def _value_ok(gold_type: str, gold_value: str, pred: dict, ref) -> bool | None:
    """Whether a prediction has the gold value; None when the gold value cannot be checked."""
    reading = read_prediction(pred.get("type", ""), pred.get("value"), pred.get("mod"))
    if gold_type in ("DATE", "TIME"):
        gold = read_value(gold_value)
        if gold is None or gold.kind == "underspecified":
            return None
        return matches("instant", gold_value, grain_of(gold_value), [reading], [reading], ref)
    if gold_type == "DURATION":
        want = read_duration(gold_value)
        if want is None:
            return None
        return reading.kind == "duration" and read_duration(reading.code) == want
    if gold_type == "SET":
        return reading.kind == "set" and reading.code == gold_value
    return None


@dataclass(frozen=True)
class DocumentMiss:
    kind: str       # MISS (not found) or VALUE (found, wrong value)
    doc: str
    text: str
    gold: str
    got: str = ""


@dataclass
class DocumentReport:
    documents: int = 0
    characters: int = 0
    counts: Counter = field(default_factory=Counter)
    by_type: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[DocumentMiss] = field(default_factory=list)

    def measures(self) -> dict[str, float]:
        c = self.counts

        def div(a: float, b: float) -> float:
            return a / b if b else 0.0

        def f1(p: float, r: float) -> float:
            return div(2 * p * r, p + r)
        strict_p, strict_r = div(c["strict_tp"], c["pred"]), div(c["strict_tp"], c["gold"])
        relaxed_p, relaxed_r = div(c["pred_matched"], c["pred"]), div(c["relaxed_tp"], c["gold"])
        value_p = div(c["value_ok"], c["pred"])
        value_r = div(c["value_ok"], c["gold"] - c["value_unscorable"])
        return {"strict_p": strict_p, "strict_r": strict_r, "strict_f1": f1(strict_p, strict_r),
                "relaxed_p": relaxed_p, "relaxed_r": relaxed_r, "relaxed_f1": f1(relaxed_p, relaxed_r),
                "value_accuracy": div(c["value_ok"], c["value_scored"]), "value_f1": f1(value_p, value_r)}

    def to_dict(self) -> dict:
        return {"documents": self.documents, "characters": self.characters, "counts": dict(self.counts),
                "measures": {k: round(v, 6) for k, v in self.measures().items()},
                "by_type": {t: dict(c) for t, c in sorted(self.by_type.items())},
                "misses": [vars(m) for m in self.misses]}


def score_documents(docs: list[GoldDocument], lang: str, tagger: Tagger = engine_tagger) -> DocumentReport:
    report = DocumentReport(documents=len(docs), characters=sum(len(d.text) for d in docs))
    c = report.counts
    for doc in docs:
        preds = tagger(doc.text, lang, doc.dct)
        ref = wall_clock(doc.dct)
        c["gold"] += len(doc.timexes)
        c["pred"] += len(preds)
        used: set[int] = set()
        for gold in doc.timexes:
            by_type = report.by_type[gold.type]
            by_type["gold"] += 1
            if any(p["char_start"] == gold.start and p["char_end"] == gold.end for p in preds):
                c["strict_tp"] += 1
            overlapping = [i for i, p in enumerate(preds)
                           if p["char_start"] < gold.end and p["char_end"] > gold.start and i not in used]
            if not overlapping:
                report.misses.append(DocumentMiss("MISS", doc.id, gold.text, gold.value))
                continue
            c["relaxed_tp"] += 1
            by_type["found"] += 1
            best = max(overlapping, key=lambda i: (min(preds[i]["char_end"], gold.end)
                                                   - max(preds[i]["char_start"], gold.start), -i))
            used.add(best)
            ok = _value_ok(gold.type, gold.value, preds[best], ref)
            if ok is None:
                c["value_unscorable"] += 1
                continue
            c["value_scored"] += 1
            by_type["value_scored"] += 1
            if ok:
                c["value_ok"] += 1
                by_type["value_ok"] += 1
            else:
                p = preds[best]
                report.misses.append(DocumentMiss("VALUE", doc.id, gold.text, gold.value,
                                                  f"{doc.text[p['char_start']:p['char_end']]} => {p.get('type')}:{p.get('value')}"))
        c["pred_matched"] += len(used)
    return report
