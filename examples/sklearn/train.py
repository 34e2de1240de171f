"""Trains a scikit-learn classifier and writes what modelgate reads.

- ``--predictions``: the held-out rows' predictions in ``modelgate metrics``' layout
  (``row_id,y_true,y_pred,y_score``), which the modelgate step scores, gates and records.
- ``--model-dir``: the fitted pipeline (``model.joblib``), which modelgate packs as one
  deterministic ``model.tar.gz`` and attaches to the release with its sha256.

``row_id`` is a hash of the row's values, so a pull request's predictions pair with the
baseline's row by row and modelgate's significance rules can tell a real change from noise.
"""

import argparse
import csv
import hashlib
import pathlib

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def row_ids(rows: list[list[str]]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for values in rows:
        digest = hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        ids.append(digest if seen[digest] == 1 else f"{digest}.{seen[digest]}")
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/train.csv")
    parser.add_argument("--label", default="target")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--predictions", default="out/predictions.csv")
    parser.add_argument("--model-dir", default="out/model")
    args = parser.parse_args()

    with open(args.data, newline="") as file:
        header, *rows = list(csv.reader(file))
    label = header.index(args.label)
    x = np.array([[float(v) for i, v in enumerate(row) if i != label] for row in rows])
    y = np.array([row[label] for row in rows])
    train, test = train_test_split(
        np.arange(len(rows)), test_size=0.25, random_state=42, stratify=y
    )
    model = make_pipeline(StandardScaler(), LogisticRegression(C=args.c, max_iter=1000))
    model.fit(x[train], y[train])

    positive = list(model.classes_).index(max(model.classes_))  # modelgate: the greater label
    scores = model.predict_proba(x[test])[:, positive]
    pathlib.Path(args.predictions).parent.mkdir(parents=True, exist_ok=True)
    with open(args.predictions, "w", newline="") as file:
        out = csv.writer(file, lineterminator="\n")
        out.writerow(["row_id", "y_true", "y_pred", "y_score"])
        ids = row_ids([rows[i] for i in test])
        for row_id, truth, pred, score in zip(ids, y[test], model.predict(x[test]), scores):
            out.writerow([row_id, truth, pred, f"{score:.8g}"])
    model_dir = pathlib.Path(args.model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, model_dir / "model.joblib")


if __name__ == "__main__":
    main()
