from tests.rollup.fixtures import _rollup_world_template, rollup_world  # noqa: F401  (fixtures)
