"""The review event log, its chain head, the state tables and content snapshots; events refuse
UPDATE and DELETE.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

HASH = 64
GENESIS = "0" * 64

PG_FUNCTION = """
CREATE FUNCTION review_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'review_events is append-only: % refused', TG_OP;
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "review_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("article", sa.String(200), nullable=False, index=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("version", sa.String(HASH), nullable=False),
        sa.Column("claim", sa.String(200)),
        sa.Column("claim_hash", sa.String(HASH)),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(HASH), nullable=False),
        sa.Column("hash", sa.String(HASH), nullable=False, unique=True),
    )
    head = op.create_table(
        "review_chain_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(HASH), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    op.create_table(
        "review_verdicts",
        sa.Column("article", sa.String(200), primary_key=True),
        sa.Column("claim", sa.String(200), primary_key=True),
        sa.Column("member", sa.String(64), primary_key=True),
        sa.Column("claim_hash", sa.String(HASH), primary_key=True),
        sa.Column("verdict", sa.String(40), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_table(
        "review_comments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("article", sa.String(200), nullable=False, index=True),
        sa.Column("claim", sa.String(200), nullable=False),
        sa.Column("member", sa.String(64), nullable=False),
        sa.Column("claim_hash", sa.String(HASH), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("reply_to", sa.Integer),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_table(
        "review_signoffs",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("article", sa.String(200), nullable=False, index=True),
        sa.Column("member", sa.String(64), nullable=False),
        sa.Column("version", sa.String(HASH), nullable=False),
        sa.Column("claim_hashes", sa.Text, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_table(
        "review_dismissals",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("article", sa.String(200), nullable=False, index=True),
        sa.Column("member", sa.String(64), nullable=False),
        sa.Column("claim", sa.String(200), nullable=False),
        sa.Column("finding", sa.String(HASH), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("version", sa.String(HASH), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_table(
        "review_snapshots",
        sa.Column("version", sa.String(HASH), primary_key=True),
        sa.Column("article", sa.String(200), nullable=False, index=True),
        sa.Column("content", sa.Text, nullable=False),
    )
    # The log only grows: the database itself refuses to change or remove an event.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER review_events_no_change BEFORE UPDATE OR DELETE ON review_events "
            "FOR EACH ROW EXECUTE FUNCTION review_events_append_only()"
        )
        op.execute(
            "CREATE TRIGGER review_events_no_truncate BEFORE TRUNCATE ON review_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION review_events_append_only()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER review_events_no_{action.lower()} BEFORE {action} ON "
                f"review_events BEGIN SELECT RAISE(ABORT, 'review_events is append-only: "
                f"{action} refused'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS review_events_no_change ON review_events")
        op.execute("DROP TRIGGER IF EXISTS review_events_no_truncate ON review_events")
        op.execute("DROP FUNCTION IF EXISTS review_events_append_only()")
    for name in (
        "review_dismissals",
        "review_signoffs",
        "review_comments",
        "review_verdicts",
        "review_chain_head",
        "review_events",
    ):
        op.drop_table(name)
