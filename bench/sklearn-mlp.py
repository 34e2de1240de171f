# The peer of bench/train.bench.ts: shared/bench/sklearn_mlp.py's MLPClassifier, fit and
# timed the same way, but on the train/test rows modelgate used (a JSON file
# {"train": [...], "test": [...]} of data-row positions), so the two test accuracies are
# measured on the same rows; an optional fifth argument is the random_state (default 0).
# Prints fit seconds, test accuracy and samples/s as JSON.
import sys, time, json, numpy as np, pandas as pd
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
path, label, epochs, split = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
df = pd.read_csv(path); y = df.pop(label).values; X = df.values.astype(np.float32)
rows = json.load(open(split))
Xtr, Xte, ytr, yte = X[rows["train"]], X[rows["test"]], y[rows["train"]], y[rows["test"]]
sc = StandardScaler().fit(Xtr); Xtr = sc.transform(Xtr); Xte = sc.transform(Xte)
clf = MLPClassifier(hidden_layer_sizes=(64, 64), batch_size=256, learning_rate_init=1e-3, max_iter=epochs,
                    n_iter_no_change=10**9, tol=0, random_state=seed, shuffle=True)
import warnings; warnings.filterwarnings('ignore')
t = time.perf_counter(); clf.fit(Xtr, ytr); fit = time.perf_counter() - t
acc = float((clf.predict(Xte) == yte).mean())
print(json.dumps({"fit_s": round(fit, 3), "epochs": epochs, "train_rows": len(ytr), "samples_per_s": round(len(ytr)*epochs/fit), "test_accuracy": round(acc, 4)}))
