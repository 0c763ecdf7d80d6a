"""Run by the Isso venv's Python: seed Isso's SQLite database through Isso's own db layer.

argv: ISSO_CONFIG SEED_JSON. SEED_JSON maps uri -> list of {author, email, website, text,
parent (index or null)}; Isso flattens replies to one level itself, as its API does.
"""

import json
import sys
import time

from isso import config
from isso.db import SQLite3


def main() -> None:
    conf = config.load(config.default_file(), sys.argv[1])
    db = SQLite3(conf.get("general", "dbpath"), conf)
    with open(sys.argv[2], encoding="utf-8") as f:
        threads = json.load(f)
    start = time.time() - 86400
    for uri, comments in threads.items():
        db.threads.new(uri, uri.rsplit("/", 1)[-1])
        ids = []
        for i, c in enumerate(comments):
            parent = ids[c["parent"]] if c["parent"] is not None else None
            row = db.comments.add(
                uri,
                {
                    "parent": parent,
                    "created": start + i,
                    "mode": 1,
                    "remote_addr": f"192.0.2.{i % 250}",
                    "text": c["text"],
                    "author": c["author"],
                    "email": c["email"],
                    "website": c["website"],
                    "notification": 0,
                },
            )
            ids.append(row["id"])
    print(json.dumps({uri: len(c) for uri, c in threads.items()}))


if __name__ == "__main__":
    main()
