"""The simulated people of the load test (run by `tests/load/run.py`, or by hand:
`locust -f tests/load/locustfile.py --host http://127.0.0.1:PORT` with LOAD_WORLD and
LOAD_RECORDS set).

- `Respondent` (200: four per organisation of the seed), arriving signed in (sessions made by
  the seed, see seed.py): answers and changes answers of the
  questions that are theirs alone (each a quarter of the organisation's questions, minus the
  first four), reads measure pages and the task list. The first respondent of each organisation
  also makes deliberate conflicts on the first four questions: it reads the question's revision,
  then saves it at the same moment as itself and as its colleague (respondent 2, in a session of
  their own) with that same expected revision: exactly one save must be acknowledged and the
  other refused with the conflict panel (409), showing the winner's answer.
- `Sro`: opens its system's dashboard and documents page, and requests the transformation plan.
- `Analyst`: opens its region's comparison.

Every acknowledged save (assessment, question, the revision it made, its notes) and every refusal
is recorded and written, when the run stops, to LOAD_RECORDS/records-<pid>.json for
`tests/load/check.py` to compare with the database.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from locust.clients import HttpSession

WORLD = json.loads(Path(os.environ["LOAD_WORLD"]).read_text())
RECORDS = Path(os.environ["LOAD_RECORDS"])
CONFLICT_QUESTIONS = 4
# Seconds a respondent spends between two actions (reading a question's five levels, choosing
# one, writing a note): LOAD_THINK="low,high", 5 to 15 by default: a brisk respondent. Lower
# values are a stress test: "3,8" offers about twice the load.
THINK = tuple(float(s) for s in os.environ.get("LOAD_THINK", "5,15").split(","))
REVISION = re.compile(r'name="revision" value="(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

sent: list[dict] = []  # every save sent, answered or not (the run may stop while one is in flight)
acknowledged: list[dict] = []  # every save the app acknowledged
refused: list[dict] = []  # every save refused as a conflict
conflict_pairs: list[dict] = []  # each deliberate conflict: who won, who was refused
problems: list[str] = []  # anything a check should fail on, said in words

_respondent_slots = itertools.count()
_sro_slots = itertools.count()
_analyst_slots = itertools.count()


def sign_in(client: HttpSession, username: str) -> None:
    page = client.get("/sign-in/", name="sign in (page)")
    token = CSRF.search(page.text).group(1)
    with client.post(
        "/sign-in/",
        data={"username": username, "password": WORLD["password"], "csrfmiddlewaretoken": token},
        name="sign in",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"{username} could not sign in: {response.status_code}")
            raise RuntimeError(f"{username} could not sign in")


def resume(client: HttpSession, session_key: str, path: str) -> None:
    """Arrive signed in (a session made by the seed), and take a CSRF cookie from a page."""
    client.cookies.set("sessionid", session_key)
    with client.get(path, name="questionnaire: task list", catch_response=True) as response:
        if response.status_code != 200 or "Sign out" not in response.text:
            response.failure(f"not signed in: {response.status_code}")


def htmx_headers(client: HttpSession) -> dict:
    return {"HX-Request": "true", "X-CSRFToken": client.cookies.get("csrftoken", "")}


class Respondent(HttpUser):
    fixed_count = sum(len(o["respondents"]) for o in WORLD["organisations"])
    wait_time = between(*THINK)

    def on_start(self):
        slot = next(_respondent_slots)
        self.organisation = WORLD["organisations"][slot // 4 % len(WORLD["organisations"])]
        self.index = slot % 4
        self.username = self.organisation["respondents"][self.index]
        self.assessment = self.organisation["assessment"]
        questions = self.organisation["questions"]
        self.conflict_questions = questions[:CONFLICT_QUESTIONS]
        mine = questions[CONFLICT_QUESTIONS:][self.index :: 4]
        self.revisions = {key: self.organisation["revisions"][key] for key in mine}
        self.saves = 0
        sessions = self.organisation["sessions"]
        resume(self.client, sessions[self.index][0], f"/assessments/{self.assessment}/")
        self.rival = None
        if self.index == 0:  # the conflicts' second person: respondent 2, in a session of theirs
            self.rival_name = self.organisation["respondents"][1]
            self.rival = HttpSession(
                base_url=self.host,
                request_event=self.environment.events.request,
                user=self,
            )
            resume(self.rival, sessions[1][1], f"/assessments/{self.assessment}/")

    def _answer_url(self, key: str) -> str:
        return f"/assessments/{self.assessment}/questions/{key}/answer/"

    def _token(self, who: str) -> str:
        self.saves += 1
        return f"{who} save {self.saves} at {time.time():.6f}"

    def _post(self, client, key, revision, notes, name):
        sent.append({"assessment": self.assessment, "question": key, "notes": notes})
        data = {
            "level": str(random.randint(1, 5)),
            "target_level": str(random.randint(3, 5)),
            "notes": notes,
            "revision": str(revision),
        }
        with client.post(
            self._answer_url(key),
            data=data,
            headers=htmx_headers(client),
            name=name,
            catch_response=True,
        ) as response:
            found = REVISION.search(response.text or "")
            outcome = {
                "status": response.status_code,
                "revision": int(found.group(1)) if found else None,
                "text": response.text or "",
            }
            if response.status_code == 200 and found:
                response.success()
            elif response.status_code == 409 and "-conflict" in outcome["text"]:
                response.success()  # a conflict refused is the app doing its job
            else:
                response.failure(f"unexpected answer to a save: {response.status_code}")
            return outcome

    def _record(self, who, key, notes, outcome) -> None:
        entry = {"assessment": self.assessment, "question": key, "by": who, "notes": notes}
        if outcome["status"] == 200:
            acknowledged.append({**entry, "revision": outcome["revision"]})
        elif outcome["status"] == 409:
            refused.append({**entry, "current_revision": outcome["revision"]})

    @task(10)
    def save_answer(self):
        key = random.choice(list(self.revisions))
        notes = self._token(self.username)
        outcome = self._post(self.client, key, self.revisions[key], notes, "save answer")
        self._record(self.username, key, notes, outcome)
        if outcome["status"] == 200:
            self.revisions[key] = outcome["revision"]
        elif outcome["status"] == 409:
            problems.append(f"{self.username}'s own question {key} was refused as a conflict")
            self.revisions[key] = outcome["revision"]

    @task(2)
    def measure_page(self):
        measure = random.choice(self.organisation["measures"])
        self.client.get(
            f"/assessments/{self.assessment}/measures/{measure}/",
            name="questionnaire: measure page",
        )

    @task(1)
    def task_list(self):
        self.client.get(f"/assessments/{self.assessment}/", name="questionnaire: task list")

    @task(2)
    def conflict(self):
        if self.rival is None:
            return
        key = random.choice(self.conflict_questions)
        block = self.client.get(
            self._answer_url(key), headers=htmx_headers(self.client), name="answer block"
        )
        revision = int(REVISION.search(block.text).group(1))
        mine, theirs = self._token(self.username), self._token(self.rival_name)
        # Both saves leave together, with the same expected revision.
        jobs = [
            gevent.spawn(
                self._post, self.client, key, revision, mine, "save answer (conflict pair)"
            ),
            gevent.spawn(
                self._post, self.rival, key, revision, theirs, "save answer (conflict pair)"
            ),
        ]
        gevent.joinall(jobs)
        outcomes = [job.value for job in jobs]
        for who, notes, outcome in zip(
            (self.username, self.rival_name), (mine, theirs), outcomes, strict=True
        ):
            self._record(who, key, notes, outcome)
        statuses = sorted(o["status"] for o in outcomes)
        pair = {"assessment": self.assessment, "question": key, "statuses": statuses}
        conflict_pairs.append(pair)
        if statuses != [200, 409]:
            problems.append(f"a conflict pair on {key} ended {statuses}, not one save and one 409")
            return
        winner = mine if outcomes[0]["status"] == 200 else theirs
        loser = outcomes[1] if outcomes[0]["status"] == 200 else outcomes[0]
        if winner not in loser["text"]:
            problems.append(f"the refused save on {key} did not show the answer that won")


class Sro(HttpUser):
    fixed_count = int(os.environ.get("LOAD_SROS", "8"))
    wait_time = between(5, 15)

    def on_start(self):
        sro = WORLD["sros"][next(_sro_slots) % len(WORLD["sros"])]
        self.system = sro["system"]
        sign_in(self.client, sro["username"])

    @task(5)
    def dashboard(self):
        self.client.get(f"/results/systems/{self.system}/", name="results: system dashboard")

    @task(2)
    def documents(self):
        self.client.get(
            f"/results/systems/{self.system}/documents/", name="results: documents page"
        )

    @task(1)
    def request_plan(self):
        url = f"/results/systems/{self.system}/documents/"
        with self.client.post(
            url,
            data={"kind": "system_plan", "round": str(WORLD["round"]), "version": ""},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": url},
            name="results: request a plan",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 303:
                response.failure(f"requesting a plan answered {response.status_code}")


class Analyst(HttpUser):
    fixed_count = int(os.environ.get("LOAD_ANALYSTS", "4"))
    wait_time = between(5, 15)

    def on_start(self):
        analyst = WORLD["analysts"][next(_analyst_slots) % len(WORLD["analysts"])]
        self.region = analyst["region"]
        sign_in(self.client, analyst["username"])

    @task
    def comparison(self):
        self.client.get(f"/results/regions/{self.region}/", name="results: region comparison")


@events.quitting.add_listener
def write_records(environment, **_kwargs):
    RECORDS.mkdir(parents=True, exist_ok=True)
    (RECORDS / f"records-{os.getpid()}.json").write_text(
        json.dumps(
            {
                "sent": sent,
                "acknowledged": acknowledged,
                "refused": refused,
                "conflict_pairs": conflict_pairs,
                "problems": problems,
            }
        )
    )
