"""Load for the failover drill: a fixed-length stream of requests to nginx, then what each event cost.

Reader threads send the two list routes over keep-alive connections for --duration seconds, as fast as
they are answered; one writer thread sends `PUT .../helpful` WRITES_PER_SECOND times a second (under the
`vote` rate limit of one client). Meanwhile deploy/cluster/drill.sh kills and restarts an app server and
stops the replica, appending `EPOCH_SECONDS description` lines to the --events file. At the end this
prints, for the whole run and for the seconds before and after each event: requests, failed requests
(a 5xx answer or none at all) and latency percentiles; --report keeps the same as JSON.
"""

import argparse
import collections
import http.client
import itertools
import json
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

PRODUCT_IDS = range(1, 6)  # the sample data's products
WRITES_PER_SECOND = 1.5
WINDOW_SECONDS = 5.0


@dataclass(frozen=True)
class Outcome:
    started: float  # epoch seconds
    seconds: float
    status: str  # the HTTP status, or the exception's name when there was no answer

    @property
    def failed(self) -> bool:
        return not self.status.isdigit() or self.status.startswith("5")


class Load:
    def __init__(self, host: str, port: int, deadline: float) -> None:
        self.host, self.port, self.deadline = host, port, deadline

    def listed_question_ids(self) -> list[int]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        ids = []
        for product in PRODUCT_IDS:
            connection.request("GET", f"/qa/questions?product_id={product}&count=100")
            ids += [result["question_id"] for result in json.loads(connection.getresponse().read())["results"]]
        connection.close()
        return ids

    def send(self, connection: http.client.HTTPConnection, method: str, path: str) -> Outcome:
        started, clock = time.time(), time.perf_counter()
        try:
            connection.request(method, path, headers={"Content-Length": "0"} if method == "PUT" else {})
            response = connection.getresponse()
            response.read()
            status = str(response.status)
        except (OSError, http.client.HTTPException) as exception:
            status = type(exception).__name__
            connection.close()
        return Outcome(started, time.perf_counter() - clock, status)

    def read(self, paths: list[str], outcomes: list[Outcome]) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        for path in itertools.cycle(paths):
            if time.time() >= self.deadline:
                return
            outcomes.append(self.send(connection, "GET", path))

    def write(self, question_ids: list[int], outcomes: list[Outcome]) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        for question_id in itertools.cycle(question_ids):
            if time.time() >= self.deadline:
                return
            outcomes.append(self.send(connection, "PUT", f"/qa/questions/{question_id}/helpful"))
            time.sleep(1 / WRITES_PER_SECOND)


def summary(outcomes: list[Outcome]) -> dict[str, object]:
    if not outcomes:
        return {"requests": 0}
    latencies = sorted(outcome.seconds * 1000 for outcome in outcomes)
    statuses = collections.Counter(outcome.status for outcome in outcomes)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(outcomes),
        "failed": sum(outcome.failed for outcome in outcomes),
        "statuses": dict(statuses),
        "p50_ms": round(cuts[49], 1),
        "p99_ms": round(cuts[98], 1),
        "max_ms": round(latencies[-1], 1),
    }


def between(outcomes: list[Outcome], start: float, end: float) -> list[Outcome]:
    return [outcome for outcome in outcomes if start <= outcome.started < end]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--balancer", required=True, help="nginx, e.g. http://10.77.0.2")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=16, help="reader threads")
    parser.add_argument("--events", type=Path, required=True)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    address = urllib.parse.urlsplit(args.balancer)

    started = time.time()
    load = Load(address.hostname, address.port or 80, deadline=started + args.duration)
    question_ids = load.listed_question_ids()
    paths = [f"/qa/questions?product_id={product}&count=10" for product in PRODUCT_IDS]
    paths += [f"/qa/questions/{question_id}/answers" for question_id in question_ids]
    per_thread: list[list[Outcome]] = [[] for _ in range(args.concurrency + 1)]
    threads = [threading.Thread(target=load.write, args=(question_ids, per_thread[0]))]
    threads += [
        threading.Thread(target=load.read, args=(paths[number:] + paths[:number], outcomes))
        for number, outcomes in enumerate(per_thread[1:])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes = sorted((outcome for out in per_thread for outcome in out), key=lambda outcome: outcome.started)

    events: list[dict[str, object]] = []
    report: dict[str, object] = {
        "duration_s": args.duration,
        "concurrency": args.concurrency,
        "total": summary(outcomes),
        "events": events,
    }
    for line in args.events.read_text().splitlines():
        at, description = line.split(" ", 1)
        moment = float(at)
        events.append(
            {
                "event": description,
                "at_s": round(moment - started, 1),
                "before": summary(between(outcomes, moment - WINDOW_SECONDS, moment)),
                "after": summary(between(outcomes, moment, moment + WINDOW_SECONDS)),
            }
        )
    print(json.dumps(report, indent=2))
    if args.report:
        args.report.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
