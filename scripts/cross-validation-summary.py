"""Cross-validation tables from RUN/<prefix>fold-K/[fine/]evaluate.json (tinyunet evaluate output): per fold and the mean,
GGO and consolidation, Dice as the mean over slices containing the class and pooled over all pixels; then the same
over all 50 out-of-fold slices together (per-slice means weighted by slice counts, pooled from the pixel counts)."""
import glob, json, os, sys

run = sys.argv[1]
for prefix, pattern in (("fold-", "fold-*/evaluate.json"), ("fold- with flip averaging", "fold-*/evaluate-flips.json"),
                        ("scratch-fold-", "scratch-fold-*/evaluate.json"),
                        ("self-fold-", "self-fold-*/fine/evaluate.json"),
                        ("self-fold- with flip averaging", "self-fold-*/fine/evaluate-flips.json")):
    files = sorted(glob.glob(os.path.join(run, pattern)))
    if not files:
        continue
    print(f"\n{prefix.rstrip('-')} ({len(files)} folds): Dice mean per slice (pooled)")
    print("| fold | slices | GGO | consolidation | lung (derived) |")
    print("|---|---|---|---|---|")
    rows = []
    for path in files:
        report = json.load(open(path))
        by_name = {c["name"]: c for c in report["classes"]}
        fold = os.path.relpath(os.path.dirname(path), run).split(os.sep)[0]
        rows.append((fold, report["images"], by_name))
        cells = [f'{by_name[n]["meanDice"]:.3f} ({by_name[n]["pooledDice"]:.3f})' for n in ("ggo", "consolidation", "lung")]
        print(f'| {rows[-1][0]} | {report["images"]} | ' + " | ".join(cells) + " |")
    mean = lambda n, k: sum(r[2][n][k] for r in rows) / len(rows)
    print("| mean of folds | | " + " | ".join(f"{mean(n, 'meanDice'):.3f} ({mean(n, 'pooledDice'):.3f})" for n in ("ggo", "consolidation", "lung")) + " |")
    cells = []
    for n in ("ggo", "consolidation", "lung"):
        with_class = sum(r[2][n]["imagesWithClass"] for r in rows)
        per_slice = sum(r[2][n]["meanDice"] * r[2][n]["imagesWithClass"] for r in rows) / with_class
        # Pooled Dice = 2·TP / (truth + predicted); TP recovered from each fold's pooled Dice and pixel counts.
        tp = sum(r[2][n]["pooledDice"] * (r[2][n]["truthPixels"] + r[2][n]["predictedPixels"]) / 2 for r in rows)
        total = sum(r[2][n]["truthPixels"] + r[2][n]["predictedPixels"] for r in rows)
        cells.append(f"{per_slice:.3f} ({2 * tp / total:.3f})")
    print(f"| all {sum(r[1] for r in rows)} out-of-fold slices | | " + " | ".join(cells) + " |")
