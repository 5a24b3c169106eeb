import pytest

from tests.factories import make_department, make_edition, staff_member


@pytest.fixture
def desk():
    return make_department(name="时政", slug="politics")


@pytest.fixture
def other_desk():
    return make_department(name="经济", slug="economy")


@pytest.fixture
def people(desk, other_desk):
    """One login per role; the desk head heads ``desk``, another heads the other."""
    return {
        "reporter": staff_member("reporter", desk, username="gu"),
        "colleague": staff_member("reporter", desk, username="luo"),
        "editor": staff_member("editor", other_desk, username="shen"),
        "desk_head": staff_member("desk-head", desk, username="wen"),
        "other_head": staff_member("desk-head", other_desk, username="qian"),
        "chief": staff_member("chief-editor", None, username="yan"),
        "proofreader": staff_member("proofreader", None, username="lu"),
    }


@pytest.fixture
def edition():
    return make_edition(pages=4)
