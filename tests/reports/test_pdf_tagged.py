"""Issue 13, finding 7: the board PDF is a tagged PDF (PDF/UA), so a screen reader can follow
its headings, lists and tables, as public bodies need."""

import pytest

from reports.pdf import render_outcomes_pdf
from tests.support.pages import pdf_structure_tags

from .dataset import build

pytestmark = pytest.mark.django_db


def test_the_board_pdf_is_tagged(funder, officer):
    build(funder, officer)
    tags = pdf_structure_tags(render_outcomes_pdf(funder))
    assert {"/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD"} <= tags, tags
