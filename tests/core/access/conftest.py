import pytest
from fca_reference import random_problem


@pytest.fixture
def problem():
    return random_problem(7)
