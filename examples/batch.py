"""Batch inference over a dataset: the same task in-process and on Ray Data actors.

Writes a small Parquet file of texts (one of them missing), scores it with both engines, and shows
that they agree row for row; then runs the documented ``map_batches`` form on a Ray Dataset.
Needs ``pip install "taskzoo[ray]"``. Pass a task name to try another one (default: langid).
"""

import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import ray

import taskzoo as tz
from taskzoo.engines.ray import map_task, ray_session

task = sys.argv[1] if len(sys.argv) > 1 else "langid"
texts = ["bonjour tout le monde", "the weather is lovely today", None, "hasta mañana, amigos",
         "Guten Morgen, wie geht's?", "ciao, come stai?"] * 50

with tempfile.TemporaryDirectory() as tmp:
    data = Path(tmp) / "texts.parquet"
    pq.write_table(pa.table({"id": list(range(len(texts))), "text": texts}), data)

    local = tz.batch(task, data, Path(tmp) / "local.parquet", engine="local", id_column="id")
    print(local)
    with ray_session():  # one local Ray for both jobs below (tz.batch alone starts and stops one)
        remote = tz.batch(task, data, Path(tmp) / "ray.parquet", engine="ray", workers=2,
                          id_column="id")
        print(remote)
        a, b = local.to_pandas(), remote.to_pandas()
        print("same rows in the same order:", list(a["id"]) == list(b["id"]))
        result_columns = [c for c in a.columns if c not in ("id", "text")]
        print("same results:", a[result_columns].equals(b[result_columns]))
        print(b.head(4).to_string())

        # the building block: any Ray Dataset, one map_batches step, your own sink
        ds = ray.data.read_parquet(str(data))
        ds = map_task(ds, task, column="text", workers=2)
        rows = ds.take_all()
        print(f"map_batches: {len(rows)} rows, first error: "
              f"{next(r['error'] for r in rows if r['error'] is not None)}")
