"""The demo: the negotiations for the 10th (2018), 11th (2019–21) and 12th (2024) SMA, and one
demo user per delegation.

Each negotiation is a bundled exchange file ``data/demo/sma-*.json`` (facts from
public reporting, each with its source; unknown dates and venues left unknown). Its private
profiles and notes are fictitious illustrations. The demo passwords are public: never load the
demo into a database that holds real records.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from burdenshare.store.access import SYSTEM
from burdenshare.store.exchange import import_negotiation, parse
from burdenshare.store.models import Negotiation, User
from burdenshare.store.users import create_user

DEMO_FILE = "sma-10-2018.json"
DEMO_KEY = "sma-10-2018"
# (key, file): the 10th SMA first (the one the tracker opens on), then the 11th and the 12th
DEMO_NEGOTIATIONS = (
    (DEMO_KEY, DEMO_FILE),
    ("sma-11-2019", "sma-11-2019.json"),
    ("sma-12-2024", "sma-12-2024.json"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    delegation: str
    role: str
    display_name: str


DEMO_USERS = (
    DemoUser("rok-demo", "rok-demo-2018", "ROK", "editor", "ROK delegation (demo)"),
    DemoUser("us-demo", "us-demo-2018", "US", "editor", "US delegation (demo)"),
    DemoUser("analyst-demo", "analyst-demo-2018", "analysts", "admin", "Analyst team (demo)"),
)


def demo_text(file: str = DEMO_FILE) -> str:
    return (resources.files("burdenshare.data") / "demo" / file).read_text("utf-8")


@dataclass(frozen=True)
class DemoResult:
    negotiation_loaded: bool
    users_added: tuple[str, ...]


def load_demo(session: Session) -> DemoResult:
    """Load the demo negotiations and users; what is already there is left as it is."""
    loaded = False
    for key, file in DEMO_NEGOTIATIONS:
        if session.scalar(select(Negotiation.id).where(Negotiation.key == key)) is None:
            source = f"burdenshare/data/demo/{file}"
            import_negotiation(session, parse(demo_text(file), source), source)
            loaded = True
    added = []
    for user in DEMO_USERS:
        if session.scalar(select(User.id).where(User.username == user.username)) is None:
            create_user(session, SYSTEM, user.__dict__)
            added.append(user.username)
    return DemoResult(loaded, tuple(added))
