#!/usr/bin/env python3
"""Train the syllable language model shipped in models/ (``make models``).

    python scripts/train_lm.py ../shared/corpus/*.xz --in-domain samples/000*.txt ... -o models/vi_syllable_lm.npz

Sources: corpus files (plain or .xz), in-domain notices (weighted up), underthesea's bundled
Viet74K word list and its province/district/ward gazetteer (offline, inside the installed
package), and phrases from the project's own gazetteers (src/notice_parser/data: agencies,
positions, provinces, surnames). The gold .clean.txt files are never read; ``--exclude`` drops in-domain files whose
name contains a given string, to build held-out evaluation models.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lm_training import documents_digest, file_digest, join_wrapped, read_corpus, train_model  # noqa: E402
from notice_parser.repair.lm import DEFAULT_MODEL  # noqa: E402
from notice_parser.repair.resources import (dictionary_lines, domain_lines, external_inputs,  # noqa: E402
                                             gazetteer_lines, notice_phrase_lines, project_inputs, surnames)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="+", type=Path, help="corpus text files (.txt or .xz)")
    ap.add_argument("--in-domain", nargs="*", type=Path, default=[], help="sample notices (never gold)")
    ap.add_argument("--in-domain-weight", type=int, default=60)
    ap.add_argument("--gazetteer-weight", type=int, default=3)
    ap.add_argument("--phrase-weight", type=int, default=20, help="weight of data/notice_phrases.txt (0: left out)")
    ap.add_argument("--exclude", action="append", default=[], help="skip in-domain files whose name contains this")
    ap.add_argument("--order", type=int, default=3, help="n-gram order (3 or 4; 4 measured no better)")
    ap.add_argument("--min-top", type=int, default=1, help="drop top-order n-grams seen fewer times")
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_MODEL)
    args = ap.parse_args(argv)

    # every document with a correct text may be in-domain data (the held-out figures come from
    # models trained without the document scored: scripts/heldout_lm.py)
    in_domain = [p for p in args.in_domain if not any(x in p.name for x in args.exclude)]
    t0 = time.time()
    # lists, not generators: the trainer reads its sources twice (inventory, then n-grams)
    sources = [(list(read_corpus(p)), 1) for p in args.corpus]
    # notices are PDF text layers: wrapped lines are joined back into their sentences
    sources += [(list(join_wrapped(read_corpus(p))), args.in_domain_weight) for p in in_domain]
    dict_lines = dictionary_lines()
    gaz = gazetteer_lines()
    domain = domain_lines()
    sources += [(dict_lines, 1), (gaz, args.gazetteer_weight), (domain, args.in_domain_weight // 3)]
    phrases = notice_phrase_lines() if args.phrase_weight else []
    sources += [(phrases, args.phrase_weight)] if phrases else []
    meta = {"corpus": ",".join(p.name for p in args.corpus), "in_domain": ",".join(p.name for p in in_domain),
            "in_domain_weight": args.in_domain_weight, "phrase_weight": args.phrase_weight,
            # what the model was built from, so that a stale model is detected (tests/test_repair_model.py)
            **{f"sha256.corpus.{p.name}": file_digest(p) for p in args.corpus},
            "sha256.in_domain": documents_digest(in_domain), **external_inputs(), **project_inputs()}
    model = train_model(sources, extra_vocab=dict_lines + gaz + domain + phrases, order=args.order, min_top=args.min_top, meta=meta,
                        surnames=surnames())
    model.save(args.out)
    size = args.out.stat().st_size
    print(f"{args.out}: {model.meta} {size / 1e6:.1f} MB in {time.time() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
