"""Every GENIUS domain in ../shared/data/genius (ANAC 2010–2013, 2015) loads, and for each
discrete one small enough the Pareto set and Nash point equal an independent brute-force reading
(tests/negotiation/genius_oracle.py) of the same files.

Too big for the O(n²) oracle (more than ``MAX_PAIRWISE`` outcomes; they are still loaded, and
their utilities are checked against the oracle's reading on a sample of outcomes):
Travel (2010, 2012 A–C, 188,160), Energy (2011, 2012 A–C, 390,625), Car, EnergySmall
(2012 A–C, 15,625), Supermarket (2012 A–C, 112,896), Kitchen (15,625), SmartPhone (12,000),
Wholesaler (56,700), politics (2015, 23,040), killer_robot (2015, 240,000, integer issues).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from genius_oracle import MAX_PAIRWISE, nash_value, pareto, profile_reader, profile_utilities

from burdenshare.negotiation.genius import (
    GeniusWarning,
    genius_domain_xml,
    genius_folder_files,
    genius_profile_xml,
    load_genius,
)
from burdenshare.negotiation.nparty import nash_point_n, pareto_indices_n

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "genius"
FOLDERS = sorted(p for p in SHARED.glob("y20*/*") if p.is_dir()) if SHARED.is_dir() else []
pytestmark = pytest.mark.skipif(not FOLDERS, reason=f"no shared GENIUS data at {SHARED}")


def test_every_year_is_there() -> None:
    years = {folder.parent.name for folder in FOLDERS}
    assert years == {"y2010", "y2011", "y2012", "y2013", "y2015"}
    assert len(FOLDERS) == 111


@pytest.mark.parametrize("folder", FOLDERS, ids=[f"{p.parent.name}/{p.name}" for p in FOLDERS])
def test_domain_loads_and_matches_the_oracle(folder: Path) -> None:
    domain, profiles = genius_folder_files(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GeniusWarning)
        space, parties = load_genius(domain, profiles)
    assert len(parties) == len(profiles) >= 2
    matrix = np.stack([party.utilities(space) for party in parties])
    assert matrix.shape == (len(parties), space.size)
    if space.size > MAX_PAIRWISE:
        sample = np.random.default_rng(0).integers(0, space.size, 50)
        for row, path in zip(matrix, profiles, strict=True):
            utility, _ = profile_reader(domain, path)
            assert [utility(space.outcome_at(int(k))) for k in sample] == row[sample].tolist()
        return
    readings = [profile_utilities(domain, path) for path in profiles]
    oracle = np.array([utilities for utilities, _ in readings])
    reservations = [reservation for _, reservation in readings]
    assert np.array_equal(oracle, matrix)
    assert reservations == [party.reservation_value for party in parties]
    frontier = pareto(oracle)
    assert pareto_indices_n(matrix).tolist() == frontier
    nash = nash_point_n(matrix, reservations)
    best = nash_value(oracle, reservations, frontier)
    if best is None:
        assert nash is None
    else:
        assert nash is not None
        product = 1.0
        for u, r in zip(nash.utilities, reservations, strict=True):
            product *= u - r
        assert product == best


@pytest.mark.parametrize("folder", FOLDERS, ids=[f"{p.parent.name}/{p.name}" for p in FOLDERS])
def test_export_reads_back_to_the_same_preferences(folder: Path, tmp_path: Path) -> None:
    domain, profiles = genius_folder_files(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GeniusWarning)
        space, parties = load_genius(domain, profiles)
    (tmp_path / "domain.xml").write_text(genius_domain_xml(space))
    paths = []
    for number, party in enumerate(parties):
        paths.append(tmp_path / f"profile{number}.xml")
        paths[-1].write_text(genius_profile_xml(space, party))
    with warnings.catch_warnings(record=True) as first:
        warnings.simplefilter("always", GeniusWarning)
        load_genius(domain, profiles)
    with warnings.catch_warnings(record=True) as second:
        warnings.simplefilter("always", GeniusWarning)  # the raw weights are written back
        again, copies = load_genius(tmp_path / "domain.xml", paths)
    assert len(second) == len(first)
    assert again.issues == space.issues
    assert [issue.kind for issue in again.issues] == [issue.kind for issue in space.issues]
    for party, copy in zip(parties, copies, strict=True):
        assert (copy.reservation_value, copy.discount_factor) == (
            party.reservation_value,
            party.discount_factor,
        )
        assert dict(copy.weights) == dict(party.weights)
        assert copy.cap_at_one and party.cap_at_one
        np.testing.assert_allclose(
            copy.utilities(again), party.utilities(space), rtol=0, atol=1e-12
        )
