"""Alembic environment: run on the connection the review store hands over (never a config URL)."""

from alembic import context

from evidence_dashboard.review.tables import metadata


def run(config: object) -> None:
    """Apply the migrations inside the caller's transaction."""
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table="review_alembic_version",
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


# ``context.config`` only exists while Alembic runs this file; pytest's doctest collection
# imports it too, and must find nothing to do.
if getattr(context, "config", None) is not None:
    run(context.config)
