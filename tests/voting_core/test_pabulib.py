"""Pabulib reader and writer: round trips and the quirks of real files."""

from __future__ import annotations

import io

import pytest
from voting_core_helpers import pabulib_dir, pabulib_files

from voting.core import Election, Project, read_pb, write_pb
from voting.core.pabulib import PabulibError, parse_pb

QUIRKY = (
    "\ufeffMETA\r\n"
    "key;value\r\n"
    'description;"A ""quoted"" text; with a semicolon"  \r\n'
    "num_projects;3\r\n"
    "num_votes;3\r\n"
    "budget;1500.0\r\n"
    "vote_type;cumulative\r\n"
    "currency;PLN\r\n"
    "\r\n"
    "PROJECTS\r\n"
    "project_id;cost;votes;name;latitude\r\n"
    "1; 1000.0 ;2;Park;\r\n"
    '2;500,0;1;"Bench; long";none\r\n'
    "3;250.5;0;;\r\n"
    "VOTES\r\n"
    "voter_id;vote;points;age\r\n"
    "a;1,2;2,1;30\r\n"
    "b;1;3;\r\n"
    "c;;;\r\n"
)


def test_quirks():
    election = parse_pb(QUIRKY)
    assert election.budget == 1500
    assert election.kind == "cumulative"
    assert election.meta["description"] == 'A "quoted" text; with a semicolon'
    assert "budget" not in election.meta and "num_votes" not in election.meta
    assert election.projects["1"] == Project("1", 1000, "Park", {"votes": "2"})
    assert election.projects["2"].name == "Bench; long"
    assert election.projects["2"].cost == 500
    assert election.projects["3"].cost == 251  # rounded up, original kept
    assert election.projects["3"].extra["cost_exact"] == "250.5"
    assert election.points == [{"1": 2, "2": 1}, {"1": 3}, {}]


def test_round_trip_quirky():
    election = parse_pb(QUIRKY)
    assert parse_pb(write_pb(election)) == election


def test_ordinal_becomes_borda_points():
    text = (
        "META\nkey;value\nbudget;10\nvote_type;ordinal\n"
        "PROJECTS\nproject_id;cost\nx;5\ny;5\nz;5\n"
        "VOTES\nvoter_id;vote\n1;z,x,y\n2;y\n"
    )
    election = parse_pb(text)
    assert election.points == [{"z": 3, "x": 2, "y": 1}, {"y": 1}]
    assert parse_pb(write_pb(election)) == election


def test_approval_round_trip_and_file_objects(tmp_path):
    election = Election(
        budget=100,
        projects={"a": Project("a", 60, "Alpha"), "b": Project("b", 40)},
        approvals=[frozenset({"a", "b"}), frozenset(), frozenset({"b"})],
        meta={"description": "Test", "currency": "GBP"},
    )
    text = write_pb(election)
    assert "num_votes;3" in text and "vote_type;approval" in text
    assert read_pb(io.StringIO(text)) == election
    assert read_pb(io.BytesIO(text.encode())) == election
    path = tmp_path / "e.pb"
    write_pb(election, path)
    assert read_pb(path) == election


def test_errors():
    with pytest.raises(PabulibError):
        parse_pb("META\nkey;value\nvote_type;approval\n")  # no budget
    with pytest.raises(PabulibError):
        parse_pb(
            "META\nkey;value\nbudget;1\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
            "a;1\nVOTES\nvoter_id;vote\n1;zzz\n"
        )


@pytest.mark.skipif(not pabulib_files(), reason=f"no Pabulib files in {pabulib_dir()}")
@pytest.mark.parametrize("path", pabulib_files(), ids=lambda p: p.stem)
def test_real_files_round_trip(path):
    election = read_pb(path)
    assert election.num_voters > 0 and election.projects
    assert read_pb(io.StringIO(write_pb(election))) == election
